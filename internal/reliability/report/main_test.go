package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/internal/reliability"
)

const fuzzOK = `fuzz ./knowledge FuzzParse (20s)
FuzzParse: fuzz: elapsed: 0s, gathering baseline coverage: 0/31 completed
FuzzParse: fuzz: elapsed: 21s, execs: 19489 (928/sec), new interesting: 0 (total: 31)
FuzzParse: PASS
FuzzParse: ok  	github.com/careerbot/careerbot/knowledge	21.2s
fuzz ./bot FuzzNormalize (20s)
FuzzNormalize: fuzz: elapsed: 21s, execs: 33900 (1614/sec), new interesting: 0 (total: 123)
FuzzNormalize: PASS
FuzzNormalize: ok  	github.com/careerbot/careerbot/bot	21.1s
`

const fuzzBroken = `fuzz ./knowledge FuzzParse (20s)
FuzzParse: fuzz: elapsed: 21s, execs: 19489 (928/sec), new interesting: 0 (total: 31)
FuzzParse: ok  	github.com/careerbot/careerbot/knowledge	21.2s
fuzz ./bot FuzzNormalize (20s)
FuzzNormalize: fuzz: elapsed: 3s, execs: 4100 (1366/sec), new interesting: 2 (total: 125)
FuzzNormalize: --- FAIL: FuzzNormalize (3.12s)
FuzzNormalize:     --- FAIL: FuzzNormalize (0.00s)
FuzzNormalize:         normalize_fuzz_test.go:40: control character left in "a\x01"
FuzzNormalize:     
FuzzNormalize:     Failing input written to testdata/fuzz/FuzzNormalize/3f2a9c
FuzzNormalize:     To re-run:
FuzzNormalize:     go test -run=FuzzNormalize/3f2a9c
FuzzNormalize: FAIL
FuzzNormalize: exit status 1
FuzzNormalize: FAIL	github.com/careerbot/careerbot/bot	3.2s
`

var targets = []string{"./knowledge:FuzzParse", "./bot:FuzzNormalize"}

