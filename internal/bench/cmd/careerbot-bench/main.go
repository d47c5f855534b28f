// Command careerbot-bench measures careerbot's ingestion, search, answers,
// Slack latency and memory, side by side with the peer stores (langchaingo's
// pgvector store with its defaults and with its HNSW index, on the same
// PostgreSQL server, and chromem-go in memory), and writes the figures as
// JSON and as the tables of docs/benchmarks.md.
//
// Usage:
//
//	careerbot-bench [-quick | -million] [-peers LIST] [-out FILE] [-doc FILE] [-binary bin/careerbot]
//
// Without -quick it measures 1k, 10k and 100k chunks (with -million, 1M
// too); -quick measures 10k chunks with fewer answers. DATABASE_URL names
// the server (default: the cluster of 'make db'); the role must be allowed
// to create databases. Each system gets its own database, dropped at the
// end.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/careerbot/careerbot/internal/bench"
	"github.com/careerbot/careerbot/internal/pgtest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "careerbot-bench: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	quick := flag.Bool("quick", false, "10k chunks only, fewer answers (make bench-quick)")
	million := flag.Bool("million", false, "add a 1M-chunk size to the full run")
	sizes := flag.String("sizes", "", "comma-separated catalog sizes in chunks, overriding the defaults")
	out := flag.String("out", "", "JSON file to write (default internal/bench/results/latest.json, or quick.json with -quick)")
	doc := flag.String("doc", "docs/benchmarks.md", "document whose generated section is replaced; empty: none")
	binary := flag.String("binary", "bin/careerbot", "careerbot binary for the memory figures; empty: skip them")
	evalFile := flag.String("eval", "bot/testdata/eval/questions.tsv", "questions of the answer figures; empty: synthetic ones")
	queries := flag.Int("queries", 1000, "timed queries per kind, system and size")
	peers := flag.String("peers", strings.Join(bench.Peers, ","), "comma-separated peer stores measured next to careerbot; empty: none")
	metricsOnly := flag.Bool("metrics-only", false, "only rewrite the table of what each figure means in -doc, measuring nothing")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run (go tool pprof) to this file")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: see -help", flag.Arg(0))
	}
	if *metricsOnly {
		return bench.UpdateDoc(*doc, "metrics", bench.MetricsTable())
	}

	opt := bench.Options{
		AdminURL: pgtest.AdminURL(), Queries: *queries, Binary: *binary, EvalFile: *evalFile, Explain: true,
		Log: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}
	for p := range strings.SplitSeq(*peers, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !slices.Contains(bench.Peers, p) {
			return fmt.Errorf("-peers: unknown peer %q (known: %s)", p, strings.Join(bench.Peers, ", "))
		}
		opt.Peers = append(opt.Peers, p)
	}
	mode := "full"
	switch {
	case *quick && *million:
		return fmt.Errorf("-quick and -million exclude each other")
	case *quick:
		// Under two minutes on two cores, every system.
		mode = "quick"
		opt.Sizes = []int{10_000}
		opt.FilteredQueries, opt.RecallQueries, opt.Answers = 300, 100, 100
		opt.SlackMessages, opt.ServeQuestions = 2, 50
		opt.PeerBudget, opt.PeerMinQueries = 3*time.Second, 50
	case *million:
		mode = "million"
		opt.Sizes = []int{1_000, 10_000, 100_000, 1_000_000}
		// langchaingo's HNSW index, upkept at every insert, would take
		// hours to load 1M chunks: its rate is measured on what it loads
		// in this time.
		opt.PeerIngestBudget = 20 * time.Minute
	default:
		opt.Sizes = []int{1_000, 10_000, 100_000}
	}
	if !*quick {
		opt.PeerBudget = 60 * time.Second
	}
	if *sizes != "" {
		opt.Sizes = nil
		for f := range strings.SplitSeq(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 100 {
				return fmt.Errorf("-sizes: %q is not a size of at least 100 chunks", f)
			}
			opt.Sizes = append(opt.Sizes, n)
		}
	}
	if *binary != "" {
		if _, err := os.Stat(*binary); err != nil {
			return fmt.Errorf("-binary: %w (run 'make build', or pass -binary '' to skip the memory figures)", err)
		}
	}
	if *out == "" {
		*out = "internal/bench/results/latest.json"
		if *quick {
			*out = "internal/bench/results/quick.json"
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	// A million run is a full run with one size more: it writes the full
	// run's section of the document.
	section, command := "full", "make bench"
	switch mode {
	case "quick":
		section, command = "quick", "make bench-quick"
	case "million":
		command = "make bench BENCH_FLAGS=-million"
	}
	if *doc != "" {
		// Before the run, not after hours of it.
		if err := bench.CheckDoc(*doc, section, "metrics"); err != nil {
			return err
		}
	}
	opt.Progress = func(res *bench.Result) {
		res.Machine.Mode = mode
		if err := writeResults(*out, res); err != nil {
			opt.Log.Warn("save the figures measured so far", "err", err)
		}
	}
	res, err := bench.Run(ctx, opt)
	if err != nil {
		return err
	}
	res.Machine.Mode = mode
	if err := writeResults(*out, res); err != nil {
		return err
	}
	fmt.Printf("wrote %s\n\n%s", *out, res.Table())
	if *doc != "" {
		if err := bench.UpdateDoc(*doc, section, res.Markdown(*out, command)); err != nil {
			return err
		}
		if err := bench.UpdateDoc(*doc, "metrics", bench.MetricsTable()); err != nil {
			return err
		}
		fmt.Printf("updated %s\n", *doc)
	}
	return nil
}

// writeResults writes the figures as JSON to path.
func writeResults(path string, res *bench.Result) error {
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}
