// Package pgtest gives each test a fresh, migrated PostgreSQL database,
// cloned from a template that is migrated once per schema version. It uses
// DATABASE_URL, or the project-local cluster that `make db` starts.
package pgtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/careerbot/careerbot/internal/localdb"
	"github.com/careerbot/careerbot/migrations"
	rpg "github.com/careerbot/careerbot/retrieval/postgres"
)

// DefaultURL is the project-local cluster started by `make db`, on the
// port CAREERBOT_PGPORT names (55432 by default), as careerbot's own default.
func DefaultURL() string {
	u, err := localdb.URLFromEnv(os.Getenv)
	if err != nil {
		// No test can run against a cluster it cannot name.
		panic("pgtest: " + err.Error())
	}
	return u
}

// AdminURL returns the URL tests connect to for creating databases.
func AdminURL() string {
	if u := os.Getenv("DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL()
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// withDB returns base with its database name replaced.
func withDB(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

func schemaHash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// template creates and migrates the template database once per schema.
func template(ctx context.Context) (string, error) {
	templateOnce.Do(func() {
		templateName, templateErr = makeTemplate(ctx)
	})
	return templateName, templateErr
}

func makeTemplate(ctx context.Context) (string, error) {
	hash, err := schemaHash()
	if err != nil {
		return "", fmt.Errorf("hash migrations: %w", err)
	}
	name := "careerbot_tpl_" + hash
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		return "", fmt.Errorf("connect to %s (run 'make db' or set DATABASE_URL): %w", redact(AdminURL()), err)
	}
	defer admin.Close(ctx)
	// Test binaries of several packages run at once: one creates the template.
	if _, err := admin.Exec(ctx, `SELECT pg_advisory_lock(8061420)`); err != nil {
		return "", fmt.Errorf("lock template: %w", err)
	}
	defer admin.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(8061420)`) //nolint:errcheck
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)`, name).Scan(&exists); err != nil {
		return "", fmt.Errorf("look up template: %w", err)
	}
	if exists {
		return name, nil
	}
	if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", fmt.Errorf("drop unfinished template: %w", err)
	}
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", fmt.Errorf("create template: %w", err)
	}
	u, err := withDB(AdminURL(), name)
	if err != nil {
		return "", err
	}
	db, err := sql.Open("pgx", u)
	if err != nil {
		return "", fmt.Errorf("open template: %w", err)
	}
	err = migrations.Up(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	db.Close()
	if err != nil {
		return "", fmt.Errorf("migrate template: %w", err)
	}
	if _, err := admin.Exec(ctx, `ALTER DATABASE `+pgx.Identifier{name}.Sanitize()+` WITH is_template = true`); err != nil {
		return "", fmt.Errorf("mark template: %w", err)
	}
	return name, nil
}

// DB is a fresh database for one test.
type DB struct {
	URL  string
	Pool *pgxpool.Pool
}

// New creates a fresh migrated database for t, dropped when t ends.
func New(t testing.TB) *DB {
	t.Helper()
	ctx := context.Background()
	tpl, err := template(ctx)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "careerbot_test_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()+` TEMPLATE `+pgx.Identifier{tpl}.Sanitize()); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	u, err := withDB(AdminURL(), name)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := rpg.Connect(ctx, u, rpg.Config{MaxConns: 8})
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		pool.Close()
		c, err := pgx.Connect(context.Background(), AdminURL())
		if err != nil {
			t.Errorf("pgtest: connect to drop %s: %v", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
		}
	})
	return &DB{URL: u, Pool: pool}
}

func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "DATABASE_URL"
	}
	return p.Redacted()
}
