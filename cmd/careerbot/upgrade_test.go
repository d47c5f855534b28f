package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/retrieval/local"
)

// A knowledge base embedded by an earlier version of the offline embedder
// is embedded again by the current one at start, once even when two
// commands start together; the old version's vectors, index and
// registration are gone afterwards, and answers are grounded.
func TestOfflineEmbedderUpgrade(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const old = "local-hash-v2"
	if !local.Superseded(old) || local.Superseded(local.Model) {
		t.Fatalf("%s should be superseded by %s", old, local.Model)
	}
	// The state a database of the earlier version is in: its vectors, of
	// the old model, active; none of the current model.
	for _, q := range []string{
		`UPDATE embedding_models SET active = false`,
		`INSERT INTO embedding_models (name, dims, active, ready) VALUES ('` + old + `', 384, true, true)`,
		`SELECT careerbot_ensure_model_index('` + old + `', 384)`,
		`INSERT INTO chunk_embeddings (chunk_id, model, embedding, kind, status, lang) SELECT chunk_id, '` + old + `', embedding, kind, status, lang FROM chunk_embeddings WHERE model = '` + local.Model + `'`,
		`DELETE FROM chunk_embeddings WHERE model = '` + local.Model + `'`,
		`DELETE FROM embedding_models WHERE name = '` + local.Model + `'`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	// Two processes start at once, each logging to its own stderr.
	env := copyEnv(c.env, "CAREERBOT_LOG_LEVEL", "info")
	procs := []*process{
		start(t, env, "ask", "--json", "Qu'est-ce qu'un prompt engineer ?"),
		start(t, env, "ask", "--json", "Qu'est-ce qu'un prompt engineer ?"),
	}
	upgrades := 0
	for _, p := range procs {
		if code := p.wait(60 * time.Second); code != 0 {
			t.Fatalf("ask: exit %d\n%s", code, p.stderr.String())
		}
		upgrades += strings.Count(p.stderr.String(), "offline embedder upgraded")
		var got askJSON
		if err := json.Unmarshal([]byte(p.stdout.String()), &got); err != nil {
			t.Fatalf("ask --json: %v\n%s", err, p.stdout.String())
		}
		if !got.Grounded || len(got.Citations) == 0 || got.Citations[0].Slug != "prompt-engineer" {
			t.Errorf("after the upgrade: grounded %v, citations %+v", got.Grounded, got.Citations)
		}
	}
	if upgrades != 1 {
		t.Errorf("the upgrade was logged %d times, want once:\n%s\n%s", upgrades, procs[0].stderr.String(), procs[1].stderr.String())
	}

	var active string
	var chunks, vectors, oldRows, oldIndexes int
	err = conn.QueryRow(ctx, `SELECT (SELECT name FROM embedding_models WHERE active),
		(SELECT count(*) FROM chunks),
		(SELECT count(*) FROM chunk_embeddings WHERE model = $1),
		(SELECT count(*) FROM chunk_embeddings WHERE model = $2) + (SELECT count(*) FROM embedding_models WHERE name = $2),
		(SELECT count(*) FROM pg_class WHERE relname = 'chunk_embeddings_hnsw_' || substr(md5($2), 1, 12))`,
		local.Model, old).Scan(&active, &chunks, &vectors, &oldRows, &oldIndexes)
	if err != nil {
		t.Fatal(err)
	}
	if active != local.Model || vectors != chunks || chunks == 0 {
		t.Errorf("active %s with %d vectors for %d chunks, want %s with every chunk", active, vectors, chunks, local.Model)
	}
	if oldRows != 0 || oldIndexes != 0 {
		t.Errorf("%s left %d rows and %d indexes behind", old, oldRows, oldIndexes)
	}

	// Once upgraded, starting again does nothing more.
	p := start(t, env, "ask", "What is a prompt engineer?")
	if code := p.wait(60 * time.Second); code != 0 || strings.Contains(p.stderr.String(), "offline embedder upgraded") {
		t.Errorf("second start: exit %d\n%s", code, p.stderr.String())
	}
}
