package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/careerbot/careerbot/internal/openaitest"
)

// llmCLI is a cli whose OPENAI_BASE_URL points at a local API.
func llmCLI(t *testing.T) (*cli, *openaitest.Server) {
	t.Helper()
	c := newCLI(t)
	srv := openaitest.New(t)
	c.env["OPENAI_BASE_URL"] = srv.URL
	c.env["CAREERBOT_CHAT_MODEL"] = "test-chat"
	return c, srv
}

func askLLM(t *testing.T, c *cli, question string) askJSON {
	t.Helper()
	var got askJSON
	out := c.mustRun("ask", "--json", question)
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	return got
}

const modelAnswer = "Un prompt engineer conçoit, teste et améliore les instructions données aux modèles d'IA [1]."

func TestAskJSONWithLLM(t *testing.T) {
	c, srv := llmCLI(t)
	c.mustRun("kb", "import")
	srv.ChatFunc(func(r openaitest.ChatRequest) openaitest.Reply {
		if !strings.Contains(r.Last(), `slug="prompt-engineer"`) {
			return openaitest.Reply{Text: "Pas dans les extraits."}
		}
		return openaitest.Reply{Text: modelAnswer}
	})
	got := askLLM(t, c, "Qu'est-ce qu'un prompt engineer ?")
	if got.Composer != "llm" || got.Answer != modelAnswer || got.Note != "" || !got.Grounded {
		t.Fatalf("composer %q answer %q note %q grounded %v; want the model's answer", got.Composer, got.Answer, got.Note, got.Grounded)
	}
	if len(got.Citations) != 1 || got.Citations[0].N != 1 || got.Citations[0].Slug != "prompt-engineer" || len(got.Citations[0].Sources) == 0 {
		t.Errorf("citations %+v, want [1] prompt-engineer with its sources", got.Citations)
	}
	reqs := srv.ChatRequests()
	if len(reqs) != 1 || reqs[0].Model != "test-chat" {
		t.Errorf("chat requests %+v", reqs)
	}
}

func TestAskJSONFallsBackToExtractive(t *testing.T) {
	c, srv := llmCLI(t)
	c.mustRun("kb", "import")
	c.env["CAREERBOT_LLM_TIMEOUT"] = "1s"
	delete(c.env, "OPENAI_BASE_URL")
	want := askLLM(t, c, "Qu'est-ce qu'un prompt engineer ?")
	if want.Composer != "extractive" {
		t.Fatalf("without an API: composer %q", want.Composer)
	}
	c.env["OPENAI_BASE_URL"] = srv.URL
	cases := []struct {
		name    string
		replies []openaitest.Reply
		note    string
	}{
		{"invented figure", []openaitest.Reply{{Text: "Il gagne 250 000 € par an [1]."}, {Text: "Il gagne 250 000 € par an [1]."}}, "250000"},
		{"server error", []openaitest.Reply{{Status: 503, RetryAfter: "0"}, {Status: 503, RetryAfter: "0"}}, "503"},
		{"rate limited", []openaitest.Reply{{Status: 429, RetryAfter: "0"}, {Status: 429, RetryAfter: "0"}}, "429"},
		{"timeout", []openaitest.Reply{{Text: modelAnswer, Delay: 3 * time.Second}}, "timeout"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv.Chat(tc.replies...)
			got := askLLM(t, c, "Qu'est-ce qu'un prompt engineer ?")
			if got.Composer != "extractive" || !strings.Contains(got.Note, tc.note) {
				t.Fatalf("composer %q note %q; want extractive with a note about %s", got.Composer, got.Note, tc.note)
			}
			if got.Answer != want.Answer || !got.Grounded || len(got.Citations) != len(want.Citations) {
				t.Errorf("answer %q, want the extractive %q, grounded and cited", got.Answer, want.Answer)
			}
			// The reason is recorded with the question, for whoever
			// looks into the chat model's failures later.
			conn, err := pgx.Connect(context.Background(), c.env["DATABASE_URL"])
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(context.Background())
			var composer, note string
			err = conn.QueryRow(context.Background(), `SELECT composer, note FROM questions ORDER BY id DESC LIMIT 1`).Scan(&composer, &note)
			if err != nil {
				t.Fatal(err)
			}
			if composer != "extractive" || note != got.Note {
				t.Errorf("recorded composer %q note %q, want extractive and %q", composer, note, got.Note)
			}
		})
	}
}

