// Package postgres is careerbot's pgvector index: it writes chunks and their
// vectors with COPY, imports catalogs atomically (entries, revisions, chunks
// and vectors in one transaction), and runs the hybrid search (vector and
// full text, fused by reciprocal rank) in one SQL round trip.
package postgres

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxvec "github.com/pgvector/pgvector-go/pgx"
)

// EfSearch is the HNSW candidate list size a connection starts with, and
// that of every search in a catalog of up to EfSearchChunks chunks (see
// efSearch for larger ones). With iterative scans, filtered queries keep
// scanning until they have k hits.
const EfSearch = 100

// Config tunes the connection pool.
type Config struct {
	// MaxConns bounds the pool; 0 keeps pgx's default.
	MaxConns int32
}

// Connect opens a pool on url, with pgvector's types registered and the
// HNSW search settings applied to every connection. It does not wait for the
// server: use Ping for that.
func Connect(ctx context.Context, url string, cfg Config) (*pgxpool.Pool, error) {
	pc, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	if cfg.MaxConns > 0 {
		pc.MaxConns = cfg.MaxConns
	}
	rp := pc.ConnConfig.RuntimeParams
	rp["application_name"] = "careerbot"
	rp["hnsw.ef_search"] = strconv.Itoa(EfSearch)
	rp["hnsw.iterative_scan"] = "relaxed_order"
	// Partial HNSW indexes are chosen per model; a custom plan sees the
	// model name and so can match the index predicate.
	rp["plan_cache_mode"] = "force_custom_plan"
	// A call whose context ends (a timeout) is cancelled at the server as
	// well: a statement waiting on a lock must not go on, and commit, after
	// its caller gave up. The connection is cut if the server does not
	// answer the cancel within a second.
	pc.ConnConfig.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: time.Second}
	}
	pc.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		if err := pgxvec.RegisterTypes(ctx, conn); err != nil {
			return fmt.Errorf("register pgvector types (is the vector extension installed? run 'careerbot migrate'): %w", err)
		}
		conn.PgConn().CustomData()[efKey] = EfSearch
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("open database pool: %w", err)
	}
	return pool, nil
}
