package migrations_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/migrations"
)

// Migration 10 drops the clear Slack user id of the events pending when it
// runs, and keeps the rest of what they need to be answered.
func TestPendingEventPrivacyMigration(t *testing.T) {
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
	if _, err := p.DownTo(ctx, 9); err != nil {
		t.Fatalf("migrate down to 9: %v", err)
	}
	if _, err := sqlDB.ExecContext(ctx, `INSERT INTO slack_events (event_id, channel, ts, request) VALUES
		('Ev0OLDFORM', 'C0', '1.1', '{"channel":"C0","ts":"1.1","user":"U0ALICE","text":"Que fait un data engineer ?","surface":"slack_mention"}'),
		('Ev0DONE', 'C0', '1.2', NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("migrate up: %v", err)
	}
	var hasUser bool
	var text, channel string
	if err := sqlDB.QueryRowContext(ctx, `SELECT request ? 'user', request->>'text', request->>'channel' FROM slack_events WHERE event_id = 'Ev0OLDFORM'`).
		Scan(&hasUser, &text, &channel); err != nil {
		t.Fatal(err)
	}
	if hasUser || text != "Que fait un data engineer ?" || channel != "C0" {
		t.Errorf("after the migration: user kept %v, text %q, channel %q", hasUser, text, channel)
	}
	var done *string
	if err := sqlDB.QueryRowContext(ctx, `SELECT request::text FROM slack_events WHERE event_id = 'Ev0DONE'`).Scan(&done); err != nil || done != nil {
		t.Errorf("an answered event got a request: %v (%v)", done, err)
	}
}