func TestChatStreams(t *testing.T) {
	c, srv := llmCLI(t)
	c.mustRun("kb", "import")
	srv.ChatFunc(func(r openaitest.ChatRequest) openaitest.Reply {
		switch {
		case strings.Contains(r.System(), "standalone question"):
			return openaitest.Reply{Text: "Qu'est-ce qu'un data scientist ?"}
		case strings.Contains(r.Last(), "data scientist ?\n</question-"):
			return openaitest.Reply{Text: "Il gagne 999 999 € [1]."}
		}
		return openaitest.Reply{Text: modelAnswer}
	})
	code, out, errs := c.run("Qu'est-ce qu'un prompt engineer ?\nQu'est-ce qu'un data scientist ?\n/quit\n", "chat")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if n := strings.Count(out, modelAnswer); n != 1 {
		t.Errorf("the written answer appears %d times:\n%s", n, out)
	}
	if !strings.Contains(out, "[1] Prompt engineer (prompt-engineer)") {
		t.Errorf("sources missing:\n%s", out)
	}
	// The invented figure failed the check: it never reaches the screen,
	// and the extractive answer says why it replaces the written one.
	if strings.Contains(out, "999") || !strings.Contains(strings.ToLower(out), "data scientist") || !strings.Contains(out, "(réponse tirée de la base de connaissances") {
		t.Errorf("a rejected answer is shown, or not replaced by the extractive one:\n%s", out)
	}
}

