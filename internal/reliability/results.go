package reliability

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// Results is the file the reliability tests write as they run and from
// which internal/reliability/report writes docs/reliability.md.
type Results struct {
	Full    bool      `json:"full"`
	Started time.Time `json:"started"`
	// Complete is set when the tests returned; a run stopped before (a
	// -timeout panic, a crash, a kill) leaves it false.
	Complete bool `json:"complete"`
	// ExitCode is the test binary's status, once Complete.
	ExitCode int    `json:"exit_code"`
	Go       string `json:"go"`
	CPUs     int    `json:"cpus"`
	Rows     []Row  `json:"rows"`
}

// Status is where a row's test stands.
type Status string

const (
	// Running is the status of a test that started and has not ended: in a
	// file read after the run, one that never finished.
	Running Status = "running"
	// Held is the status of a test that ended without failing.
	Held Status = "held"
	// Failed is the status of a test that failed.
	Failed Status = "failed"
)

// Row is one line of the results table: what a test tried and what held.
type Row struct {
	Area    string  `json:"area"`
	Test    string  `json:"test"`
	Tried   string  `json:"tried"`
	Result  string  `json:"result"`
	Status  Status  `json:"status"`
	Seconds float64 `json:"seconds"`
}

// Held reports whether the row's test ended and held.
func (r Row) Held() bool { return r.Status == Held }

// Test names a test that records a row of the table.
type Test struct {
	Name, Area, About string
}

// Tests lists every test that records a row, in the order of the table.
// A run whose results lack one of them did not run in full; a test that
// records a row must be listed here (the harness fails it otherwise).
var Tests = []Test{
	{"TestDatabaseOutage", "Faults", "PostgreSQL stopped under load"},
	{"TestChatModelFaults", "Faults", "the chat model failing"},
	{"TestLongModelAnswers", "Faults", "a chat model that writes answers of many megabytes"},
	{"TestSlackRateLimits", "Faults", "Slack rate limits"},
	{"TestSocketModeDrops", "Faults", "Socket Mode connection drops"},
	{"TestReplicaKilledMidAnswer", "Faults", "a replica killed mid-answer"},
	{"TestPendingEventPrivacyAndAge", "Faults", "events left unanswered: no clear user id, not answered once too old"},
	{"TestDatabaseCrashAfterAnswer", "Faults", "PostgreSQL crashing right after answers"},
	{"TestDatabaseLocked", "Faults", "the event and question tables locked"},
	{"TestLoad", "Load", "1,000 questions from 50 users"},
	{"TestRateLimitBurst", "Load", "a burst of questions from one user past the rate limit"},
	{"TestBadInputCLI", "Bad input", "bad input on the command line and in the terminal chat"},
	{"TestBadInputSlack", "Bad input", "bad input through Slack"},
	{"TestBrokenBodies", "Bad input", "malformed HTTP requests"},
	{"TestInjection", "Injection", "prompt injection"},
	{"TestGeneratedAnswerChecks", "Injection", "a chat model answering in the wrong language or telling its rules in its own words"},
	{"TestSecretsNotInLogs", "Secrets", "secrets in logs and error messages"},
	{"TestEchoedAPIKey", "Secrets", "a gateway echoing the API key it refused, and credentials in OPENAI_BASE_URL"},
	{"TestOpsEndpoints", "Secrets", "readiness bodies and the operational listener"},
}

// Listed reports whether name is one of Tests.
func Listed(name string) bool {
	for _, t := range Tests {
		if t.Name == name {
			return true
		}
	}
	return false
}

// Missing returns the tests of Tests that have no row in res.
func (res Results) Missing() []Test {
	seen := map[string]bool{}
	for _, r := range res.Rows {
		seen[r.Test] = true
	}
	var out []Test
	for _, t := range Tests {
		if !seen[t.Name] {
			out = append(out, t)
		}
	}
	return out
}

// Recorder keeps the results of a run and, when it has a path, rewrites
// the file after every change, so that a run that stops anywhere leaves a
// file saying how far it went.
type Recorder struct {
	mu   sync.Mutex
	path string
	res  Results
}

// NewRecorder starts the results of a run. With a path, it removes the
// results of any previous run there first and writes a file that holds no
// row and is not complete. With an empty path it records in memory only.
func NewRecorder(path string, full bool) (*Recorder, error) {
	r := &Recorder{path: path, res: Results{
		Full:    full,
		Started: time.Now().UTC().Truncate(time.Second),
		Go:      runtime.Version(),
		CPUs:    runtime.NumCPU(),
		Rows:    []Row{},
	}}
	if path == "" {
		return r, nil
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("remove the previous results: %w", err)
	}
	if err := r.write(); err != nil {
		return nil, err
	}
	return r, nil
}

// Begin records row as running and returns its index, for End.
func (r *Recorder) Begin(row Row) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	row.Status = Running
	r.res.Rows = append(r.res.Rows, row)
	return len(r.res.Rows) - 1, r.write()
}

// End replaces the row begun as i with its final state.
func (r *Recorder) End(i int, row Row) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.res.Rows[i] = row
	return r.write()
}

// Finish records that the tests returned with the binary's exit code.
func (r *Recorder) Finish(code int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.res.Complete, r.res.ExitCode = true, code
	return r.write()
}

// Results returns a copy of what was recorded.
func (r *Recorder) Results() Results {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := r.res
	res.Rows = append([]Row(nil), r.res.Rows...)
	return res
}

// write replaces the file in one rename, so that a reader never sees half
// of it. It is called with r.mu held.
func (r *Recorder) write() error {
	if r.path == "" {
		return nil
	}
	b, err := json.MarshalIndent(r.res, "", "  ")
	if err != nil {
		return fmt.Errorf("encode the results: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(r.path), filepath.Base(r.path)+".*")
	if err != nil {
		return fmt.Errorf("write the results: %w", err)
	}
	_, err = tmp.Write(append(b, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), r.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write the results to %s: %w", r.path, err)
	}
	return nil
}

// ReadResults reads a results file.
func ReadResults(path string) (Results, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Results{}, fmt.Errorf("read the results: %w", err)
	}
	var res Results
	if err := json.Unmarshal(b, &res); err != nil {
		return Results{}, fmt.Errorf("read the results in %s: %w", path, err)
	}
	return res, nil
}
