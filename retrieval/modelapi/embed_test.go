package modelapi_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/base"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/modelapi"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

func newEmbedder(t *testing.T, srv *openaitest.Server, cfg modelapi.Config) *modelapi.Embedder {
	t.Helper()
	client := modelapi.NewClient(modelapi.ClientConfig{APIKey: "sk-test", BaseURL: srv.URL, Retries: 3, MaxWait: 5 * time.Second})
	if cfg.Model == "" {
		cfg.Model = "test-embed"
	}
	if cfg.Dims == 0 {
		cfg.Dims = 64
	}
	e, err := modelapi.New(client, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var _ retrieval.Embedder = (*modelapi.Embedder)(nil)

func texts(n, words int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("texte %d %s", i, strings.Repeat("mot ", words))
	}
	return out
}

func TestEmbedInOrderWithinLimits(t *testing.T) {
	cases := []struct {
		name        string
		n, words    int
		cfg         modelapi.Config
		minRequests int
	}{
		{"2048 inputs per request", 5000, 1, modelapi.Config{}, 3},
		{"token cap", 200, 100, modelapi.Config{RequestTokens: 2000}, 20},
		{"small batches", 50, 2, modelapi.Config{MaxInputs: 7}, 8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := openaitest.New(t)
			e := newEmbedder(t, srv, c.cfg)
			in := texts(c.n, c.words)
			vecs, err := e.Embed(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if len(vecs) != len(in) {
				t.Fatalf("%d vectors for %d texts", len(vecs), len(in))
			}
			for i, v := range vecs {
				want := openaitest.Vector(in[i], 64)
				if len(v) != 64 || v[0] != want[0] || v[63] != want[63] {
					t.Fatalf("vector %d is not the one of its text", i)
				}
			}
			reqs := srv.EmbeddingRequests()
			if len(reqs) < c.minRequests {
				t.Errorf("%d requests, want at least %d", len(reqs), c.minRequests)
			}
			total := 0
			for _, r := range reqs {
				total += len(r.Input)
				if len(r.Input) > modelapi.MaxInputs || (c.cfg.MaxInputs > 0 && len(r.Input) > c.cfg.MaxInputs) {
					t.Errorf("request of %d inputs", len(r.Input))
				}
				tokens := 0
				for _, x := range r.Input {
					tokens += modelapi.Tokens(x)
				}
				if c.cfg.RequestTokens > 0 && tokens > c.cfg.RequestTokens {
					t.Errorf("request of %d estimated tokens, cap %d", tokens, c.cfg.RequestTokens)
				}
				if r.Model != "test-embed" || r.Dimensions != 0 {
					t.Errorf("model %q dimensions %d", r.Model, r.Dimensions)
				}
			}
			if total != len(in) {
				t.Errorf("%d inputs sent for %d texts", total, len(in))
			}
		})
	}
}

func TestLongInputIsCut(t *testing.T) {
	srv := openaitest.New(t)
	e := newEmbedder(t, srv, modelapi.Config{InputTokens: 100})
	long := strings.Repeat("rémunération ", 500)
	if _, err := e.Embed(context.Background(), []string{long, ""}); err != nil {
		t.Fatal(err)
	}
	in := srv.EmbeddingRequests()[0].Input
	if modelapi.Tokens(in[0]) > 100 || !strings.HasPrefix(long, in[0]) {
		t.Errorf("long input sent with %d estimated tokens", modelapi.Tokens(in[0]))
	}
	if in[1] == "" {
		t.Errorf("empty input sent as is")
	}
}

func TestBoundedConcurrency(t *testing.T) {
	srv := openaitest.New(t)
	var slow []openaitest.Reply
	for range 40 {
		slow = append(slow, openaitest.Reply{Delay: 30 * time.Millisecond})
	}
	srv.Embeddings(slow...)
	e := newEmbedder(t, srv, modelapi.Config{MaxInputs: 5, Concurrency: 3})
	if _, err := e.Embed(context.Background(), texts(100, 1)); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.EmbeddingRequests()); n != 20 {
		t.Errorf("%d requests, want 20", n)
	}
	if m := srv.MaxConcurrentEmbeddings(); m > 3 || m < 2 {
		t.Errorf("%d requests at once, want up to 3 (and more than 1)", m)
	}
}

func TestRetriesHonourRetryAfter(t *testing.T) {
	srv := openaitest.New(t)
	srv.Embeddings(openaitest.Reply{Status: 429, RetryAfter: "1"}, openaitest.Reply{Status: 503, RetryAfter: "0"}, openaitest.Reply{Status: 500, RetryAfter: "0"})
	e := newEmbedder(t, srv, modelapi.Config{})
	start := time.Now()
	vecs, err := e.Embed(context.Background(), []string{"prompt engineer"})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("done after %v: Retry-After: 1 not honoured", d)
	}
	if len(vecs) != 1 || len(srv.EmbeddingRequests()) != 4 {
		t.Errorf("%d vectors after %d requests, want 1 after 4", len(vecs), len(srv.EmbeddingRequests()))
	}
}

