package bench

import (
	"fmt"
	"os"
	"slices"
	"strings"
)

// metric describes a figure for the document.
type metric struct {
	name, meaning string
	// higher is better (rates, recall); otherwise lower is.
	higher bool
}

// Metrics lists the figures in the order of the tables.
var metrics = []metric{
	{"chunks_loaded", "chunks written (the catalog's entries cut as careerbot cuts them)", true},
	{"ingest_chunks_per_s", "ingestion rate: chunks embedded with the offline embedder and stored, indexes included", true},
	{"ingest_s", "ingestion time, seconds", false},
	{"ingest_save_ms", "of which: entries, revisions and relations, row by row", false},
	{"ingest_embed_ms", "of which: embedding the chunks", false},
	{"ingest_write_ms", "of which: COPY of chunks and vectors, with index upkeep", false},
	{"ingest_index_ms", "of which: HNSW index build (bulk imports build it after COPY)", false},
	{"embed_chunks_per_s", "offline embedder alone, chunks per second (one core)", true},
	{"embed_query_ms", "embedding one question with the offline embedder", false},
	{"storage_mb", "table size: chunks and vectors with all their indexes", false},
	{"hnsw_index_mb", "HNSW index size", false},
	{"queries_timed", "searches timed for the query percentiles (langchaingo's are time-boxed at large sizes)", true},
	{"filtered_queries_timed", "filtered searches timed", true},
	{"query_p50_ms", "hybrid search (careerbot) or SimilaritySearch (langchaingo), k = 10, median", false},
	{"query_p95_ms", "same, 95th percentile", false},
	{"query_p99_ms", "same, 99th percentile", false},
	{"vector_query_p50_ms", "vector-only search through the HNSW index, median", false},
	{"vector_query_p95_ms", "same, 95th percentile", false},
	{"vector_query_p99_ms", "same, 99th percentile", false},
	{"filtered_query_p50_ms", "search filtered by kind (and language for half the queries), median", false},
	{"filtered_query_p95_ms", "same, 95th percentile", false},
	{"filtered_query_p99_ms", "same, 99th percentile", false},
	{"filtered_full_k_ratio", "share of filtered searches that returned k = 10 hits (or every matching chunk, when fewer exist)", true},
	{"filtered_vector_query_p50_ms", "filtered vector-only search, median", false},
	{"filtered_vector_query_p99_ms", "same, 99th percentile", false},
	{"filtered_vector_full_k_ratio", "share of filtered vector-only searches that returned k hits", true},
	{"recall_at_10", "recall@10 of the vector search against exact search", true},
	{"hybrid_recall_at_10", "share of the exact hybrid result (index scans off, every text match ranked) the hybrid search returns", true},
	{"answer_p50_ms", "question to answer through bot.Assistant, offline composer, median", false},
	{"answer_p99_ms", "same, 99th percentile", false},
	{"slack_ack_p50_ms", "Slack event to HTTP acknowledgement, 50 concurrent users, median", false},
	{"slack_ack_p99_ms", "same, 99th percentile", false},
	{"slack_post_p50_ms", "Slack event to chat.postMessage (the thinking placeholder), median", false},
	{"slack_post_p99_ms", "same, 99th percentile", false},
	{"slack_answer_p50_ms", "Slack event to the answer (chat.update of the placeholder), median", false},
	{"slack_answer_p99_ms", "same, 99th percentile", false},
	{"slack_claim_p50_ms", "of which, from the event: its claim recorded in the database, the answer's first step, median", false},
	{"slack_claim_p99_ms", "same, 99th percentile", false},
	{"slack_before_answer_p50_ms", "of which: from the placeholder reaching the stand-in to the answer being asked for (the rest of that call, the placeholder's record in the lease, the thread's turns), median", false},
	{"slack_before_answer_p99_ms", "same, 99th percentile", false},
	{"slack_queue_p50_ms", "of which: waiting for a free answer slot (`CAREERBOT_MAX_ANSWERS`), median", false},
	{"slack_queue_p99_ms", "same, 99th percentile", false},
	{"slack_answering_p50_ms", "of which: the answer itself (`bot.Assistant.Answer`, slot held), median", false},
	{"slack_answering_p99_ms", "same, 99th percentile", false},
	{"slack_deliver_p50_ms", "of which: from the answer to its `chat.update` reaching the stand-in (rendering, Web API client), median", false},
	{"slack_deliver_p99_ms", "same, 99th percentile", false},
	{"slack_store_p50_ms", "store calls of a question before its answer reached Slack (claim, placeholder record, thread turns), summed, median", false},
	{"slack_store_p99_ms", "same, 99th percentile", false},
	{"slack_store_after_p50_ms", "one store call after the answer reached Slack (answered mark, thread turns), median", false},
	{"slack_store_after_p99_ms", "same, 99th percentile", false},
	{"slack_api_post_p50_ms", "`chat.postMessage` at the stand-in, round trip from the proxy, median", false},
	{"slack_api_post_p99_ms", "same, 99th percentile", false},
	{"slack_api_update_p50_ms", "`chat.update` at the stand-in, round trip from the proxy, median", false},
	{"slack_api_update_p99_ms", "same, 99th percentile", false},
	{"slack_proxy_p50_ms", "the timing proxy's own time per Web API call (reading, forwarding), median", false},
	{"slack_proxy_p99_ms", "same, 99th percentile", false},
	{"slack_cpu_process_ms", "CPU time per Slack question of the benchmark's process: careerbot's server and assistant, with the stand-in, the proxy and the simulated users", false},
	{"slack_cpu_db_ms", "CPU time per Slack question of the PostgreSQL server (searches, records, claims): with slack_cpu_process_ms, what 50 users at once share on the machine's cores", false},
	{"rss_idle_mb", "resident memory of bin/careerbot chat, started and waiting", false},
	{"rss_serving_mb", "same after answering 200 questions", false},
	{"rss_serving_peak_mb", "peak resident memory while serving (VmHWM)", false},
	{"rss_ingesting_mb", "peak resident memory of bin/careerbot kb import of the catalog", false},
}

