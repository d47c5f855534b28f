// Package bench measures careerbot where a Slack bot must be fast: ingestion,
// hybrid and vector search, recall of the HNSW path against exact search,
// answers through the assistant, Slack acknowledgements and replies, and the
// resident memory of a real careerbot process. In the same run and on the
// same PostgreSQL server it measures the stores a Go developer would
// otherwise pick, fed the same vectors, for comparison: langchaingo's
// pgvector store with its defaults and with its HNSW index, and chromem-go
// in memory. Each system in PostgreSQL gets its own database, created and
// dropped by the run.
//
// The program in internal/bench/cmd/careerbot-bench runs it (make bench, make
// bench-quick); docs/benchmarks.md explains the figures.
package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/careerbot/careerbot/internal/synth"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
)

// The systems compared.
const (
	Careerbot = "careerbot"
	// Langchaingo is langchaingo's pgvector store with its defaults;
	// LangchaingoHNSW the same with its HNSW index option.
	Langchaingo     = "langchaingo"
	LangchaingoHNSW = "langchaingo-hnsw"
	// Chromem is chromem-go, an embedded store held in memory.
	Chromem = "chromem-go"
)

// Peers are the stores measured next to careerbot, in the order of the
// tables.
var Peers = []string{Langchaingo, LangchaingoHNSW, Chromem}

// K is the number of hits every query asks for.
const K = 10

// Options configures a run. Zero values take the defaults of Defaults.
type Options struct {
	// AdminURL is a PostgreSQL URL whose role may create databases.
	AdminURL string
	// Sizes are the catalog sizes, in chunks.
	Sizes []int
	// Queries is the number of timed queries per kind, system and size.
	Queries int
	// FilteredQueries is the number of timed filtered queries per kind,
	// system and size (default: Queries).
	FilteredQueries int
	// PeerBudget bounds the time a peer's timed queries of one kind may
	// take at one size, once PeerMinQueries are done: the peers' searches
	// scan every vector, so 1,000 of them at 100k chunks would take
	// minutes. Zero: no bound.
	PeerBudget     time.Duration
	PeerMinQueries int
	// PeerIngestBudget bounds a peer's ingestion at one size: past it, the
	// peer's import stops, its rate is measured on what it loaded and it
	// is not searched at that size (langchaingo's HNSW index, upkept at
	// every insert, would take hours at 1M chunks). Zero: no bound.
	PeerIngestBudget time.Duration
	// ServeQuestions is the number of questions the memory figures ask
	// the careerbot process (default 200).
	ServeQuestions int
	// RecallQueries is the number of queries compared with exact search.
	RecallQueries int
	// Answers is the number of questions answered through the assistant.
	Answers int
	// SlackUsers and SlackMessages: concurrent Slack users, and the
	// messages each sends, one after the other's answer.
	SlackUsers, SlackMessages int
	// Peers are the peer stores measured next to careerbot (see Peers);
	// none when empty.
	Peers []string
	// Binary is a built careerbot, run for the memory figures; empty skips
	// them.
	Binary string
	// MemorySize is the catalog size (chunks) of the memory figures.
	MemorySize int
	// EvalFile holds the questions of the answer figures (the built-in
	// knowledge base is loaded next to the synthetic catalog); empty uses
	// synthetic questions.
	EvalFile string
	// Seed makes catalogs and questions reproducible.
	Seed uint64
	// Explain captures EXPLAIN (ANALYZE, BUFFERS) of both systems' queries
	// at the largest size.
	Explain bool
	// Progress, when set, is given the figures measured so far after each
	// size, so that a long run keeps what it measured if a later size
	// fails.
	Progress func(*Result)
	Log      *slog.Logger
}

