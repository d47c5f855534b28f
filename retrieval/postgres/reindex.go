package postgres

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/pgvector/pgvector-go"

	"github.com/careerbot/careerbot/retrieval"
)

// Model is an embedding model registered in the database.
type Model struct {
	Name   string
	Dims   int
	Active bool // its vectors answer searches
	Ready  bool // every chunk had its vector when it was activated
}

// ErrNoActiveModel is returned when no embedding model is active.
var ErrNoActiveModel = errors.New("no active embedding model")

// ActiveModel returns the model whose vectors answer searches. Every
// replica reads it at start, so all of them search the same vectors.
func ActiveModel(ctx context.Context, pool *pgxpool.Pool) (Model, error) {
	var m Model
	err := pool.QueryRow(ctx, `SELECT name, dims, active, ready FROM embedding_models WHERE active`).
		Scan(&m.Name, &m.Dims, &m.Active, &m.Ready)
	if errors.Is(err, pgx.ErrNoRows) {
		return Model{}, ErrNoActiveModel
	}
	if err != nil {
		return Model{}, fmt.Errorf("read the active embedding model: %w", err)
	}
	return m, nil
}

// Models lists the registered embedding models, by name.
func Models(ctx context.Context, pool *pgxpool.Pool) ([]Model, error) {
	rows, err := pool.Query(ctx, `SELECT name, dims, active, ready FROM embedding_models ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list embedding models: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Model, error) {
		var m Model
		err := r.Scan(&m.Name, &m.Dims, &m.Active, &m.Ready)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("list embedding models: %w", err)
	}
	return out, nil
}

// DropModel deletes an embedding model that is not active: its vectors, its
// HNSW index and its registration, in one transaction.
func DropModel(ctx context.Context, pool *pgxpool.Pool, name string) error {
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var active bool
		err := tx.QueryRow(ctx, `SELECT active FROM embedding_models WHERE name = $1 FOR UPDATE`, name).Scan(&active)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if active {
			return fmt.Errorf("%s is the active model: activate another one first", name)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM chunk_embeddings WHERE model = $1`, name); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DROP INDEX IF EXISTS `+pgx.Identifier{modelIndexName(name)}.Sanitize()); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM embedding_models WHERE name = $1`, name)
		return err
	})
	if err != nil {
		return fmt.Errorf("drop embedding model %s: %w", name, err)
	}
	return nil
}

// modelIndexName is the name careerbot_ensure_model_index (migration 00001)
// gives the HNSW index of a model; the two must agree.
func modelIndexName(model string) string {
	sum := md5.Sum([]byte(model))
	return "chunk_embeddings_hnsw_" + hex.EncodeToString(sum[:])[:12]
}

// WithLock runs fn while holding the database-wide advisory lock named key,
// so that replicas starting at once do such work one after the other.
func WithLock(ctx context.Context, pool *pgxpool.Pool, key string, fn func() error) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("lock %q: %w", key, err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, key); err != nil {
		return fmt.Errorf("lock %q: %w", key, err)
	}
	defer func() {
		// A failed unlock ends with the connection: drop it so the lock goes too.
		if _, err := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, key); err != nil {
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	return fn()
}

