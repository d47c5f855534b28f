// Command report writes docs/reliability.md from the results of make
// reliability: the JSON file the reliability tests write, and the output
// of the fuzz targets. Every figure in the document comes from them.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"
)

type row struct {
	Area    string  `json:"area"`
	Test    string  `json:"test"`
	Tried   string  `json:"tried"`
	Result  string  `json:"result"`
	Held    bool    `json:"held"`
	Seconds float64 `json:"seconds"`
}

type results struct {
	Full    bool      `json:"full"`
	Started time.Time `json:"started"`
	Go      string    `json:"go"`
	CPUs    int       `json:"cpus"`
	Rows    []row     `json:"rows"`
}

type fuzzRun struct {
	name, pkg, elapsed, execs, corpus string
	held, seen                        bool
}

func main() {
	resPath := flag.String("results", "internal/reliability/results/results.json", "results of the reliability tests")
	fuzzPath := flag.String("fuzz", "internal/reliability/results/fuzz.log", "output of make fuzz")
	out := flag.String("out", "docs/reliability.md", "document to write")
	flag.Parse()
	if err := run(*resPath, *fuzzPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(resPath, fuzzPath, out string) error {
	b, err := os.ReadFile(resPath)
	if err != nil {
		return fmt.Errorf("read results (run make reliability): %w", err)
	}
	var res results
	if err := json.Unmarshal(b, &res); err != nil {
		return fmt.Errorf("read %s: %w", resPath, err)
	}
	fuzz, err := readFuzz(fuzzPath)
	if err != nil {
		return err
	}
	return os.WriteFile(out, []byte(render(res, fuzz)), 0o644)
}

var (
	progressRE = regexp.MustCompile(`^(Fuzz\w+): fuzz: elapsed: (\w+), execs: (\d+) .*?(?:total: (\d+))?\)?$`)
	headerRE   = regexp.MustCompile(`^fuzz (\S+) (Fuzz\w+) `)
	okRE       = regexp.MustCompile(`^(Fuzz\w+): (ok|FAIL|--- FAIL)`)
)

// readFuzz reads the output of make fuzz, its lines prefixed with the
// target's name.
func readFuzz(path string) ([]*fuzzRun, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	byName := map[string]*fuzzRun{}
	var order []*fuzzRun
	get := func(name string) *fuzzRun {
		if byName[name] == nil {
			byName[name] = &fuzzRun{name: name, held: true}
			order = append(order, byName[name])
		}
		return byName[name]
	}
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
			if m[2] != "ok" {
				r.held = false
			}
		}
	}
	return order, sc.Err()
}

func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ")
}

func render(res results, fuzz []*fuzzRun) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Reliability\n\n")
	p("What careerbot was put through, and what held. This file is written by `make reliability` from the figures its tests record " +
		"(`internal/reliability/results/results.json`) and from the fuzzing output: do not edit it by hand, run `make reliability` again.\n\n")
	size := "full size"
	if !res.Full {
		size = "short size (the figures of a `go test` run, not of `make reliability`)"
	}
	p("Run of %s, %s, %s on %d CPUs. Every test runs careerbot as separate processes (`careerbot serve`, `ask`, `chat`, `kb`, `doctor`) "+
		"built from this repository, on a fresh PostgreSQL database, against local stand-ins that speak the Slack Web API, Socket Mode "+
		"and the OpenAI API (`internal/slacktest`, `internal/openaitest`).\n\n", res.Started.Format("2006-01-02 15:04 MST"), size, res.Go, res.CPUs)

	held, total := 0, len(res.Rows)
	for _, r := range res.Rows {
		if r.Held {
			held++
		}
	}
	for _, f := range fuzz {
		total++
		if f.held && f.seen {
			held++
		}
	}
	p("**%d of %d rows held.**\n\n", held, total)

	areas := []string{"Faults", "Load", "Bad input", "Injection", "Secrets"}
	rank := map[string]int{}
	for i, a := range areas {
		rank[a] = i
	}
	rows := append([]row(nil), res.Rows...)
	sort.SliceStable(rows, func(i, j int) bool { return rank[rows[i].Area] < rank[rows[j].Area] })
	p("| Area | What was tried | What happened | Held | Time |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		p("| %s | %s | %s | %s | %.1f s |\n", r.Area, cell(r.Tried), cell(r.Result), yes(r.Held), r.Seconds)
	}
	p("\n## Fuzzing\n\n")
	if len(fuzz) == 0 {
		p("No fuzzing output was found: `make reliability` runs `make fuzz` first.\n")
	} else {
		p("`make fuzz` runs each target for `FUZZTIME` (30 s by default; `make test` runs 3 s each, `make reliability` 20 s each). " +
			"A target holds when no input broke its properties; inputs that did are kept under the package's `testdata/fuzz` and run by every `go test`.\n\n")
		p("| Target | Package | Properties checked | Time | Executions | Corpus | Held |\n|---|---|---|---|---|---|---|\n")
		for _, f := range fuzz {
			p("| %s | %s | %s | %s | %s | %s | %s |\n", f.name, f.pkg, cell(fuzzProperties[f.name]), or(f.elapsed, "–"), or(f.execs, "–"), or(f.corpus, "–"), yes(f.held && f.seen))
		}
	}
	var failed []string
	for _, r := range rows {
		if !r.Held {
			failed = append(failed, fmt.Sprintf("- %s (%s): %s. See `internal/reliability/results/test.log`.", r.Tried, r.Test, r.Result))
		}
	}
	for _, f := range fuzz {
		if !f.held || !f.seen {
			failed = append(failed, fmt.Sprintf("- fuzz target %s: a failing input is under %s/testdata/fuzz/%s.", f.name, f.pkg, f.name))
		}
	}
	p("\n## What did not hold\n\n")
	if len(failed) == 0 {
		p("Nothing: every row above held.\n")
	} else {
		p("%s\n", strings.Join(failed, "\n"))
	}
	p("\n%s", limits)
	return b.String()
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
`
