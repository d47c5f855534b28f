package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pgvector/pgvector-go"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/base"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

func newIndex(t *testing.T, db *pgtest.DB, e retrieval.Embedder) (*postgres.Index, *postgres.Catalog) {
	t.Helper()
	ix, err := postgres.NewIndex(db.Pool, e)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.EnsureModel(context.Background()); err != nil {
		t.Fatal(err)
	}
	return ix, postgres.NewCatalog(db.Pool, ix)
}

func builtIn(t *testing.T) *knowledge.Catalog {
	t.Helper()
	c, err := knowledge.ReadCatalog(base.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// counts returns the row count of each table, to show what a step wrote.
func counts(t *testing.T, db *pgtest.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"entries", "entry_revisions", "relations", "chunks", "chunk_embeddings"} {
		var n int
		if err := db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func TestImportIsIdempotentAndRevised(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	_, cat := newIndex(t, db, local.New())
	c := builtIn(t)
	rep, err := cat.Import(ctx, c, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Created) != len(c.Entries) || rep.Chunks == 0 || rep.Embedded != rep.Chunks {
		t.Errorf("first import: %+v", rep)
	}
	before := counts(t, db)
	rep, err = cat.Import(ctx, c, "test")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != len(c.Entries) || len(rep.Created)+len(rep.Updated) != 0 || rep.Chunks != 0 {
		t.Errorf("second import changed something: %+v", rep)
	}
	if after := counts(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("second import wrote rows: %v → %v", before, after)
	}

	// A changed entry gets a new revision and new chunks; only its new
	// text is embedded.
	var pe *knowledge.Entry
	for _, e := range c.Entries {
		if e.Slug == "prompt-engineer" {
			pe = e
		}
	}
	pe.Body += "\n\n## Note\nUne section ajoutée pour le test."
	rep, err = cat.Import(ctx, c, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Updated) != 1 || rep.Updated[0] != "prompt-engineer" || rep.Embedded != 1 {
		t.Errorf("import of one changed entry: %+v (want 1 updated, 1 chunk embedded)", rep)
	}
	got, err := postgres.New(db.Pool).Get(ctx, "prompt-engineer")
	if err != nil {
		t.Fatal(err)
	}
	if got.Revision != 2 || !strings.Contains(got.Body, "Une section ajoutée") {
		t.Errorf("revision = %d, body updated = %v", got.Revision, strings.Contains(got.Body, "ajoutée"))
	}
	var revs int
	db.Pool.QueryRow(ctx, `SELECT count(*) FROM entry_revisions r JOIN entries e ON e.id = r.entry_id WHERE e.slug = 'prompt-engineer'`).Scan(&revs)
	if revs != 2 {
		t.Errorf("%d revisions of prompt-engineer, want 2", revs)
	}
}

type failingEmbedder struct{ retrieval.Embedder }

func (failingEmbedder) Embed(context.Context, []string) ([][]float32, error) {
	return nil, errors.New("embedding service down")
}

// TestImportIsAtomic shows that a failure while indexing leaves the
// database exactly as it was.
// Two imports of one catalog number its chunks alike, in the entries'
// order: searches break ties between equal scores by chunk id, so an
// import in map order gave one catalog different answers from one
// database to the next.
func TestImportNumbersChunksInEntryOrder(t *testing.T) {
	ctx := context.Background()
	var orders []string
	for range 2 {
		db := pgtest.New(t)
		_, cat := newIndex(t, db, local.New())
		if _, err := cat.Import(ctx, builtIn(t), "test"); err != nil {
			t.Fatal(err)
		}
		var order string
		var backwards int
		err := db.Pool.QueryRow(ctx, `
			SELECT string_agg(e.slug || '/' || c.heading, ',' ORDER BY c.id),
			       count(*) FILTER (WHERE c.entry_id < lag)
			FROM (SELECT *, lag(entry_id) OVER (ORDER BY id) FROM chunks) c JOIN entries e ON e.id = c.entry_id`).Scan(&order, &backwards)
		if err != nil {
			t.Fatal(err)
		}
		if backwards != 0 {
			t.Errorf("%d chunks numbered after a chunk of a later entry", backwards)
		}
		orders = append(orders, order)
	}
	if orders[0] != orders[1] {
		t.Error("two imports of the built-in catalog numbered its chunks differently")
	}
}

func TestImportIsAtomic(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	_, cat := newIndex(t, db, local.New())
	if _, err := cat.Import(ctx, builtIn(t), "test"); err != nil {
		t.Fatal(err)
	}
	before := counts(t, db)
	_, broken := newIndex(t, db, failingEmbedder{local.New()})
	c := builtIn(t)
	for _, e := range c.Entries {
		e.Summary += " Révisé."
	}
	c.Entries = append(c.Entries, &knowledge.Entry{Slug: "new-entry", Kind: knowledge.KindSkill, Lang: "fr", Status: knowledge.StatusPublished,
		Title: "Nouvelle", Summary: "Nouvelle entrée.", Sources: []knowledge.Source{{Article: "x", Title: "x"}}})
	if _, err := broken.Import(ctx, c, "test"); err == nil || !strings.Contains(err.Error(), "embedding service down") {
		t.Fatalf("import with a failing embedder: err = %v", err)
	}
	if after := counts(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a failed import wrote rows: %v → %v", before, after)
	}
}

func TestImportRefusesDanglingRelation(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	_, cat := newIndex(t, db, local.New())
	file := "---\nslug: lonely\nkind: role\nlang: fr\ntitle: Seul\nsummary: Un rôle.\nsources:\n  - article: a\n    title: t\n    publisher: p\n    date: \"2023\"\nrelations:\n  requires: [missing-skill]\n---\n"
	c, err := knowledge.ReadCatalog(fstest.MapFS{"lonely.md": {Data: []byte(file)}}, ".")
	if err == nil {
		_, err = cat.Import(ctx, c, "test")
	}
	if err == nil || !strings.Contains(err.Error(), `lonely.md:13: relations.requires: "missing-skill" is not an entry`) {
		t.Fatalf("err = %v", err)
	}
	if n := counts(t, db)["entries"]; n != 0 {
		t.Errorf("%d entries written", n)
	}
}

func TestHybridSearchFindsAndFilters(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	ix, cat := newIndex(t, db, local.New())
	if _, err := cat.Import(ctx, builtIn(t), "test"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    retrieval.Query
		want string
	}{
		{retrieval.Query{Text: "Qu'est-ce qu'un prompt engineer ?", K: 10}, "prompt-engineer"},
		{retrieval.Query{Text: "What is a psydesigner?", K: 10}, "psydesigner"},
		{retrieval.Query{Text: "taux journalier moyen des ingénieurs en IA", K: 10, Kinds: []knowledge.Kind{knowledge.KindInsight}}, "darwinx-ai-engineer-daily-rate"},
	}
	for _, tt := range tests {
		hits, err := ix.Search(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Slug)
		}
		// The assistant ranks entries; the search must bring the right one
		// among its hits.
		if !slices.Contains(got, tt.want) {
			t.Errorf("Search(%q): got %v, want %s among them", tt.q.Text, got, tt.want)
		}
		for _, h := range hits {
			if len(tt.q.Kinds) > 0 && h.Kind != tt.q.Kinds[0] {
				t.Errorf("Search(%q) with kind filter returned a %s", tt.q.Text, h.Kind)
			}
		}
	}
	// Archived entries are never found.
	e, _ := postgres.New(db.Pool).Get(ctx, "psydesigner")
	e.Status = knowledge.StatusArchived
	if _, err := cat.Save(ctx, e, "archive", "test", 0); err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Search(ctx, retrieval.Query{Text: "What is a psydesigner?", K: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.Slug == "psydesigner" {
			t.Error("an archived entry was found")
		}
	}
}

func pgvectorOf(v []float32) pgvector.Vector { return pgvector.NewVector(v) }

// With more chunks holding the question's words than the text ranking
// scores by cover density, it scores the best of them, not the first
// stored: the chunk that says "zorblax" most, stored last, ranks first.
func TestTextRankingKeepsTheBestMatches(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	ix, cat := newIndex(t, db, local.New())
	var entries []*knowledge.Entry
	for i := range 650 {
		entries = append(entries, entry(fmt.Sprintf("filler-%04d", i), fmt.Sprintf("Une note numéro %d parmi d'autres, qui cite le zorblax une seule fois au passage.", i)))
	}
	entries = append(entries, entry("zz-target", "Zorblax : le zorblax, encore le zorblax, toujours le zorblax."))
	if _, err := cat.Import(ctx, knowledge.NewCatalog(entries), "test"); err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Search(ctx, retrieval.Query{Text: "zorblax", K: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.Slug == "zz-target" {
			if h.TextRank != 1 {
				t.Errorf("zz-target is ranked %d by text, want 1", h.TextRank)
			}
			return
		}
	}
	t.Errorf("zz-target, the chunk that holds the word most, is not among the hits")
}

// One entry whose many stored questions all resemble the question does not
// fill the hits: an entry's chunks past its first PerEntry come after the
// other entries', so the entry that answers is among them; with no other
// entry to match, they still fill the hits.
func TestSearchKeepsFewChunksPerEntry(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	ix, cat := newIndex(t, db, local.New())
	crowd := entry("crowd", "Les quokkas vivent sur une île et sourient aux touristes.")
	for i := range 12 {
		crowd.Questions = append(crowd.Questions, fmt.Sprintf("Les quokkas sourient-ils aux touristes, version %d ?", i))
	}
	answer := entry("answer", "Un quokka sourit parce que sa mâchoire est ainsi faite.")
	if _, err := cat.Import(ctx, knowledge.NewCatalog([]*knowledge.Entry{crowd, answer}), "test"); err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Search(ctx, retrieval.Query{Text: "Pourquoi les quokkas sourient aux touristes ?", K: 5})
	if err != nil {
		t.Fatal(err)
	}
	// The answer comes before any of the crowd's chunks past its first
	// PerEntry.
	crowdSeen, answerAt, extraAt := 0, -1, -1
	for i, h := range hits {
		switch h.Slug {
		case "answer":
			answerAt = i
		case "crowd":
			if crowdSeen++; crowdSeen > postgres.PerEntry && extraAt < 0 {
				extraAt = i
			}
		}
	}
	if answerAt < 0 || extraAt >= 0 && extraAt < answerAt {
		var got []string
		for _, h := range hits {
			got = append(got, h.Slug)
		}
		t.Errorf("hits %v: want answer among them, before crowd's chunks past its first %d", got, postgres.PerEntry)
	}
	// With only that entry to match, its further chunks still fill the k
	// hits.
	hits, err = ix.Search(ctx, retrieval.Query{Text: "Pourquoi les quokkas sourient aux touristes ?", K: 8, Slugs: []string{"crowd"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 8 {
		t.Errorf("a search limited to one entry of 13 chunks returned %d hits, want 8", len(hits))
	}
}
