package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/careerbot/careerbot/retrieval"
)

// RRFK is the rank constant of reciprocal-rank fusion: a hit's score is the
// sum over rankings of 1 / (RRFK + rank).
const RRFK = 60

// candidates is how many hits each ranking contributes before fusion, as a
// multiple of k.
const candidates = 4

// CommonWords is how many chunks a word may be found in and still count
// in a search's full-text query: a word found in more says little about a
// chunk, and matching it would make the text ranking score most of a large
// catalog. A knowledge base of fewer chunks keeps every word.
const CommonWords = 1000

// TextScan bounds the chunks the text ranking scores: at most TextScan
// holding every word of the question's text query, then at most TextScan
// holding any.
const TextScan = 600

// hybridSQL ranks chunks by vector distance (HNSW, partial index of the
// model) and by full text (French and English, any informative word: see
// careerbot_text_query), then fuses both rankings by reciprocal rank,
// filters included, in one round trip.
//
// $1 vector, $2 question text, $3 model, $4 kinds, $5 lang, $6 candidates
// per ranking, $7 k, $8 slugs, $9 TextScan, $10 the question's
// language, $11 CommonWords.
const hybridSQL = `
WITH vec AS (
    SELECT ce.chunk_id, ce.embedding::vector({{dims}}) <=> $1::vector({{dims}}) AS distance
    FROM chunk_embeddings ce
    JOIN chunks c ON c.id = ce.chunk_id
    JOIN entries e ON e.id = c.entry_id
    WHERE ce.model = $3 AND e.status = 'published'
      AND (cardinality($4::text[]) = 0 OR e.kind = ANY($4::text[]))
      AND ($5::text = '' OR c.lang = $5::text)
      AND (cardinality($8::text[]) = 0 OR e.slug = ANY($8::text[]))
    ORDER BY ce.embedding::vector({{dims}}) <=> $1::vector({{dims}})
    LIMIT $6
), vec_ranked AS (
    SELECT chunk_id, distance, row_number() OVER (ORDER BY distance) AS rank FROM vec
), tq AS MATERIALIZED (
    SELECT careerbot_text_query($2, $10, '&', $11) AS q_all, careerbot_text_query($2, $10, '|', $11) AS q_any
), txt_all AS (
    SELECT c.id, c.tsv FROM chunks c JOIN entries e ON e.id = c.entry_id
    WHERE c.tsv @@ (SELECT q_all FROM tq) AND e.status = 'published'
      AND (cardinality($4::text[]) = 0 OR e.kind = ANY($4::text[]))
      AND ($5::text = '' OR c.lang = $5::text)
      AND (cardinality($8::text[]) = 0 OR e.slug = ANY($8::text[]))
    LIMIT $9
), txt_any AS (
    SELECT c.id, c.tsv FROM chunks c JOIN entries e ON e.id = c.entry_id
    WHERE c.tsv @@ (SELECT q_any FROM tq) AND e.status = 'published'
      AND (cardinality($4::text[]) = 0 OR e.kind = ANY($4::text[]))
      AND ($5::text = '' OR c.lang = $5::text)
      AND (cardinality($8::text[]) = 0 OR e.slug = ANY($8::text[]))
    LIMIT $9
), txt AS (
    SELECT m.id AS chunk_id, max(ts_rank_cd(m.tsv, tq.q_any, 1)) AS score
    FROM (SELECT id, tsv FROM txt_all UNION ALL SELECT id, tsv FROM txt_any) m, tq
    GROUP BY m.id
    ORDER BY score DESC, m.id
    LIMIT $6
), txt_ranked AS (
    SELECT chunk_id, score, row_number() OVER (ORDER BY score DESC, chunk_id) AS rank FROM txt
), fused AS (
    SELECT coalesce(v.chunk_id, t.chunk_id) AS chunk_id,
           coalesce(1.0 / (60 + v.rank), 0) + coalesce(1.0 / (60 + t.rank), 0) AS rrf,
           coalesce(1 - v.distance, 0) AS similarity, coalesce(t.score, 0) AS text_score,
           coalesce(v.rank, 0) AS vrank, coalesce(t.rank, 0) AS trank
    FROM vec_ranked v FULL OUTER JOIN txt_ranked t ON t.chunk_id = v.chunk_id
)
SELECT c.id, e.id, e.slug, e.kind, e.title, e.title_en, c.heading, c.content, c.lang,
       f.rrf, f.similarity, f.text_score, f.vrank, f.trank
FROM fused f
JOIN chunks c ON c.id = f.chunk_id
JOIN entries e ON e.id = c.entry_id
ORDER BY f.rrf DESC, f.similarity DESC, c.id
LIMIT $7`

