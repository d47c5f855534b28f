package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/retrieval/local"
)

// A command that answers logs once, at info level, which composer and
// which embedder answer: the extractive composer with the built-in
// embedder when no API is configured, the chat model and the API's
// embedding model when one is.
func TestStartupLogsComposerAndEmbedder(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, c *cli) map[string]any
	}{
		{"extractive, local", func(t *testing.T, c *cli) map[string]any {
			c.mustRun("kb", "import")
			return map[string]any{"composer": "extractive", "embedder": local.Model, "dims": float64(local.Dims)}
		}},
		{"llm, openai", func(t *testing.T, c *cli) map[string]any {
			api := openaitest.New(t)
			api.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply { return openaitest.Reply{Text: modelAnswer} })
			c.env["OPENAI_BASE_URL"] = api.URL
			c.env["OPENAI_API_KEY"] = "sk-startupSecretValue"
			c.env["CAREERBOT_CHAT_MODEL"] = "test-chat"
			c.env["CAREERBOT_LLM_TIMEOUT"] = "7s"
			c.env["CAREERBOT_EMBEDDER"] = "openai"
			c.env["CAREERBOT_EMBEDDING_MODEL"] = "test-embed"
			c.env["CAREERBOT_EMBEDDING_DIMS"] = "32"
			// On a fresh knowledge base the configured model becomes the
			// active one.
			c.mustRun("kb", "import")
			host := strings.TrimSuffix(strings.TrimPrefix(api.URL, "http://"), "/v1")
			return map[string]any{"composer": "llm", "chat_model": "test-chat", "api": host, "llm_timeout": "7s",
				"embedder": "test-embed@32", "dims": float64(32)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			want := tt.setup(t, c)
			env := copyEnv(c.env, "CAREERBOT_LOG_FORMAT", "json", "CAREERBOT_LOG_LEVEL", "info")
			p := start(t, env, "ask", "--json", "Qu'est-ce qu'un prompt engineer ?")
			if code := p.wait(60 * time.Second); code != 0 {
				t.Fatalf("exit %d; stderr:\n%s", code, p.stderr.String())
			}
			var got askJSON
			if err := json.Unmarshal([]byte(p.stdout.String()), &got); err != nil || got.Composer != want["composer"] {
				t.Fatalf("answer %s (%v), want composer %v", p.stdout.String(), err, want["composer"])
			}
			var found []map[string]any
			for _, line := range strings.Split(strings.TrimSpace(p.stderr.String()), "\n") {
				var rec map[string]any
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("log line %q is not JSON: %v", line, err)
				}
				if _, ok := rec["composer"]; ok && rec["embedder"] != nil {
					found = append(found, rec)
				}
				if strings.Contains(line, "sk-startupSecretValue") {
					t.Errorf("the API key is logged: %s", line)
				}
			}
			if len(found) != 1 {
				t.Fatalf("%d start-up records of the composer and embedder, want 1; stderr:\n%s", len(found), p.stderr.String())
			}
			rec := found[0]
			t.Logf("start-up record: %v", rec)
			if rec["level"] != "INFO" {
				t.Errorf("start-up record at %v, want INFO: %v", rec["level"], rec)
			}
			for k, v := range want {
				if rec[k] != v {
					t.Errorf("start-up record %s = %v, want %v (record %v)", k, rec[k], v, rec)
				}
			}
			if want["composer"] == "extractive" {
				if _, ok := rec["chat_model"]; ok {
					t.Errorf("the extractive start-up record names a chat model: %v", rec)
				}
				if msg, _ := rec["msg"].(string); !strings.Contains(msg, "OPENAI_API_KEY or OPENAI_BASE_URL") {
					t.Errorf("the extractive start-up record does not say how to get written answers: %q", msg)
				}
			}
		})
	}
}
