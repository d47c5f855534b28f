package postgres

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/pgvector/pgvector-go"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// Index stores chunks and vectors of one embedding model and searches them.
type Index struct {
	pool     *pgxpool.Pool
	embedder retrieval.Embedder
	model    string
	dims     int
	// The search queries of each plan, with the model's dimension.
	indexSQL, exactSQL statements
	plan               Plan         // PlanAuto: chosen per search
	counts             *chunkCounts // shared by the copies of With…
	// queryTimeout, when > 0, bounds each search query (not the embedding
	// of its text, which its own client bounds).
	queryTimeout time.Duration
	// efFor is the HNSW candidate list size of a search among so many
	// published chunks: efSearch, but for the tests.
	efFor func(total int64) int
}

// NewIndex returns an index that embeds with e. The model's dimension is
// fixed in the SQL text (an index expression must match the query's), and
// is the only value ever written into it: a validated integer.
func NewIndex(pool *pgxpool.Pool, e retrieval.Embedder) (*Index, error) {
	d := e.Dims()
	if d < 1 || d > 2000 {
		return nil, fmt.Errorf("embedder %s has %d dimensions: HNSW indexes take 1 to 2000", e.Model(), d)
	}
	dims := strconv.Itoa(d)
	return &Index{
		pool: pool, embedder: e, model: e.Model(), dims: d,
		indexSQL: newStatements(indexDistance, indexVectors, vectorSQL, dims),
		exactSQL: newStatements(exactDistance, exactVectors, exactVectorSQL, dims),
		counts:   &chunkCounts{},
		efFor:    efSearch,
	}, nil
}

// WithQueryTimeout returns the index with each search query bounded by d,
// so that a locked or stalled database fails a search in d instead of
// holding the answer.
func (ix *Index) WithQueryTimeout(d time.Duration) *Index {
	c := *ix
	c.queryTimeout = d
	return &c
}

// bounded is ctx within the index's query timeout.
func (ix *Index) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	if ix.queryTimeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, ix.queryTimeout)
}

// Embedder returns the index's embedder.
func (ix *Index) Embedder() retrieval.Embedder { return ix.embedder }

// EnsureModel registers the index's model and its HNSW index, once.
func (ix *Index) EnsureModel(ctx context.Context) error {
	_, err := ix.pool.Exec(ctx, `INSERT INTO embedding_models (name, dims) VALUES ($1, $2)
		ON CONFLICT (name) DO NOTHING`, ix.model, ix.dims)
	if err != nil {
		return fmt.Errorf("register embedding model %s: %w", ix.model, err)
	}
	var dims int
	if err := ix.pool.QueryRow(ctx, `SELECT dims FROM embedding_models WHERE name = $1`, ix.model).Scan(&dims); err != nil {
		return fmt.Errorf("read embedding model %s: %w", ix.model, err)
	}
	if dims != ix.dims {
		return fmt.Errorf("embedding model %s is stored with %d dimensions but the embedder gives %d: use another model name", ix.model, dims, ix.dims)
	}
	if _, err := ix.pool.Exec(ctx, `SELECT careerbot_ensure_model_index($1, $2)`, ix.model, ix.dims); err != nil {
		return fmt.Errorf("create HNSW index for %s: %w", ix.model, err)
	}
	return nil
}

// pendingChunk is a chunk to write.
type pendingChunk struct {
	entryID int64
	chunk   retrieval.Chunk
	hash    string
}

// BulkLoadChunks is the number of chunks from which the first load of a
// database builds the HNSW index after COPY instead of inserting every
// vector into it: building the graph once from all vectors is several
// times faster than growing it row by row.
const BulkLoadChunks = 100