func sizeLabel(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

func (r *Result) sizes() []int {
	var out []int
	for _, row := range r.Rows {
		if !slices.Contains(out, row.Chunks) {
			out = append(out, row.Chunks)
		}
	}
	slices.Sort(out)
	return out
}

func format(v float64) string {
	switch {
	case v >= 1000:
		return fmt.Sprintf("%.0f", v)
	case v >= 100:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.3g", v)
	}
}

// Table renders the figures side by side: for each size, careerbot then
// langchaingo; "—" where a system has no such figure.
func (r *Result) Table() string {
	sizes := r.sizes()
	var b strings.Builder
	b.WriteString("| metric |")
	for _, s := range sizes {
		fmt.Fprintf(&b, " %s careerbot | %s langchaingo |", sizeLabel(s), sizeLabel(s))
	}
	b.WriteString("\n|---|")
	for range sizes {
		b.WriteString("--:|--:|")
	}
	b.WriteString("\n")
	for _, m := range metrics {
		var cells []string
		any := false
		for _, s := range sizes {
			for _, sys := range []string{Careerbot, Langchaingo} {
				if v, ok := r.Value(sys, s, m.name); ok {
					cells = append(cells, format(v))
					any = true
				} else {
					cells = append(cells, "—")
				}
			}
		}
		if any {
			fmt.Fprintf(&b, "| `%s` | %s |\n", m.name, strings.Join(cells, " | "))
		}
	}
	return b.String()
}

// Targets checks the targets on these figures.
func (r *Result) Targets() string {
	sizes := r.sizes()
	if len(sizes) == 0 {
		return ""
	}
	top := sizes[len(sizes)-1]
	var b strings.Builder
	b.WriteString("| target | measured | |\n|---|---|---|\n")
	line := func(target, measured string, ok bool) {
		verdict := "met"
		if !ok {
			verdict = "**missed**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", target, measured, verdict)
	}
	at := func(metric string, limit float64, higher bool, target string) {
		v, ok := r.Value(Careerbot, top, metric)
		if !ok {
			return
		}
		met := v <= limit
		if higher {
			met = v >= limit
		}
		line(fmt.Sprintf("%s (%s chunks)", target, sizeLabel(top)), fmt.Sprintf("%s = %s", metric, format(v)), met)
	}
	at("query_p99_ms", 15, false, "hybrid query p99 ≤ 15 ms")
	at("recall_at_10", 0.97, true, "recall@10 ≥ 0.97")
	at("ingest_chunks_per_s", 10_000, true, "ingestion ≥ 10,000 chunks/s, offline embedder")
	at("slack_ack_p99_ms", 50, false, "Slack ack p99 ≤ 50 ms")
	at("answer_p50_ms", 20, false, "offline answer p50 ≤ 20 ms")
	for _, s := range sizes {
		if v, ok := r.Value(Careerbot, s, "rss_idle_mb"); ok {
			line(fmt.Sprintf("resident memory idle ≤ 40 MB (%s chunks)", sizeLabel(s)), fmt.Sprintf("rss_idle_mb = %s", format(v)), v <= 40)
		}
	}
	for _, m := range []string{"query_p50_ms", "query_p99_ms", "ingest_chunks_per_s"} {
		for _, s := range sizes {
			c, ok1 := r.Value(Careerbot, s, m)
			l, ok2 := r.Value(Langchaingo, s, m)
			if !ok1 || !ok2 {
				continue
			}
			ahead := c < l
			if m == "ingest_chunks_per_s" {
				ahead = c > l
			}
			line(fmt.Sprintf("ahead of langchaingo on `%s` (%s chunks)", m, sizeLabel(s)),
				fmt.Sprintf("%s vs %s (%.1f×)", format(c), format(l), ratio(c, l, m == "ingest_chunks_per_s")), ahead)
		}
	}
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

// Markdown renders a generated section of docs/benchmarks.md.
// source names the JSON file and command the command that made it.
func (r *Result) Markdown(source, command string) string {
	m := r.Machine
	var b strings.Builder
	fmt.Fprintf(&b, "Generated by `%s` with `%s`: %s run of %s, %.0f s in all.\n\n", command, source, m.Mode, m.Date, m.DurationS)
	fmt.Fprintf(&b, "Machine: %d CPUs (%s), %d MB of memory, %s; PostgreSQL %s, pgvector %s; %s; langchaingo %s. PostgreSQL settings: ",
		m.CPUs, m.CPUModel, m.MemoryMB, m.Kernel, m.PostgreSQL, m.PGVector, m.Go, m.Langchaingo)
	keys := make([]string, 0, len(m.Settings))
	for k := range m.Settings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "`%s = %s`", k, m.Settings[k])
	}
	b.WriteString(".\n\n")
	b.WriteString(r.Table())
	b.WriteString("\nTargets of the issue, checked on these figures:\n\n")
	b.WriteString(r.Targets())
	for _, p := range r.Plans {
		fmt.Fprintf(&b, "\n`EXPLAIN (ANALYZE, BUFFERS)`, %s:\n\n```\n%s\n```\n", p.Title, p.Text)
	}
	return b.String()
}

// UpdateDoc replaces the section between "<!-- BEGIN name -->" and
// "<!-- END name -->" in the file at path with content.
func UpdateDoc(path, name, content string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	begin, end := "<!-- BEGIN "+name+" -->", "<!-- END "+name+" -->"
	s := string(b)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no section %q: add the lines %s and %s where it goes", path, name, begin, end)
	}
	s = s[:i+len(begin)] + "\n" + content + s[j:]
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// MetricsTable renders what each figure means.
func MetricsTable() string {
	var b strings.Builder
	b.WriteString("| metric | meaning | better |\n|---|---|---|\n")
	for _, m := range metrics {
		better := "lower"
		if m.higher {
			better = "higher"
		}
		if m.name == "chunks_loaded" || strings.HasSuffix(m.name, "_timed") {
			better = ""
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", m.name, m.meaning, better)
	}
	return b.String()
}
