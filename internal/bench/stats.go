package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/migrations"
)

// latencies collects durations.
type latencies []time.Duration

// ms returns the p-th percentile (0 to 100, nearest rank) in milliseconds.
func (l latencies) ms(p float64) float64 {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	i = min(max(i, 0), len(s)-1)
	return float64(s[i].Microseconds()) / 1000
}

// addLatencies adds the p50, p95 and p99 of l as prefix_p50_ms and so on.
func (r *run) addLatencies(system string, chunks int, prefix string, l latencies) {
	r.res.add(system, chunks, prefix+"_p50_ms", l.ms(50))
	r.res.add(system, chunks, prefix+"_p95_ms", l.ms(95))
	r.res.add(system, chunks, prefix+"_p99_ms", l.ms(99))
}

// withDB returns base with its database name replaced.
func withDB(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parse database url: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// createDB (re)creates an empty database and returns its URL.
func createDB(ctx context.Context, admin, name string) (string, error) {
	c, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", fmt.Errorf("connect to PostgreSQL (run 'make db' or set DATABASE_URL): %w", err)
	}
	defer c.Close(ctx)
	id := pgx.Identifier{name}.Sanitize()
	if _, err := c.Exec(ctx, `DROP DATABASE IF EXISTS `+id+` WITH (FORCE)`); err != nil {
		return "", fmt.Errorf("drop database %s: %w", name, err)
	}
	if _, err := c.Exec(ctx, `CREATE DATABASE `+id); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	return withDB(admin, name)
}

// dropDB drops a database made by createDB.
func dropDB(admin, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, admin)
	if err != nil {
		return fmt.Errorf("connect to drop %s: %w", name, err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

// migrate applies careerbot's migrations to the database at u.
func migrate(ctx context.Context, u string) error {
	db, err := sql.Open("pgx", u)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	return migrations.Up(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
}
