package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/careerbot/careerbot/bot/slackapp"
	"github.com/careerbot/careerbot/migrations"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// readiness tells whether this replica can answer: the database answers,
// no migration is pending, the active embedding model has vectors, and it
// is the model this replica searches with.
type readiness struct {
	pool *pgxpool.Pool
	db   *sql.DB
	// migrated stays true once no migration was pending: a running binary
	// never sees new migrations of its own.
	migrated atomic.Bool
	// searching is the embedding model this replica read at start and
	// searches with; when a 'careerbot kb reindex' elsewhere activates
	// another, the replica is not ready until it restarts: it would search
	// vectors the switch no longer keeps up to date. Empty skips the check.
	searching string
}

func newReadiness(pool *pgxpool.Pool) *readiness {
	return &readiness{pool: pool, db: stdlib.OpenDBFromPool(pool)}
}

// readiness returns the readiness check of the app's replica.
func (a *App) readiness() *readiness {
	r := newReadiness(a.Pool)
	r.searching = a.Index.Embedder().Model()
	return r
}

// Close releases the database/sql handle (not the pool).
func (r *readiness) Close() error { return r.db.Close() }

// Check returns what keeps the replica from answering, or nil: a
// *slackapp.NotReady whose reason, said in /readyz's body, names no
// credentials or hosts; the cause, which may, goes to the log only.
func (r *readiness) Check(ctx context.Context) error {
	if err := r.pool.Ping(ctx); err != nil {
		return &slackapp.NotReady{Reason: "database unreachable", Err: err}
	}
	if !r.migrated.Load() {
		n, err := migrations.Pending(ctx, r.db)
		if err != nil {
			return &slackapp.NotReady{Reason: "database migrations could not be read", Err: err}
		}
		if n > 0 {
			return &slackapp.NotReady{Reason: fmt.Sprintf("%d database migrations pending: run 'careerbot migrate'", n)}
		}
		r.migrated.Store(true)
	}
	cov, err := postgres.ActiveCoverage(ctx, r.pool)
	if errors.Is(err, postgres.ErrNoActiveModel) {
		return &slackapp.NotReady{Reason: "no active embedding model: run 'careerbot kb reindex'"}
	}
	if err != nil {
		return &slackapp.NotReady{Reason: "the knowledge base's vectors could not be counted", Err: err}
	}
	switch {
	case cov.Chunks == 0:
		return &slackapp.NotReady{Reason: "the knowledge base is empty: run 'careerbot kb import'"}
	case cov.Embedded == 0:
		return &slackapp.NotReady{Reason: fmt.Sprintf("the active embedding model %s has no vectors: run 'careerbot kb reindex'", cov.Model)}
	}
	if r.searching != "" && cov.Model != r.searching {
		return &slackapp.NotReady{Reason: fmt.Sprintf("active embedding model changed from %s to %s: restart this replica, which searches with the model it read at start", r.searching, cov.Model)}
	}
	return nil
}
