package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// RRFK is the rank constant of reciprocal-rank fusion: a hit's score is the
// sum over rankings of 1 / (RRFK + rank). The hybrid query takes it as an
// argument.
const RRFK = 60

// candidates is how many hits each ranking contributes before fusion, as a
// multiple of k.
const candidates = 4

// PerEntry is how many of one entry's chunks the hybrid search ranks
// before the other entries' chunks: an entry whose many stored questions
// all resemble the question would otherwise fill the k hits, and the entry
// that answers it would not be among them. An entry's further chunks come
// after every entry's first PerEntry, so that a search still returns k hits
// when few entries match (a selective filter).
const PerEntry = 3

// CommonWords is how many chunks a word may be found in and still count
// in a search's full-text query: a word found in more says little about a
// chunk, and matching it would make the text ranking score most of a large
// catalog. A knowledge base of fewer chunks keeps every word.
const CommonWords = 1000

// TextRerank is how many of the text matches, as a multiple of the candidates
// the text ranking gives, are ranked by cover density (ts_rank_cd), the
// order the ranking keeps: the others are first ordered by the cheaper
// ts_rank, and only its best are scored again. ts_rank_cd costs about ten
// microseconds a chunk, most of a small catalog's search when it scored
// every match; the evaluation sets give the same answers either way.
const TextRerank = 2

// hybridSQL ranks chunks by vector distance (the HNSW index of the model,
// or an exact scan: see Plan) and by full text (French and English, any
// informative word: see careerbot_text_query), then fuses both rankings by
// reciprocal rank, filters included, in one round trip.
//
// $1 vector, $2 question text, $3 model, $4 kinds, $5 lang, $6 candidates
// per ranking, $7 k, $8 slugs, $9 the question's language, $10 the words
// found in more than CommonWords chunks, $11 RRFK, $12 the text matches ranked by cover density ($6
// × TextRerank): the best of every match by ts_rank, however many there
// are (CommonWords bounds them), not the first found, which would let a
// catalog's older entries shadow the rest; $13 PerEntry.
const hybridSQL = `
WITH vec AS (
    SELECT ce.chunk_id, {{distance}} AS distance
    {{vectors}}
    ORDER BY {{distance}}
    LIMIT $6
), vec_ranked AS (
    SELECT chunk_id, distance, row_number() OVER (ORDER BY distance) AS rank FROM vec
), tq AS MATERIALIZED (
    SELECT careerbot_text_query($2, $9, '|', $10::text[]) AS q_any
), txt_pre AS (
    SELECT c.id, c.tsv
    FROM chunks c JOIN entries e ON e.id = c.entry_id, tq
    WHERE c.tsv @@ tq.q_any AND {{filter}}
    ORDER BY ts_rank(c.tsv, tq.q_any, 1) DESC, c.id
    LIMIT $12
), txt AS (
    SELECT m.id AS chunk_id, ts_rank_cd(m.tsv, tq.q_any, 1) AS score
    FROM txt_pre m, tq
    ORDER BY score DESC, m.id
    LIMIT $6
), txt_ranked AS (
    SELECT chunk_id, score, row_number() OVER (ORDER BY score DESC, chunk_id) AS rank FROM txt
), fused AS (
    SELECT coalesce(v.chunk_id, t.chunk_id) AS chunk_id,
           coalesce(1.0 / ($11 + v.rank), 0) + coalesce(1.0 / ($11 + t.rank), 0) AS rrf,
           coalesce(1 - v.distance, 0) AS similarity, coalesce(t.score, 0) AS text_score,
           coalesce(v.rank, 0) AS vrank, coalesce(t.rank, 0) AS trank
    FROM vec_ranked v FULL OUTER JOIN txt_ranked t ON t.chunk_id = v.chunk_id
)
SELECT h.chunk_id, h.entry_id, h.slug, h.kind, h.title, h.title_en, h.heading, h.content, h.lang,
       h.rrf, h.similarity, h.text_score, h.vrank, h.trank
FROM (
    SELECT c.id AS chunk_id, e.id AS entry_id, e.slug, e.kind, e.title, e.title_en, c.heading, c.content, c.lang,
           f.rrf, f.similarity, f.text_score, f.vrank, f.trank,
           row_number() OVER (PARTITION BY c.entry_id ORDER BY f.rrf DESC, f.similarity DESC, c.id) AS nth
    FROM fused f
    JOIN chunks c ON c.id = f.chunk_id
    JOIN entries e ON e.id = c.entry_id
) h
ORDER BY h.nth > $13, h.rrf DESC, h.similarity DESC, h.chunk_id
LIMIT $7`