func TestGivesUp(t *testing.T) {
	cases := []struct {
		name    string
		replies []openaitest.Reply
		want    string
		reqs    int
	}{
		{"persistent 5xx", []openaitest.Reply{{Status: 502, RetryAfter: "0"}, {Status: 502, RetryAfter: "0"}, {Status: 502, RetryAfter: "0"}, {Status: 502, RetryAfter: "0"}}, "502", 4},
		{"retry-after too long", []openaitest.Reply{{Status: 429, RetryAfter: "3600"}}, "429", 1},
		{"bad request not retried", []openaitest.Reply{{Status: 400}}, "400", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := openaitest.New(t)
			srv.Embeddings(c.replies...)
			e := newEmbedder(t, srv, modelapi.Config{})
			_, err := e.Embed(context.Background(), []string{"x"})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one with %s", err, c.want)
			}
			if modelapi.Status(err) == 0 {
				t.Errorf("status lost from %v", err)
			}
			if n := len(srv.EmbeddingRequests()); n != c.reqs {
				t.Errorf("%d requests, want %d", n, c.reqs)
			}
		})
	}
}

func TestContextCancelled(t *testing.T) {
	srv := openaitest.New(t)
	srv.Embeddings(openaitest.Reply{Delay: 10 * time.Second})
	e := newEmbedder(t, srv, modelapi.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.Embed(ctx, []string{"x"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the context's", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("cancellation not honoured")
	}
	// A cancelled wait between retries returns too.
	srv.Embeddings(openaitest.Reply{Status: 429, RetryAfter: "4"})
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	if _, err := e.Embed(ctx2, []string{"x"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v during a retry wait, want the context's", err)
	}
}

func TestRequestedDimensionsAndProbe(t *testing.T) {
	srv := openaitest.New(t)
	client := modelapi.NewClient(modelapi.ClientConfig{BaseURL: srv.URL})
	e, err := modelapi.New(client, modelapi.Config{Model: "text-embedding-3-small", Dims: 256, RequestDims: true})
	if err != nil {
		t.Fatal(err)
	}
	if e.Model() != "text-embedding-3-small@256" || e.Dims() != 256 {
		t.Errorf("model %s dims %d", e.Model(), e.Dims())
	}
	vecs, err := e.Embed(context.Background(), []string{"a"})
	if err != nil || len(vecs[0]) != 256 || srv.EmbeddingRequests()[0].Dimensions != 256 {
		t.Fatalf("requested dimensions not sent or kept: %v", err)
	}
	if m, d := modelapi.ParseModelName(e.Model()); m != "text-embedding-3-small" || d != 256 {
		t.Errorf("ParseModelName = %s, %d", m, d)
	}

	srv.SetDims(96)
	p, err := modelapi.New(client, modelapi.Config{Model: "nomic-embed-text"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Embed(context.Background(), []string{"a"}); err == nil {
		t.Errorf("embedding with unknown dimensions succeeded")
	}
	if err := p.Probe(context.Background()); err != nil || p.Dims() != 96 {
		t.Fatalf("probe: %v, dims %d", err, p.Dims())
	}
	if _, err := modelapi.New(client, modelapi.Config{Model: "text-embedding-3-large"}); err == nil {
		t.Errorf("3072 native dimensions accepted; the index takes 2000")
	}
	// A server giving vectors of another length is an error, not a mix.
	w, _ := modelapi.New(client, modelapi.Config{Model: "m", Dims: 32})
	if _, err := w.Embed(context.Background(), []string{"a"}); err == nil || !strings.Contains(err.Error(), "96 dimensions") {
		t.Errorf("wrong vector length not reported: %v", err)
	}
}

// TestNeverReembedsUnchangedChunks imports the built-in base through the
// pgvector index with this embedder and counts what is sent.
func TestNeverReembedsUnchangedChunks(t *testing.T) {
	srv := openaitest.New(t)
	e := newEmbedder(t, srv, modelapi.Config{})
	db := pgtest.New(t)
	ctx := context.Background()
	index, err := postgres.NewIndex(db.Pool, e)
	if err != nil {
		t.Fatal(err)
	}
	if err := index.EnsureModel(ctx); err != nil {
		t.Fatal(err)
	}
	cat, err := knowledge.ReadCatalog(base.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	catalog := postgres.NewCatalog(db.Pool, index)
	rep, err := catalog.Import(ctx, cat, "test")
	if err != nil {
		t.Fatal(err)
	}
	sent := func() int {
		n := 0
		for _, r := range srv.EmbeddingRequests() {
			n += len(r.Input)
		}
		return n
	}
	if rep.Embedded != rep.Chunks || sent() != rep.Chunks || rep.Chunks == 0 {
		t.Fatalf("first import: %d chunks, %d embedded, %d texts sent", rep.Chunks, rep.Embedded, sent())
	}
	before := len(srv.EmbeddingRequests())
	if _, err := catalog.Import(ctx, cat, "test"); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.EmbeddingRequests()); n != before {
		t.Errorf("re-import of an unchanged catalog sent %d requests", n-before)
	}
	// Edit one section of one entry: only that chunk is embedded again.
	var entry *knowledge.Entry
	for _, x := range cat.Entries {
		if x.Slug == "prompt-engineer" {
			entry = x
		}
	}
	chunks := len(retrieval.ChunkEntry(entry))
	sentBefore := sent()
	edited := *entry
	edited.Body = entry.Body + "\n\n## Note\n\nUne section ajoutée pour le test."
	if _, err := catalog.Save(ctx, &edited, "update", "test", 0); err != nil {
		t.Fatal(err)
	}
	if n := sent() - sentBefore; n < 1 || n >= chunks {
		t.Errorf("editing one section embedded %d texts; the entry has %d chunks, all but the new one unchanged", n, chunks)
	}
	hits, err := index.Search(ctx, retrieval.Query{Text: "prompt engineer", K: 5})
	if err != nil || len(hits) == 0 {
		t.Fatalf("search with the API embedder: %d hits, %v", len(hits), err)
	}
}
