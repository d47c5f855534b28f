package bench

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// afterCommitSizes is the largest size at which the import that commits
// before building its HNSW index is measured too: at 1M chunks it would
// add a second build of several minutes to a run that already takes an
// hour.
const afterCommitSizes = 100_000

// careerbotDB is a database of careerbot's, migrated, with its store.
type careerbotDB struct {
	url     string
	pool    *pgxpool.Pool
	ix      *postgres.Index
	catalog *postgres.Catalog
	close   func()
}

// careerbotDB creates the database name for a catalog of size chunks.
// When their HNSW graph needs more memory than an import asks for (past
// about 300,000 chunks), the database's maintenance_work_mem is set to what
// it needs, as the operator of so large a knowledge base does
// (docs/operations.md): without it, pgvector builds most of the graph on
// disk, many times more slowly.
func (r *run) careerbotDB(ctx context.Context, name string, size int) (*careerbotDB, error) {
	u, err := createDB(ctx, r.opt.AdminURL, name)
	if err != nil {
		return nil, err
	}
	drop := func() {
		if err := dropDB(r.opt.AdminURL, name); err != nil {
			r.log.Warn("drop database", "err", err)
		}
	}
	if need := postgres.GraphMemory(size, r.embed.Dims()); need > 1<<30 {
		if err := setBuildMemory(ctx, u, name, need); err != nil {
			drop()
			return nil, err
		}
		r.res.add(Careerbot, size, "build_memory_mb", float64(need>>20))
	}
	if err := migrate(ctx, u); err != nil {
		drop()
		return nil, err
	}
	pool, err := postgres.Connect(ctx, u, postgres.Config{MaxConns: 8})
	if err != nil {
		drop()
		return nil, err
	}
	ix, err := postgres.NewIndex(pool, r.embed)
	if err != nil {
		pool.Close()
		drop()
		return nil, err
	}
	return &careerbotDB{url: u, pool: pool, ix: ix, catalog: postgres.NewCatalog(pool, ix), close: func() {
		pool.Close()
		drop()
	}}, nil
}

// setBuildMemory sets the maintenance_work_mem of database name to need
// bytes.
func setBuildMemory(ctx context.Context, u, name string, need int64) error {
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", name, err)
	}
	defer c.Close(ctx)
	kb := strconv.FormatInt(need>>10, 10) + "kB"
	if _, err := c.Exec(ctx, `ALTER DATABASE `+pgx.Identifier{name}.Sanitize()+` SET maintenance_work_mem = '`+kb+`'`); err != nil {
		return fmt.Errorf("set maintenance_work_mem of %s: %w", name, err)
	}
	return nil
}

// importAfterCommit measures, in a database of its own, the import that
// commits its entries, chunks and vectors before building their HNSW
// index (kb import --index-after-commit): how soon the chunks can be
// searched (by exact scans), and how soon the index is built.
func (r *run) importAfterCommit(ctx context.Context, size int, cat *knowledge.Catalog) error {
	db, err := r.careerbotDB(ctx, fmt.Sprintf("careerbot_bench_cb_commit_%d", size), size)
	if err != nil {
		return err
	}
	defer db.close()
	r.log.Info("careerbot: import, index after commit", "size", size)
	t0 := time.Now()
	rep, err := db.catalog.ImportWith(ctx, cat, "bench", postgres.ImportOptions{IndexAfterCommit: true})
	if err != nil {
		return fmt.Errorf("import with the index after commit: %w", err)
	}
	indexed := time.Since(t0)
	r.res.add(Careerbot, size, "ingest_commit_s", rep.CommitTime.Seconds())
	r.res.add(Careerbot, size, "ingest_commit_chunks_per_s", float64(rep.Chunks)/rep.CommitTime.Seconds())
	r.res.add(Careerbot, size, "ingest_commit_indexed_s", indexed.Seconds())
	return nil
}
