package migrations_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/migrations"
)

// Migration 14 copies onto each stored vector its entry's kind and status
// and its chunk's language, and requires them of the vectors written next.
func TestVectorFiltersMigration(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	sqlDB, err := sql.Open("pgx", db.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 13); err != nil {
		t.Fatalf("migrate down to 13: %v", err)
	}
	for _, q := range []string{
		`INSERT INTO entries (slug, kind, lang, status, title, summary, content_hash, created_by, updated_by) VALUES
			('data-engineer', 'role', 'fr', 'published', 'Data engineer', 'Construit les pipelines.', 'h1', 'test', 'test'),
			('old-course', 'training', 'fr', 'archived', 'Ancien cours', 'Plus proposé.', 'h2', 'test', 'test')`,
		`INSERT INTO chunks (entry_id, ordinal, lang, content, hash)
			SELECT id, 0, 'fr', summary, content_hash FROM entries
			UNION ALL SELECT id, 1, 'en', title, content_hash || 'en' FROM entries`,
		`INSERT INTO chunk_embeddings (chunk_id, model, embedding) SELECT id, 'test-model', '[1,0,0]' FROM chunks`,
	} {
		if _, err := sqlDB.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("migrate up: %v", err)
	}
	var vectors, stale int
	if err := sqlDB.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE ce.kind IS DISTINCT FROM e.kind
		OR ce.status IS DISTINCT FROM e.status OR ce.lang IS DISTINCT FROM c.lang)
		FROM chunk_embeddings ce JOIN chunks c ON c.id = ce.chunk_id JOIN entries e ON e.id = c.entry_id`).Scan(&vectors, &stale); err != nil {
		t.Fatal(err)
	}
	if vectors != 4 || stale != 0 {
		t.Errorf("after the migration: %d vectors, %d without their entry's kind and status and their chunk's language", vectors, stale)
	}
	if _, err := sqlDB.ExecContext(ctx, `INSERT INTO chunk_embeddings (chunk_id, model, embedding)
		SELECT id, 'other-model', '[1,0,0]' FROM chunks LIMIT 1`); err == nil {
		t.Error("a vector without its filters was written")
	}
}