// CountChunks returns how many chunks the knowledge base has.
func CountChunks(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM chunks`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count chunks: %w", err)
	}
	return n, nil
}

// ReindexReport says what a reindex did.
type ReindexReport struct {
	Model    string
	Previous string // the model active before
	Chunks   int    // chunks given a vector of the model
	Embedded int    // of which embedded (the others reused a stored vector of the same text)
}

// DefaultReindexBatch is how many chunks a reindex embeds per round.
const DefaultReindexBatch = 256

const missingSQL = `SELECT c.id, c.ordinal, c.lang, c.heading, c.content FROM chunks c
	WHERE NOT EXISTS (SELECT 1 FROM chunk_embeddings ce WHERE ce.chunk_id = c.id AND ce.model = $1)
	ORDER BY c.id LIMIT $2`

const countMissingSQL = `SELECT count(*) FROM chunks c
	WHERE NOT EXISTS (SELECT 1 FROM chunk_embeddings ce WHERE ce.chunk_id = c.id AND ce.model = $1)`

// insertVectorSQL skips a chunk deleted since it was read, and a vector
// another reindex wrote first. The vector carries what searches filter on
// (migration 00014), read from its chunk and entry.
const insertVectorSQL = `INSERT INTO chunk_embeddings (chunk_id, model, embedding, kind, status, lang)
	SELECT c.id, $2::text, $3::vector, e.kind, e.status, c.lang
	FROM chunks c JOIN entries e ON e.id = c.entry_id WHERE c.id = $1::bigint
	ON CONFLICT (chunk_id, model) DO NOTHING`

// Reindex gives every chunk a vector of the index's model, batch by batch,
// reusing the stored vector of any chunk with the same text, then makes
// the model the active one in one transaction. Until then searches use the
// previous model, whose vectors stay. Chunks written meanwhile (an import
// through the previous model) are picked up before the switch. progress,
// when set, is called with the chunks done and the total known so far. An
// interrupted reindex resumes where it stopped.
func (ix *Index) Reindex(ctx context.Context, batch int, progress func(done, total int)) (ReindexReport, error) {
	rep := ReindexReport{Model: ix.model}
	if batch <= 0 {
		batch = DefaultReindexBatch
	}
	if err := ix.EnsureModel(ctx); err != nil {
		return rep, err
	}
	if prev, err := ActiveModel(ctx, ix.pool); err == nil {
		rep.Previous = prev.Name
	} else if !errors.Is(err, ErrNoActiveModel) {
		return rep, err
	}
	var remaining int
	if err := ix.pool.QueryRow(ctx, countMissingSQL, ix.model).Scan(&remaining); err != nil {
		return rep, fmt.Errorf("count chunks to reindex: %w", err)
	}
	report := func() {
		if progress != nil {
			progress(rep.Chunks, rep.Chunks+remaining)
		}
	}
	report()
	for {
		n, embedded, err := ix.fillMissing(ctx, ix.pool, batch)
		if err != nil {
			return rep, err
		}
		if n == 0 {
			break
		}
		rep.Chunks += n
		rep.Embedded += embedded
		if err := ix.pool.QueryRow(ctx, countMissingSQL, ix.model).Scan(&remaining); err != nil {
			return rep, fmt.Errorf("count chunks to reindex: %w", err)
		}
		report()
	}
	// Switch: with chunk writes held off, give the last chunks written
	// meanwhile their vectors, then activate the model.
	err := pgx.BeginFunc(ctx, ix.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE chunks IN SHARE MODE`); err != nil {
			return fmt.Errorf("hold chunk writes: %w", err)
		}
		for {
			n, embedded, err := ix.fillMissing(ctx, tx, batch)
			if err != nil {
				return err
			}
			if n == 0 {
				break
			}
			rep.Chunks += n
			rep.Embedded += embedded
		}
		if _, err := tx.Exec(ctx, `UPDATE embedding_models SET active = false WHERE active AND name <> $1`, ix.model); err != nil {
			return fmt.Errorf("deactivate the previous model: %w", err)
		}
		// The other models' vectors stay, but are no longer kept up to
		// date: switching back reindexes what changed.
		if _, err := tx.Exec(ctx, `UPDATE embedding_models SET ready = false WHERE name <> $1`, ix.model); err != nil {
			return fmt.Errorf("mark the other models: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE embedding_models SET active = true, ready = true WHERE name = $1`, ix.model); err != nil {
			return fmt.Errorf("activate %s: %w", ix.model, err)
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("switch to embedding model %s: %w", ix.model, err)
	}
	remaining = 0
	report()
	return rep, nil
}

type execQuerier interface {
	querier
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// fillMissing gives up to limit chunks lacking a vector of the model their
// vector. It returns how many it wrote and how many it embedded.
func (ix *Index) fillMissing(ctx context.Context, q execQuerier, limit int) (written, embedded int, err error) {
	rows, err := q.Query(ctx, missingSQL, ix.model, limit)
	if err != nil {
		return 0, 0, fmt.Errorf("read chunks to reindex: %w", err)
	}
	var ids []int64
	var chunks []retrieval.Chunk
	var id int64
	var c retrieval.Chunk
	if _, err := pgx.ForEachRow(rows, []any{&id, &c.Ordinal, &c.Lang, &c.Heading, &c.Text}, func() error {
		ids = append(ids, id)
		chunks = append(chunks, c)
		return nil
	}); err != nil {
		return 0, 0, fmt.Errorf("read chunks to reindex: %w", err)
	}
	if len(chunks) == 0 {
		return 0, 0, nil
	}
	vecs, embedded, err := ix.embedChunks(ctx, q, chunks)
	if err != nil {
		return 0, 0, err
	}
	b := &pgx.Batch{}
	for i, id := range ids {
		if len(vecs[i]) != ix.dims {
			return 0, 0, fmt.Errorf("vector of %d dimensions for model %s of %d", len(vecs[i]), ix.model, ix.dims)
		}
		b.Queue(insertVectorSQL, id, ix.model, pgvector.NewVector(vecs[i]))
	}
	if err := q.SendBatch(ctx, b).Close(); err != nil {
		return 0, 0, fmt.Errorf("write vectors of %s: %w", ix.model, err)
	}
	return len(ids), embedded, nil
}
