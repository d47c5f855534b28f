package bench

import (
	"fmt"
	"strings"
)

// Targets checks the targets of the issues on these figures: latency,
// recall and ingestion at the largest size up to 100k chunks (the issue's
// 100k, or the quick run's 10k) and at 1M, and careerbot ahead of every
// peer at every size.
func (r *Result) Targets() string {
	sizes := r.sizes()
	if len(sizes) == 0 {
		return ""
	}
	ref := 0
	for _, s := range sizes {
		if s <= 100_000 {
			ref = s
		}
	}
	var b strings.Builder
	b.WriteString("| target | measured | |\n|---|---|---|\n")
	line := func(target, measured string, ok bool) {
		verdict := "met"
		if !ok {
			verdict = "**missed**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", target, measured, verdict)
	}
	at := func(size int, metric string, limit float64, higher bool, target string) {
		v, ok := r.Value(Careerbot, size, metric)
		if !ok {
			return
		}
		met := v <= limit
		if higher {
			met = v >= limit
		}
		line(fmt.Sprintf("%s (%s chunks)", target, sizeLabel(size)), fmt.Sprintf("%s = %s", metric, format(v)), met)
	}
	if ref > 0 {
		at(ref, "query_p99_ms", 15, false, "hybrid query p99 ≤ 15 ms")
		at(ref, "filtered_query_p99_ms", 20, false, "filtered query p99 ≤ 20 ms")
	}
	for _, s := range sizes {
		if s <= 100_000 {
			at(s, "recall_at_10", 0.97, true, "recall@10 ≥ 0.97")
		}
	}
	if ref > 0 {
		at(ref, "ingest_chunks_per_s", 5_000, true, "ingestion ≥ 5,000 chunks/s, offline embedder")
		at(ref, "ingest_commit_chunks_per_s", 5_000, true, "ingestion ≥ 5,000 chunks/s, offline embedder, committed before the HNSW build")
		at(ref, "slack_answer_p50_ms", 100, false, "Slack answer p50 ≤ 100 ms, 50 users at once")
		at(ref, "slack_ack_p99_ms", 50, false, "Slack ack p99 ≤ 50 ms")
		at(ref, "answer_p50_ms", 20, false, "offline answer p50 ≤ 20 ms")
	}
	for _, s := range sizes {
		if s >= 1_000_000 {
			at(s, "recall_at_10", 0.95, true, "recall@10 ≥ 0.95")
			at(s, "query_p99_ms", 25, false, "hybrid query p99 ≤ 25 ms")
		}
	}
	for _, s := range sizes {
		if v, ok := r.Value(Careerbot, s, "rss_idle_mb"); ok {
			line(fmt.Sprintf("resident memory idle ≤ 40 MB (%s chunks)", sizeLabel(s)), fmt.Sprintf("rss_idle_mb = %s", format(v)), v <= 40)
		}
	}
	ahead := func(peer, metric string, higher bool) {
		for _, s := range sizes {
			c, ok1 := r.Value(Careerbot, s, metric)
			p, ok2 := r.Value(peer, s, metric)
			if !ok1 || !ok2 {
				continue
			}
			met := c < p
			if higher {
				met = c > p
			}
			line(fmt.Sprintf("ahead of %s on `%s` (%s chunks)", peer, metric, sizeLabel(s)),
				fmt.Sprintf("%s vs %s (%.1f×)", format(c), format(p), ratio(c, p, higher)), met)
		}
	}
	for _, peer := range Peers {
		ahead(peer, "query_p50_ms", false)
		ahead(peer, "query_p99_ms", false)
	}
	ahead(LangchaingoHNSW, "ingest_chunks_per_s", true)
	return b.String()
}

func ratio(c, l float64, higher bool) float64 {
	if higher {
		if l == 0 {
			return 0
		}
		return c / l
	}
	if c == 0 {
		return 0
	}
	return l / c
}
