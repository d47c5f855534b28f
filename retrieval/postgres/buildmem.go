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

// buildMem returns the maintenance_work_mem, in bytes, under which the
// HNSW graph of n vectors of dims dimensions fits with a quarter to
// spare, within minBuildMem and maxBuildMem.
func buildMem(n, dims int) int64 {
	need := int64(n) * (4*int64(dims) + hnswElementBytes) * 5 / 4
	return min(max(need, minBuildMem), maxBuildMem)
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
