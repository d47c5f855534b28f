package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

func entry(slug, summary string, related ...string) *knowledge.Entry {
	return &knowledge.Entry{
		Slug: slug, Kind: knowledge.KindSkill, Lang: "fr", Status: knowledge.StatusPublished,
		Title: slug, Summary: summary, Relations: knowledge.Relations{Related: related},
		Sources: []knowledge.Source{{Article: "a.md", Title: "A", Publisher: "P", Date: "2023"}},
	}
}

// SaveMany creates new entries, revises changed ones and leaves unchanged
// ones alone, as Save does one by one; SaveRelationsMany links them and
// names the entry whose relation points nowhere.
func TestSaveMany(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	save := func(entries ...*knowledge.Entry) []postgres.Saved {
		t.Helper()
		var out []postgres.Saved
		err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
			s, err := postgres.SaveMany(ctx, tx, entries, "import", "test")
			out = s
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := save(entry("python", "v1"), entry("sql", "v1"))
	if !first[0].Created || !first[1].Created || first[0].Revision != 1 || first[0].ID == first[1].ID {
		t.Errorf("first save: %+v", first)
	}
	again := save(entry("python", "v2"), entry("sql", "v1"), entry("rust", "v1"))
	want := []postgres.Saved{
		{ID: first[0].ID, Revision: 2, Changed: true},
		{ID: first[1].ID, Revision: 1},
	}
	for i, w := range want {
		if again[i] != w {
			t.Errorf("entry %d: %+v, want %+v", i, again[i], w)
		}
	}
	if !again[2].Created {
		t.Errorf("rust: %+v", again[2])
	}
	var revisions int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM entry_revisions`).Scan(&revisions); err != nil {
		t.Fatal(err)
	}
	if revisions != 4 { // python 1 and 2, sql 1, rust 1
		t.Errorf("%d revisions, want 4", revisions)
	}

	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		return postgres.SaveRelationsMany(ctx, tx, map[int64]*knowledge.Entry{
			first[0].ID: entry("python", "v2", "sql", "rust"),
			first[1].ID: entry("sql", "v1", "python"),
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	var relations int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM relations`).Scan(&relations); err != nil {
		t.Fatal(err)
	}
	if relations != 3 {
		t.Errorf("%d relations, want 3", relations)
	}
	err = pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		return postgres.SaveRelationsMany(ctx, tx, map[int64]*knowledge.Entry{first[1].ID: entry("sql", "v1", "cobol")})
	})
	if err == nil || !strings.Contains(err.Error(), `save relations of sql: "cobol" is not an entry`) {
		t.Errorf("relation to a missing entry: %v", err)
	}
}