// hybridFilter is what the hybrid query's three rankings keep: published
// entries, of the kinds $4 and the slugs $8 when given, chunks in the
// language $5 when given.
const hybridFilter = `e.status = 'published'
      AND (cardinality($4::text[]) = 0 OR e.kind = ANY($4::text[]))
      AND ($5::text = '' OR c.lang = $5::text)
      AND (cardinality($8::text[]) = 0 OR e.slug = ANY($8::text[]))`

// vectorSQL is the vector-only search, for comparison and benchmarks:
// the HNSW plan's; exactVectorSQL is the exact plan's.
const vectorSQL = `
SELECT c.id, e.id, e.slug, e.kind, e.title, e.title_en, c.heading, c.content, c.lang,
       0::float8, 1 - ({{distance}}), 0::float8, 0::bigint, 0::bigint
FROM chunk_embeddings ce
JOIN chunks c ON c.id = ce.chunk_id
JOIN entries e ON e.id = c.entry_id
WHERE ce.model = $2 AND e.status = 'published'
  AND (cardinality($3::text[]) = 0 OR e.kind = ANY($3::text[]))
  AND ($4::text = '' OR c.lang = $4::text)
ORDER BY {{distance}}
LIMIT $5`

const exactVectorSQL = `
SELECT c.id, e.id, e.slug, e.kind, e.title, e.title_en, c.heading, c.content, c.lang,
       0::float8, 1 - v.distance, 0::float8, 0::bigint, 0::bigint
FROM (
    SELECT ce.chunk_id, {{distance}} AS distance
    FROM chunk_embeddings ce
    WHERE ce.model = $2 AND ce.status = 'published'
      AND (cardinality($3::text[]) = 0 OR ce.kind = ANY($3::text[]))
      AND ($4::text = '' OR ce.lang = $4::text)
    ORDER BY {{distance}}
    LIMIT $5
) v
JOIN chunks c ON c.id = v.chunk_id
JOIN entries e ON e.id = c.entry_id
ORDER BY v.distance`

// Plan is how a search reads the vectors.
type Plan int

const (
	// PlanAuto lets each search choose (see Index.PlanFor).
	PlanAuto Plan = iota
	// PlanIndex walks the model's HNSW index, with iterative scans when
	// filtered: approximate, and fast whatever the catalog's size.
	PlanIndex
	// PlanExact computes the distance of every vector the filters keep:
	// exact, and faster than the index for a few thousand vectors.
	PlanExact
)

// execMode is how pgx sends a search of plan p. A prepared statement's
// generic plan, which PostgreSQL keeps after five executions when it
// looks no dearer, knows neither the filters nor the LIMIT, and so never
// walks the HNSW index: the index plan's searches are planned with their
// arguments each time, about 0.7 ms of planning where reading the 3,000
// vectors of a small base took 3 ms and a walk of the index 0.3. The exact
// plan's statements have no index to miss and keep their generic plan.
func (p Plan) execMode() []any {
	if p == PlanExact {
		return nil
	}
	return []any{pgx.QueryExecModeExec}
}

func (p Plan) String() string {
	switch p {
	case PlanIndex:
		return "index"
	case PlanExact:
		return "exact"
	default:
		return "auto"
	}
}

// The distance of a chunk's vector to the query's. pgvector's index
// serves ORDER BY the operator; no index matches a call of the function,
// so the exact statements scan.
const (
	indexDistance = `ce.embedding::vector({{dims}}) <=> $1::vector({{dims}})`
	exactDistance = `cosine_distance(ce.embedding::vector({{dims}}), $1::vector({{dims}}))`
)

// The vectors the hybrid query's vector ranking reads, by plan. The HNSW
// plan filters each vector the index walk returns by its chunk and entry.
// The exact plan reads the vectors the filters keep through their own
// copies of the entry's kind and status and of the chunk's language
// (migration 00014), from the partial index on them, in one pass, where
// reaching them through the entries and chunks took a lookup per vector: at
// 100,000 chunks, a hybrid search among the 5,000 vectors of one kind took
// 16 ms (median) that way, 4 ms this way. A search restricted to a few
// entries finds their chunks through the entries.
const (
	indexVectors = `FROM chunk_embeddings ce
    JOIN chunks c ON c.id = ce.chunk_id
    JOIN entries e ON e.id = c.entry_id
    WHERE ce.model = $3 AND {{filter}}`
	exactVectors = `FROM chunk_embeddings ce
    WHERE ce.model = $3 AND ce.status = 'published'
      AND (cardinality($4::text[]) = 0 OR ce.kind = ANY($4::text[]))
      AND ($5::text = '' OR ce.lang = $5::text)
      AND (cardinality($8::text[]) = 0 OR ce.chunk_id = ANY (ARRAY(SELECT c.id FROM chunks c
        JOIN entries x ON x.id = c.entry_id WHERE x.slug = ANY($8::text[]))))`
)

