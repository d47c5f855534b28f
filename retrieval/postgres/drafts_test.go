package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// Drafts are saved together, their relations to each other kept; a draft
// whose slug is taken is refused and nothing is written, so a draft never
// overwrites an entry.
func TestSaveDrafts(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	_, cat := newIndex(t, db, local.New())
	cur := postgres.Curation{Store: postgres.New(db.Pool), Catalog: cat}
	if _, err := cat.Import(ctx, knowledge.NewCatalog([]*knowledge.Entry{entry("python", "Le langage.")}), "test"); err != nil {
		t.Fatal(err)
	}
	draft := func(slug string, related ...string) *knowledge.Entry {
		e := entry(slug, "Un brouillon.", related...)
		e.Status = knowledge.StatusDraft
		return e
	}

	// The first draft relates to the second, saved after it.
	if err := cur.SaveDrafts(ctx, []*knowledge.Entry{draft("mlops", "pytorch", "python"), draft("pytorch")}, "slack:U1"); err != nil {
		t.Fatal(err)
	}
	got, err := cur.Get(ctx, "mlops")
	if err != nil || got.Status != knowledge.StatusDraft || got.UpdatedBy != "slack:U1" || len(got.Relations.Related) != 2 {
		t.Fatalf("saved draft: %+v (%v)", got, err)
	}

	// A taken slug: refused, nothing written.
	err = cur.SaveDrafts(ctx, []*knowledge.Entry{draft("keras"), draft("python")}, "slack:U1")
	if !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("draft on a taken slug: %v, want ErrConflict", err)
	}
	if _, err := cur.Get(ctx, "keras"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("keras written despite the refusal: %v", err)
	}
	if py, _ := cur.Get(ctx, "python"); py.Status != knowledge.StatusPublished || py.Summary != "Le langage." {
		t.Fatalf("python overwritten: %+v", py)
	}
}
