package bench

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/pgvector/pgvector-go"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/base"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// careerbot measures careerbot's own path at one size. It returns, for each
// of the first RecallQueries queries, the cosine distance of the 10th hit of
// the exact search, the reference of both systems' recall.
func (r *run) careerbot(ctx context.Context, size int, cat *knowledge.Catalog, chunks []retrieval.Chunk, queries []query, explain bool) ([]float64, error) {
	add := func(metric string, v float64) { r.res.add(Careerbot, size, metric, v) }
	if size <= afterCommitSizes {
		if err := r.importAfterCommit(ctx, size, cat); err != nil {
			return nil, err
		}
	}
	db, err := r.careerbotDB(ctx, fmt.Sprintf("careerbot_bench_cb_%d", size), size)
	if err != nil {
		return nil, err
	}
	defer db.close()
	u, pool, ix, catalog := db.url, db.pool, db.ix, db.catalog

	// Embedding alone, as the import does it.
	texts := make([]string, len(chunks))
	for i, c := range chunks {
		texts[i] = c.EmbedText()
	}
	t0 := time.Now()
	if _, err := r.embed.Embed(ctx, texts); err != nil {
		return nil, err
	}
	embed := time.Since(t0)
	add("embed_ms", float64(embed.Microseconds())/1000)
	add("embed_chunks_per_s", float64(len(chunks))/embed.Seconds())

	// The import: entries, revisions, chunks and vectors in one
	// transaction, as 'careerbot kb import' does.
	r.log.Info("careerbot: import", "chunks", len(chunks))
	t0 = time.Now()
	rep, err := catalog.Import(ctx, cat, "bench")
	if err != nil {
		return nil, err
	}
	ingest := time.Since(t0)
	add("chunks_loaded", float64(rep.Chunks))
	add("ingest_s", ingest.Seconds())
	add("ingest_chunks_per_s", float64(rep.Chunks)/ingest.Seconds())
	r.addImportPhases(size, rep)
	if _, err := pool.Exec(ctx, "VACUUM ANALYZE"); err != nil {
		return nil, fmt.Errorf("vacuum: %w", err)
	}
	if err := r.tableSizes(ctx, pool, Careerbot, size,
		`SELECT pg_total_relation_size('chunks') + pg_total_relation_size('chunk_embeddings')`,
		`SELECT coalesce(sum(pg_relation_size(indexrelid)), 0) FROM pg_index WHERE indexrelid::regclass::text LIKE 'chunk_embeddings_hnsw_%'`); err != nil {
		return nil, err
	}

	// Queries, with vectors computed beforehand (embedding a question is
	// timed separately).
	t0 = time.Now()
	for _, q := range queries[:min(len(queries), 200)] {
		r.embed.Vector(q.Text)
	}
	add("embed_query_ms", float64(time.Since(t0).Microseconds())/1000/float64(min(len(queries), 200)))
	r.log.Info("careerbot: queries", "n", r.opt.Queries)
	warm := min(len(queries), 100)
	for _, q := range queries[:warm] {
		if _, err := ix.Search(ctx, retrieval.Query{Text: q.Text, TextLang: q.Lang, Vector: q.Vector, K: K}); err != nil {
			return nil, err
		}
	}
	var hyb, vec, fhyb, fvec latencies
	var fullHyb, fullVec int
	hnsw := make([][]retrieval.Hit, r.opt.RecallQueries)
	hybrid := make([][]retrieval.Hit, r.opt.RecallQueries)
	for i, q := range queries[:r.opt.Queries] {
		rq := retrieval.Query{Text: q.Text, TextLang: q.Lang, Vector: q.Vector, K: K}
		t := time.Now()
		hits, err := ix.Search(ctx, rq)
		if err != nil {
			return nil, err
		}
		hyb = append(hyb, time.Since(t))
		t = time.Now()
		vhits, err := ix.SearchVector(ctx, rq)
		if err != nil {
			return nil, err
		}
		vec = append(vec, time.Since(t))
		if i < len(hnsw) {
			hnsw[i], hybrid[i] = vhits, hits
		}
		if i >= r.opt.FilteredQueries {
			continue
		}
		rq.Kinds, rq.Lang = []knowledge.Kind{q.Kind}, q.FilterLang
		t = time.Now()
		hits, err = ix.Search(ctx, rq)
		if err != nil {
			return nil, err
		}
		fhyb = append(fhyb, time.Since(t))
		if r.fullK(q, len(hits)) {
			fullHyb++
		}
		t = time.Now()
		vhits, err = ix.SearchVector(ctx, rq)
		if err != nil {
			return nil, err
		}
		fvec = append(fvec, time.Since(t))
		if r.fullK(q, len(vhits)) {
			fullVec++
		}
	}
	r.addLatencies(Careerbot, size, "query", hyb)
	r.addLatencies(Careerbot, size, "vector_query", vec)
	r.addLatencies(Careerbot, size, "filtered_query", fhyb)
	r.addLatencies(Careerbot, size, "filtered_vector_query", fvec)
	add("queries_timed", float64(len(hyb)))
	add("filtered_queries_timed", float64(len(fhyb)))
	add("filtered_full_k_ratio", float64(fullHyb)/float64(len(fhyb)))
	add("filtered_vector_full_k_ratio", float64(fullVec)/float64(len(fvec)))

	// Recall against exact search: the same queries with index scans
	// disabled, so that PostgreSQL scans and sorts every vector. The text
	// ranking already ranks every match, so hybrid_recall_at_10 counts what
	// the HNSW index loses.
	r.log.Info("careerbot: recall", "n", r.opt.RecallQueries)
	thresholds := make([]float64, r.opt.RecallQueries)
	var recall, hrecall float64
	for i, q := range queries[:r.opt.RecallQueries] {
		rq := retrieval.Query{Text: q.Text, TextLang: q.Lang, Vector: q.Vector, K: K}
		var exact, exactHybrid []retrieval.Hit
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SET LOCAL enable_indexscan = off"); err != nil {
				return err
			}
			var err error
			if exact, err = collect(ctx, tx, ix.VectorSQL(), vectorArgs(rq)...); err != nil {
				return err
			}
			exactHybrid, err = collect(ctx, tx, ix.HybridSQL(), ix.SearchArgs(rq)...)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("exact search: %w", err)
		}
		if len(exact) == 0 {
			return nil, fmt.Errorf("exact search for %q found nothing", q.Text)
		}
		thresholds[i] = 1 - exact[len(exact)-1].Similarity
		recall += recallAt(distances(hnsw[i]), thresholds[i])
		hrecall += overlap(hybrid[i], exactHybrid)
	}
	add("recall_at_10", recall/float64(len(thresholds)))
	add("hybrid_recall_at_10", hrecall/float64(len(thresholds)))

	if explain {
		q := queries[0]
		rq := retrieval.Query{Text: q.Text, TextLang: q.Lang, Vector: q.Vector, K: K}
		// The statements of the plan each search picks (HNSW or exact).
		p, err := ix.PlanFor(ctx, rq)
		if err != nil {
			return nil, err
		}
		hybridSQL, _ := ix.PlanSQL(p)
		if err := r.explain(ctx, pool, fmt.Sprintf("careerbot hybrid query (%s plan), %d chunks: %q", p, size, q.Text), hybridSQL, ix.SearchArgs(rq)...); err != nil {
			return nil, err
		}
		rq.Kinds, rq.Lang = []knowledge.Kind{knowledge.KindTraining}, "en"
		if p, err = ix.PlanFor(ctx, rq); err != nil {
			return nil, err
		}
		_, vectorSQL := ix.PlanSQL(p)
		if err := r.explain(ctx, pool, fmt.Sprintf("careerbot filtered vector query (trainings in English, %s plan), %d chunks", p, size), vectorSQL, vectorArgs(rq)...); err != nil {
			return nil, err
		}
	}

	// Answers through the assistant, with the built-in knowledge base
	// loaded next to the synthetic catalog.
	builtin, err := knowledge.ReadCatalog(base.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("read built-in catalog: %w", err)
	}
	if _, err := catalog.Import(ctx, builtin, "bench"); err != nil {
		return nil, err
	}
	store := postgres.New(pool)
	assistant := bot.New(bot.Deps{Search: ix, Entries: store, Recorder: store, Logger: r.log}, bot.DefaultConfig)
	questions, err := r.answerQuestions(queries)
	if err != nil {
		return nil, err
	}
	r.log.Info("careerbot: answers", "n", r.opt.Answers)
	var ans latencies
	pprof.Do(ctx, pprof.Labels("phase", "answer"), func(ctx context.Context) {
		for i := range r.opt.Answers + 20 {
			t := time.Now()
			if _, err = assistant.Answer(ctx, bot.Question{Text: questions[i%len(questions)], Surface: "bench"}); err != nil {
				err = fmt.Errorf("answer %q: %w", questions[i%len(questions)], err)
				return
			}
			if i >= 20 {
				ans = append(ans, time.Since(t))
			}
		}
	})
	if err != nil {
		return nil, err
	}
	add("answer_p50_ms", ans.ms(50))
	add("answer_p99_ms", ans.ms(99))

	r.log.Info("careerbot: slack", "users", r.opt.SlackUsers, "messages", r.opt.SlackMessages)
	// Labelled, like the answers above, so that a CPU profile of the run
	// (-cpuprofile) can be narrowed to it: go tool pprof -tagfocus phase=slack.
	pprof.Do(ctx, pprof.Labels("phase", "slack"), func(ctx context.Context) {
		err = r.slack(ctx, size, assistant, store, pool, questions)
	})
	if err != nil {
		return nil, fmt.Errorf("slack: %w", err)
	}
	if r.opt.Binary != "" && size == r.opt.MemorySize {
		r.log.Info("careerbot: memory")
		if err := r.memory(ctx, size, u, questions); err != nil {
			return nil, fmt.Errorf("memory: %w", err)
		}
	}
	return thresholds, nil
}

