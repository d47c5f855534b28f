package postgres_test

import (
	"context"
	"testing"

	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/base"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/modelapi"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

func vectorCount(t *testing.T, db *pgtest.DB, model string) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM chunk_embeddings WHERE model = $1`, model).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestReindexSwitchesAtomically(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	oldIndex, err := postgres.NewIndex(db.Pool, local.New())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := knowledge.ReadCatalog(base.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	oldCatalog := postgres.NewCatalog(db.Pool, oldIndex)
	if _, err := oldCatalog.Import(ctx, cat, "test"); err != nil {
		t.Fatal(err)
	}
	chunks, err := postgres.CountChunks(ctx, db.Pool)
	if err != nil {
		t.Fatal(err)
	}

	srv := openaitest.New(t)
	emb, err := modelapi.New(modelapi.NewClient(modelapi.ClientConfig{BaseURL: srv.URL}), modelapi.Config{Model: "test-embed", Dims: 64})
	if err != nil {
		t.Fatal(err)
	}
	newIndex, err := postgres.NewIndex(db.Pool, emb)
	if err != nil {
		t.Fatal(err)
	}

	// The first batch fails: nothing switches, what was written stays.
	srv.Embeddings(openaitest.Reply{}, openaitest.Reply{Status: 400})
	if _, err := newIndex.Reindex(ctx, 50, nil); err == nil {
		t.Fatal("reindex succeeded through a failing API")
	}
	if m, _ := postgres.ActiveModel(ctx, db.Pool); m.Name != local.Model {
		t.Fatalf("active model %s after a failed reindex, want %s", m.Name, local.Model)
	}
	partial := vectorCount(t, db, "test-embed")
	if partial != 50 {
		t.Fatalf("%d vectors kept from the failed reindex, want the first batch of 50", partial)
	}

	sentBefore := 0
	for _, r := range srv.EmbeddingRequests() {
		sentBefore += len(r.Input)
	}
	var calls [][2]int
	edited := false
	rep, err := newIndex.Reindex(ctx, 50, func(done, total int) {
		calls = append(calls, [2]int{done, total})
		if done == 0 || done == total {
			return
		}
		// Mid-way: searches still use the old model and find results.
		if m, _ := postgres.ActiveModel(ctx, db.Pool); m.Name != local.Model {
			t.Errorf("model switched before the reindex finished")
		}
		if hits, err := oldIndex.Search(ctx, retrieval.Query{Text: "prompt engineer", K: 3}); err != nil || len(hits) == 0 {
			t.Errorf("old model's search mid-reindex: %d hits, %v", len(hits), err)
		}
		// An edit through the old model's catalog meanwhile.
		if !edited {
			edited = true
			for _, e := range cat.Entries {
				if e.Slug == "prompt-engineer" {
					x := *e
					x.Body += "\n\n## Ajout\n\nUne section écrite pendant la réindexation."
					if _, err := oldCatalog.Save(ctx, &x, "update", "test", 0); err != nil {
						t.Errorf("save during reindex: %v", err)
					}
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !edited {
		t.Error("no progress call mid-reindex")
	}
	if rep.Previous != local.Model || rep.Model != "test-embed" {
		t.Errorf("report %+v", rep)
	}
	m, err := postgres.ActiveModel(ctx, db.Pool)
	if err != nil || m.Name != "test-embed" || m.Dims != 64 || !m.Ready {
		t.Fatalf("active model %+v, %v; want test-embed, 64, ready", m, err)
	}
	chunksNow, _ := postgres.CountChunks(ctx, db.Pool)
	if n := vectorCount(t, db, "test-embed"); n != chunksNow {
		t.Errorf("%d vectors of the new model for %d chunks (the edit made meanwhile included)", n, chunksNow)
	}
	if n := vectorCount(t, db, local.Model); n != chunksNow {
		t.Errorf("%d vectors of the old model kept for %d chunks", n, chunksNow)
	}
	sent := -sentBefore
	for _, r := range srv.EmbeddingRequests() {
		sent += len(r.Input)
	}
	if sent > chunks-partial+20 { // chunks rewritten by the edit made meanwhile are embedded too
		t.Errorf("resumed reindex sent %d texts; %d chunks were left", sent, chunks-partial)
	}
	if len(calls) < 3 || calls[0][0] != 0 || calls[len(calls)-1][0] != calls[len(calls)-1][1] {
		t.Errorf("progress calls %v", calls)
	}
	if hits, err := newIndex.Search(ctx, retrieval.Query{Text: "prompt engineer", K: 3}); err != nil || len(hits) == 0 {
		t.Errorf("new model's search: %d hits, %v", len(hits), err)
	}
	models, err := postgres.Models(ctx, db.Pool)
	if err != nil || len(models) != 2 {
		t.Fatalf("models %+v, %v", models, err)
	}
	for _, x := range models {
		if x.Name == local.Model && (x.Active || x.Ready) {
			t.Errorf("old model still marked %+v", x)
		}
	}

	// Nothing left to do: no request, still active.
	before := len(srv.EmbeddingRequests())
	if _, err := newIndex.Reindex(ctx, 50, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.EmbeddingRequests()); n != before {
		t.Errorf("a second reindex sent %d requests", n-before)
	}
	// Switching back embeds only the chunks changed since.
	if _, err := oldIndex.Reindex(ctx, 50, nil); err != nil {
		t.Fatal(err)
	}
	if m, _ := postgres.ActiveModel(ctx, db.Pool); m.Name != local.Model {
		t.Errorf("switch back: active %s", m.Name)
	}
}

// The name Go gives a model's HNSW index (to drop it, and to find it for a
// bulk load) is the name careerbot_ensure_model_index gives it.
func TestModelIndexName(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	for _, model := range []string{local.Model, "test-embed@64"} {
		if _, err := db.Pool.Exec(ctx, `SELECT careerbot_ensure_model_index($1, 64)`, model); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE tablename = 'chunk_embeddings' AND indexname = $1`,
			postgres.ModelIndexName(model)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("no index named %s for %s", postgres.ModelIndexName(model), model)
		}
	}
}
