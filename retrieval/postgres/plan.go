package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/jackc/pgx/v5"
)

// ExactScanChunks is the number of vectors up to which a search computes
// every distance rather than walk the HNSW index: at most a few
// milliseconds (0.5 to 1 µs a vector, see FilteredExactChunks), exact, and
// cheaper than the index's walk for a small knowledge base (the built-in
// one has about 2,050 chunks, an HR base hundreds to a few thousand) or for
// a filter that keeps few chunks, where the index's iterative scan visits
// up to hnsw.max_scan_tuples entries to find k that pass it.
const ExactScanChunks = 3000

// FilteredExactChunks is the number of vectors up to which a filter that
// keeps at most one chunk in ExactScanShare is searched by an exact scan
// too. The exact scan reads the vectors the filter keeps, and nothing else
// (migration 00014): its time grows with their number, 0.5 to 1 µs each on
// two cores. The index's iterative scan must visit about candidates ÷ share
// vectors to find the candidates that pass the filter, each visit a walk
// of the vector's neighbours: at 100,000 chunks, a hybrid search among the
// 5,000 vectors of one kind took 4 ms exactly and 17 ms through the index
// (medians), among the 10,000 of another 7 and 10 ms.
const FilteredExactChunks = 10_000

// ExactScanShare is the inverse of the largest share of the chunks a filter
// may keep and be searched exactly past ExactScanChunks: a filter that keeps
// more leaves the index few vectors to skip, and the index stays faster.
const ExactScanShare = 8

// countsMaxAge bounds how long a search trusts the chunk counts it read:
// writes of this process refresh them at once, those of another (a kb
// import next to serve) within countsMaxAge.
const countsMaxAge = 10 * time.Second

// chunkCounts caches the published chunks of each kind and language, as
// table chunk_counts holds them (migration 00012), and the words that more
// than CommonWords chunks hold, which the text query leaves out (migration
// 00016), read together.
type chunkCounts struct {
	mu     sync.Mutex
	read   time.Time
	n      map[[2]string]int64 // (kind, lang) → chunks
	common []string            // lexemes, sorted
}

// WithPlan returns the index with every search made with plan p (PlanAuto:
// chosen per search, the default), to compare the plans.
func (ix *Index) WithPlan(p Plan) *Index {
	c := *ix
	c.plan = p
	return &c
}

// PlanFor returns the plan a search for q uses: an exact scan when the
// filters keep at most ExactScanChunks chunks (a search restricted to a
// few entries always does), or at most FilteredExactChunks that are at most
// one chunk in ExactScanShare of the knowledge base; the HNSW index
// otherwise.
func (ix *Index) PlanFor(ctx context.Context, q retrieval.Query) (Plan, error) {
	if ix.plan != PlanAuto {
		return ix.plan, nil
	}
	if len(q.Slugs) > 0 {
		return PlanExact, nil
	}
	n, total, err := ix.countMatching(ctx, q)
	if err != nil {
		return PlanIndex, err
	}
	return choosePlan(n, total), nil
}

// choosePlan is the plan of a search whose filters keep n of the total
// published chunks.
func choosePlan(n, total int64) Plan {
	if n <= ExactScanChunks || (n <= FilteredExactChunks && n*ExactScanShare <= total) {
		return PlanExact
	}
	return PlanIndex
}

// countMatching returns how many published chunks q's kind and language
// filters keep, and how many there are.
func (ix *Index) countMatching(ctx context.Context, q retrieval.Query) (n, total int64, err error) {
	counts, _, err := ix.stats(ctx)
	if err != nil {
		return 0, 0, err
	}
	for k, c := range counts {
		total += c
		if q.Lang != "" && k[1] != q.Lang {
			continue
		}
		if len(q.Kinds) > 0 && !containsKind(q.Kinds, k[0]) {
			continue
		}
		n += c
	}
	return n, total, nil
}

// stats returns the chunk counts and the common words, read again when
// older than countsMaxAge. Both are hints: counts a concurrent write left
// behind choose a slower plan, and common words of a catalog that grew
// since are matched, until the next read.
func (ix *Index) stats(ctx context.Context) (map[[2]string]int64, []string, error) {
	cc := ix.counts
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.n != nil && time.Since(cc.read) <= countsMaxAge {
		return cc.n, cc.common, nil
	}
	rows, err := ix.pool.Query(ctx, `SELECT kind, lang, chunks FROM chunk_counts`)
	if err != nil {
		return nil, nil, fmt.Errorf("read chunk counts: %w", err)
	}
	byKind := map[[2]string]int64{}
	var kind, lang string
	var c int64
	if _, err := pgx.ForEachRow(rows, []any{&kind, &lang, &c}, func() error {
		byKind[[2]string{kind, lang}] = c
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("read chunk counts: %w", err)
	}
	var common []string
	if err := ix.pool.QueryRow(ctx, `SELECT careerbot_common_lexemes($1)`, CommonWords).Scan(&common); err != nil {
		return nil, nil, fmt.Errorf("read the words most chunks hold: %w", err)
	}
	cc.n, cc.common, cc.read = byKind, common, time.Now()
	return cc.n, cc.common, nil
}

// commonWords returns the words of the last read of stats, or none.
func (ix *Index) commonWords() []string {
	ix.counts.mu.Lock()
	defer ix.counts.mu.Unlock()
	if ix.counts.common == nil {
		return []string{}
	}
	return ix.counts.common
}

// forgetCounts makes the next search read the chunk counts again, after a
// write of this process.
func (ix *Index) forgetCounts() {
	ix.counts.mu.Lock()
	ix.counts.n = nil
	ix.counts.mu.Unlock()
}

func containsKind(kinds []knowledge.Kind, k string) bool {
	for _, x := range kinds {
		if string(x) == k {
			return true
		}
	}
	return false
}
