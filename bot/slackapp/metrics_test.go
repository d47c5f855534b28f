package slackapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"
)

// countingMetrics records what the server counts.
type countingMetrics struct {
	mu     sync.Mutex
	counts map[string]int
}

func (m *countingMetrics) add(k string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.counts == nil {
		m.counts = map[string]int{}
	}
	m.counts[k]++
}

func (m *countingMetrics) Acked(kind string)       { m.add("acked/" + kind) }
func (m *countingMetrics) Redelivered(kind string) { m.add("redelivered/" + kind) }
func (m *countingMetrics) Duplicate(kind string)   { m.add("duplicate/" + kind) }
func (m *countingMetrics) Voted(vote int)          { m.add(fmt.Sprintf("voted/%d", vote)) }

func (m *countingMetrics) get(k string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.counts[k]
}

// Acks, redeliveries, the duplicates they cause, commands and votes are
// counted, in both modes.
func TestMetricsCounted(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			m := &countingMetrics{}
			e := newEnv(t, mode, func(c *Config) { c.Metrics = m })
			ev := mention("1700009000.000100", "What does a prompt engineer do?")
			for retry := 0; retry <= 2; retry++ {
				e.deliver("Ev0METRICS", ev, retry)
			}
			e.settle()
			e.command(slack.SlashCommand{Command: "/career", Text: "help"})
			ans := answers(e.slack, "C0GENERAL")
			if len(ans) != 1 {
				t.Fatalf("%d answers, want 1", len(ans))
			}
			up := blockActions(ans[0].Param("blocks"))["feedback/up"]
			e.interact(click(actionFeedback, up, e.slack.ResponseURL(), false))
			e.settle()
			want := map[string]int{"acked/event": 3, "redelivered/event": 2, "duplicate/event": 2,
				"acked/command": 1, "acked/interaction": 1, "voted/1": 1}
			for k, n := range want {
				if got := m.get(k); got != n {
					t.Errorf("%s = %d, want %d", k, got, n)
				}
			}
		})
	}
}

// /healthz says the process is alive; /readyz runs the readiness check;
// more endpoints (/metrics) are served in both modes.
func TestReadyzAndEndpoints(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			var mu sync.Mutex
			var readyErr error
			e := newEnv(t, mode, func(c *Config) {
				c.Ready = func(context.Context) error {
					mu.Lock()
					defer mu.Unlock()
					return readyErr
				}
				c.Endpoints = map[string]http.Handler{"GET /metrics": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					_, _ = io.WriteString(w, "careerbot_up 1\n")
				})}
			})
			if code, _ := e.get("/healthz"); code != http.StatusOK {
				t.Errorf("/healthz: %d", code)
			}
			if code, body := e.get("/readyz"); code != http.StatusOK {
				t.Errorf("/readyz: %d %s", code, body)
			}
			mu.Lock()
			readyErr = &NotReady{Reason: "2 migrations pending"}
			mu.Unlock()
			if code, body := e.get("/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "2 migrations pending") {
				t.Errorf("/readyz when not ready: %d %q", code, body)
			}
			// The cause of a reason, and any error that is not a NotReady,
			// may name the database: the body says none of it.
			for _, err := range []error{
				&NotReady{Reason: "database unreachable", Err: errors.New("failed to connect to `user=careerbot database=kb`: 10.1.2.3:5432: password authentication failed")},
				errors.New("failed to connect to `user=careerbot database=kb`: 10.1.2.3:5432"),
			} {
				mu.Lock()
				readyErr = err
				mu.Unlock()
				code, body := e.get("/readyz")
				if code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "not ready: ") {
					t.Errorf("/readyz when %v: %d %q, want 503 not ready", err, code, body)
				}
				for _, leak := range []string{"careerbot", "kb", "10.1.2.3", "5432", "password"} {
					if strings.Contains(body, leak) {
						t.Errorf("/readyz body %q names %q", body, leak)
					}
				}
			}
			if code, _ := e.get("/healthz"); code != http.StatusOK {
				t.Errorf("/healthz when not ready: %d, want 200 (the process is alive)", code)
			}
			if code, body := e.get("/metrics"); code != http.StatusOK || body != "careerbot_up 1\n" {
				t.Errorf("/metrics: %d %q", code, body)
			}
		})
	}
}

// With OpsAddr, /healthz, /readyz and the endpoints are served there and no
// longer on Addr, which keeps /slack/* in HTTP mode; in Socket Mode, Addr is
// not listened on.
func TestOpsListener(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, mode, func(c *Config) {
				c.OpsAddr = "127.0.0.1:0"
				c.Ready = func(context.Context) error { return &NotReady{Reason: "database unreachable"} }
				c.Endpoints = map[string]http.Handler{"GET /metrics": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					_, _ = io.WriteString(w, "careerbot_up 1\n")
				})}
			})
			ops := e.srv.OpsURL()
			if ops == e.srv.URL() {
				t.Fatalf("OpsURL %s is the public URL", ops)
			}
			want := map[string]int{"/healthz": http.StatusOK, "/readyz": http.StatusServiceUnavailable, "/metrics": http.StatusOK}
			for path, status := range want {
				if code, body := httpGet(t, ops+path); code != status {
					t.Errorf("ops %s: %d %q, want %d", path, code, body, status)
				}
			}
			if mode == "socket" {
				if e.srv.Addr() != "" {
					t.Errorf("Socket Mode listens on %s besides OpsAddr", e.srv.Addr())
				}
				return
			}
			for path := range want {
				if code, _ := httpGet(t, e.srv.URL()+path); code != http.StatusNotFound {
					t.Errorf("public %s: %d, want 404", path, code)
				}
			}
			if code, _ := httpGet(t, ops+"/slack/events"); code != http.StatusNotFound && code != http.StatusMethodNotAllowed {
				t.Errorf("ops /slack/events: %d, want it not served", code)
			}
			e.deliver("Ev0OPS", mention("1700012000.000100", "What does a prompt engineer do?"), 0)
			e.settle()
			if len(e.asked.questions()) != 1 {
				t.Errorf("the public listener did not take the event")
			}
		})
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