// statements are the search queries of one plan.
type statements struct{ hybrid, vector string }

func newStatements(distance, vectors, vector, dims string) statements {
	d := strings.ReplaceAll(distance, "{{dims}}", dims)
	sub := func(sql string) string {
		sql = strings.ReplaceAll(strings.ReplaceAll(sql, "{{vectors}}", vectors), "{{filter}}", hybridFilter)
		return strings.ReplaceAll(strings.ReplaceAll(sql, "{{distance}}", d), "{{dims}}", dims)
	}
	return statements{hybrid: sub(hybridSQL), vector: sub(vector)}
}

// HybridSQL returns the hybrid query of the HNSW plan as sent, for EXPLAIN
// in tests and benchmarks.
func (ix *Index) HybridSQL() string { return ix.indexSQL.hybrid }

// VectorSQL returns the vector-only query of the HNSW plan as sent.
func (ix *Index) VectorSQL() string { return ix.indexSQL.vector }

// PlanSQL returns the hybrid and the vector-only query of plan p (PlanAuto:
// the HNSW plan's).
func (ix *Index) PlanSQL(p Plan) (hybrid, vector string) {
	st := ix.statementsOf(p)
	return st.hybrid, st.vector
}

func (ix *Index) statementsOf(p Plan) statements {
	if p == PlanExact {
		return ix.exactSQL
	}
	return ix.indexSQL
}

// SearchArgs returns the arguments of HybridSQL for q, with the common
// words of the index's last read of them (by Search or PlanFor).
func (ix *Index) SearchArgs(q retrieval.Query) []any {
	slugs := q.Slugs
	if slugs == nil {
		slugs = []string{}
	}
	n := q.K * candidates
	return []any{pgvector.NewVector(q.Vector), q.Text, ix.model, kindNames(q.Kinds), q.Lang, n, q.K, slugs, q.TextLang, ix.commonWords(), RRFK, n * TextRerank, PerEntry}
}

// VectorArgs returns the arguments of VectorSQL for q.
func (ix *Index) VectorArgs(q retrieval.Query) []any {
	return []any{pgvector.NewVector(q.Vector), ix.model, kindNames(q.Kinds), q.Lang, q.K}
}

func kindNames(kinds []knowledge.Kind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
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
	p, err := ix.PlanFor(ctx, q)
	if err != nil {
		return nil, err
	}
	if _, _, err := ix.stats(ctx); err != nil { // the common words, for a search of a fixed plan too
		return nil, err
	}
	hits, err := ix.query(ctx, p, ix.statementsOf(p).hybrid, ix.SearchArgs(q))
	if err != nil {
		return nil, fmt.Errorf("hybrid search (%s plan): %w", p, err)
	}
	return hits, nil
}

// SearchVector runs the vector-only search for q.
func (ix *Index) SearchVector(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	ctx, cancel := ix.bounded(ctx)
	defer cancel()
	p, err := ix.PlanFor(ctx, q)
	if err != nil {
		return nil, err
	}
	hits, err := ix.query(ctx, p, ix.statementsOf(p).vector, ix.VectorArgs(q))
	if err != nil {
		return nil, fmt.Errorf("vector search (%s plan): %w", p, err)
	}
	return hits, nil
}

// query runs the search sql of plan p. The HNSW plan's runs on a
// connection given the candidate list size of the catalog's size
// (efSearch); the exact plan's, which has no candidate list, on any.
func (ix *Index) query(ctx context.Context, p Plan, sql string, args []any) ([]retrieval.Hit, error) {
	if p == PlanExact {
		rows, err := ix.pool.Query(ctx, sql, args...)
		if err != nil {
			return nil, err
		}
		return collectHits(rows)
	}
	_, total, err := ix.countMatching(ctx, retrieval.Query{})
	if err != nil {
		return nil, err
	}
	conn, err := ix.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("acquire a connection: %w", err)
	}
	defer conn.Release()
	if err := setEfSearch(ctx, conn.Conn(), ix.efFor(total)); err != nil {
		return nil, err
	}
	rows, err := conn.Query(ctx, sql, append(p.execMode(), args...)...)
	if err != nil {
		return nil, err
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
