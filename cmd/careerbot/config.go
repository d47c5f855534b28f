package main

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// defaultDatabaseURL is the project-local cluster that `make db` starts.
const defaultDatabaseURL = "postgres://careerbot@127.0.0.1:55432/careerbot?sslmode=disable"

// Config is careerbot's configuration, read once from the environment and
// validated at start.
type Config struct {
	DatabaseURL string
	LogFormat   string // "text" or "json"
	LogLevel    slog.Level
	UserSalt    string

	// Slack.
	SlackBotToken      string
	SlackAppToken      string
	SlackSigningSecret string
	SlackAPIURL        string
	HTTPAddr           string
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

// envVar documents one environment variable.
type envVar struct {
	Name, Default, Meaning string
}

// envVars lists every variable careerbot reads, for `careerbot env` and the
// README.
var envVars = []envVar{
	{"DATABASE_URL", "the local cluster of `make db`", "PostgreSQL connection URL (pgvector 0.8+ required)"},
	{"CAREERBOT_LOG_FORMAT", "text", "log format: text or json"},
	{"CAREERBOT_LOG_LEVEL", "info", "log level: debug, info, warn or error"},
	{"CAREERBOT_USER_SALT", "derived from SLACK_BOT_TOKEN", "secret salt (16+ characters) for the hashed user ids kept with questions and votes; set it so that hashes survive a token rotation"},
	{"SLACK_BOT_TOKEN", "(none)", "Slack bot token, xoxb-…; with it, `make run` serves Slack"},
	{"SLACK_APP_TOKEN", "(none)", "Slack app-level token, xapp-…; enables Socket Mode"},
	{"SLACK_SIGNING_SECRET", "(none)", "verifies HTTP requests from Slack (HTTP mode)"},
	{"SLACK_API_URL", "https://slack.com/api/", "Slack Web API base URL"},
	{"CAREERBOT_HTTP_ADDR", ":8080", "listen address of the HTTP endpoints (Slack in HTTP mode, /healthz, /readyz, /metrics)"},
	{"CAREERBOT_SHUTDOWN_TIMEOUT", "20s", "on SIGTERM, how long answers in flight may take to finish before serve gives up on them"},
	{"CAREERBOT_LINK_DOMAINS", "(none)", "comma-separated domains whose URLs Slack answers show as links (others as plain text), e.g. coursera.org,example.com"},
	{"CAREERBOT_ADMINS", "(none)", "Slack user ids of the HR admins who curate the knowledge base from Slack, comma-separated, e.g. U0123ABCD,U0456EFGH"},
	{"CAREERBOT_ADMIN_GROUP", "(none)", "a Slack user group id (S…) whose members are admins too"},
	{"CAREERBOT_QUESTION_RETENTION", "2160h (90 days)", "how long question texts are kept; serve erases older ones every hour"},
	{"CAREERBOT_RATE_LIMIT", "10/1m", "questions one Slack user may ask per period, as N/DURATION; 0 for no limit"},
	{"CAREERBOT_ANSWER_LEASE", "2m", "how long a Slack answer may run without its replica renewing its lease before another replica (or the restarted one) answers the event"},
	{"CAREERBOT_MAX_ANSWERS", "twice the CPUs", "Slack answers computed at once; more wait their turn, so that acknowledgements and thinking indicators never wait behind a burst of questions"},
	{"OPENAI_API_KEY", "(none)", "key of the OpenAI-compatible API; with it or OPENAI_BASE_URL, a chat model writes the answers"},
	{"OPENAI_BASE_URL", "https://api.openai.com/v1", "API URL: OpenAI, an Azure OpenAI endpoint, Ollama (http://localhost:11434/v1), vLLM, LocalAI"},
	{"OPENAI_API_TYPE", "openai", "openai, or azure for Azure OpenAI (deployments named after the models)"},
	{"OPENAI_API_VERSION", "2024-06-01 for azure", "API version sent as api-version (Azure OpenAI)"},
	{"CAREERBOT_CHAT_MODEL", "gpt-4o-mini", "chat model that writes the answers"},
	{"CAREERBOT_LLM_TIMEOUT", "20s", "longest the chat model may hold up one answer, the rewrite of a follow-up (at most a quarter of it) and a regeneration included; past it, the extractive answer is given"},
	{"CAREERBOT_EMBEDDER", "local", "embeddings: local (built-in, offline) or openai; changing it takes 'careerbot kb reindex'"},
	{"CAREERBOT_EMBEDDING_MODEL", "text-embedding-3-small", "embedding model when CAREERBOT_EMBEDDER=openai"},
	{"CAREERBOT_EMBEDDING_DIMS", "the model's own", "vector length to request from the embedding model (1 to 2000)"},
}

// LoadConfig reads the environment. It returns every problem at once, each
// naming its variable.
func LoadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:        getenv("DATABASE_URL"),
		LogFormat:          strings.ToLower(getenv("CAREERBOT_LOG_FORMAT")),
		UserSalt:           getenv("CAREERBOT_USER_SALT"),
		SlackBotToken:      strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		SlackAppToken:      strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		SlackSigningSecret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
		SlackAPIURL:        getenv("SLACK_API_URL"),
		HTTPAddr:           getenv("CAREERBOT_HTTP_ADDR"),
		QuestionRetention:  90 * 24 * time.Hour,
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if c.DatabaseURL == "" {
		c.DatabaseURL = defaultDatabaseURL
	} else if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		bad("DATABASE_URL must be a URL such as postgres://user:password@host:5432/careerbot")
	}
	switch c.LogFormat {
	case "":
		c.LogFormat = "text"
	case "text", "json":
	default:
		bad("CAREERBOT_LOG_FORMAT must be text or json, not %q", c.LogFormat)
	}
	if lvl := getenv("CAREERBOT_LOG_LEVEL"); lvl != "" {
		if err := c.LogLevel.UnmarshalText([]byte(lvl)); err != nil {
			bad("CAREERBOT_LOG_LEVEL must be debug, info, warn or error, not %q", lvl)
		}
	}
	if c.HTTPAddr == "" {
		c.HTTPAddr = ":8080"
	}
	c.ShutdownTimeout = 20 * time.Second
	if v := getenv("CAREERBOT_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			bad("CAREERBOT_SHUTDOWN_TIMEOUT must be a positive duration such as 20s, not %q", v)
		} else {
			c.ShutdownTimeout = d
		}
	}
	if c.SlackAPIURL != "" {
		if u, err := url.Parse(c.SlackAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/")
		} else if !strings.HasSuffix(c.SlackAPIURL, "/") {
			c.SlackAPIURL += "/"
		}
	}
	if v := getenv("CAREERBOT_QUESTION_RETENTION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			bad("CAREERBOT_QUESTION_RETENTION must be a duration such as 2160h, not %q", v)
		}
		c.QuestionRetention = d
	}
	c.RateLimit, c.RateWindow = 10, time.Minute
	if v := getenv("CAREERBOT_RATE_LIMIT"); v != "" {
		n, d, ok := parseRate(v)
		if !ok {
			bad("CAREERBOT_RATE_LIMIT must be N/DURATION such as 10/1m, or 0 for no limit, not %q", v)
		}
		c.RateLimit, c.RateWindow = n, d
	}
	c.AnswerLease = 2 * time.Minute
	if v := getenv("CAREERBOT_ANSWER_LEASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			bad("CAREERBOT_ANSWER_LEASE must be a duration of at least 1s such as 2m, not %q", v)
		}
		c.AnswerLease = d
	}
	if v := getenv("CAREERBOT_MAX_ANSWERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			bad("CAREERBOT_MAX_ANSWERS must be a positive number such as 8, not %q", v)
		}
		c.MaxAnswers = n
	}
	c.LinkDomains = parseLinkDomains(getenv("CAREERBOT_LINK_DOMAINS"), bad)
	if c.SlackBotToken != "" && !strings.HasPrefix(c.SlackBotToken, "xoxb-") {
		bad("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
	}
	if c.SlackAppToken != "" && !strings.HasPrefix(c.SlackAppToken, "xapp-") {
		bad("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
	}
	c.loadOpenAI(getenv, bad)
	c.loadCuration(getenv, bad)
	if len(problems) > 0 {
		return c, fmt.Errorf("configuration: %s", strings.Join(problems, "; "))
	}
	return c, nil
}

// SlackEnabled reports whether Slack tokens are configured.
func (c Config) SlackEnabled() bool { return c.SlackBotToken != "" }

func newLogger(c Config, w *os.File) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// parseRate reads "N/DURATION" (or "0").
func parseRate(v string) (int, time.Duration, bool) {
	if strings.TrimSpace(v) == "0" {
		return 0, 0, true
	}
	ns, ds, found := strings.Cut(v, "/")
	n, err := strconv.Atoi(strings.TrimSpace(ns))
	if !found || err != nil || n < 1 {
		return 0, 0, false
	}
	d, err := time.ParseDuration(strings.TrimSpace(ds))
	if err != nil || d <= 0 {
		return 0, 0, false
	}
	return n, d, true
}
