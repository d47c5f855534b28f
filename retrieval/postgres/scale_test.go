package postgres_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/internal/synth"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
)

// TestHNSWAtScale loads more than 10,000 chunks and shows, through EXPLAIN,
// that the vector part of the hybrid search uses the model's HNSW index,
// and that filtered queries still return k hits.
func TestHNSWAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 10,000 chunks")
	}
	ctx := context.Background()
	db := pgtest.New(t)
	ix, cat := newIndex(t, db, local.New())
	c := synth.Catalog(10_200, 10, 1)
	rep, err := cat.Import(ctx, c, "test")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Chunks < 10_000 {
		t.Fatalf("imported %d chunks, want at least 10,000", rep.Chunks)
	}
	if _, err := db.Pool.Exec(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	q := retrieval.Query{Text: "ingénieur IA modèles de langage PyTorch", K: 10}
	vec, _ := local.New().Embed(ctx, []string{q.Text})
	q.Vector = vec[0]

	var plan []byte
	args := ix.SearchArgs(q)
	if err := db.Pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+ix.HybridSQL(), args...).Scan(&plan); err != nil {
		t.Fatal(err)
	}
	if !usesIndex(t, plan, "chunk_embeddings_hnsw_") {
		t.Errorf("the hybrid query does not use the HNSW index:\n%s", plan)
	}

	tests := []struct {
		name  string
		kinds []knowledge.Kind
		lang  string
		// hnsw is whether the planner must use the index: for a very
		// selective filter an exact scan of the few matching rows is the
		// better plan, and PostgreSQL rightly picks it.
		hnsw bool
	}{
		{"no filter", nil, "", true},
		{"roles in French", []knowledge.Kind{knowledge.KindRole}, "fr", true},
		{"insights (5% of entries)", []knowledge.Kind{knowledge.KindInsight}, "", false},
		{"trainings in English (1% of chunks)", []knowledge.Kind{knowledge.KindTraining}, "en", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fq := q
			fq.Kinds, fq.Lang = tt.kinds, tt.lang
			hits, err := ix.Search(ctx, fq)
			if err != nil {
				t.Fatal(err)
			}
			vhits, err := ix.SearchVector(ctx, fq)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != fq.K || len(vhits) != fq.K {
				t.Errorf("hybrid returned %d hits, vector-only %d, want %d each", len(hits), len(vhits), fq.K)
			}
			for _, h := range append(hits, vhits...) {
				if len(tt.kinds) > 0 && h.Kind != tt.kinds[0] || tt.lang != "" && h.Lang != tt.lang {
					t.Errorf("hit %s (%s, %s) escapes the filter", h.Slug, h.Kind, h.Lang)
				}
			}
			var fplan []byte
			if err := db.Pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+ix.VectorSQL(), vectorArgs(fq)...).Scan(&fplan); err != nil {
				t.Fatal(err)
			}
			if tt.hnsw && !usesIndex(t, fplan, "chunk_embeddings_hnsw_") {
				t.Errorf("the filtered vector query does not use the HNSW index:\n%s", fplan)
			}
		})
	}
}

func vectorArgs(q retrieval.Query) []any {
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	return []any{pgvectorOf(q.Vector), local.Model, kinds, q.Lang, q.K}
}

// usesIndex reports whether a JSON plan scans an index whose name starts
// with prefix.
func usesIndex(t *testing.T, plan []byte, prefix string) bool {
	t.Helper()
	var nodes []map[string]any
	if err := json.Unmarshal(plan, &nodes); err != nil {
		t.Fatal(err)
	}
	var walk func(n map[string]any) bool
	walk = func(n map[string]any) bool {
		if name, _ := n["Index Name"].(string); strings.HasPrefix(name, prefix) {
			return true
		}
		children, _ := n["Plans"].([]any)
		for _, c := range children {
			if m, ok := c.(map[string]any); ok && walk(m) {
				return true
			}
		}
		return false
	}
	for _, n := range nodes {
		if p, ok := n["Plan"].(map[string]any); ok && walk(p) {
			return true
		}
	}
	return false
}
