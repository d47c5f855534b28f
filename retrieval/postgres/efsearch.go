package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// EfSearchChunks is the catalog size, in published chunks, up to which the
// HNSW plan's searches keep EfSearch candidates; a larger catalog keeps
// more (see efSearch).
const EfSearchChunks = 100_000

// EfSearchGrowth is how many published chunks past EfSearchChunks add one
// candidate to a search's list.
const EfSearchGrowth = 3000

// MaxEfSearch bounds the candidates of a search however large the catalog:
// pgvector accepts up to 1,000.
const MaxEfSearch = 1000

// efSearch is the HNSW candidate list size (hnsw.ef_search) of a search
// among total published chunks. A walk of the graph that keeps a fixed
// number of candidates finds fewer of the true nearest neighbours as the
// graph grows: with 100, recall@10 was 0.98 at 100,000 chunks and 0.87 at
// 1,000,000; at 1,000,000, 300 candidates found 0.946 and 400 found 0.960,
// for a hybrid search p99 of 18.8 and 22.5 ms (docs/benchmarks.md). The
// list grows linearly from EfSearch at EfSearchChunks to 400 at 1,000,000,
// rounded to a multiple of 50, so that a connection's setting changes only
// when the catalog changes by tens of thousands of chunks.
func efSearch(total int64) int {
	if total <= EfSearchChunks {
		return EfSearch
	}
	ef := int64(EfSearch) + (total-EfSearchChunks)/EfSearchGrowth
	ef = (ef + 25) / 50 * 50
	return int(min(ef, MaxEfSearch))
}

// efKey is where a connection remembers the hnsw.ef_search it was given,
// in its pgconn custom data.
const efKey = "careerbot.hnsw.ef_search"

// setEfSearch gives conn hnsw.ef_search = ef for its session, unless it
// has it already: one round trip on a connection's first search, and after
// the catalog grew or shrank past a step of efSearch, none otherwise.
func setEfSearch(ctx context.Context, conn *pgx.Conn, ef int) error {
	data := conn.PgConn().CustomData()
	if data[efKey] == ef {
		return nil
	}
	if _, err := conn.Exec(ctx, `SELECT set_config('hnsw.ef_search', $1, false)`, strconv.Itoa(ef)); err != nil {
		return fmt.Errorf("set hnsw.ef_search to %d: %w", ef, err)
	}
	data[efKey] = ef
	return nil
}
