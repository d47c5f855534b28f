// Command careerbot-bench measures careerbot's ingestion, search, answers,
// Slack latency and memory, side by side with langchaingo's pgvector store
// on the same PostgreSQL server, and writes the figures as JSON and as the
// tables of docs/benchmarks.md.
//
// Usage:
//
//	careerbot-bench [-quick | -million] [-out FILE] [-doc FILE] [-binary bin/careerbot]
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
	peer := flag.Bool("peer", true, "measure langchaingo's pgvector store too")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run (go tool pprof) to this file")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: see -help", flag.Arg(0))
	}

	opt := bench.Options{
		AdminURL: pgtest.AdminURL(), Queries: *queries, Peer: *peer, Binary: *binary, EvalFile: *evalFile, Explain: true,
		Log: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}
	mode := "full"
	switch {
	case *quick && *million:
		return fmt.Errorf("-quick and -million exclude each other")
	case *quick:
		// Under two minutes on two cores, both systems.
		mode = "quick"
		opt.Sizes = []int{10_000}
		opt.FilteredQueries, opt.RecallQueries, opt.Answers = 300, 100, 100
		opt.SlackMessages, opt.ServeQuestions = 2, 50
		opt.PeerBudget = 10 * time.Second
	case *million:
		mode = "million"
		opt.Sizes = []int{1_000, 10_000, 100_000, 1_000_000}
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
	res, err := bench.Run(ctx, opt)
	if err != nil {
		return err
	}
	res.Machine.Mode = mode
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	fmt.Printf("wrote %s\n\n%s", *out, res.Table())
	if *doc != "" {
		command := "make bench"
		if *quick {
			command = "make bench-quick"
		}
		if err := bench.UpdateDoc(*doc, mode, res.Markdown(*out, command)); err != nil {
			return err
		}
		if err := bench.UpdateDoc(*doc, "metrics", bench.MetricsTable()); err != nil {
			return err
		}
		fmt.Printf("updated %s\n", *doc)
	}
	return nil
}