func TestKBReindexToAPIAndBack(t *testing.T) {
	c, srv := llmCLI(t)
	c.mustRun("kb", "import")
	code, out, errs := c.run("", "kb", "reindex", "--embedder", "openai", "--model", "test-embed", "--dims", "64", "--batch", "40")
	if code != 0 {
		t.Fatalf("reindex: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "active embedding model: test-embed@64 (was local-hash-v3)") ||
		!strings.Contains(out, "CAREERBOT_EMBEDDER=openai CAREERBOT_EMBEDDING_MODEL=test-embed CAREERBOT_EMBEDDING_DIMS=64 and restart every careerbot serve now") {
		t.Errorf("stdout: %s", out)
	}
	if !strings.Contains(errs, "embedding with test-embed@64") || !strings.Contains(errs, "100%") {
		t.Errorf("no progress bar on stderr: %q", errs)
	}
	chunkTexts := 0
	for _, r := range srv.EmbeddingRequests() {
		chunkTexts += len(r.Input)
		if r.Dimensions != 64 || r.Model != "test-embed" {
			t.Errorf("embedding request model %q dims %d", r.Model, r.Dimensions)
		}
	}
	// Every replica now searches the API model's vectors (a question the
	// search answers: a name alone is found in the catalog, without one).
	srv.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply { return openaitest.Reply{Text: modelAnswer} })
	got := askLLM(t, c, "Comment les startups rivalisent-elles avec les salaires de la Big Tech ?")
	if !got.Grounded || got.Composer != "llm" {
		t.Errorf("ask on API vectors: grounded %v composer %q note %q", got.Grounded, got.Composer, got.Note)
	}
	queries := 0
	for _, r := range srv.EmbeddingRequests() {
		queries += len(r.Input)
	}
	if queries == chunkTexts {
		t.Errorf("the question was not embedded through the API")
	}
	// Without the API, the vectors cannot be searched: a clear message.
	delete(c.env, "OPENAI_BASE_URL")
	code, _, errs = c.run("", "ask", "Qu'est-ce qu'un prompt engineer ?")
	if code == 0 || !strings.Contains(errs, "OPENAI_BASE_URL") || !strings.Contains(errs, "kb reindex --embedder local") {
		t.Errorf("ask without the API: exit %d, stderr %q", code, errs)
	}
	// Back to the local model: nothing asked of the API.
	before := len(srv.EmbeddingRequests())
	c.env["OPENAI_BASE_URL"] = srv.URL
	out = c.mustRun("kb", "reindex", "--embedder", "local")
	if !strings.Contains(out, "active embedding model: local-hash-v3 (was test-embed@64)") {
		t.Errorf("stdout: %s", out)
	}
	if n := len(srv.EmbeddingRequests()); n != before {
		t.Errorf("switching back to local sent %d embedding requests", n-before)
	}
}

func TestEmbedderOnFreshBase(t *testing.T) {
	c, srv := llmCLI(t)
	c.env["CAREERBOT_EMBEDDER"] = "openai"
	c.env["CAREERBOT_EMBEDDING_MODEL"] = "test-embed"
	c.env["CAREERBOT_EMBEDDING_DIMS"] = "32"
	out := c.mustRun("kb", "import")
	if strings.Contains(out, " 0 embedded") || len(srv.EmbeddingRequests()) == 0 {
		t.Fatalf("import on a fresh base did not embed through the API: %s", out)
	}
	// A later start with another configured model keeps the active one.
	c.env["CAREERBOT_EMBEDDER"] = "local"
	got := askLLM(t, c, "Qu'est-ce qu'un prompt engineer ?")
	if !got.Grounded {
		t.Errorf("not grounded on the active API model: %+v", got)
	}
}

func TestKBReindexBadInput(t *testing.T) {
	c := newCLI(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--embedder", "openai"}, "needs an API: set OPENAI_API_KEY"},
		{[]string{"--embedder", "bert"}, `--embedder must be local or openai, not "bert"`},
		{[]string{"--embedder", "local", "--dims", "12"}, "--model and --dims are for --embedder openai"},
	}
	for _, tc := range cases {
		code, _, errs := c.run("", append([]string{"kb", "reindex"}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("kb reindex %v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, errs, tc.want)
		}
	}
	c.env["OPENAI_API_KEY"] = "sk-x"
	code, _, errs := c.run("", "kb", "reindex", "--embedder", "openai", "--dims", "4000")
	if code != 2 || !strings.Contains(errs, "--dims must be from 1 to 2000") {
		t.Errorf("--dims 4000: exit %d, %q", code, errs)
	}
}

func TestOpenAIConfig(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string // a problem, or "" for valid
		llm  bool
	}{
		{map[string]string{}, "", false},
		{map[string]string{"OPENAI_API_KEY": "sk-1"}, "", true},
		{map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1"}, "", true},
		{map[string]string{"OPENAI_BASE_URL": "localhost:11434"}, "OPENAI_BASE_URL must be an http(s) URL", true},
		{map[string]string{"OPENAI_API_TYPE": "azure"}, "OPENAI_API_TYPE=azure needs OPENAI_BASE_URL", false},
		{map[string]string{"OPENAI_API_TYPE": "azure", "OPENAI_BASE_URL": "https://x.openai.azure.com"}, "OPENAI_API_TYPE=azure needs OPENAI_API_KEY", true},
		{map[string]string{"OPENAI_API_TYPE": "bedrock"}, `OPENAI_API_TYPE must be openai or azure, not "bedrock"`, false},
		{map[string]string{"CAREERBOT_LLM_TIMEOUT": "soon"}, "CAREERBOT_LLM_TIMEOUT must be a positive duration", false},
		{map[string]string{"CAREERBOT_LLM_TIMEOUT": "-1s"}, "CAREERBOT_LLM_TIMEOUT must be a positive duration", false},
		{map[string]string{"CAREERBOT_EMBEDDER": "openai"}, "CAREERBOT_EMBEDDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL", false},
		{map[string]string{"CAREERBOT_EMBEDDER": "bert"}, `CAREERBOT_EMBEDDER must be local or openai, not "bert"`, false},
		{map[string]string{"CAREERBOT_EMBEDDING_DIMS": "3072"}, "CAREERBOT_EMBEDDING_DIMS must be a whole number from 1 to 2000", false},
	}
	for _, tc := range cases {
		cfg, err := LoadConfig(func(k string) string { return tc.env[k] })
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%v: %v", tc.env, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%v: error %v, want %q", tc.env, err, tc.want)
		}
		if cfg.LLMEnabled() != tc.llm {
			t.Errorf("%v: LLM enabled %v", tc.env, cfg.LLMEnabled())
		}
	}
	cfg, _ := LoadConfig(func(k string) string {
		return map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": "https://x.openai.azure.com", "OPENAI_API_TYPE": "Azure"}[k]
	})
	if !cfg.OpenAIAzure || cfg.OpenAIAPIVersion == "" || cfg.ChatModel != "gpt-4o-mini" || cfg.LLMTimeout != 20*time.Second || cfg.Embedder != "local" {
		t.Errorf("azure defaults: %+v", cfg)
	}
}

// TestAzureOpenAI: with OPENAI_API_TYPE=azure, requests go to the
// deployment named after the model, with the api-key header and the
// api-version query parameter (the default one, or OPENAI_API_VERSION).
func TestAzureOpenAI(t *testing.T) {
	c, srv := llmCLI(t)
	c.mustRun("kb", "import")
	front := azureFront(t, srv)
	c.env["OPENAI_BASE_URL"] = front.url
	c.env["OPENAI_API_TYPE"] = "azure"
	c.env["OPENAI_API_KEY"] = "azure-key"
	c.env["CAREERBOT_CHAT_MODEL"] = "gpt-4o-mini"
	srv.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply { return openaitest.Reply{Text: modelAnswer} })
	for _, tc := range []struct{ version, want string }{
		{"", defaultAzureAPIVersion},
		{"2024-10-21", "2024-10-21"},
	} {
		t.Run("api-version "+tc.want, func(t *testing.T) {
			c.env["OPENAI_API_VERSION"] = tc.version
			got := askLLM(t, c, "Qu'est-ce qu'un prompt engineer ?")
			if got.Composer != "llm" || got.Answer != modelAnswer {
				t.Fatalf("composer %q answer %q note %q, want the model's answer", got.Composer, got.Answer, got.Note)
			}
			r := front.last(t)
			if r.URL.Path != "/openai/deployments/gpt-4o-mini/chat/completions" {
				t.Errorf("request to %s, want the deployment gpt-4o-mini", r.URL.Path)
			}
			if v := r.URL.Query()["api-version"]; len(v) != 1 || v[0] != tc.want {
				t.Errorf("api-version %q (query %q), want %s", v, r.URL.RawQuery, tc.want)
			}
			if k, a := r.Header.Get("api-key"), r.Header.Get("Authorization"); k != "azure-key" || a != "" {
				t.Errorf("api-key %q, Authorization %q; want the key in api-key only", k, a)
			}
			// The stand-in answered that request.
			if reqs := srv.Requests(); len(reqs) == 0 || reqs[len(reqs)-1].Path != r.URL.Path {
				t.Errorf("the stand-in did not get the request to %s", r.URL.Path)
			}
		})
	}
}

