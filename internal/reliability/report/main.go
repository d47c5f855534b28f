// Command report writes docs/reliability.md from the results of make
// reliability: the JSON file the reliability tests write as they run
// (internal/reliability's Results), and the output of the fuzz targets.
// Every figure in the document comes from them.
//
// A run that did not finish, a row that is missing or failed, and a fuzz
// target that failed or did not run are named at the top of the document
// and under "What did not hold", and report then exits with status 1 after
// writing it, so that such a run is never published as a success. It exits
// with status 2 when it could not write the document.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/careerbot/careerbot/internal/reliability"
)

// fuzzRun is what the fuzzing output says of one target.
type fuzzRun struct {
	name, pkg, elapsed, execs, corpus, input string
	failed, seen                             bool
}

// held reports whether the target ran and no input broke it.
func (f *fuzzRun) held() bool { return f.seen && !f.failed }

func main() {
	resPath := flag.String("results", "internal/reliability/results/results.json", "results of the reliability tests")
	fuzzPath := flag.String("fuzz", "internal/reliability/results/fuzz.log", "output of make fuzz")
	targets := flag.String("fuzz-targets", "", "the fuzz targets that were to run, as package:Target separated by spaces (make's FUZZ_TARGETS); each one missing from the output is reported")
	out := flag.String("out", "docs/reliability.md", "document to write")
	flag.Parse()
	problems, err := run(*resPath, *fuzzPath, strings.Fields(*targets), *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "report: wrote %s, which says that this run is not a result:\n", *out)
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "  - "+p)
		}
		os.Exit(1)
	}
	fmt.Println("wrote " + *out)
}

// run writes the document and returns what kept the run from holding in
// full: nothing when every expected row and fuzz target ran and held.
func run(resPath, fuzzPath string, targets []string, out string) ([]string, error) {
	res, err := reliability.ReadResults(resPath)
	var missing error
	if errors.Is(err, os.ErrNotExist) {
		missing = err
	} else if err != nil {
		return nil, err
	}
	fuzz, err := readFuzz(fuzzPath, targets)
	if err != nil {
		return nil, err
	}
	doc, problems := render(res, missing, fuzz)
	if err := os.WriteFile(out, []byte(doc), 0o644); err != nil {
		return nil, fmt.Errorf("write the report: %w", err)
	}
	return problems, nil
}

var (
	progressRE = regexp.MustCompile(`^(Fuzz\w+): fuzz: elapsed: (\w+), execs: (\d+) .*?(?:total: (\d+))?\)?$`)
	headerRE   = regexp.MustCompile(`^fuzz (\S+) (Fuzz\w+) `)
	okRE       = regexp.MustCompile(`^(Fuzz\w+): (ok|FAIL|--- FAIL)`)
	inputRE    = regexp.MustCompile(`^(Fuzz\w+): \s*Failing input written to (\S+)`)
)

