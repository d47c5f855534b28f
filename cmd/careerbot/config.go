package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	envparse "github.com/caarlos0/env/v11"

	"github.com/careerbot/careerbot/internal/localdb"
)

// Config is careerbot's configuration, read once from the environment and
// validated at start.
type Config struct {
	DatabaseURL string
	// LocalDatabase is true when DATABASE_URL is not set and DatabaseURL is
	// the local cluster of `make db`, listening on PGPort.
	LocalDatabase bool
	PGPort        int
	LogFormat     string // "text" or "json"
	LogLevel      slog.Level
	UserSalt      string

	// Slack.
	SlackBotToken      string
	SlackAppToken      string
	SlackSigningSecret string
	SlackAPIURL        string
	HTTPAddr           string
	// OpsAddr, when set, serves /healthz, /readyz and /metrics apart from
	// HTTPAddr.
	OpsAddr string
	// CommandPrefix is put before every slash command name ("" for
	// /career, /role, /skill, /training and /career-admin).
	CommandPrefix string
	// ShutdownTimeout bounds how long serve lets answers in flight finish
	// after SIGTERM.
	ShutdownTimeout time.Duration
	// LinkDomains are the domains whose URLs Slack answers show as links.
	LinkDomains []string
	// Admins are the Slack user ids who curate the knowledge base from
	// Slack; AdminGroup is a user group whose members do too.
	Admins     []string
	AdminGroup string
	// UserSaltDerived is true when CAREERBOT_USER_SALT is not set and
	// UserSalt was derived from the bot token.
	UserSaltDerived bool

	// Question retention.
	QuestionRetention time.Duration

	// Per-user rate limit: RateLimit questions per RateWindow (0: none).
	RateLimit  int
	RateWindow time.Duration

	// AnswerLease is how long a Slack answer may go without its replica
	// renewing its lease before another replica answers the event.
	AnswerLease time.Duration
	// RecoveryMaxAge is how old a Slack event left unanswered by a replica
	// that stopped may be and still be answered.
	RecoveryMaxAge time.Duration

	// DatabaseTimeout bounds each database call made while answering.
	DatabaseTimeout time.Duration

	// MaxAnswers bounds the Slack answers computed at once (0: the
	// server's default, twice the CPUs).
	MaxAnswers int

	// OpenAI-compatible API (OpenAI, Azure OpenAI, Ollama, vLLM, LocalAI).
	OpenAIAPIKey     string
	OpenAIBaseURL    string
	OpenAIAzure      bool
	OpenAIAPIVersion string
	ChatModel        string
	LLMTimeout       time.Duration
	// Embedder is "local" or "openai"; EmbeddingDims 0 means the model's
	// own length.
	Embedder       string
	EmbeddingModel string
	EmbeddingDims  int
}

// configProblem is one variable that is wrong.
type configProblem struct {
	Var string
	// Text is the whole message, the variable's name included.
	Text string
}

// ConfigError is every problem of the configuration, in the environment's
// order.
type ConfigError struct{ Problems []configProblem }

func (e *ConfigError) Error() string {
	texts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		texts[i] = p.Text
	}
	return "configuration: " + strings.Join(texts, "; ")
}

// Vars names the variables that are wrong.
func (e *ConfigError) Vars() []string {
	var out []string
	for _, p := range e.Problems {
		out = append(out, p.Var)
	}
	return out
}

// LoadConfig reads the environment. It returns every problem at once, each
// naming its variable. A variable set to blanks counts as unset.
func LoadConfig(getenv func(string) string) (Config, error) {
	vars := map[string]string{}
	names := map[string]string{} // environment field → variable
	for _, s := range settings() {
		names[s.Field] = s.Name
		if v := getenv(s.Name); strings.TrimSpace(v) != "" {
			vars[s.Name] = v
		}
	}
	var problems []configProblem
	var v environment
	if err := envparse.ParseWithOptions(&v, envparse.Options{Environment: vars}); err != nil {
		var agg envparse.AggregateError
		if !errors.As(err, &agg) {
			return Config{}, fmt.Errorf("read the environment: %w", err)
		}
		for _, e := range agg.Errors {
			var pe envparse.ParseError
			if !errors.As(e, &pe) {
				return Config{}, fmt.Errorf("read the environment: %w", e)
			}
			for _, msg := range messages(pe.Err) {
				problems = append(problems, configProblem{Var: names[pe.Name], Text: names[pe.Name] + " " + msg})
			}
		}
	}
	c := v.config()
	problems = append(problems, c.settle(getenv)...)
	if len(problems) > 0 {
		return c, &ConfigError{Problems: problems}
	}
	return c, nil
}

