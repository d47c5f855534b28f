package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tmc/langchaingo/schema"
	"github.com/tmc/langchaingo/vectorstores"
	lcpg "github.com/tmc/langchaingo/vectorstores/pgvector"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
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

// langchaingo measures langchaingo's pgvector store at one size, with the
// same chunks, vectors, questions and k as careerbot.
func (r *run) langchaingo(ctx context.Context, size int, chunks []retrieval.Chunk, kinds []knowledge.Kind, queries []query, exact []float64, explain bool) error {
	name := fmt.Sprintf("careerbot_bench_lc_%d", size)
	u, err := createDB(ctx, r.opt.AdminURL, name)
	if err != nil {
		return err
	}
	defer func() {
		if err := dropDB(r.opt.AdminURL, name); err != nil {
			r.log.Warn("drop database", "err", err)
		}
	}()
	pool, err := pgxpool.New(ctx, u)
	if err != nil {
		return fmt.Errorf("open pool: %w", err)
	}
	defer pool.Close()
	emb := &lcEmbedder{e: r.embed, cached: map[string][]float32{}}
	for _, q := range queries {
		emb.cached[q.Text] = q.Vector
	}
	// The store as its documentation sets it up. No HNSW index: the
	// default, and SimilaritySearch could not use one anyway (its
	// MATERIALIZED CTE hides the column from the planner; see
	// docs/benchmarks.md), while upkeeping it row by row would slow the
	// inserts down several times.
	store, err := lcpg.New(ctx, lcpg.WithConn(pool), lcpg.WithEmbedder(emb), lcpg.WithVectorDimensions(local.Dims),
		lcpg.WithCollectionName("careerbot"))
	if err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	add := func(metric string, v float64) { r.res.add(Langchaingo, size, metric, v) }

	docs := make([]schema.Document, len(chunks))
	for i, c := range chunks {
		docs[i] = schema.Document{PageContent: c.EmbedText(), Metadata: map[string]any{"kind": string(kinds[i]), "lang": c.Lang}}
	}
	r.log.Info("langchaingo: import", "chunks", len(docs))
	t0 := time.Now()
	for i := 0; i < len(docs); i += lcBatch {
		if _, err := store.AddDocuments(ctx, docs[i:min(i+lcBatch, len(docs))]); err != nil {
			return fmt.Errorf("add documents: %w", err)
		}
	}
	ingest := time.Since(t0)
	add("chunks_loaded", float64(len(docs)))
	add("ingest_s", ingest.Seconds())
	add("ingest_chunks_per_s", float64(len(docs))/ingest.Seconds())
	if _, err := pool.Exec(ctx, "VACUUM ANALYZE"); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	if err := r.tableSizes(ctx, pool, Langchaingo, size, `SELECT pg_total_relation_size('langchain_pg_embedding')`, ""); err != nil {
		return err
	}

	r.log.Info("langchaingo: queries", "n", r.opt.Queries)
	for _, q := range queries[:min(len(queries), 100)] {
		if _, err := store.SimilaritySearch(ctx, q.Text, K); err != nil {
			return fmt.Errorf("similarity search: %w", err)
		}
	}
	var lat, flat latencies
	var full int
	var recall float64
	more := func(l latencies, n int, start time.Time) bool {
		if len(l) >= n {
			return false
		}
		return r.opt.PeerBudget <= 0 || len(l) < r.opt.PeerMinQueries || time.Since(start) < r.opt.PeerBudget
	}
	start := time.Now()
	for i, q := range queries {
		if !more(lat, r.opt.Queries, start) {
			break
		}
		t := time.Now()
		docs, err := store.SimilaritySearch(ctx, q.Text, K)
		if err != nil {
			return fmt.Errorf("similarity search: %w", err)
		}
		lat = append(lat, time.Since(t))
		if i < len(exact) {
			d := make([]float64, len(docs))
			for j, doc := range docs {
				d[j] = 1 - float64(doc.Score)
			}
			recall += recallAt(d, exact[i])
		}
	}
	start = time.Now()
	for _, q := range queries {
		if !more(flat, r.opt.FilteredQueries, start) {
			break
		}
		filters := map[string]any{"kind": string(q.Kind)}
		if q.FilterLang != "" {
			filters["lang"] = q.FilterLang
		}
		t := time.Now()
		docs, err := store.SimilaritySearch(ctx, q.Text, K, vectorstores.WithFilters(filters))
		if err != nil {
			return fmt.Errorf("filtered similarity search: %w", err)
		}
		flat = append(flat, time.Since(t))
		if r.fullK(q, len(docs)) {
			full++
		}
	}
	r.addLatencies(Langchaingo, size, "query", lat)
	r.addLatencies(Langchaingo, size, "filtered_query", flat)
	add("queries_timed", float64(len(lat)))
	add("filtered_queries_timed", float64(len(flat)))
	add("filtered_full_k_ratio", float64(full)/float64(len(flat)))
	add("recall_at_10", recall/float64(min(len(exact), len(lat))))

	if explain {
		// The statement SimilaritySearch sends, with its collection.
		sql := `WITH filtered_embedding_dims AS MATERIALIZED (
    SELECT * FROM langchain_pg_embedding WHERE vector_dims(embedding) = $1)
SELECT data.document, data.cmetadata, (1 - data.distance) AS score
FROM (SELECT filtered_embedding_dims.*, embedding <=> $2 AS distance
      FROM filtered_embedding_dims
      JOIN langchain_pg_collection ON filtered_embedding_dims.collection_id = langchain_pg_collection.uuid
      WHERE langchain_pg_collection.name = 'careerbot') AS data
WHERE TRUE
ORDER BY data.distance
LIMIT $3`
		q := queries[0]
		if err := r.explain(ctx, pool, fmt.Sprintf("langchaingo SimilaritySearch, %d chunks: %q", size, q.Text), sql,
			local.Dims, pgvecOf(q.Vector), K); err != nil {
			return err
		}
	}
	return nil
}
