package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// A create of a slug that is stored already, or that another transaction
// is creating at the same moment, is a conflict and overwrites nothing.
func TestSaveCreateOfExistingSlugConflicts(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	save := func(tx pgx.Tx, slug, summary string) error {
		_, err := postgres.Save(ctx, tx, entry(slug, summary), "create", "test", 0)
		return err
	}
	inTx := func(f func(tx pgx.Tx) error) error { return pgx.BeginFunc(ctx, db.Pool, f) }
	summary := func(slug string) (string, int) {
		t.Helper()
		var s string
		var revs int
		if err := db.Pool.QueryRow(ctx, `SELECT e.summary, (SELECT count(*) FROM entry_revisions r WHERE r.entry_id = e.id)
			FROM entries e WHERE slug = $1`, slug).Scan(&s, &revs); err != nil {
			t.Fatal(err)
		}
		return s, revs
	}

	// One after the other.
	if err := inTx(func(tx pgx.Tx) error { return save(tx, "python", "first") }); err != nil {
		t.Fatal(err)
	}
	err := inTx(func(tx pgx.Tx) error { return save(tx, "python", "second") })
	if !errors.Is(err, postgres.ErrConflict) {
		t.Fatalf("second create: %v, want ErrConflict", err)
	}
	if s, revs := summary("python"); s != "first" || revs != 1 {
		t.Fatalf("after the second create: summary %q, %d revisions; want the first, 1", s, revs)
	}

	// At the same moment: the second waits on the first's row, then
	// conflicts.
	tx1, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx1.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if err := save(tx1, "rust", "first"); err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() { second <- inTx(func(tx pgx.Tx) error { return save(tx, "rust", "second") }) }()
	select {
	case err := <-second:
		t.Fatalf("the second create did not wait for the first: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	if err := tx1.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-second; !errors.Is(err, postgres.ErrConflict) {
		t.Fatalf("concurrent create: %v, want ErrConflict", err)
	}
	if s, revs := summary("rust"); s != "first" || revs != 1 {
		t.Fatalf("after concurrent creates: summary %q, %d revisions; want the first, 1", s, revs)
	}

	// Edits and imports still write over what is stored.
	if err := inTx(func(tx pgx.Tx) error {
		_, err := postgres.Save(ctx, tx, entry("python", "edited"), "update", "test", 1)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if s, revs := summary("python"); s != "edited" || revs != 2 {
		t.Fatalf("after an edit: summary %q, %d revisions", s, revs)
	}
}
