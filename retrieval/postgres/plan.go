package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// ExactScanChunks is the number of vectors up to which a search computes
// every distance rather than walk the HNSW index: at most a few
// milliseconds, exact, and cheaper than the index's walk for a small
// knowledge base (the built-in one has about 550 chunks) or for a filter
// that keeps few chunks, where the index's iterative scan visits up to
// hnsw.max_scan_tuples entries to find k that pass it.
const ExactScanChunks = 2000

// countsMaxAge bounds how long a search trusts the chunk counts it read:
// writes of this process refresh them at once, those of another (a kb
// import next to serve) within countsMaxAge.
const countsMaxAge = 10 * time.Second

// chunkCounts caches the published chunks of each kind and language, as
// table chunk_counts holds them (migration 00012).
type chunkCounts struct {
	mu   sync.Mutex
	read time.Time
	n    map[[2]string]int64 // (kind, lang) → chunks
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
// few entries always does), the HNSW index otherwise.
func (ix *Index) PlanFor(ctx context.Context, q retrieval.Query) (Plan, error) {
	if ix.plan != PlanAuto {
		return ix.plan, nil
	}
	if len(q.Slugs) > 0 {
		return PlanExact, nil
	}
	n, err := ix.countMatching(ctx, q)
	if err != nil {
		return PlanIndex, err
	}
	if n <= ExactScanChunks {
		return PlanExact, nil
	}
	return PlanIndex, nil
}

// countMatching returns how many published chunks q's kind and language
// filters keep.
func (ix *Index) countMatching(ctx context.Context, q retrieval.Query) (int64, error) {
	cc := ix.counts
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.n == nil || time.Since(cc.read) > countsMaxAge {
		rows, err := ix.pool.Query(ctx, `SELECT kind, lang, chunks FROM chunk_counts`)
		if err != nil {
			return 0, fmt.Errorf("read chunk counts: %w", err)
		}
		n := map[[2]string]int64{}
		for rows.Next() {
			var kind, lang string
			var c int64
			if err := rows.Scan(&kind, &lang, &c); err != nil {
				rows.Close()
				return 0, fmt.Errorf("read chunk counts: %w", err)
			}
			n[[2]string{kind, lang}] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("read chunk counts: %w", err)
		}
		cc.n, cc.read = n, time.Now()
	}
	var total int64
	for k, c := range cc.n {
		if q.Lang != "" && k[1] != q.Lang {
			continue
		}
		if len(q.Kinds) > 0 && !containsKind(q.Kinds, k[0]) {
			continue
		}
		total += c
	}
	return total, nil
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
