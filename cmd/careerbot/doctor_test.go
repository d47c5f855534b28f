package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot/slackapp"
	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/proctest"
	"github.com/careerbot/careerbot/internal/slacktest"
	rpg "github.com/careerbot/careerbot/retrieval/postgres"
)

// allScopes are the bot scopes of deploy/slack/manifest.yaml.
func allScopes(t *testing.T) string {
	t.Helper()
	scopes, err := slackappScopes()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(scopes, ",")
}

// slackFront puts a front before the Slack stand-in that reports scopes in
// auth.test's X-OAuth-Scopes header, as Slack does, and refuses the
// methods in refuse with invalid_auth. It returns the Web API URL.
func slackFront(t *testing.T, sl *slacktest.Server, scopes string, refuse ...string) string {
	t.Helper()
	target, err := url.Parse(sl.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if strings.HasSuffix(resp.Request.URL.Path, "/auth.test") && scopes != "" {
			resp.Header.Set("X-OAuth-Scopes", scopes)
		}
		return nil
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, m := range refuse {
			if strings.HasSuffix(r.URL.Path, "/"+m) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"ok":false,"error":"invalid_auth"}`))
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/api/"
}

// doctorEnv is a configuration whose every check passes: a migrated
// database with the knowledge base, Slack in Socket Mode with every scope,
// and a chat model.
func doctorEnv(t *testing.T) (*cli, *openaitest.Server, *slacktest.Server) {
	t.Helper()
	c := newCLI(t)
	c.mustRun("kb", "import")
	sl := slacktest.New(t)
	api := openaitest.New(t)
	socketModeEnv(c.env, slackFront(t, sl, allScopes(t)))
	c.env["OPENAI_BASE_URL"] = api.URL
	c.env["OPENAI_API_KEY"] = "sk-test"
	c.env["CAREERBOT_CHAT_MODEL"] = "test-chat"
	return c, api, sl
}

// checkLine returns the checklist line of a check.
func checkLine(out, name string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "[") && len(l) > 8 && strings.HasPrefix(strings.TrimSpace(l[7:]), name+" ") {
			return l
		}
	}
	return ""
}

// checkBlock returns the checklist line of a check and the block of that
// line and the fix under it.
func checkBlock(out, name string) (line, block string) {
	line = checkLine(out, name)
	if line == "" {
		return "", ""
	}
	block = out[strings.Index(out, line):]
	if j := strings.Index(block[len(line):], "\n["); j >= 0 {
		block = block[:len(line)+j]
	}
	return line, block
}

func TestDoctorAllPass(t *testing.T) {
	c, api, _ := doctorEnv(t)
	code, out, errs := c.run("", "doctor")
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s%s", code, out, errs)
	}
	for _, name := range []string{"configuration", "database", "pgvector", "migrations", "embeddings", "slack", "chat model"} {
		if l := checkLine(out, name); !strings.HasPrefix(l, "[ok  ]") {
			t.Errorf("check %s: %q, want ok\n%s", name, l, out)
		}
	}
	for _, want := range []string{"pgvector 0.", "all applied", "chunks, ", "all ", "scopes of the manifest granted", "Socket Mode token accepted", "test-chat at 127.0.0.1"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := len(api.ChatRequests()); n != 1 {
		t.Errorf("%d chat requests, want 1", n)
	}
	t.Logf("\n%s", out)
}

// Each failure is reported on its check's line with a fix, and the exit
// status is 1.
func TestDoctorFailures(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, c *cli, api *openaitest.Server, sl *slacktest.Server)
		check string
		want  []string
	}{
		{"database unreachable", func(t *testing.T, c *cli, _ *openaitest.Server, _ *slacktest.Server) {
			c.env["DATABASE_URL"] = "postgres://careerbot:hunter2secret@127.0.0.1:1/careerbot?sslmode=disable"
		}, "database", []string{"unreachable", "fix: check DATABASE_URL"}},
		{"no pgvector, no schema", func(t *testing.T, c *cli, _ *openaitest.Server, _ *slacktest.Server) {
			c.env["DATABASE_URL"] = emptyDB(t)
		}, "pgvector", []string{"not installed in this database", "fix: run 'careerbot migrate'"}},
		{"migrations pending", func(t *testing.T, c *cli, _ *openaitest.Server, _ *slacktest.Server) {
			c.env["DATABASE_URL"] = emptyDB(t)
		}, "migrations", []string{"pending", "fix: run 'careerbot migrate'"}},
		{"empty knowledge base", func(t *testing.T, c *cli, _ *openaitest.Server, _ *slacktest.Server) {
			c.env["DATABASE_URL"] = newCLI(t).env["DATABASE_URL"]
		}, "embeddings", []string{"the knowledge base is empty", "fix: run 'careerbot kb import'"}},
		{"API embedding model does not embed", func(t *testing.T, c *cli, api *openaitest.Server, _ *slacktest.Server) {
			c.mustRun("kb", "reindex", "--embedder", "openai", "--model", "test-embed", "--dims", "64")
			c.env["CAREERBOT_EMBEDDER"], c.env["CAREERBOT_EMBEDDING_MODEL"], c.env["CAREERBOT_EMBEDDING_DIMS"] = "openai", "test-embed", "64"
			api.Embeddings(openaitest.Reply{Status: http.StatusUnauthorized})
		}, "embeddings", []string{"model test-embed@64 does not embed: request refused (401)",
			"fix: check OPENAI_BASE_URL and OPENAI_API_KEY, and that the API serves the embedding model test-embed ", "'careerbot kb reindex --embedder local'"}},
		{"chunks without vectors", func(t *testing.T, c *cli, _ *openaitest.Server, _ *slacktest.Server) {
			execSQL(t, c.env["DATABASE_URL"], `DELETE FROM chunk_embeddings WHERE chunk_id IN (SELECT id FROM chunks ORDER BY id LIMIT 3)`)
		}, "embeddings", []string{"with vectors", "3 chunks have no vector", "careerbot kb reindex"}},
		{"bot token refused", func(t *testing.T, c *cli, _ *openaitest.Server, sl *slacktest.Server) {
			c.env["SLACK_API_URL"] = slackFront(t, sl, allScopes(t), "auth.test")
		}, "slack", []string{"auth.test refused the bot token", "invalid_auth", "fix: copy the Bot User OAuth Token"}},
		{"scopes missing", func(t *testing.T, c *cli, _ *openaitest.Server, sl *slacktest.Server) {
			c.env["SLACK_API_URL"] = slackFront(t, sl, "app_mentions:read,chat:write")
		}, "slack", []string{"scopes missing: ", "commands", "im:history", "fix: add these bot scopes", "reinstall the app"}},
		{"app token refused", func(t *testing.T, c *cli, _ *openaitest.Server, sl *slacktest.Server) {
			c.env["SLACK_API_URL"] = slackFront(t, sl, allScopes(t), "apps.connections.open")
		}, "slack", []string{"Socket Mode refused the app-level token", "fix: create an app-level token with the connections:write scope"}},
		{"HTTP mode without signing secret", func(t *testing.T, c *cli, _ *openaitest.Server, _ *slacktest.Server) {
			delete(c.env, "SLACK_APP_TOKEN")
		}, "slack", []string{"settings incomplete", "SLACK_SIGNING_SECRET is not set"}},
		{"chat model key refused", func(t *testing.T, _ *cli, api *openaitest.Server, _ *slacktest.Server) {
			api.Chat(openaitest.Reply{Status: http.StatusUnauthorized})
		}, "chat model", []string{"test-chat at 127.0.0.1", "401", "fix: check OPENAI_API_KEY"}},
		{"chat model unknown", func(t *testing.T, _ *cli, api *openaitest.Server, _ *slacktest.Server) {
			api.Chat(openaitest.Reply{Status: http.StatusNotFound})
		}, "chat model", []string{"404", "fix: check CAREERBOT_CHAT_MODEL"}},
		{"chat API unreachable", func(t *testing.T, c *cli, _ *openaitest.Server, _ *slacktest.Server) {
			c.env["OPENAI_BASE_URL"] = "http://" + proctest.RefusedAddr(t) + "/v1"
		}, "chat model", []string{"connection refused", "fix: check OPENAI_BASE_URL is right and reachable"}},
		{"bad configuration", func(t *testing.T, c *cli, _ *openaitest.Server, _ *slacktest.Server) {
			c.env["CAREERBOT_LOG_FORMAT"] = "xml"
		}, "configuration", []string{"CAREERBOT_LOG_FORMAT must be text or json", "fix: correct the variables"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, api, sl := doctorEnv(t)
			tt.setup(t, c, api, sl)
			code, out, errs := c.run("", "doctor")
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, out)
			}
			if !strings.Contains(errs, "checks failed") {
				t.Errorf("stderr %q does not sum up the failures", errs)
			}
			line, block := checkBlock(out, tt.check)
			if !strings.HasPrefix(line, "[FAIL]") {
				t.Fatalf("check %s: %q, want FAIL\n%s", tt.check, line, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(block, w) {
					t.Errorf("check %s lacks %q:\n%s", tt.check, w, block)
				}
			}
			if strings.Contains(out, "hunter2secret") {
				t.Errorf("the database password is shown:\n%s", out)
			}
		})
	}
}

// Warnings do not fail: scopes Slack does not report, and a configured
// embedding model other than the one searching, whose fix is a command
// that makes the warning go away.
func TestDoctorWarnings(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, c *cli, sl *slacktest.Server)
		check string
		want  []string
		// fixed says the fix is a command to run, after which the check
		// passes.
		fixed bool
	}{
		{"scopes not reported", func(t *testing.T, c *cli, sl *slacktest.Server) {
			c.env["SLACK_API_URL"] = slackFront(t, sl, "")
		}, "slack", []string{"did not report the token's scopes", "fix: check on the app's OAuth & Permissions page"}, false},
		{"API model configured, local one searching", func(t *testing.T, c *cli, _ *slacktest.Server) {
			c.env["CAREERBOT_EMBEDDER"], c.env["CAREERBOT_EMBEDDING_MODEL"], c.env["CAREERBOT_EMBEDDING_DIMS"] = "openai", "test-embed", "32"
		}, "embeddings", []string{"model local-hash-v3: ", "the configuration asks for test-embed@32",
			"fix: searches use local-hash-v3 until you run 'careerbot kb reindex --embedder openai --model test-embed --dims 32'"}, true},
		{"local model configured, API one searching", func(t *testing.T, c *cli, _ *slacktest.Server) {
			c.mustRun("kb", "reindex", "--embedder", "openai", "--model", "test-embed")
		}, "embeddings", []string{"model test-embed: ", "the configuration asks for local-hash-v3",
			"fix: searches use test-embed until you run 'careerbot kb reindex --embedder local'"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, sl := doctorEnv(t)
			tt.setup(t, c, sl)
			code, out, errs := c.run("", "doctor")
			if code != 0 || !strings.Contains(out, "careerbot doctor: all checks passed") {
				t.Fatalf("exit %d, want 0 and all checks passed\n%s%s", code, out, errs)
			}
			line, block := checkBlock(out, tt.check)
			if !strings.HasPrefix(line, "[warn]") {
				t.Fatalf("check %s: %q, want warn\n%s", tt.check, line, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(block, w) {
					t.Errorf("check %s lacks %q:\n%s", tt.check, w, block)
				}
			}
			if !tt.fixed {
				return
			}
			_, command, _ := strings.Cut(block, "'careerbot ")
			command, _, _ = strings.Cut(command, "'")
			c.mustRun(strings.Fields(command)...)
			_, out, _ = c.run("", "doctor")
			if l := checkLine(out, tt.check); !strings.HasPrefix(l, "[ok  ]") {
				t.Errorf("after 'careerbot %s': %q, want ok\n%s", command, l, out)
			}
		})
	}
}

func TestVectorCheck(t *testing.T) {
	tests := []struct {
		installed, available string
		err                  error
		status               checkStatus
		fix                  string
	}{
		{"0.8.0", "0.8.0", nil, checkOK, ""},
		{"0.8.1", "0.8.1", nil, checkOK, ""},
		{"1.0.0", "1.0.0", nil, checkOK, ""},
		{"0.7.4", "0.8.0", nil, checkFail, "ALTER EXTENSION vector UPDATE"},
		{"0.7.4", "0.7.4", nil, checkFail, "install pgvector 0.8.0 or later on the server"},
		{"", "0.8.0", rpg.ErrNoVector, checkFail, "run 'careerbot migrate'"},
		{"", "0.6.0", rpg.ErrNoVector, checkFail, "upgrade pgvector on the server to 0.8.0"},
		{"", "", rpg.ErrNoVector, checkFail, "install pgvector 0.8.0 or later"},
		{"", "", errors.New("permission denied"), checkFail, "pg_extension"},
	}
	for _, tt := range tests {
		r := vectorCheck(tt.installed, tt.available, tt.err)
		if r.Status != tt.status || !strings.Contains(r.Fix, tt.fix) {
			t.Errorf("installed %q available %q err %v: %+v", tt.installed, tt.available, tt.err, r)
		}
	}
}

// execSQL runs one statement on the database at dbURL.
func execSQL(t *testing.T, dbURL, sql string) {
	t.Helper()
	pool, err := rpg.Connect(context.Background(), dbURL, rpg.Config{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(context.Background(), sql); err != nil {
		t.Fatal(err)
	}
}

func slackappScopes() ([]string, error) { return slackapp.BotScopes() }