// messages splits a joined error into its messages.
func messages(err error) []string {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		var out []string
		for _, e := range joined.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

// config is the configuration the environment's values give, before the
// rules that tie variables together.
func (v environment) config() Config {
	return Config{
		DatabaseURL:        string(v.DatabaseURL),
		PGPort:             int(v.PGPort),
		LogFormat:          string(v.LogFormat),
		LogLevel:           slog.Level(v.LogLevel),
		UserSalt:           string(v.UserSalt),
		SlackBotToken:      string(v.SlackBotToken),
		SlackAppToken:      string(v.SlackAppToken),
		SlackSigningSecret: string(v.SlackSigningSecret),
		SlackAPIURL:        string(v.SlackAPIURL),
		HTTPAddr:           v.HTTPAddr,
		OpsAddr:            v.OpsAddr,
		CommandPrefix:      string(v.CommandPrefix),
		ShutdownTimeout:    time.Duration(v.ShutdownTimeout),
		LinkDomains:        v.LinkDomains,
		Admins:             v.Admins,
		AdminGroup:         string(v.AdminGroup),
		QuestionRetention:  time.Duration(v.QuestionRetention),
		RateLimit:          v.RateLimit.N,
		RateWindow:         v.RateLimit.Window,
		AnswerLease:        time.Duration(v.AnswerLease),
		RecoveryMaxAge:     time.Duration(v.RecoveryMaxAge),
		MaxAnswers:         int(v.MaxAnswers),
		DatabaseTimeout:    time.Duration(v.DatabaseTimeout),
		OpenAIAPIKey:       string(v.OpenAIAPIKey),
		OpenAIBaseURL:      string(v.OpenAIBaseURL),
		OpenAIAzure:        v.OpenAIAPIType == "azure",
		OpenAIAPIVersion:   string(v.OpenAIAPIVersion),
		ChatModel:          string(v.ChatModel),
		LLMTimeout:         time.Duration(v.LLMTimeout),
		Embedder:           string(v.Embedder),
		EmbeddingModel:     string(v.EmbeddingModel),
		EmbeddingDims:      int(v.EmbeddingDims),
	}
}

// settle applies the rules that tie variables together: the default
// database, Azure OpenAI's needs, the embedder's API, and the user salt,
// derived from the bot token when it is not set, the same on every replica
// and secret like it.
func (c *Config) settle(getenv func(string) string) []configProblem {
	var problems []configProblem
	bad := func(name, format string, args ...any) {
		problems = append(problems, configProblem{Var: name, Text: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(getenv("DATABASE_URL")) == "" && c.PGPort != 0 {
		c.DatabaseURL, c.LocalDatabase = localdb.URL(c.PGPort), true
	}
	if c.OpenAIAzure {
		if c.OpenAIBaseURL == "" {
			bad("OPENAI_API_TYPE", "OPENAI_API_TYPE=azure needs OPENAI_BASE_URL, the resource's endpoint such as https://NAME.openai.azure.com")
		}
		if c.OpenAIAPIKey == "" {
			bad("OPENAI_API_TYPE", "OPENAI_API_TYPE=azure needs OPENAI_API_KEY, the resource's key")
		}
		if c.OpenAIAPIVersion == "" {
			c.OpenAIAPIVersion = defaultAzureAPIVersion
		}
	}
	if c.Embedder == "openai" && !c.LLMEnabled() {
		bad("CAREERBOT_EMBEDDER", "CAREERBOT_EMBEDDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL")
	}
	if c.OpsAddr != "" && strings.TrimSpace(c.OpsAddr) == strings.TrimSpace(c.HTTPAddr) {
		bad("CAREERBOT_OPS_ADDR", "CAREERBOT_OPS_ADDR is %s, the same as CAREERBOT_HTTP_ADDR: give the operational endpoints another port (such as :9090), or leave it unset to serve them on CAREERBOT_HTTP_ADDR", c.OpsAddr)
	}
	if c.UserSalt == "" && c.SlackBotToken != "" {
		sum := sha256.Sum256([]byte("careerbot user salt\x00" + c.SlackBotToken))
		c.UserSalt, c.UserSaltDerived = hex.EncodeToString(sum[:]), true
	}
	return problems
}

// SlackEnabled reports whether Slack tokens are configured.
func (c Config) SlackEnabled() bool { return c.SlackBotToken != "" }

func newLogger(c Config, w io.Writer) *slog.Logger {
	// No configured secret is ever logged, not even inside an error an
	// upstream service wrote.
	opts := &slog.HandlerOptions{Level: c.LogLevel, ReplaceAttr: maskAttrs(masker(c.Secrets()))}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
