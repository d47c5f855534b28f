package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot/llm"
	"github.com/careerbot/careerbot/internal/localdb"
)

func loadEnv(vars map[string]string) (Config, error) {
	return LoadConfig(func(k string) string { return vars[k] })
}

func TestConfigDefaults(t *testing.T) {
	c, err := loadEnv(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		DatabaseURL: "postgres://careerbot@127.0.0.1:55432/careerbot?sslmode=disable", LocalDatabase: true, PGPort: 55432,
		LogFormat: "text", HTTPAddr: ":8080", ShutdownTimeout: 20 * time.Second, QuestionRetention: 90 * 24 * time.Hour,
		RateLimit: 10, RateWindow: time.Minute, AnswerLease: 2 * time.Minute, RecoveryMaxAge: 5 * time.Minute, DatabaseTimeout: 3 * time.Second,
		ChatModel: llm.DefaultModel, LLMTimeout: llm.DefaultTimeout, Embedder: "local", EmbeddingModel: defaultEmbeddingModel,
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("defaults\n got %+v\nwant %+v", c, want)
	}
	// Blank values count as unset.
	if c2, err := loadEnv(map[string]string{"CAREERBOT_LOG_FORMAT": " ", "CAREERBOT_CHAT_MODEL": "  "}); err != nil || !reflect.DeepEqual(c2, want) {
		t.Fatalf("blank values: %+v, %v", c2, err)
	}
}

func TestConfigValues(t *testing.T) {
	c, err := loadEnv(map[string]string{
		"CAREERBOT_PGPORT":             "55433",
		"CAREERBOT_LOG_FORMAT":         "JSON",
		"CAREERBOT_LOG_LEVEL":          "debug",
		"CAREERBOT_USER_SALT":          " 0123456789abcdef ",
		"SLACK_BOT_TOKEN":              " xoxb-1-2-3 ",
		"SLACK_APP_TOKEN":              "xapp-1-A1-2",
		"SLACK_API_URL":                "http://127.0.0.1:9/api",
		"CAREERBOT_LINK_DOMAINS":       " Coursera.org, .example.com  docs.python.org",
		"CAREERBOT_ADMINS":             "U0123ABCD, W0456EFGH",
		"CAREERBOT_ADMIN_GROUP":        " S0HR ",
		"CAREERBOT_QUESTION_RETENTION": "0s",
		"CAREERBOT_RATE_LIMIT":         " 5 / 30s ",
		"CAREERBOT_ANSWER_LEASE":       "1s",
		"CAREERBOT_RECOVERY_MAX_AGE":   "90s",
		"CAREERBOT_MAX_ANSWERS":        "3",
		"CAREERBOT_SHUTDOWN_TIMEOUT":   "5s",
		"OPENAI_API_KEY":               " sk-x ",
		"OPENAI_BASE_URL":              " https://res.openai.azure.com ",
		"OPENAI_API_TYPE":              " Azure ",
		"CAREERBOT_LLM_TIMEOUT":        " 7s ",
		"CAREERBOT_EMBEDDER":           "OpenAI",
		"CAREERBOT_EMBEDDING_DIMS":     " 512 ",
	})
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case c.DatabaseURL != localdb.URL(55433) || !c.LocalDatabase || c.PGPort != 55433:
		t.Errorf("database %q local %v port %d", c.DatabaseURL, c.LocalDatabase, c.PGPort)
	case c.LogFormat != "json" || c.LogLevel.String() != "DEBUG":
		t.Errorf("log %q %v", c.LogFormat, c.LogLevel)
	case c.UserSalt != " 0123456789abcdef " || c.UserSaltDerived:
		t.Errorf("salt %q derived %v: the salt is kept as given", c.UserSalt, c.UserSaltDerived)
	case c.SlackBotToken != "xoxb-1-2-3" || c.SlackAPIURL != "http://127.0.0.1:9/api/":
		t.Errorf("slack %q %q", c.SlackBotToken, c.SlackAPIURL)
	case strings.Join(c.LinkDomains, " ") != "coursera.org example.com docs.python.org":
		t.Errorf("link domains %v", c.LinkDomains)
	case strings.Join(c.Admins, ",") != "U0123ABCD,W0456EFGH" || c.AdminGroup != "S0HR":
		t.Errorf("admins %v group %q", c.Admins, c.AdminGroup)
	case c.QuestionRetention != 0 || c.RateLimit != 5 || c.RateWindow != 30*time.Second || c.AnswerLease != time.Second || c.RecoveryMaxAge != 90*time.Second || c.MaxAnswers != 3 || c.ShutdownTimeout != 5*time.Second:
		t.Errorf("serve settings %+v", c)
	case c.OpenAIAPIKey != "sk-x" || c.OpenAIBaseURL != "https://res.openai.azure.com" || !c.OpenAIAzure || c.OpenAIAPIVersion != defaultAzureAPIVersion:
		t.Errorf("api %q %q %v %q", c.OpenAIAPIKey, c.OpenAIBaseURL, c.OpenAIAzure, c.OpenAIAPIVersion)
	case c.LLMTimeout != 7*time.Second || c.Embedder != "openai" || c.EmbeddingDims != 512:
		t.Errorf("llm %v %q %d", c.LLMTimeout, c.Embedder, c.EmbeddingDims)
	}
	if c, err := loadEnv(map[string]string{"DATABASE_URL": "postgresql://u@db:5432/cb", "CAREERBOT_PGPORT": "55433"}); err != nil || c.DatabaseURL != "postgresql://u@db:5432/cb" || c.LocalDatabase {
		t.Errorf("DATABASE_URL set: %q local %v (%v)", c.DatabaseURL, c.LocalDatabase, err)
	}
	if c, err := loadEnv(map[string]string{"CAREERBOT_RATE_LIMIT": "0"}); err != nil || c.RateLimit != 0 || c.RateWindow != 0 {
		t.Errorf("no rate limit: %d/%v (%v)", c.RateLimit, c.RateWindow, err)
	}
}

