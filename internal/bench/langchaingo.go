package bench

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tmc/langchaingo/schema"
	"github.com/tmc/langchaingo/vectorstores"
	lcpg "github.com/tmc/langchaingo/vectorstores/pgvector"

	"github.com/careerbot/careerbot/retrieval/local"
)

// lcEmbedder gives langchaingo careerbot's offline embedder through its
// embeddings.Embedder interface. Questions embedded beforehand are served
// from memory, as careerbot's timed queries are given their vectors.
type lcEmbedder struct {
	e      *local.Embedder
	mu     sync.RWMutex
	cached map[string][]float32
}

func (l *lcEmbedder) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	return l.e.Embed(ctx, texts)
}

func (l *lcEmbedder) EmbedQuery(_ context.Context, text string) ([]float32, error) {
	l.mu.RLock()
	v, ok := l.cached[text]
	l.mu.RUnlock()
	if ok {
		return v, nil
	}
	return l.e.Vector(text), nil
}

// lcBatch is the number of documents per AddDocuments call.
const lcBatch = 1000

// HNSW parameters of langchaingo's indexed store: pgvector's defaults, as
// careerbot's index has them, for the cosine distance its searches use.
const (
	lcHNSWM              = 16
	lcHNSWEfConstruction = 64
)

// lcStore is langchaingo's pgvector store in a database of its own.
type lcStore struct {
	r     *run
	name  string
	pool  *pgxpool.Pool
	store lcpg.Store
	emb   *lcEmbedder
}

// openLangchaingo sets up langchaingo's store as its documentation does,
// with its defaults or with its HNSW index option.
func (r *run) openLangchaingo(ctx context.Context, size int, hnsw bool, queries []query) (*lcStore, error) {
	name := fmt.Sprintf("careerbot_bench_lc_%d", size)
	if hnsw {
		name = fmt.Sprintf("careerbot_bench_lch_%d", size)
	}
	u, err := createDB(ctx, r.opt.AdminURL, name)
	if err != nil {
		return nil, err
	}
	s := &lcStore{r: r, name: name, emb: &lcEmbedder{e: r.embed, cached: map[string][]float32{}}}
	for _, q := range queries {
		s.emb.cached[q.Text] = q.Vector
	}
	if s.pool, err = pgxpool.New(ctx, u); err != nil {
		s.close()
		return nil, fmt.Errorf("open pool: %w", err)
	}
	// The defaults have no vector index. WithHNSWIndex creates one with the
	// table, upkept at every insert; SimilaritySearch cannot use it (its
	// MATERIALIZED CTE hides the column from the planner: see the plans in
	// docs/benchmarks.md).
	opts := []lcpg.Option{lcpg.WithConn(s.pool), lcpg.WithEmbedder(s.emb), lcpg.WithVectorDimensions(local.Dims),
		lcpg.WithCollectionName("careerbot")}
	if hnsw {
		opts = append(opts, lcpg.WithHNSWIndex(lcHNSWM, lcHNSWEfConstruction, "vector_cosine_ops"))
	}
	if s.store, err = lcpg.New(ctx, opts...); err != nil {
		s.close()
		return nil, fmt.Errorf("create store: %w", err)
	}
	return s, nil
}

func (s *lcStore) add(ctx context.Context, docs []peerDoc) error {
	lc := make([]schema.Document, len(docs))
	for i, d := range docs {
		meta := make(map[string]any, len(d.meta))
		for k, v := range d.meta {
			meta[k] = v
		}
		lc[i] = schema.Document{PageContent: d.text, Metadata: meta}
	}
	for i := 0; i < len(lc); i += lcBatch {
		if _, err := s.store.AddDocuments(ctx, lc[i:min(i+lcBatch, len(lc))]); err != nil {
			return err
		}
	}
	return nil
}

func (s *lcStore) settle(ctx context.Context) (float64, error) {
	if _, err := s.pool.Exec(ctx, "VACUUM ANALYZE"); err != nil {
		return 0, fmt.Errorf("vacuum: %w", err)
	}
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT pg_total_relation_size('langchain_pg_embedding')`).Scan(&n); err != nil {
		return 0, fmt.Errorf("table size: %w", err)
	}
	return float64(n) / (1 << 20), nil
}

func (s *lcStore) search(ctx context.Context, q query, filter map[string]string) ([]float64, error) {
	var opts []vectorstores.Option
	if filter != nil {
		f := make(map[string]any, len(filter))
		for k, v := range filter {
			f[k] = v
		}
		opts = append(opts, vectorstores.WithFilters(f))
	}
	docs, err := s.store.SimilaritySearch(ctx, q.Text, K, opts...)
	if err != nil {
		return nil, err
	}
	d := make([]float64, len(docs))
	for i, doc := range docs {
		d[i] = 1 - float64(doc.Score)
	}
	return d, nil
}

// lcSearchSQL is the statement SimilaritySearch sends, with its
// collection and no filter.
const lcSearchSQL = `WITH filtered_embedding_dims AS MATERIALIZED (
    SELECT * FROM langchain_pg_embedding WHERE vector_dims(embedding) = $1)
SELECT data.document, data.cmetadata, (1 - data.distance) AS score
FROM (SELECT filtered_embedding_dims.*, embedding <=> $2 AS distance
      FROM filtered_embedding_dims
      JOIN langchain_pg_collection ON filtered_embedding_dims.collection_id = langchain_pg_collection.uuid
      WHERE langchain_pg_collection.name = 'careerbot') AS data
WHERE TRUE
ORDER BY data.distance
LIMIT $3`

func (s *lcStore) explain(ctx context.Context, r *run, title string, q query) error {
	return r.explain(ctx, s.pool, title, lcSearchSQL, local.Dims, pgvecOf(q.Vector), K)
}

func (s *lcStore) close() {
	if s.pool != nil {
		s.pool.Close()
	}
	if err := dropDB(s.r.opt.AdminURL, s.name); err != nil {
		s.r.log.Warn("drop database", "err", err)
	}
}