// vectorSQL is the vector-only search, for comparison and benchmarks.
const vectorSQL = `
SELECT c.id, e.id, e.slug, e.kind, e.title, e.title_en, c.heading, c.content, c.lang,
       0::float8, 1 - (ce.embedding::vector({{dims}}) <=> $1::vector({{dims}})), 0::float8, 0::bigint, 0::bigint
FROM chunk_embeddings ce
JOIN chunks c ON c.id = ce.chunk_id
JOIN entries e ON e.id = c.entry_id
WHERE ce.model = $2 AND e.status = 'published'
  AND (cardinality($3::text[]) = 0 OR e.kind = ANY($3::text[]))
  AND ($4::text = '' OR c.lang = $4::text)
ORDER BY ce.embedding::vector({{dims}}) <=> $1::vector({{dims}})
LIMIT $5`

// HybridSQL returns the hybrid query as sent, for EXPLAIN in tests and
// benchmarks.
func (ix *Index) HybridSQL() string { return ix.search }

// VectorSQL returns the vector-only query as sent.
func (ix *Index) VectorSQL() string { return ix.vecOnly }

// SearchArgs returns the arguments of HybridSQL for q.
func (ix *Index) SearchArgs(q retrieval.Query) []any {
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	slugs := q.Slugs
	if slugs == nil {
		slugs = []string{}
	}
	return []any{pgvector.NewVector(q.Vector), q.Text, ix.model, kinds, q.Lang, q.K * candidates, q.K, slugs, TextScan, q.TextLang, CommonWords}
}

// Search runs the hybrid search for q. When q.Vector is nil, the text is
// embedded first.
func (ix *Index) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	if q.K <= 0 {
		q.K = 10
	}
	if q.Vector == nil {
		if q.Text == "" {
			return nil, ErrEmptyQuery
		}
		vecs, err := ix.embedder.Embed(ctx, []string{q.Text})
		if err != nil {
			return nil, fmt.Errorf("embed query: %w", err)
		}
		q.Vector = vecs[0]
	}
	ctx, cancel := ix.bounded(ctx)
	defer cancel()
	rows, err := ix.pool.Query(ctx, ix.search, ix.SearchArgs(q)...)
	if err != nil {
		return nil, fmt.Errorf("hybrid search: %w", err)
	}
	return collectHits(rows)
}

// SearchVector runs the vector-only search for q.
func (ix *Index) SearchVector(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	ctx, cancel := ix.bounded(ctx)
	defer cancel()
	rows, err := ix.pool.Query(ctx, ix.vecOnly, pgvector.NewVector(q.Vector), ix.model, kinds, q.Lang, q.K)
	if err != nil {
		return nil, fmt.Errorf("vector search: %w", err)
	}
	return collectHits(rows)
}

func collectHits(rows pgx.Rows) ([]retrieval.Hit, error) {
	hits, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (retrieval.Hit, error) {
		var h retrieval.Hit
		var vrank, trank int64
		err := r.Scan(&h.ChunkID, &h.EntryID, &h.Slug, &h.Kind, &h.Title, &h.TitleEN, &h.Heading, &h.Text, &h.Lang,
			&h.Score, &h.Similarity, &h.TextScore, &vrank, &trank)
		h.VectorRank, h.TextRank = int(vrank), int(trank)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("read search hits: %w", err)
	}
	return hits, nil
}
