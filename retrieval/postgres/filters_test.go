package postgres_test

import (
	"context"
	"testing"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// staleFilters counts the vectors whose copies of what searches filter on
// (migration 00014) differ from their chunk's language or their entry's
// kind and status.
func staleFilters(t *testing.T, db *pgtest.DB) int {
	t.Helper()
	var n int
	err := db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM chunk_embeddings ce
		JOIN chunks c ON c.id = ce.chunk_id JOIN entries e ON e.id = c.entry_id
		WHERE ce.kind <> e.kind OR ce.status <> e.status OR ce.lang <> c.lang`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// renamed is an embedder under another model name, to reindex with.
type renamed struct{ retrieval.Embedder }

func (renamed) Model() string { return "local-renamed" }

// TestVectorFiltersFollowEntries shows that every vector carries its
// entry's kind and status and its chunk's language, whichever way they
// were written or changed since: an import, a reindex into another model,
// an entry archived through the catalog, and entries and chunks changed in
// place by SQL; and that the exact plan, which filters on those copies,
// follows them.
func TestVectorFiltersFollowEntries(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	ix, cat := newIndex(t, db, local.New())
	if _, err := cat.Import(ctx, builtIn(t), "test"); err != nil {
		t.Fatal(err)
	}
	exact := ix.WithPlan(postgres.PlanExact)
	var slug string
	var kind knowledge.Kind
	if err := db.Pool.QueryRow(ctx, `SELECT slug, kind FROM entries WHERE kind = 'skill' ORDER BY slug LIMIT 1`).Scan(&slug, &kind); err != nil {
		t.Fatal(err)
	}
	q := retrieval.Query{Text: "apprendre Python pour l'IA", TextLang: "fr", K: 10, Slugs: []string{slug}}
	// found reports whether the vector ranking of the exact plan, which
	// reads the copies, found the entry.
	found := func(q retrieval.Query) bool {
		t.Helper()
		hits, err := exact.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.VectorRank > 0 {
				return true
			}
		}
		return false
	}
	if !found(q) {
		t.Fatalf("the vector ranking does not find entry %s", slug)
	}

	steps := []struct {
		name string
		run  func() error
		// found is whether the search restricted to the entry, filtered
		// by its first kind, finds it afterwards.
		found bool
	}{
		{"reindex into another model", func() error {
			other, err := postgres.NewIndex(db.Pool, renamed{local.New()})
			if err != nil {
				return err
			}
			_, err = other.Reindex(ctx, 0, nil)
			return err
		}, true},
		{"archived through the catalog", func() error {
			e, err := postgres.New(db.Pool).Get(ctx, slug)
			if err != nil {
				return err
			}
			e.Status = knowledge.StatusArchived
			_, err = cat.Save(ctx, e, "archive", "test", e.Revision)
			return err
		}, false},
		{"published again in place", func() error {
			_, err := db.Pool.Exec(ctx, `UPDATE entries SET status = 'published' WHERE slug = $1`, slug)
			return err
		}, true},
		{"another kind in place", func() error {
			_, err := db.Pool.Exec(ctx, `UPDATE entries SET kind = 'training' WHERE slug = $1`, slug)
			return err
		}, false},
		{"a chunk's language in place", func() error {
			_, err := db.Pool.Exec(ctx, `UPDATE chunks SET lang = CASE lang WHEN 'fr' THEN 'en' ELSE 'fr' END
				WHERE id = (SELECT min(c.id) FROM chunks c JOIN entries e ON e.id = c.entry_id WHERE e.slug = $1)`, slug)
			return err
		}, false},
	}
	for _, st := range steps {
		if err := st.run(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if n := staleFilters(t, db); n != 0 {
			t.Errorf("after %s: %d vectors disagree with their chunk or entry", st.name, n)
		}
		fq := q
		fq.Kinds = []knowledge.Kind{kind}
		if got := found(fq); got != st.found {
			t.Errorf("after %s: the vector ranking found %s among %ss: %v, want %v", st.name, slug, kind, got, st.found)
		}
	}
}