// answerQuestions returns the questions of the answer figures.
func (r *run) answerQuestions(queries []query) ([]string, error) {
	var out []string
	if r.opt.EvalFile != "" {
		f, err := os.Open(r.opt.EvalFile)
		if err != nil {
			return nil, fmt.Errorf("open evaluation questions: %w", err)
		}
		defer f.Close()
		cases, err := bot.ReadEvalFile(r.opt.EvalFile, f)
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			out = append(out, c.Question)
		}
	}
	if len(out) == 0 {
		for _, q := range queries {
			out = append(out, q.Text)
		}
	}
	return out, nil
}

// addImportPhases adds the import's phase timings.
func (r *run) addImportPhases(size int, rep postgres.ImportReport) {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	r.res.add(Careerbot, size, "ingest_save_ms", ms(rep.SaveTime))
	r.res.add(Careerbot, size, "ingest_embed_ms", ms(rep.EmbedTime))
	r.res.add(Careerbot, size, "ingest_write_ms", ms(rep.WriteTime))
	r.res.add(Careerbot, size, "ingest_index_ms", ms(rep.IndexTime))
}

func (r *run) tableSizes(ctx context.Context, pool *pgxpool.Pool, system string, size int, total, index string) error {
	var t, i int64
	if err := pool.QueryRow(ctx, total).Scan(&t); err != nil {
		return fmt.Errorf("table size: %w", err)
	}
	r.res.add(system, size, "storage_mb", float64(t)/(1<<20))
	if index == "" {
		return nil
	}
	if err := pool.QueryRow(ctx, index).Scan(&i); err != nil {
		return fmt.Errorf("index size: %w", err)
	}
	r.res.add(system, size, "hnsw_index_mb", float64(i)/(1<<20))
	return nil
}

