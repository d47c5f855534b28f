package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// The bounds of the memory given to the index builds of a bulk load.
// pgvector builds an HNSW graph in memory while it fits in
// maintenance_work_mem, and goes on much more slowly on disk once it does
// not (it says so with a NOTICE). A parallel build also reserves all of
// maintenance_work_mem at once in the server's shared memory (/dev/shm),
// so the setting is sized from the load rather than fixed: a small load
// does not ask a small server for what only a large one needs.
const (
	minBuildMem = 64 << 20 // PostgreSQL's default maintenance_work_mem
	maxBuildMem = 1 << 30
)

// hnswElementBytes is what pgvector's in-memory graph holds for each
// vector besides its floats: the element, its heap pointers and about
// 2m neighbours of 16 bytes each at m = 16, with room for the upper
// layers. At 384 dimensions, 100,000 vectors need about 256 MB, which
// the 195 MB index they make on disk bears out.
const hnswElementBytes = 1024

// GraphMemory returns the maintenance_work_mem, in bytes, under which
// pgvector builds the HNSW graph of n vectors of dims dimensions in memory,
// with a quarter to spare. An import asks for it up to 1 GB (enough for
// about 300,000 vectors of 384 dimensions); an operator whose knowledge
// base is larger sets maintenance_work_mem to at least this, which the
// import then keeps.
func GraphMemory(n, dims int) int64 {
	return int64(n) * (4*int64(dims) + hnswElementBytes) * 5 / 4
}

// buildMem returns GraphMemory within minBuildMem and maxBuildMem.
func buildMem(n, dims int) int64 {
	return min(max(GraphMemory(n, dims), minBuildMem), maxBuildMem)
}

// raiseMaintenanceMem gives the index builds of tx, for n vectors of dims
// dimensions, the memory buildMem says, when the server's setting is
// lower; a higher setting of the operator's is kept.
func raiseMaintenanceMem(ctx context.Context, tx pgx.Tx, n, dims int) error {
	kb := strconv.FormatInt(buildMem(n, dims)>>10, 10) + "kB"
	if _, err := tx.Exec(ctx, `SELECT set_config('maintenance_work_mem', $1, true)
		WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes($1)`, kb); err != nil {
		return fmt.Errorf("raise maintenance_work_mem for the index builds: %w", err)
	}
	return nil
}
