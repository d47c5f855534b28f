package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Coverage says how many chunks of the knowledge base have a vector of the
// active embedding model.
type Coverage struct {
	Model    string
	Chunks   int
	Embedded int
}

// Missing is how many chunks the active model has no vector for.
func (c Coverage) Missing() int { return c.Chunks - c.Embedded }

// ActiveCoverage returns the coverage of the active embedding model.
func ActiveCoverage(ctx context.Context, pool *pgxpool.Pool) (Coverage, error) {
	var c Coverage
	err := pool.QueryRow(ctx, `
		SELECT m.name,
		       (SELECT count(*) FROM chunks),
		       (SELECT count(*) FROM chunk_embeddings e JOIN chunks c ON c.id = e.chunk_id WHERE e.model = m.name)
		FROM embedding_models m WHERE m.active`).Scan(&c.Model, &c.Chunks, &c.Embedded)
	if errors.Is(err, pgx.ErrNoRows) {
		return Coverage{}, ErrNoActiveModel
	}
	if err != nil {
		return Coverage{}, fmt.Errorf("count the vectors of the active embedding model: %w", err)
	}
	return c, nil
}

// ErrNoVector is returned when the vector extension is not installed.
var ErrNoVector = errors.New("the vector extension (pgvector) is not installed in this database")

// VectorVersion returns the version of the installed pgvector extension,
// and the version the server offers.
func VectorVersion(ctx context.Context, pool *pgxpool.Pool) (installed, available string, err error) {
	var inst, avail *string
	err = pool.QueryRow(ctx, `
		SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector'),
		       (SELECT default_version FROM pg_available_extensions WHERE name = 'vector')`).Scan(&inst, &avail)
	if err != nil {
		return "", "", fmt.Errorf("read the pgvector version: %w", err)
	}
	if avail != nil {
		available = *avail
	}
	if inst == nil {
		return "", available, ErrNoVector
	}
	return *inst, available, nil
}
