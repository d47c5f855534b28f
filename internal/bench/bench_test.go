package bench

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/pgtest"
)

// TestRunSmall runs the whole benchmark at 200 chunks, both systems, and
// checks that every figure of the issue is there and the document section
// is written.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("creates databases and runs both systems")
	}
	pgtest.New(t) // fails clearly when PostgreSQL is not running
	res, err := Run(context.Background(), Options{
		AdminURL: pgtest.AdminURL(), Sizes: []int{200}, Queries: 30, RecallQueries: 10, Answers: 10,
		SlackUsers: 5, SlackMessages: 2, Peer: true, EvalFile: "../../bot/testdata/eval/questions.tsv", Explain: true, Seed: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"ingest_chunks_per_s", "query_p50_ms", "query_p95_ms", "query_p99_ms", "recall_at_10",
		"vector_query_p99_ms", "filtered_query_p99_ms", "filtered_full_k_ratio", "hybrid_recall_at_10",
		"answer_p50_ms", "answer_p99_ms", "slack_ack_p99_ms", "slack_post_p50_ms", "slack_answer_p99_ms",
		"ingest_embed_ms", "ingest_write_ms"} {
		if _, ok := res.Value(Careerbot, 200, m); !ok {
			t.Errorf("careerbot has no %s", m)
		}
	}
	for _, m := range []string{"ingest_chunks_per_s", "query_p50_ms", "query_p95_ms", "query_p99_ms", "recall_at_10", "filtered_full_k_ratio"} {
		if _, ok := res.Value(Langchaingo, 200, m); !ok {
			t.Errorf("langchaingo has no %s", m)
		}
	}
	for _, sys := range []string{Careerbot, Langchaingo} {
		if v, _ := res.Value(sys, 200, "recall_at_10"); v < 0.9 {
			t.Errorf("%s recall@10 = %v at 200 chunks, want nearly exact", sys, v)
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
	if len(res.Plans) != 3 {
		t.Errorf("%d plans captured, want 3", len(res.Plans))
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
	for _, want := range []string{"| `query_p99_ms` |", "200 careerbot | 200 langchaingo", "EXPLAIN (ANALYZE, BUFFERS)", "kept"} {
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