// writeChunks replaces the chunks of the given entries within tx, with COPY
// for chunks and vectors. When the database holds no vector yet and many
// chunks are written, the full-text index and the model's HNSW index are
// dropped first and built again after COPY, in the same transaction:
// nothing can be searched yet, so holding the table for the builds keeps
// no one waiting. With deferHNSW, the HNSW index is left for the caller to
// build once tx is committed (st.hnswPending). The chunks are copied
// while e embeds them; their vectors are copied once it is done.
func (ix *Index) writeChunks(ctx context.Context, tx pgx.Tx, entryIDs []int64, pending []pendingChunk, e *embedding, deferHNSW bool, st *indexStats) error {
	t := time.Now()
	var hnsw string
	if len(pending) >= BulkLoadChunks {
		err := tx.QueryRow(ctx, `SELECT coalesce((SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
			WHERE i.indrelid = 'chunk_embeddings'::regclass AND c.relname = $1
			AND NOT EXISTS (SELECT 1 FROM chunk_embeddings)), '')`, modelIndexName(ix.model)).Scan(&hnsw)
		if err != nil {
			return fmt.Errorf("check for a first load: %w", err)
		}
	}
	if hnsw != "" {
		if _, err := tx.Exec(ctx, `DROP INDEX `+pgx.Identifier{hnsw}.Sanitize()); err != nil {
			return fmt.Errorf("drop HNSW index for the bulk load: %w", err)
		}
		if _, err := tx.Exec(ctx, `DROP INDEX IF EXISTS chunks_tsv`); err != nil {
			return fmt.Errorf("drop full-text index for the bulk load: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM chunks WHERE entry_id = ANY($1)`, entryIDs); err != nil {
		return fmt.Errorf("delete old chunks: %w", err)
	}
	if len(pending) == 0 {
		return countChunks(ctx, tx)
	}
	ids := make([]int64, 0, len(pending))
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('chunks', 'id')) FROM generate_series(1, $1)`, len(pending))
	if err != nil {
		return fmt.Errorf("allocate chunk ids: %w", err)
	}
	ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("allocate chunk ids: %w", err)
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"chunks"},
		[]string{"id", "entry_id", "ordinal", "lang", "heading", "content", "hash"},
		pgx.CopyFromSlice(len(pending), func(i int) ([]any, error) {
			p := pending[i]
			return []any{ids[i], p.entryID, p.chunk.Ordinal, p.chunk.Lang, p.chunk.Heading, p.chunk.Text, p.hash}, nil
		}))
	if err != nil {
		return fmt.Errorf("copy chunks: %w", err)
	}
	// Each vector carries what searches filter on (migration 00014): its
	// chunk's language, and its entry's kind and status as the entries'
	// rows, written above in the same transaction, say them.
	type filters struct{ kind, status string }
	of := make(map[int64]filters, len(entryIDs))
	rows, err = tx.Query(ctx, `SELECT id, kind, status FROM entries WHERE id = ANY($1)`, entryIDs)
	if err != nil {
		return fmt.Errorf("read the entries' kinds: %w", err)
	}
	var id int64
	var f filters
	if _, err := pgx.ForEachRow(rows, []any{&id, &f.kind, &f.status}, func() error {
		of[id] = f
		return nil
	}); err != nil {
		return fmt.Errorf("read the entries' kinds: %w", err)
	}
	vecs, err := e.wait()
	st.embed = e.took
	if err != nil {
		return err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"chunk_embeddings"},
		[]string{"chunk_id", "model", "embedding", "kind", "status", "lang"},
		pgx.CopyFromSlice(len(pending), func(i int) ([]any, error) {
			p, v := pending[i], vecs[i]
			if len(v) != ix.dims {
				return nil, fmt.Errorf("vector of %d dimensions for model %s of %d", len(v), ix.model, ix.dims)
			}
			f, ok := of[p.entryID]
			if !ok {
				return nil, fmt.Errorf("chunk of entry %d, which is not stored", p.entryID)
			}
			return []any{ids[i], ix.model, pgvector.NewVector(v), f.kind, f.status, p.chunk.Lang}, nil
		}))
	if err != nil {
		return fmt.Errorf("copy vectors: %w", err)
	}
	if hnsw != "" {
		if err := raiseMaintenanceMem(ctx, tx, len(pending), ix.dims); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT careerbot_ensure_text_index()`); err != nil {
			return fmt.Errorf("build full-text index: %w", err)
		}
	}
	st.write = time.Since(t)
	switch {
	case hnsw != "" && deferHNSW:
		st.hnswPending = true
	case hnsw != "":
		t = time.Now()
		if _, err := tx.Exec(ctx, `SELECT careerbot_ensure_model_index($1, $2)`, ix.model, ix.dims); err != nil {
			return fmt.Errorf("build HNSW index for %s: %w", ix.model, err)
		}
		st.buildHNSW = time.Since(t)
	}
	if err := countChunks(ctx, tx); err != nil {
		return err
	}
	if len(pending) >= BulkLoadChunks {
		// The search leaves out of its text query the words most chunks
		// hold, as ANALYZE counts them: count them now rather than when
		// autovacuum comes by.
		if _, err := tx.Exec(ctx, `ANALYZE chunks`); err != nil {
			return fmt.Errorf("analyze chunks after a bulk load: %w", err)
		}
		// Rows added to a GIN index wait in its pending list, which every
		// full-text search reads through until autovacuum merges it: the
		// 2,046 chunks of the built-in base, imported into a database
		// that already holds others, made each search 1.5 ms slower. A
		// first load builds the index afresh and has no list to merge.
		if hnsw == "" {
			if _, err := tx.Exec(ctx, `SELECT gin_clean_pending_list('chunks_tsv'::regclass)`); err != nil {
				return fmt.Errorf("merge the full-text index's pending list after a bulk load: %w", err)
			}
		}
	}
	return nil
}