func TestConfigProblems(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string // every problem, in order
	}{
		{"port", map[string]string{"CAREERBOT_PGPORT": "5543x"}, []string{`CAREERBOT_PGPORT must be a port number from 1 to 65535 such as 55432, not "5543x"`}},
		{"database URL", map[string]string{"DATABASE_URL": "mysql://s3cr3t@db/x"}, []string{"DATABASE_URL must be a URL such as postgres://user:password@host:5432/careerbot"}},
		{"log", map[string]string{"CAREERBOT_LOG_FORMAT": "XML", "CAREERBOT_LOG_LEVEL": "loud"}, []string{
			`CAREERBOT_LOG_FORMAT must be text or json, not "xml"`, `CAREERBOT_LOG_LEVEL must be debug, info, warn or error, not "loud"`}},
		{"salt", map[string]string{"CAREERBOT_USER_SALT": "pepper"}, []string{"CAREERBOT_USER_SALT must be at least 16 characters: use a long random secret, e.g. the output of openssl rand -hex 32"}},
		{"durations", map[string]string{"CAREERBOT_QUESTION_RETENTION": "-1h", "CAREERBOT_ANSWER_LEASE": "500ms", "CAREERBOT_RECOVERY_MAX_AGE": "-5m", "CAREERBOT_SHUTDOWN_TIMEOUT": "0s", "CAREERBOT_LLM_TIMEOUT": "soon"}, []string{
			`CAREERBOT_QUESTION_RETENTION must be a duration such as 2160h, not "-1h"`,
			`CAREERBOT_ANSWER_LEASE must be a duration of at least 1s such as 2m, not "500ms"`,
			`CAREERBOT_RECOVERY_MAX_AGE must be a positive duration such as 20s, not "-5m"`,
			`CAREERBOT_SHUTDOWN_TIMEOUT must be a positive duration such as 20s, not "0s"`,
			`CAREERBOT_LLM_TIMEOUT must be a positive duration such as 20s, not "soon"`}},
		{"lists", map[string]string{"CAREERBOT_LINK_DOMAINS": "https://a.org, ok.org, b", "CAREERBOT_ADMINS": "U0123ABCD,@alice", "CAREERBOT_ADMIN_GROUP": "@hr-team"}, []string{
			`CAREERBOT_LINK_DOMAINS must list domains such as coursera.org,example.com (no scheme, no path), not "https://a.org"`,
			`CAREERBOT_LINK_DOMAINS must list domains such as coursera.org,example.com (no scheme, no path), not "b"`,
			`CAREERBOT_ADMINS must list Slack user ids such as U0123ABCD (profile → ⋮ → Copy member ID), separated by commas, not "@alice"`,
			`CAREERBOT_ADMIN_GROUP must be a Slack user group id such as S0123ABCD, not "@hr-team"`}},
		{"numbers", map[string]string{"CAREERBOT_RATE_LIMIT": "10", "CAREERBOT_MAX_ANSWERS": "0", "CAREERBOT_EMBEDDING_DIMS": "3072"}, []string{
			`CAREERBOT_RATE_LIMIT must be N/DURATION such as 10/1m, or 0 for no limit, not "10"`,
			`CAREERBOT_MAX_ANSWERS must be a positive number such as 8, not "0"`,
			`CAREERBOT_EMBEDDING_DIMS must be a whole number from 1 to 2000, not "3072"`}},
		{"slack", map[string]string{"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_APP_TOKEN": "xoxb-1", "SLACK_API_URL": "slack.com"}, []string{
			"SLACK_BOT_TOKEN must be a bot token starting with xoxb-",
			"SLACK_APP_TOKEN must be an app-level token starting with xapp-",
			"SLACK_API_URL must be an http(s) URL such as https://slack.com/api/"}},
		{"api", map[string]string{"OPENAI_BASE_URL": "localhost:11434", "OPENAI_API_TYPE": "bedrock", "CAREERBOT_EMBEDDER": "bert"}, []string{
			`OPENAI_BASE_URL must be an http(s) URL such as https://api.openai.com/v1 or http://localhost:11434/v1, not "localhost:11434"`,
			`OPENAI_API_TYPE must be openai or azure, not "bedrock"`,
			`CAREERBOT_EMBEDDER must be local or openai, not "bert"`}},
		{"ops address", map[string]string{"CAREERBOT_HTTP_ADDR": ":8080", "CAREERBOT_OPS_ADDR": ":8080"}, []string{
			"CAREERBOT_OPS_ADDR is :8080, the same as CAREERBOT_HTTP_ADDR: give the operational endpoints another port (such as :9090), or leave it unset to serve them on CAREERBOT_HTTP_ADDR"}},
		{"azure", map[string]string{"OPENAI_API_TYPE": "azure", "CAREERBOT_EMBEDDER": "openai"}, []string{
			"OPENAI_API_TYPE=azure needs OPENAI_BASE_URL, the resource's endpoint such as https://NAME.openai.azure.com",
			"OPENAI_API_TYPE=azure needs OPENAI_API_KEY, the resource's key",
			"CAREERBOT_EMBEDDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadEnv(tt.env)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *ConfigError", err)
			}
			var got []string
			for _, p := range ce.Problems {
				got = append(got, p.Text)
				if !strings.HasPrefix(p.Text, p.Var) {
					t.Errorf("problem %q does not start with its variable %s", p.Text, p.Var)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems\n got %q\nwant %q", got, tt.want)
			}
			if want := "configuration: " + strings.Join(tt.want, "; "); err.Error() != want {
				t.Errorf("message %q, want %q", err, want)
			}
			if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "pepper") {
				t.Errorf("a secret was repeated: %v", err)
			}
		})
	}
}