// record writes a results file as a run would: every test of
// reliability.Tests begun and ended with status, except those in stop,
// and Finish(code) unless finish is false.
func record(t *testing.T, path string, status map[string]reliability.Status, finish bool, code int) {
	t.Helper()
	rec, err := reliability.NewRecorder(path, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, test := range reliability.Tests {
		st, ok := status[test.Name]
		if !ok {
			st = reliability.Held
		}
		if st == "" {
			continue // did not run
		}
		row := reliability.Row{Area: test.Area, Test: test.Name, Tried: "tried " + test.About, Result: "result of " + test.Name}
		i, err := rec.Begin(row)
		if err != nil {
			t.Fatal(err)
		}
		if st == reliability.Running {
			break // the run stops here
		}
		row.Status, row.Seconds = st, 1.5
		if err := rec.End(i, row); err != nil {
			t.Fatal(err)
		}
	}
	if finish {
		if err := rec.Finish(code); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReport(t *testing.T) {
	all := len(reliability.Tests) + len(targets)
	tests := []struct {
		name    string
		results func(t *testing.T, path string) // nil: no results file
		fuzz    string                          // "": no fuzzing output
		// problems and doc are substrings of what report says.
		problems []string
		doc      []string
	}{
		{
			name:     "every row held",
			results:  func(t *testing.T, path string) { record(t, path, nil, true, 0) },
			fuzz:     fuzzOK,
			doc:      []string{"Run of ", "full size", "**" + strconv.Itoa(all) + " of " + strconv.Itoa(all) + " rows held.**", "Nothing: every row above held."},
			problems: nil,
		},
		{
			name: "stopped by a timeout in the middle",
			results: func(t *testing.T, path string) {
				record(t, path, map[string]reliability.Status{"TestLoad": reliability.Running}, false, 0)
			},
			fuzz:     fuzzOK,
			problems: []string{"did not finish: the run was stopped", "TestLoad (Load) started but did not finish", "TestInjection (Injection: prompt injection) did not run"},
			doc:      []string{"**This run is not a result.**", "| **did not finish** |", "| **did not run** |"},
		},
		{
			name: "a row failed",
			results: func(t *testing.T, path string) {
				record(t, path, map[string]reliability.Status{"TestDatabaseOutage": reliability.Failed}, true, 1)
			},
			fuzz:     fuzzOK,
			problems: []string{"exited with status 1", "TestDatabaseOutage (Faults) failed: result of TestDatabaseOutage"},
			doc:      []string{"| **no** |", "## What did not hold\n\n- the reliability tests exited with status 1"},
		},
		{
			name: "a row did not run",
			results: func(t *testing.T, path string) {
				record(t, path, map[string]reliability.Status{"TestSlackRateLimits": ""}, true, 0)
			},
			fuzz:     fuzzOK,
			problems: []string{"TestSlackRateLimits (Faults: Slack rate limits) did not run"},
		},
		{
			name:     "a fuzz target failed",
			results:  func(t *testing.T, path string) { record(t, path, nil, true, 0) },
			fuzz:     fuzzBroken,
			problems: []string{"fuzz target FuzzNormalize (./bot) failed: the input that broke it is ./bot/testdata/fuzz/FuzzNormalize/3f2a9c"},
			doc:      []string{"| FuzzNormalize | ./bot |", "| 3s | 4100 | 125 | **no** |", "| FuzzParse | ./knowledge |"},
		},
		{
			name:     "no fuzzing output",
			results:  func(t *testing.T, path string) { record(t, path, nil, true, 0) },
			problems: []string{"fuzz target FuzzParse (./knowledge) did not run", "fuzz target FuzzNormalize (./bot) did not run"},
		},
		{
			name:     "no results at all",
			fuzz:     fuzzOK,
			problems: []string{"no results were recorded"},
			doc:      []string{"**This run is not a result.** 2 of " + strconv.Itoa(all) + " rows held"},
		},
		{
			name: "the results of an earlier run are not reused",
			results: func(t *testing.T, path string) {
				record(t, path, nil, true, 0)
				// The next run starts and is killed before its first test.
				if _, err := reliability.NewRecorder(path, true); err != nil {
					t.Fatal(err)
				}
			},
			fuzz:     fuzzOK,
			problems: []string{"did not finish", "TestDatabaseOutage (Faults: PostgreSQL stopped under load) did not run"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			resPath, fuzzPath, out := filepath.Join(dir, "results.json"), filepath.Join(dir, "fuzz.log"), filepath.Join(dir, "reliability.md")
			if tt.results != nil {
				tt.results(t, resPath)
			}
			if tt.fuzz != "" {
				if err := os.WriteFile(fuzzPath, []byte(tt.fuzz), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			problems, err := run(resPath, fuzzPath, targets, out)
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("the report was not written: %v", err)
			}
			doc := string(b)
			if len(tt.problems) == 0 && len(problems) > 0 {
				t.Errorf("problems %q, want none", problems)
			}
			if len(tt.problems) > 0 && len(problems) == 0 {
				t.Errorf("no problem reported, want %q", tt.problems)
			}
			got := strings.Join(problems, "\n")
			for _, want := range tt.problems {
				if !strings.Contains(got, want) {
					t.Errorf("problems lack %q:\n%s", want, got)
				}
				if !strings.Contains(doc, want) {
					t.Errorf("the document does not say %q:\n%s", want, doc)
				}
			}
			for _, want := range tt.doc {
				if !strings.Contains(doc, want) {
					t.Errorf("the document lacks %q:\n%s", want, doc)
				}
			}
			if len(problems) > 0 && strings.Contains(doc, "Nothing: every row above held.") {
				t.Errorf("a run with problems is reported as holding:\n%s", doc)
			}
		})
	}
}

// The recorder writes each row as it starts and ends, so that the file
// says how far a run went whenever it is read.
func TestRecorderWritesAsItGoes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.json")
	if err := os.WriteFile(path, []byte(`{"complete": true, "rows": [{"test": "TestLoad", "status": "held"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	rec, err := reliability.NewRecorder(path, false)
	if err != nil {
		t.Fatal(err)
	}
	read := func() reliability.Results {
		t.Helper()
		res, err := reliability.ReadResults(path)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := read(); res.Complete || len(res.Rows) != 0 {
		t.Fatalf("after the start: complete %v, %d rows; want the earlier run's results gone", res.Complete, len(res.Rows))
	}
	i, err := rec.Begin(reliability.Row{Test: "TestLoad", Area: "Load"})
	if err != nil {
		t.Fatal(err)
	}
	if res := read(); len(res.Rows) != 1 || res.Rows[0].Status != reliability.Running {
		t.Fatalf("after Begin: %+v, want one running row", res.Rows)
	}
	if err := rec.End(i, reliability.Row{Test: "TestLoad", Area: "Load", Status: reliability.Held, Result: "fine"}); err != nil {
		t.Fatal(err)
	}
	if res := read(); len(res.Rows) != 1 || !res.Rows[0].Held() || res.Complete {
		t.Fatalf("after End: %+v complete %v, want one held row, not complete", res.Rows, res.Complete)
	}
	if err := rec.Finish(0); err != nil {
		t.Fatal(err)
	}
	if res := read(); !res.Complete || res.ExitCode != 0 {
		t.Fatalf("after Finish: complete %v exit %d", res.Complete, res.ExitCode)
	}
}