// BuildIndex builds the model's HNSW index if it is missing, as an import
// with ImportOptions.IndexAfterCommit leaves it: searches read every
// vector until it exists, and keep running while it is built (the build
// holds back writes of chunks only).
func (ix *Index) BuildIndex(ctx context.Context) error {
	err := pgx.BeginFunc(ctx, ix.pool, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM chunk_embeddings WHERE model = $1`, ix.model).Scan(&n); err != nil {
			return fmt.Errorf("count the vectors to index: %w", err)
		}
		if err := raiseMaintenanceMem(ctx, tx, n, ix.dims); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `SELECT careerbot_ensure_model_index($1, $2)`, ix.model, ix.dims)
		return err
	})
	if err != nil {
		return fmt.Errorf("build HNSW index for %s: %w", ix.model, err)
	}
	return nil
}

// HasIndex reports whether the model's HNSW index exists.
func (ix *Index) HasIndex(ctx context.Context) (bool, error) {
	var ok bool
	err := ix.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid = 'chunk_embeddings'::regclass AND c.relname = $1)`, modelIndexName(ix.model)).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("look for the HNSW index of %s: %w", ix.model, err)
	}
	return ok, nil
}

// countChunks counts again, within tx, the published chunks of each kind
// and language, from which the search chooses its plan.
func countChunks(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `SELECT careerbot_count_chunks()`); err != nil {
		return fmt.Errorf("count chunks: %w", err)
	}
	return nil
}

// IndexEntries chunks, embeds and writes the given entries (id → entry)
// within tx, replacing their previous chunks. It returns how many chunks
// were written and how many were embedded (the rest reused stored vectors).
func (ix *Index) IndexEntries(ctx context.Context, tx pgx.Tx, entries map[int64]*knowledge.Entry) (written, embedded int, err error) {
	st, err := ix.indexEntries(ctx, tx, entries, false)
	return st.written, st.embedded, err
}

// indexStats says what indexEntries did and how long each step took.
type indexStats struct {
	written, embedded       int
	embed, write, buildHNSW time.Duration
	// hnswPending: the HNSW index was dropped for a bulk load and is
	// left to build after commit.
	hnswPending bool
}

func (ix *Index) indexEntries(ctx context.Context, tx pgx.Tx, entries map[int64]*knowledge.Entry, deferHNSW bool) (indexStats, error) {
	var st indexStats
	var ids []int64
	var chunks []retrieval.Chunk
	var owners []int64
	// In the entries' order, so that one catalog imported twice gets its
	// chunks numbered alike, and searches break ties alike.
	for _, id := range slices.Sorted(maps.Keys(entries)) {
		ids = append(ids, id)
		for _, c := range retrieval.ChunkEntry(entries[id]) {
			chunks = append(chunks, c)
			owners = append(owners, id)
		}
	}
	e, err := ix.startEmbedding(ctx, tx, chunks)
	if err != nil {
		return st, err
	}
	defer e.stop()
	pending := make([]pendingChunk, len(chunks))
	for i, c := range chunks {
		pending[i] = pendingChunk{entryID: owners[i], chunk: c, hash: c.Hash()}
	}
	if err := ix.writeChunks(ctx, tx, ids, pending, e, deferHNSW, &st); err != nil {
		return st, err
	}
	st.written, st.embedded = len(pending), e.embedded
	return st, nil
}

// ErrEmptyQuery is returned by Search for a query with neither text nor
// vector.
var ErrEmptyQuery = errors.New("empty search query")