// TestDefaultsMatchTheCode ties the defaults declared in the environment's
// tags to the constants the rest of the code uses.
func TestDefaultsMatchTheCode(t *testing.T) {
	defaults := map[string]string{}
	for _, s := range settings() {
		defaults[s.Name] = s.Default
	}
	for name, want := range map[string]string{
		"CAREERBOT_PGPORT":          strconv.Itoa(localdb.DefaultPort),
		"CAREERBOT_CHAT_MODEL":      llm.DefaultModel,
		"CAREERBOT_LLM_TIMEOUT":     llm.DefaultTimeout.String(),
		"CAREERBOT_EMBEDDING_MODEL": defaultEmbeddingModel,
	} {
		got := strings.Trim(defaults[name], "{}")
		if d, err := time.ParseDuration(got); err == nil {
			got = d.String()
		}
		if got != want {
			t.Errorf("%s defaults to %q in the environment, %q in the code", name, got, want)
		}
	}
	if !strings.Contains(defaults["OPENAI_API_VERSION"], defaultAzureAPIVersion) {
		t.Errorf("OPENAI_API_VERSION is documented as %q, the code uses %s", defaults["OPENAI_API_VERSION"], defaultAzureAPIVersion)
	}
}

// TestREADMEConfigurationTable keeps the README's configuration table the
// one the environment declares.
func TestREADMEConfigurationTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := markdownTable()
	const head = "| variable | default | meaning |\n"
	i := strings.Index(string(readme), head)
	if i < 0 {
		t.Fatalf("README.md has no configuration table (a line %q); it should be:\n%s", head, want)
	}
	got := string(readme[i:])
	if j := strings.Index(got, "\n\n"); j >= 0 {
		got = got[:j+1]
	}
	if got != want {
		t.Errorf("README.md's configuration table differs from the environment's declaration; it should be:\n%s", want)
	}
}

func TestEnvCommandListsEveryVariable(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), []string{"env"}, strings.NewReader(""), &out, io.Discard, func(string) string { return "" }); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, s := range settings() {
		if !strings.Contains(out.String(), s.Name+" ") {
			t.Errorf("careerbot env does not list %s", s.Name)
		}
	}
	if strings.ContainsAny(out.String(), "{}`") {
		t.Errorf("careerbot env shows code marks:\n%s", out.String())
	}
}