// Defaults fills the zero fields of o.
func (o *Options) Defaults() {
	if len(o.Sizes) == 0 {
		o.Sizes = []int{10_000}
	}
	if o.Queries <= 0 {
		o.Queries = 1000
	}
	if o.FilteredQueries <= 0 || o.FilteredQueries > o.Queries {
		o.FilteredQueries = o.Queries
	}
	if o.PeerMinQueries <= 0 {
		o.PeerMinQueries = 100
	}
	if o.ServeQuestions <= 0 {
		o.ServeQuestions = 200
	}
	if o.RecallQueries <= 0 {
		o.RecallQueries = 200
	}
	if o.Answers <= 0 {
		o.Answers = 300
	}
	if o.SlackUsers <= 0 {
		o.SlackUsers = 50
	}
	if o.SlackMessages <= 0 {
		o.SlackMessages = 6
	}
	if o.MemorySize <= 0 {
		o.MemorySize = 10_000
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// Row is one figure.
type Row struct {
	System string  `json:"system"`
	Chunks int     `json:"chunks"`
	Metric string  `json:"metric"`
	Value  float64 `json:"value"`
}

// Result is what a run measured.
type Result struct {
	Machine Machine `json:"machine"`
	Rows    []Row   `json:"rows"`
	// Plans are EXPLAIN (ANALYZE, BUFFERS) outputs by title, for the
	// document; they are not part of the JSON file.
	Plans []Plan `json:"-"`
}

// Plan is a captured query plan.
type Plan struct {
	Title, Text string
}

// Value returns a figure, and whether it was measured.
func (r *Result) Value(system string, chunks int, metric string) (float64, bool) {
	for _, row := range r.Rows {
		if row.System == system && row.Chunks == chunks && row.Metric == metric {
			return row.Value, true
		}
	}
	return 0, false
}

func (r *Result) add(system string, chunks int, metric string, v float64) {
	r.Rows = append(r.Rows, Row{System: system, Chunks: chunks, Metric: metric, Value: round(v)})
}

// round keeps four significant decimals, enough for milliseconds and
// ratios.
func round(v float64) float64 {
	return float64(int64(v*10000+0.5)) / 10000
}

// query is one benchmark question, embedded once.
type query struct {
	synth.Question
	Vector []float32
}

// run is the state of one Run.
type run struct {
	opt   Options
	res   *Result
	log   *slog.Logger
	embed *local.Embedder
	// avail counts the chunks of the current catalog by "kind/lang" and
	// "kind/", to know how many hits a filtered query can return.
	avail map[string]int
}

// fullK reports whether a filtered query for q returned all the hits it
// could: k, or every matching chunk when fewer exist.
func (r *run) fullK(q query, n int) bool {
	return n >= min(K, r.avail[string(q.Kind)+"/"+q.FilterLang])
}

// Run measures every size and returns the figures.
func Run(ctx context.Context, opt Options) (*Result, error) {
	opt.Defaults()
	start := time.Now()
	r := &run{opt: opt, res: &Result{}, log: opt.Log, embed: local.New()}
	m, err := describeMachine(ctx, opt.AdminURL)
	if err != nil {
		return nil, err
	}
	r.res.Machine = m
	n := max(opt.Queries, opt.RecallQueries)
	qs := synth.Questions(n, opt.Seed)
	queries := make([]query, len(qs))
	for i, q := range qs {
		queries[i] = query{Question: q, Vector: r.embed.Vector(q.Text)}
	}
	sizes := slices.Clone(opt.Sizes)
	slices.Sort(sizes)
	for i, size := range sizes {
		// Plans at the smallest and the largest size: where an exact scan
		// is cheapest and where the indexes matter most.
		explain := opt.Explain && (i == 0 || i == len(sizes)-1)
		if err := r.size(ctx, size, queries, explain); err != nil {
			return nil, fmt.Errorf("%d chunks: %w", size, err)
		}
		if opt.Progress != nil {
			r.res.Machine.DurationS = round(time.Since(start).Seconds())
			opt.Progress(r.res)
		}
	}
	r.res.Machine.DurationS = round(time.Since(start).Seconds())
	return r.res, nil
}

// size measures every system on a catalog of about size chunks.
func (r *run) size(ctx context.Context, size int, queries []query, explain bool) error {
	cat := synth.Catalog(size, 10, r.opt.Seed)
	var chunks []retrieval.Chunk
	var kinds []knowledge.Kind
	for _, e := range cat.Entries {
		for _, c := range retrieval.ChunkEntry(e) {
			chunks = append(chunks, c)
			kinds = append(kinds, e.Kind)
		}
	}
	r.log.Info("catalog", "entries", len(cat.Entries), "chunks", len(chunks))
	r.avail = map[string]int{}
	for i, c := range chunks {
		r.avail[string(kinds[i])+"/"]++
		r.avail[string(kinds[i])+"/"+c.Lang]++
	}
	exact, err := r.careerbot(ctx, size, cat, chunks, queries, explain)
	if err != nil {
		return fmt.Errorf("careerbot: %w", err)
	}
	for _, p := range r.opt.Peers {
		if err := r.peer(ctx, p, size, chunks, kinds, queries, exact, explain); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}