// explain captures EXPLAIN (ANALYZE, BUFFERS) of a query.
func (r *run) explain(ctx context.Context, pool *pgxpool.Pool, title, sql string, args ...any) error {
	rows, err := pool.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+sql, args...)
	if err != nil {
		return fmt.Errorf("explain: %w", err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("explain: %w", err)
	}
	r.res.Plans = append(r.res.Plans, Plan{Title: title, Text: strings.Join(lines, "\n")})
	return nil
}

func pgvecOf(v []float32) any { return pgvector.NewVector(v) }

func vectorArgs(q retrieval.Query) []any {
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	return []any{pgvector.NewVector(q.Vector), local.Model, kinds, q.Lang, q.K}
}

// collect runs a search query (VectorSQL or HybridSQL) within tx.
func collect(ctx context.Context, tx pgx.Tx, sql string, args ...any) ([]retrieval.Hit, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (retrieval.Hit, error) {
		var h retrieval.Hit
		var vrank, trank int64
		err := r.Scan(&h.ChunkID, &h.EntryID, &h.Slug, &h.Kind, &h.Title, &h.TitleEN, &h.Heading, &h.Text, &h.Lang,
			&h.Score, &h.Similarity, &h.TextScore, &vrank, &trank)
		return h, err
	})
}

func distances(hits []retrieval.Hit) []float64 {
	out := make([]float64, len(hits))
	for i, h := range hits {
		out[i] = 1 - h.Similarity
	}
	return out
}

// recallAt is the share of the K true nearest neighbours found: a hit
// counts when it is no farther than the exact search's K-th hit, so that
// ties between equally distant chunks are not counted as misses.
func recallAt(found []float64, threshold float64) float64 {
	n := 0
	for _, d := range found {
		if d <= threshold+1e-6 {
			n++
		}
	}
	return float64(min(n, K)) / K
}

// overlap is the share of the exact hybrid result's chunks the indexed
// hybrid search returned.

func overlap(got, exact []retrieval.Hit) float64 {
	if len(exact) == 0 {
		return 1
	}
	want := map[int64]bool{}
	for _, h := range exact {
		want[h.ChunkID] = true
	}
	n := 0
	for _, h := range got {
		if want[h.ChunkID] {
			n++
		}
	}
	return float64(n) / float64(len(exact))
}
