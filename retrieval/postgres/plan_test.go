package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/internal/synth"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// chunkIDs returns the chunks of hits, in order.
func chunkIDs(hits []retrieval.Hit) []int64 {
	out := make([]int64, len(hits))
	for i, h := range hits {
		out[i] = h.ChunkID
	}
	return out
}

// TestPlansGiveTheSameHits shows that on the built-in knowledge base,
// where the search chooses the exact scan, the HNSW plan finds the very
// same hits, filtered or not.
func TestPlansGiveTheSameHits(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	ix, cat := newIndex(t, db, local.New())
	if _, err := cat.Import(ctx, builtIn(t), "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		q    retrieval.Query
	}{
		{"no filter, French", retrieval.Query{Text: "Quelles compétences pour devenir prompt engineer ?", TextLang: "fr"}},
		{"no filter, English", retrieval.Query{Text: "How much does a machine learning engineer earn?", TextLang: "en"}},
		{"skills in French", retrieval.Query{Text: "apprendre Python pour l'IA", TextLang: "fr", Kinds: []knowledge.Kind{knowledge.KindSkill}, Lang: "fr"}},
		{"trainings", retrieval.Query{Text: "formation en IA générative", TextLang: "fr", Kinds: []knowledge.Kind{knowledge.KindTraining}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.K = 10
			p, err := ix.PlanFor(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if p != postgres.PlanExact {
				t.Errorf("plan of a search of the built-in base: %s, want exact", p)
			}
			for _, search := range []struct {
				name string
				run  func(*postgres.Index) ([]retrieval.Hit, error)
			}{
				{"hybrid", func(ix *postgres.Index) ([]retrieval.Hit, error) { return ix.Search(ctx, q) }},
				{"vector", func(ix *postgres.Index) ([]retrieval.Hit, error) {
					vq := q
					vecs, err := ix.Embedder().Embed(ctx, []string{q.Text})
					if err != nil {
						return nil, err
					}
					vq.Vector = vecs[0]
					return ix.SearchVector(ctx, vq)
				}},
			} {
				exact, err := search.run(ix.WithPlan(postgres.PlanExact))
				if err != nil {
					t.Fatal(err)
				}
				index, err := search.run(ix.WithPlan(postgres.PlanIndex))
				if err != nil {
					t.Fatal(err)
				}
				if len(exact) == 0 {
					t.Fatalf("%s: no hit", search.name)
				}
				if fmt.Sprint(chunkIDs(exact)) != fmt.Sprint(chunkIDs(index)) {
					t.Errorf("%s: exact plan %v, HNSW plan %v", search.name, chunkIDs(exact), chunkIDs(index))
				}
			}
		})
	}
}

// TestPlanChoice shows which plan a search takes for the chunks its
// filters keep out of the knowledge base's: the exact scan for a small
// base or a filter that keeps a few thousand chunks, or up to
// FilteredExactChunks that are at most one chunk in ExactScanShare; the
// HNSW index for a filter that keeps more, whatever the base's size.
func TestPlanChoice(t *testing.T) {
	tests := []struct {
		name      string
		n, total  int64
		wantExact bool
	}{
		{"the built-in base", 2_050, 2_050, true},
		{"an HR base of 3,500 chunks, no filter", 3_500, 3_500, false},
		{"10k chunks, no filter", 10_000, 10_000, false},
		{"10k chunks, roles (55%)", 5_500, 10_000, false},
		{"10k chunks, trainings (10%)", 1_000, 10_000, true},
		{"40k chunks, 15% of them", 6_000, 40_000, false},
		{"100k chunks, no filter", 100_000, 100_000, false},
		{"100k chunks, skills (30%)", 30_000, 100_000, false},
		{"100k chunks, roles in English (5.5%)", 5_500, 100_000, true},
		{"100k chunks, insights in French (4.5%)", 4_500, 100_000, true},
		{"100k chunks, trainings (10%)", 10_000, 100_000, true},
		{"1M chunks, insights (5%)", 50_000, 1_000_000, false},
		{"1M chunks, trainings in English (1%)", 10_000, 1_000_000, true},
		{"1M chunks, one more", 10_001, 1_000_000, false},
	}
	for _, tt := range tests {
		want := postgres.PlanIndex
		if tt.wantExact {
			want = postgres.PlanExact
		}
		if got := postgres.ChoosePlan(tt.n, tt.total); got != want {
			t.Errorf("%s: %d of %d chunks kept: plan %s, want %s", tt.name, tt.n, tt.total, got, want)
		}
	}
}

// TestSelectiveFilterScansExactly loads 4,000 chunks, more than the exact
// plan takes unfiltered, and shows that a filter keeping about 1% of them
// (trainings in English) is searched by an exact scan, with no HNSW index
// in its plan and the vectors read by their filters, and finds the exact
// nearest chunks.
func TestSelectiveFilterScansExactly(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 4,000 chunks")
	}
	ctx := context.Background()
	db := pgtest.New(t)
	ix, cat := newIndex(t, db, local.New())
	rep, err := cat.Import(ctx, synth.Catalog(4_000, 10, 1), "test")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Chunks <= postgres.ExactScanChunks {
		t.Fatalf("imported %d chunks, want more than %d", rep.Chunks, postgres.ExactScanChunks)
	}
	if _, err := db.Pool.Exec(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	q := retrieval.Query{Text: "How do I become a data engineer working on LLMs?", TextLang: "en", K: 10}
	vecs, err := local.New().Embed(ctx, []string{q.Text})
	if err != nil {
		t.Fatal(err)
	}
	q.Vector = vecs[0]
	// The plan of each filter, chosen by the chunks it keeps: nine chunks
	// in ten are French.
	for _, tt := range []struct {
		name  string
		kinds []knowledge.Kind
		lang  string
		want  postgres.Plan
	}{
		{"no filter", nil, "", postgres.PlanIndex},
		{"French", nil, "fr", postgres.PlanIndex},
		{"English", nil, "en", postgres.PlanExact},
		{"roles in French", []knowledge.Kind{knowledge.KindRole}, "fr", postgres.PlanExact},
		{"skills and roles", []knowledge.Kind{knowledge.KindSkill, knowledge.KindRole}, "", postgres.PlanIndex},
	} {
		fq := q
		fq.Kinds, fq.Lang = tt.kinds, tt.lang
		if p, err := ix.PlanFor(ctx, fq); err != nil || p != tt.want {
			t.Errorf("plan of %s over %d chunks: %s (%v), want %s", tt.name, rep.Chunks, p, err, tt.want)
		}
	}
	q.Kinds, q.Lang = []knowledge.Kind{knowledge.KindTraining}, "en"
	p, err := ix.PlanFor(ctx, q)
	if err != nil || p != postgres.PlanExact {
		t.Fatalf("plan of trainings in English: %s (%v), want exact", p, err)
	}
	_, vectorSQL := ix.PlanSQL(p)
	var plan []byte
	if err := db.Pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+vectorSQL, ix.VectorArgs(q)...).Scan(&plan); err != nil {
		t.Fatal(err)
	}
	if usesIndex(t, plan, "chunk_embeddings_hnsw_") {
		t.Errorf("the exact plan walks the HNSW index:\n%s", plan)
	}
	// Both statements of the plan read the vectors the filters keep
	// through their own copies of the filters (migration 00014).
	hybridSQL, _ := ix.PlanSQL(p)
	var hplan []byte
	if err := db.Pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+hybridSQL, ix.SearchArgs(q)...).Scan(&hplan); err != nil {
		t.Fatal(err)
	}
	for _, pl := range [][]byte{plan, hplan} {
		if !usesIndex(t, pl, "chunk_embeddings_filters") {
			t.Errorf("the exact plan does not read the vectors by their filters:\n%s", pl)
		}
	}
	hits, err := ix.SearchVector(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var want []retrieval.Hit
	err = pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL enable_indexscan = off"); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, ix.VectorSQL(), ix.VectorArgs(q)...)
		if err != nil {
			return err
		}
		want, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (retrieval.Hit, error) {
			var h retrieval.Hit
			var a, b int64
			err := r.Scan(&h.ChunkID, &h.EntryID, &h.Slug, &h.Kind, &h.Title, &h.TitleEN, &h.Heading, &h.Text, &h.Lang,
				&h.Score, &h.Similarity, &h.TextScore, &a, &b)
			return h, err
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != q.K || fmt.Sprint(chunkIDs(hits)) != fmt.Sprint(chunkIDs(want)) {
		t.Errorf("exact plan found %v, the reference scan %v", chunkIDs(hits), chunkIDs(want))
	}
	for _, h := range hits {
		if h.Kind != knowledge.KindTraining || h.Lang != "en" {
			t.Errorf("hit %s (%s, %s) escapes the filter", h.Slug, h.Kind, h.Lang)
		}
	}
	hybrid, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(hybrid) != q.K {
		t.Errorf("filtered hybrid search: %d hits, want %d", len(hybrid), q.K)
	}
}

// shortEmbedder gives vectors one dimension short, which the import finds
// out only when it writes them, after the bulk load dropped its indexes.
type shortEmbedder struct{ retrieval.Embedder }

func (e shortEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	vecs, err := e.Embedder.Embed(ctx, texts)
	for i := range vecs {
		vecs[i] = vecs[i][1:]
	}
	return vecs, err
}

// indexes returns the indexes of chunks and chunk_embeddings.
func indexes(t *testing.T, db *pgtest.DB) string {
	t.Helper()
	var names string
	err := db.Pool.QueryRow(context.Background(), `SELECT string_agg(indexrelid::regclass::text, ',' ORDER BY indexrelid::regclass::text)
		FROM pg_index WHERE indrelid IN ('chunks'::regclass, 'chunk_embeddings'::regclass)`).Scan(&names)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestFailedBulkLoadLeavesNothing shows that the default import stays
// atomic on a first bulk load, which drops and rebuilds indexes and copies
// chunks while they are embedded: a failure after the drop, of the vectors
// or of the embedder, leaves no row and every index in place, in either
// mode.
func TestFailedBulkLoadLeavesNothing(t *testing.T) {
	ctx := context.Background()
	embedders := []struct {
		name string
		e    retrieval.Embedder
		err  string
	}{
		{"vectors of the wrong size", shortEmbedder{local.New()}, "dimensions"},
		{"embedder failing", failingEmbedder{local.New()}, "embedding service down"},
	}
	for _, em := range embedders {
		for _, opt := range []postgres.ImportOptions{{}, {IndexAfterCommit: true}} {
			t.Run(fmt.Sprintf("%s/IndexAfterCommit=%v", em.name, opt.IndexAfterCommit), func(t *testing.T) {
				db := pgtest.New(t)
				_, cat := newIndex(t, db, em.e)
				before, beforeIdx := counts(t, db), indexes(t, db)
				_, err := cat.ImportWith(ctx, builtIn(t), "test", opt)
				if err == nil || !strings.Contains(err.Error(), em.err) {
					t.Fatalf("import: err = %v, want %q", err, em.err)
				}
				if after := counts(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
					t.Errorf("a failed import wrote rows: %v → %v", before, after)
				}
				if after := indexes(t, db); after != beforeIdx {
					t.Errorf("a failed import changed the indexes: %s → %s", beforeIdx, after)
				}
			})
		}
	}
}

// TestIndexAfterCommit shows the import that builds its HNSW index after
// commit: it ends with the index built, and its entries are found alike
// while the index is missing (exact scans) and once it exists.
func TestIndexAfterCommit(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	ix, cat := newIndex(t, db, local.New())
	rep, err := cat.ImportWith(ctx, builtIn(t), "test", postgres.ImportOptions{IndexAfterCommit: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Chunks < postgres.BulkLoadChunks || rep.IndexTime == 0 {
		t.Fatalf("import report %+v: want a bulk load whose index was built after commit", rep)
	}
	if ok, err := ix.HasIndex(ctx); err != nil || !ok {
		t.Fatalf("HNSW index after the import: %v (%v)", ok, err)
	}
	q := retrieval.Query{Text: "Quelles compétences pour devenir prompt engineer ?", TextLang: "fr", K: 10}
	search := func() []int64 {
		t.Helper()
		hits, err := ix.WithPlan(postgres.PlanIndex).Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			t.Fatal("no hit")
		}
		return chunkIDs(hits)
	}
	with := search()
	// The window between commit and build: no index.
	if _, err := db.Pool.Exec(ctx, `DROP INDEX `+pgx.Identifier{postgres.ModelIndexName(local.Model)}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	if without := search(); fmt.Sprint(without) != fmt.Sprint(with) {
		t.Errorf("without the index: %v, with it: %v", without, with)
	}
	if err := ix.BuildIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, err := ix.HasIndex(ctx); err != nil || !ok {
		t.Fatalf("HNSW index after BuildIndex: %v (%v)", ok, err)
	}
	if again := search(); fmt.Sprint(again) != fmt.Sprint(with) {
		t.Errorf("with the index built again: %v, before: %v", again, with)
	}
}

// TestIndexPlanWalksTheIndexEverySearch shows that the HNSW plan's hybrid
// search walks the index on every search of a connection. A prepared
// statement, after five executions, may keep a generic plan, which knows
// neither the filters nor the LIMIT and, on the built-in base's 2,046
// vectors, reads every one instead: the search sends its HNSW statement to
// be planned with its arguments each time.
func TestIndexPlanWalksTheIndexEverySearch(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	cfg, err := pgxpool.ParseConfig(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	_, cat := newIndex(t, db, local.New())
	if _, err := cat.Import(ctx, builtIn(t), "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	search, err := postgres.NewIndex(pool, local.New())
	if err != nil {
		t.Fatal(err)
	}
	// pgvector prices an index walk by its candidate list: with the 100
	// candidates of a careerbot connection, reading the 2,046 vectors
	// looks cheaper than the walk, so the searches keep pgvector's 40.
	search = postgres.WithEfRule(search.WithPlan(postgres.PlanIndex), func(int64) int { return 40 })
	// idx_scan of the model's HNSW index, as the search's one connection
	// has counted it: forced out of the connection's pending statistics,
	// then read afresh.
	walks := func() int64 {
		t.Helper()
		if _, err := pool.Exec(ctx, `SELECT pg_stat_force_next_flush()`); err != nil {
			t.Fatal(err)
		}
		var n int64
		err := pool.QueryRow(ctx, `SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = $1`, postgres.ModelIndexName(local.Model)).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := walks()
	const searches = 12
	for i := range searches {
		q := retrieval.Query{Text: fmt.Sprintf("How much does a machine learning engineer earn? %d", i), TextLang: "en", K: 10}
		if hits, err := search.Search(ctx, q); err != nil || len(hits) == 0 {
			t.Fatalf("search %d: %d hits, %v", i, len(hits), err)
		}
	}
	if got := walks() - before; got != searches {
		t.Errorf("%d searches of the HNSW plan walked the index %d times, want every time", searches, got)
	}
}

// TestBulkLoadMergesTheTextIndex shows that a load of many chunks into a
// database that already holds some leaves the full-text index with no
// pending list, which every text search would otherwise read through until
// autovacuum merged it: gin_clean_pending_list finds nothing left to move.
func TestBulkLoadMergesTheTextIndex(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	_, cat := newIndex(t, db, local.New())
	if _, err := cat.Import(ctx, synth.Catalog(300, 10, 1), "test"); err != nil {
		t.Fatal(err)
	}
	rep, err := cat.Import(ctx, builtIn(t), "test")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Chunks < postgres.BulkLoadChunks {
		t.Fatalf("the second import wrote %d chunks, want a bulk load", rep.Chunks)
	}
	var pages int64
	if err := db.Pool.QueryRow(ctx, `SELECT gin_clean_pending_list('chunks_tsv'::regclass)`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if pages != 0 {
		t.Errorf("after the bulk load, the full-text index's pending list held %d pages, want none", pages)
	}
}
