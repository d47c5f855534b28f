package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
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

// The catalog version moves on with every write of entries, relations or
// synonyms, and with none of the reads an answer makes.
func TestCatalogVersion(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	ix, cat := newIndex(t, db, local.New())
	store := postgres.New(db.Pool)
	version := func() string {
		t.Helper()
		v, err := store.CatalogVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	empty := version()
	if _, err := cat.Import(ctx, builtIn(t), "test"); err != nil {
		t.Fatal(err)
	}
	imported := version()
	if imported == empty {
		t.Fatalf("version %s unchanged by an import", imported)
	}
	// What an answer reads changes nothing.
	if _, err := store.Entries(ctx, "", knowledge.StatusPublished); err != nil {
		t.Fatal(err)
	}
	if _, err := store.GetMany(ctx, []string{"prompt-engineer", "python"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Search(ctx, retrieval.Query{Text: "prompt engineer", TextLang: "en", K: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.RecordQuestion(ctx, knowledge.Question{UserHash: "u", Surface: "test", Lang: "en", Text: "prompt engineer?"}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != imported {
		t.Fatalf("reads moved the version from %s to %s", imported, v)
	}
	steps := []struct {
		name string
		do   func() error
	}{
		{"archive", func() error { _, err := cat.Archive(ctx, "prompt-engineer", "hr"); return err }},
		{"restore", func() error { _, err := cat.Restore(ctx, "prompt-engineer", 1, "hr"); return err }},
		{"teach", func() error {
			_, err := cat.Teach(ctx, "python", "which language do AI people code in?", "hr")
			return err
		}},
		{"synonyms", func() error {
			c := builtIn(t)
			c.Synonyms = append(c.Synonyms, []string{"gaffer", "boss"})
			_, err := cat.Import(ctx, c, "test")
			return err
		}},
	}
	last := imported
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if v := version(); v == last {
			t.Errorf("%s left the version at %s", s.name, v)
		} else {
			last = v
		}
	}
}
