package bench

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/pgtest"
)

// TestRunSmall runs the whole benchmark at 200 chunks, careerbot and every
// peer, and checks that every figure of the issue is there and sane, and
// the document section is written.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("creates databases and runs both systems")
	}
	pgtest.New(t) // fails clearly when PostgreSQL is not running
	res, err := Run(context.Background(), Options{
		AdminURL: pgtest.AdminURL(), Sizes: []int{200}, Queries: 30, RecallQueries: 10, Answers: 10,
		SlackUsers: 5, SlackMessages: 2, Peers: Peers, EvalFile: "../../bot/testdata/eval/questions.tsv", Explain: true, Seed: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	chunks := value(res, Careerbot, "chunks_loaded")
	for _, m := range []string{"ingest_chunks_per_s", "query_p50_ms", "query_p95_ms", "query_p99_ms", "recall_at_10",
		"vector_query_p99_ms", "filtered_query_p99_ms", "filtered_full_k_ratio", "hybrid_recall_at_10",
		"answer_p50_ms", "answer_p99_ms", "slack_ack_p99_ms", "slack_post_p50_ms", "slack_answer_p99_ms",
		"ingest_embed_ms", "ingest_write_ms"} {
		if _, ok := res.Value(Careerbot, 200, m); !ok {
			t.Errorf("careerbot has no %s", m)
		}
	}
	// The import that commits before its index build is searchable
	// before the index exists, and built after.
	commit, indexed := value(res, Careerbot, "ingest_commit_s"), value(res, Careerbot, "ingest_commit_indexed_s")
	if commit <= 0 || indexed < commit {
		t.Errorf("import with the index after commit: committed at %v s, indexed at %v s", commit, indexed)
	}
	if rate, want := value(res, Careerbot, "ingest_commit_chunks_per_s"), chunks/commit; math.Abs(rate-want) > want/100 {
		t.Errorf("ingest_commit_chunks_per_s = %v, want %v chunks / %v s (figures are kept to three or four digits)", rate, chunks, commit)
	}
	for _, sys := range Peers {
		for _, m := range []string{"chunks_loaded", "ingest_chunks_per_s", "ingest_s", "storage_mb", "queries_timed", "filtered_queries_timed",
			"query_p50_ms", "query_p95_ms", "query_p99_ms", "filtered_query_p50_ms", "filtered_query_p99_ms", "recall_at_10", "filtered_full_k_ratio"} {
			v, ok := res.Value(sys, 200, m)
			if !ok || v < 0 {
				t.Errorf("%s: %s = %v (measured: %v), want a figure of at least 0", sys, m, v, ok)
			}
		}
		if n, _ := res.Value(sys, 200, "chunks_loaded"); n != chunks {
			t.Errorf("%s loaded %v chunks, careerbot %v: want the same catalog", sys, n, chunks)
		}
		if p50, _ := res.Value(sys, 200, "query_p50_ms"); p50 == 0 {
			t.Errorf("%s: query_p50_ms = 0, want a measured latency", sys)
		}
		if p50, p99 := value(res, sys, "query_p50_ms"), value(res, sys, "query_p99_ms"); p99 < p50 {
			t.Errorf("%s: query p99 %v under its p50 %v", sys, p99, p50)
		}
	}
	for _, sys := range append([]string{Careerbot}, Peers...) {
		// Every peer scans every vector at 200 chunks, exactly; careerbot's
		// HNSW index is nearly exact there.
		if v, _ := res.Value(sys, 200, "recall_at_10"); v < 0.9 || v > 1 {
			t.Errorf("%s recall@10 = %v at 200 chunks, want within [0.9, 1]", sys, v)
		}
		if v, _ := res.Value(sys, 200, "filtered_full_k_ratio"); v != 1 {
			t.Errorf("%s: %v of filtered searches returned every hit they could, want all", sys, v)
		}
	}
	// The parts of a Slack answer are moments of its way, in order: each
	// part's percentile is at most the whole's.
	whole, _ := res.Value(Careerbot, 200, "slack_answer_p99_ms")
	for _, part := range []string{"slack_claim", "slack_before_answer", "slack_queue", "slack_answering", "slack_deliver", "slack_post"} {
		for _, p := range []string{"_p50_ms", "_p99_ms"} {
			v, ok := res.Value(Careerbot, 200, part+p)
			if !ok || v < 0 || v > whole {
				t.Errorf("%s%s = %v (measured: %v), want within [0, slack_answer_p99_ms = %v]", part, p, v, ok, whole)
			}
		}
	}
	for _, m := range []string{"slack_store_p50_ms", "slack_store_after_p99_ms", "slack_api_post_p50_ms", "slack_api_update_p99_ms",
		"slack_proxy_p50_ms", "slack_cpu_process_ms", "slack_cpu_db_ms"} {
		if v, ok := res.Value(Careerbot, 200, m); !ok || v < 0 {
			t.Errorf("%s = %v (measured: %v), want a figure of at least 0", m, v, ok)
		}
	}
	// careerbot's hybrid and filtered queries, and the search of each
	// langchaingo store; chromem-go has no plan.
	if len(res.Plans) != 4 {
		t.Errorf("%d plans captured, want 4", len(res.Plans))
	}

	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var decoded map[string]json.RawMessage
	if err := json.Unmarshal(b, &decoded); err != nil {
		t.Fatal(err)
	}
	if len(decoded) != 2 || decoded["machine"] == nil || decoded["rows"] == nil {
		t.Errorf("JSON keys %v, want machine and rows", keys(decoded))
	}

	doc := filepath.Join(t.TempDir(), "benchmarks.md")
	if err := os.WriteFile(doc, []byte("# B\n\n<!-- BEGIN quick -->\nold\n<!-- END quick -->\nkept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := UpdateDoc(doc, "quick", res.Markdown("quick.json", "make bench-quick")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(doc)
	for _, want := range []string{"| `query_p99_ms` |", "| 200 careerbot | 200 langchaingo | 200 langchaingo-hnsw | 200 chromem-go |",
		"| chromem-go | `github.com/philippgille/chromem-go`", "no transactions", "ahead of langchaingo-hnsw on `ingest_chunks_per_s`",
		"Slack answer p50 ≤ 100 ms", "EXPLAIN (ANALYZE, BUFFERS)", "kept"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("document lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(string(got), "old") {
		t.Error("the old section was not replaced")
	}
	if err := UpdateDoc(doc, "full", "x"); err == nil || !strings.Contains(err.Error(), "<!-- BEGIN full -->") {
		t.Errorf("missing section: error %v, want one naming the markers", err)
	}
}

// value returns a figure at 200 chunks, 0 when it was not measured.
func value(res *Result, system, metric string) float64 {
	v, _ := res.Value(system, 200, metric)
	return v
}

// durationMS is n milliseconds.
func durationMS(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestPercentiles(t *testing.T) {
	var l latencies
	for i := 1; i <= 100; i++ {
		l = append(l, durationMS(i))
	}
	tests := []struct {
		p    float64
		want float64
	}{{50, 50}, {95, 95}, {99, 99}, {100, 100}, {0, 1}}
	for _, tt := range tests {
		if got := l.ms(tt.p); got != tt.want {
			t.Errorf("p%v = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := (latencies{}).ms(50); got != 0 {
		t.Errorf("empty p50 = %v, want 0", got)
	}
}

func TestRecallCountsTies(t *testing.T) {
	tests := []struct {
		name      string
		found     []float64
		threshold float64
		want      float64
	}{
		{"all within", []float64{.1, .2, .3, .3, .3, .3, .3, .3, .3, .3}, .3, 1},
		{"ties beyond the exact tenth count", []float64{.1, .1, .1, .1, .1, .1, .1, .1, .1, .1}, .1, 1},
		{"two too far", []float64{.1, .2, .3, .3, .3, .3, .3, .3, .4, .5}, .3, .8},
		{"short result", []float64{.1, .2}, .3, .2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := recallAt(tt.found, tt.threshold); got != tt.want {
				t.Errorf("recall = %v, want %v", got, tt.want)
			}
		})
	}
}