// readFuzz reads the output of make fuzz, its lines prefixed with the
// target's name. Each of targets (package:Target) gets a run, with nothing
// seen when the output does not mention it.
func readFuzz(path string, targets []string) ([]*fuzzRun, error) {
	byName := map[string]*fuzzRun{}
	var order []*fuzzRun
	get := func(name string) *fuzzRun {
		if byName[name] == nil {
			byName[name] = &fuzzRun{name: name}
			order = append(order, byName[name])
		}
		return byName[name]
	}
	for _, t := range targets {
		pkg, name, ok := strings.Cut(t, ":")
		if !ok {
			return nil, fmt.Errorf("fuzz target %q: want package:Target", t)
		}
		get(name).pkg = pkg
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return order, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the fuzzing output: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := headerRE.FindStringSubmatch(line); m != nil {
			get(m[2]).pkg = m[1]
		}
		if m := progressRE.FindStringSubmatch(line); m != nil {
			r := get(m[1])
			r.elapsed, r.execs, r.seen = m[2], m[3], true
			if m[4] != "" {
				r.corpus = m[4]
			}
		}
		if m := okRE.FindStringSubmatch(line); m != nil {
			r := get(m[1])
			r.seen = true
			if m[2] != "ok" {
				r.failed = true
			}
		}
		if m := inputRE.FindStringSubmatch(line); m != nil {
			get(m[1]).input = m[2]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return order, nil
}

func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ")
}

// render returns the document and the problems of the run. missing is set
// when there was no results file at all.
func render(res reliability.Results, missing error, fuzz []*fuzzRun) (string, []string) {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Reliability\n\n")
	p("What careerbot was put through, and what held. This file is written by `make reliability` from the figures its tests record " +
		"(`internal/reliability/results/results.json`) and from the fuzzing output: do not edit it by hand, run `make reliability` again.\n\n")

	// What kept the run from holding in full, said first and plainly.
	var problems []string
	switch {
	case missing != nil:
		problems = append(problems, "no results were recorded: the reliability tests did not start (see internal/reliability/results/test.log)")
	case !res.Complete:
		problems = append(problems, "the reliability tests did not finish: the run was stopped (a timeout, a crash or a kill) before its end")
	case res.ExitCode != 0:
		problems = append(problems, fmt.Sprintf("the reliability tests exited with status %d", res.ExitCode))
	}
	for _, r := range res.Rows {
		switch r.Status {
		case reliability.Held:
		case reliability.Running:
			problems = append(problems, fmt.Sprintf("%s (%s) started but did not finish", r.Test, r.Area))
		default:
			problems = append(problems, fmt.Sprintf("%s (%s) failed: %s", r.Test, r.Area, r.Result))
		}
	}
	for _, t := range res.Missing() {
		problems = append(problems, fmt.Sprintf("%s (%s: %s) did not run", t.Name, t.Area, t.About))
	}
	for _, f := range fuzz {
		switch {
		case !f.seen:
			problems = append(problems, fmt.Sprintf("fuzz target %s (%s) did not run", f.name, f.pkg))
		case f.failed && f.input != "":
			problems = append(problems, fmt.Sprintf("fuzz target %s (%s) failed: the input that broke it is %s/%s", f.name, f.pkg, f.pkg, f.input))
		case f.failed:
			problems = append(problems, fmt.Sprintf("fuzz target %s (%s) failed: see internal/reliability/results/fuzz.log", f.name, f.pkg))
		}
	}

	if missing == nil {
		size := "full size"
		if !res.Full {
			size = "short size (the figures of a `go test` run, not of `make reliability`)"
		}
		p("Run of %s, %s, %s on %d CPUs. Every test runs careerbot as separate processes (`careerbot serve`, `ask`, `chat`, `kb`, `doctor`) "+
			"built from this repository, on a fresh PostgreSQL database, against local stand-ins that speak the Slack Web API, Socket Mode "+
			"and the OpenAI API (`internal/slacktest`, `internal/openaitest`).\n\n", res.Started.Format("2006-01-02 15:04 MST"), size, res.Go, res.CPUs)
	}
	held, total := 0, len(reliability.Tests)+len(fuzz)
	for _, r := range res.Rows {
		if r.Held() && reliability.Listed(r.Test) {
			held++
		}
	}
	for _, f := range fuzz {
		if f.held() {
			held++
		}
	}
	if len(problems) == 0 {
		p("**%d of %d rows held.**\n\n", held, total)
	} else {
		p("**This run is not a result.** %d of %d rows held; what keeps it from holding in full:\n\n", held, total)
		for _, pr := range problems {
			p("- **%s**\n", cell(pr))
		}
		p("\n")
	}

	rank := map[string]int{}
	for i, t := range reliability.Tests {
		rank[t.Name] = i
	}
	rows := append([]reliability.Row(nil), res.Rows...)
	notRun := map[string]bool{}
	for _, t := range res.Missing() {
		rows = append(rows, reliability.Row{Area: t.Area, Test: t.Name, Tried: t.About})
		notRun[t.Name] = true
	}
	sort.SliceStable(rows, func(i, j int) bool { return rank[rows[i].Test] < rank[rows[j].Test] })
	p("| Area | What was tried | What happened | Held | Time |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		status, result, took := yes(r.Held()), r.Result, fmt.Sprintf("%.1f s", r.Seconds)
		switch {
		case notRun[r.Test]:
			status, result, took = "**did not run**", "–", "–"
		case r.Status == reliability.Running:
			status, result, took = "**did not finish**", "stopped before its end: see the test log", "–"
		}
		p("| %s | %s | %s | %s | %s |\n", r.Area, cell(r.Tried), cell(result), status, took)
	}
	p("\n## Fuzzing\n\n")
	if len(fuzz) == 0 {
		p("No fuzzing output was found: `make reliability` runs `make fuzz` first.\n")
	} else {
		p("`make fuzz` runs each target for `FUZZTIME` (30 s by default; `make test` runs 3 s each, `make reliability` 20 s each). " +
			"A target holds when no input broke its properties; inputs that did are kept under the package's `testdata/fuzz` and run by every `go test`.\n\n")
		p("| Target | Package | Properties checked | Time | Executions | Corpus | Held |\n|---|---|---|---|---|---|---|\n")
		for _, f := range fuzz {
			status := yes(f.held())
			if !f.seen {
				status = "**did not run**"
			}
			p("| %s | %s | %s | %s | %s | %s | %s |\n", f.name, f.pkg, cell(fuzzProperties[f.name]), or(f.elapsed, "–"), or(f.execs, "–"), or(f.corpus, "–"), status)
		}
	}
	p("\n## What did not hold\n\n")
	if len(problems) == 0 {
		p("Nothing: every row above held.\n")
	} else {
		for _, pr := range problems {
			p("- %s.\n", cell(pr))
		}
		p("\nThe logs are in `internal/reliability/results/` (`test.log`, `fuzz.log`).\n")
	}
	p("\n%s", limits)
	return b.String(), problems
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

func or(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}

var fuzzProperties = map[string]string{
	"FuzzParse":             "any catalog file parses or fails with located errors; what parses survives Marshal and Parse unchanged",
	"FuzzNumbers":           "numbers found in any text are clean and their normalisation is idempotent",
	"FuzzNormalize":         "any question is refused with a localised message or becomes bounded, valid text with no control characters or Slack markup",
	"FuzzDetectLang":        "any text gets fr or en, stably; the hint decides only for text with no clue",
	"FuzzSlashCommand":      "any command name, text and raw form body through the signed endpoint: no 5xx, a clear reply, no ping or unapproved link in it or in the answer",
	"FuzzRender":            "any answer text renders within Block Kit limits, as valid JSON and UTF-8, with no ping and no link to an unapproved domain",
	"FuzzVerify":            "any headers and body: only requests signed with the secret within 5 minutes pass; a changed body or another secret fails",
	"FuzzInteractionValues": "forged button and modal values parse to known commands, positive ids and fr or en",
}

const limits = `## Known limits

- Addresses without a scheme or ` + "`www.`" + ` (such as ` + "`evil.example/login`" + `) are sent as text: the suites check that
  no URL with a scheme and no ` + "`www.`" + ` address to an unapproved domain is ever sent as a link, not what a Slack client
  may choose to link on its own.
- The answer lease covers conversations (mentions, direct messages, thread follow-ups). A slash command whose replica dies
  mid-answer keeps its "looking that up" reply; the asker runs the command again.
- In the prompt checks, the earlier turns of a thread are careerbot's own answers (already checked) and the asker's earlier
  questions, fenced like the question.
- In the terminal chat an empty line only brings the prompt back, as shells do; every other surface answers it with a message.
- The database crash after answers is a crash of PostgreSQL's processes (an immediate stop), on a cluster with
  ` + "`fsync = off`" + ` as the local one: the answered mark survives it because it is in the write-ahead log before it is
  acknowledged. A crash of the machine is not tried; the mark survives one only with ` + "`fsync = on`" + ` (docs/operations.md).
`