// recordingFront is a proxy before the OpenAI stand-in that records the
// requests' URLs (query included) and headers.
type recordingFront struct {
	url  string
	mu   sync.Mutex
	reqs []*http.Request
}

func azureFront(t *testing.T, srv *openaitest.Server) *recordingFront {
	t.Helper()
	target, err := url.Parse(srv.Root())
	if err != nil {
		t.Fatal(err)
	}
	f := &recordingFront{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.reqs = append(f.reqs, r.Clone(context.Background()))
		f.mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	f.url = front.URL
	return f
}

// last returns the last request received.
func (f *recordingFront) last(t *testing.T) *http.Request {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reqs) == 0 {
		t.Fatal("no request reached the API")
	}
	return f.reqs[len(f.reqs)-1]
}

// A gateway that echoes the API key in its error: the key appears in no
// log, no output and no stored row.
func TestEchoedKeyAppearsNowhere(t *testing.T) {
	c, srv := llmCLI(t)
	const key = "sk-live-0123456789abcdef"
	c.env["OPENAI_API_KEY"] = key
	c.mustRun("kb", "import")
	srv.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Reply{Status: http.StatusUnauthorized, Message: "Incorrect API key provided: " + key + "."}
	})
	code, out, errs := c.run("", "ask", "--json", "Qu'est-ce qu'un prompt engineer ?")
	if code != 0 {
		t.Fatalf("ask: exit %d: %s", code, errs)
	}
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Note == "" || !strings.Contains(got.Note, "[secret]") {
		t.Errorf("the note does not say the call failed, masked: %q", got.Note)
	}
	if strings.Contains(out, key) || strings.Contains(errs, key) {
		t.Errorf("the key is printed:\nstdout %s\nstderr %s", out, errs)
	}
	pool, err := pgxpool.New(context.Background(), c.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var notes, recorded int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE note LIKE '%' || $1 || '%'), count(*) FILTER (WHERE note <> '') FROM questions`, key).Scan(&notes, &recorded); err != nil {
		t.Fatal(err)
	}
	if recorded == 0 {
		t.Error("the fallback's note was not recorded")
	}
	if notes != 0 {
		t.Errorf("the key is stored in %d questions' notes", notes)
	}
	_, doctor, derrs := c.run("", "doctor")
	if strings.Contains(doctor, key) || strings.Contains(derrs, key) {
		t.Errorf("doctor prints the key:\n%s%s", doctor, derrs)
	}
}
