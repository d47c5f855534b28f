package postgres_test

import (
	"context"
	"testing"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// TestEfSearchGrowsWithTheCatalog shows the candidate list size of the
// HNSW plan by catalog size: EfSearch up to EfSearchChunks, then more, up
// to the 400 that found 96 % of the nearest neighbours at 1M chunks, in
// steps of 50, never past what pgvector accepts.
func TestEfSearchGrowsWithTheCatalog(t *testing.T) {
	tests := []struct {
		chunks int64
		want   int
	}{
		{0, postgres.EfSearch},
		{2_046, postgres.EfSearch},
		{100_000, postgres.EfSearch},
		{postgres.EfSearchChunks, postgres.EfSearch},
		{postgres.EfSearchChunks + 1, postgres.EfSearch},
		{200_000, 150},
		{500_000, 250},
		{1_000_000, 400},
		{1_002_046, 400}, // the benchmark's 1M chunks with the built-in base
		{100_000_000, postgres.MaxEfSearch},
	}
	for _, tt := range tests {
		got := postgres.EfSearchFor(tt.chunks)
		if tt.want != 0 && got != tt.want {
			t.Errorf("ef_search for %d chunks: %d, want %d", tt.chunks, got, tt.want)
		}
		if got%50 != 0 || got < postgres.EfSearch || got > postgres.MaxEfSearch {
			t.Errorf("ef_search for %d chunks: %d, want a multiple of 50 from %d to %d", tt.chunks, got, postgres.EfSearch, postgres.MaxEfSearch)
		}
	}
	prev := 0
	for n := int64(0); n <= 20_000_000; n += 50_000 {
		got := postgres.EfSearchFor(n)
		if got < prev {
			t.Fatalf("ef_search for %d chunks: %d, less than %d for fewer", n, got, prev)
		}
		prev = got
	}
}

// TestSearchSetsTheConnectionsEfSearch shows that an HNSW search runs on a
// connection given the candidate list size of its catalog's size, set again
// when that size changes, and that an exact search leaves it as it is.
func TestSearchSetsTheConnectionsEfSearch(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	_, cat := newIndex(t, db, local.New())
	if _, err := cat.Import(ctx, builtIn(t), "test"); err != nil {
		t.Fatal(err)
	}
	pool, err := postgres.Connect(ctx, db.URL, postgres.Config{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ix, err := postgres.NewIndex(pool, local.New())
	if err != nil {
		t.Fatal(err)
	}
	setting := func() string {
		t.Helper()
		var s string
		if err := pool.QueryRow(ctx, `SHOW hnsw.ef_search`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := setting(); got != "100" {
		t.Fatalf("a new connection's hnsw.ef_search: %s, want 100", got)
	}
	var chunks int64
	rule := func(ef int) func(int64) int {
		return func(total int64) int { chunks = total; return ef }
	}
	q := retrieval.Query{Text: "How much does a machine learning engineer earn?", TextLang: "en", K: 10}
	search := func(ix *postgres.Index) []retrieval.Hit {
		t.Helper()
		hits, err := ix.Search(ctx, q)
		if err != nil || len(hits) == 0 {
			t.Fatalf("search: %d hits, %v", len(hits), err)
		}
		return hits
	}
	before := search(postgres.WithEfRule(ix.WithPlan(postgres.PlanIndex), rule(100)))
	if chunks < 2000 {
		t.Errorf("the rule was given %d chunks, want the built-in base's (about 2,046)", chunks)
	}
	wide := postgres.WithEfRule(ix.WithPlan(postgres.PlanIndex), rule(350))
	after := search(wide)
	if got := setting(); got != "350" {
		t.Errorf("hnsw.ef_search after a search with 350 candidates: %s", got)
	}
	if got, want := chunkIDs(after), chunkIDs(before); len(got) != len(want) || got[0] != want[0] {
		t.Errorf("hits with 350 candidates %v, with 100 %v: want the same first", got, want)
	}
	search(postgres.WithEfRule(ix.WithPlan(postgres.PlanExact), rule(150)))
	if got := setting(); got != "350" {
		t.Errorf("hnsw.ef_search after an exact search: %s, want it left at 350", got)
	}
	if _, err := postgres.WithEfRule(ix.WithPlan(postgres.PlanIndex), rule(150)).SearchVector(ctx, retrieval.Query{Vector: ixVector(t, ix, q.Text), K: 10}); err != nil {
		t.Fatal(err)
	}
	if got := setting(); got != "150" {
		t.Errorf("hnsw.ef_search after a vector search with 150 candidates: %s", got)
	}
}

func ixVector(t *testing.T, ix *postgres.Index, text string) []float32 {
	t.Helper()
	vecs, err := ix.Embedder().Embed(context.Background(), []string{text})
	if err != nil {
		t.Fatal(err)
	}
	return vecs[0]
}
