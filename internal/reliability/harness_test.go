package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	goslack "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/internal/proctest"
	"github.com/careerbot/careerbot/internal/slacktest"
)

// full selects the full-size run of make reliability.
var full = os.Getenv("CAREERBOT_RELIABILITY") == "full"

// size returns the short or the full figure.
func size(short, long int) int {
	if full {
		return long
	}
	return short
}

// binary is the careerbot binary under test, built by TestMain.
var binary string

func TestMain(m *testing.M) {
	// The previous results go first: a run that stops before its end must
	// not leave them to be published.
	var err error
	if recorder, err = NewRecorder(os.Getenv("CAREERBOT_RELIABILITY_OUT"), full); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "careerbot-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "careerbot")
	build := exec.Command("go", "build", "-o", binary, "github.com/careerbot/careerbot/cmd/careerbot")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build careerbot:", err)
		os.Exit(1)
	}
	code := m.Run()
	if err := recorder.Finish(code); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// --- results ---

// recorder keeps the rows of the run, and writes them to
// CAREERBOT_RELIABILITY_OUT as each test starts and ends.
var recorder *Recorder

// row starts the results row of t, recorded at once as running; its result
// is set as the test goes and it is recorded again, held or failed, when t
// ends.
func row(t *testing.T, area, tried string) *tableRow {
	t.Helper()
	if !Listed(t.Name()) {
		t.Fatalf("%s records a row but is not in Tests (results.go): add it there", t.Name())
	}
	r := &tableRow{Row{Area: area, Test: t.Name(), Tried: tried}}
	i, err := recorder.Begin(r.Row)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	t.Cleanup(func() {
		r.Status = Held
		if t.Failed() {
			r.Status = Failed
		}
		r.Seconds = float64(time.Since(start).Milliseconds()) / 1000
		if r.Result == "" {
			r.Result = "failed before it measured anything: see the test log"
		}
		if err := recorder.End(i, r.Row); err != nil {
			t.Error(err)
		}
	})
	return r
}

// tableRow is the row of a test, its result set as the test goes.
type tableRow struct{ Row }

func (r *tableRow) resultf(format string, args ...any) { r.Result = fmt.Sprintf(format, args...) }

// --- processes ---

// proc is a careerbot process.
type proc struct {
	*proctest.Process
	t    *testing.T
	name string
	out  *proctest.Buffer
}

// environ turns env into a process environment: nothing is inherited but
// PATH and HOME.
func environ(env map[string]string) []string {
	out := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// start runs careerbot with args and exactly env (with PATH and HOME). At
// the end of the test it stops the process with SIGTERM, or SIGKILL after
// 20 seconds, and logs its output when the test failed.
func start(t *testing.T, name string, env map[string]string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, name: name, out: &proctest.Buffer{}}
	cmd := exec.Command(binary, args...)
	cmd.Env = environ(env)
	cmd.Stdout, cmd.Stderr = p.out, p.out
	var err error
	if p.Process, err = proctest.Start(cmd); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(func() {
		if p.alive() {
			_ = p.Cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-p.Done():
			case <-time.After(20 * time.Second):
				p.Kill()
			}
		}
		if t.Failed() {
			t.Logf("output of %s:\n%s", name, tail(p.out.String(), 4000))
		}
	})
	return p
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// alive reports whether the process is still running.
func (p *proc) alive() bool { return !p.Exited() }

// rssKB returns the resident memory of the process, in kB.
func (p *proc) rssKB() int64 { return p.status("VmRSS:") }

// peakRSSKB returns the most resident memory the process has had, in kB.
func (p *proc) peakRSSKB() int64 { return p.status("VmHWM:") }

// status reads a figure in kB of /proc/PID/status.
func (p *proc) status(field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.Cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// cli runs one careerbot command to its end.
func cli(t *testing.T, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = environ(env)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	}
	if err != nil {
		t.Fatalf("careerbot %s: %v", strings.Join(args, " "), err)
	}
	return 0, out.String(), errb.String()
}

// --- a careerbot deployment on stand-ins ---

const signingSecret = "reliability-signing-secret-0123456789"

// stack is a database with the built-in knowledge base and a Slack
// stand-in, for careerbot replicas to serve.
type stack struct {
	t   *testing.T
	kb  *kbtest.Env
	sl  *slacktest.Server
	env map[string]string
}

func newStack(t *testing.T) *stack {
	t.Helper()
	kb := kbtest.New(t, nil)
	sl := slacktest.New(t)
	return &stack{t: t, kb: kb, sl: sl, env: map[string]string{
		"DATABASE_URL":           kb.DB.URL,
		"SLACK_BOT_TOKEN":        "xoxb-reliability-bot-token",
		"SLACK_SIGNING_SECRET":   signingSecret,
		"SLACK_API_URL":          sl.APIURL,
		"CAREERBOT_LINK_DOMAINS": "coursera.org",
		"CAREERBOT_RATE_LIMIT":   "0",
		"CAREERBOT_LOG_LEVEL":    "warn",
	}}
}

// replica is a `careerbot serve` process.
type replica struct {
	*proc
	st   *stack
	mode string
	url  string
	// ops is the base URL of /healthz, /readyz and /metrics: url, or
	// CAREERBOT_OPS_ADDR's when it is set.
	ops string
}

// serve starts a replica in mode "http" or "socket" with the stack's
// environment and extra, and waits until it serves.
func (st *stack) serve(name, mode string, extra map[string]string) *replica {
	st.t.Helper()
	env := map[string]string{}
	for k, v := range st.env {
		env[k] = v
	}
	addr := proctest.FreeAddr(st.t)
	env["CAREERBOT_HTTP_ADDR"] = addr
	if mode == "socket" {
		env["SLACK_APP_TOKEN"] = "xapp-1-A0RELIABILITY-app-token"
	}
	for k, v := range extra {
		env[k] = v
	}
	_, accepted := st.sl.Connections()
	r := &replica{proc: start(st.t, name, env, "serve"), st: st, mode: mode, url: "http://" + addr, ops: "http://" + addr}
	if ops := env["CAREERBOT_OPS_ADDR"]; ops != "" {
		r.ops = "http://" + ops
	}
	r.waitServing(accepted)
	return r
}

func (r *replica) waitServing(acceptedBefore int) {
	t := r.st.t
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if !r.alive() {
			t.Fatalf("%s exited at start: %v\n%s", r.name, r.Err(), r.out.String())
		}
		resp, err := http.Get(r.ops + "/healthz")
		if err == nil {
			resp.Body.Close()
			_, accepted := r.st.sl.Connections()
			if resp.StatusCode == http.StatusOK && (r.mode != "socket" || accepted > acceptedBefore) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not serving after 60s:\n%s", r.name, r.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// restart starts the replica again after it stopped.
func (r *replica) restart() {
	r.st.t.Helper()
	_, accepted := r.st.sl.Connections()
	p := start(r.st.t, r.name+" (restarted)", envOf(r.Cmd), "serve")
	r.proc = p
	r.waitServing(accepted)
}

func envOf(cmd *exec.Cmd) map[string]string {
	env := map[string]string{}
	for _, kv := range cmd.Env {
		k, v, _ := strings.Cut(kv, "=")
		if k != "PATH" && k != "HOME" {
			env[k] = v
		}
	}
	return env
}

// fatalCatcher turns the stand-in's t.Fatal into a recoverable panic, for
// sends that may meet a dropped connection.
type fatalCatcher struct{ testing.TB }

type caught struct{ msg string }

func (f fatalCatcher) Fatal(args ...any)                 { panic(caught{fmt.Sprint(args...)}) }
func (f fatalCatcher) Fatalf(format string, args ...any) { panic(caught{fmt.Sprintf(format, args...)}) }
func (f fatalCatcher) Helper()                           {}

// send delivers one Socket Mode envelope and reports whether it was
// acknowledged within wait.
func send(t *testing.T, sl *slacktest.Server, env slacktest.Envelope, wait time.Duration) (acked bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(caught); !ok {
				panic(r)
			}
			acked = false
		}
	}()
	id := sl.Send(fatalCatcher{t}, env)
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if _, ok := sl.Ack(id); ok {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return false
}

// event delivers an Events API event to the replica, as Slack does in its
// mode. Slack redelivers an event that is not acknowledged: so does event,
// up to three times.
func (r *replica) event(eventID string, inner any) {
	t := r.st.t
	t.Helper()
	cb := slacktest.EventCallback(t, eventID, inner)
	for retry := 0; retry <= 3; retry++ {
		if r.mode == "http" {
			h := http.Header{}
			if retry > 0 {
				h.Set("X-Slack-Retry-Num", strconv.Itoa(retry))
			}
			resp := slacktest.Post(t, r.url+"/slack/events", signingSecret, time.Now(), "application/json", slacktest.JSON(t, cb), h)
			if resp.Status == http.StatusOK {
				return
			}
			t.Errorf("event %s: status %d: %s", eventID, resp.Status, resp.Body)
			return
		}
		if send(t, r.st.sl, slacktest.Envelope{Type: "events_api", Payload: cb, RetryAttempt: retry}, 3*time.Second) {
			return
		}
		r.st.sl.WaitConnections(t, 1)
	}
	t.Errorf("event %s never acknowledged", eventID)
}

// command sends a slash command and returns the immediate reply's text.
func (r *replica) command(cmd goslack.SlashCommand) (status int, reply string) {
	t := r.st.t
	t.Helper()
	cmd.TeamID, cmd.APIAppID = slacktest.TeamID, slacktest.AppID
	if cmd.ResponseURL == "" {
		cmd.ResponseURL = r.st.sl.ResponseURL()
	}
	var body []byte
	if r.mode == "http" {
		resp := slacktest.Post(t, r.url+"/slack/commands", signingSecret, time.Now(), "application/x-www-form-urlencoded", slacktest.SlashForm(cmd), nil)
		status, body = resp.Status, resp.Body
	} else {
		r.st.sl.WaitConnections(t, 1)
		id := r.st.sl.Send(t, slacktest.Envelope{Type: "slash_commands", Payload: cmd})
		status, body = http.StatusOK, r.st.sl.WaitAck(t, id).Payload
	}
	var m goslack.WebhookMessage
	_ = json.Unmarshal(body, &m)
	if m.Text == "" {
		return status, string(body)
	}
	return status, m.Text
}

// interact sends an interaction and returns the immediate response.
func (r *replica) interact(cb goslack.InteractionCallback) (int, string) {
	t := r.st.t
	t.Helper()
	cb.Team.ID, cb.APIAppID = slacktest.TeamID, slacktest.AppID
	if r.mode == "http" {
		resp := slacktest.Post(t, r.url+"/slack/interactivity", signingSecret, time.Now(), "application/x-www-form-urlencoded", slacktest.InteractionForm(t, cb), nil)
		return resp.Status, string(resp.Body)
	}
	r.st.sl.WaitConnections(t, 1)
	id := r.st.sl.Send(t, slacktest.Envelope{Type: "interactive", Payload: &cb})
	return http.StatusOK, string(r.st.sl.WaitAck(t, id).Payload)
}

// mention is an app_mention of careerbot by user in channel.
func mention(user, channel, ts, text string) *slackevents.AppMentionEvent {
	return &slackevents.AppMentionEvent{Type: "app_mention", User: user, Text: "<@" + slacktest.BotUserID + "> " + text,
		TimeStamp: ts, Channel: channel, EventTimeStamp: ts}
}

// dm is a direct message to careerbot.
func dm(user, ts, text string) *slackevents.MessageEvent {
	return &slackevents.MessageEvent{Type: "message", User: user, Text: text, TimeStamp: ts, Channel: "D" + user, ChannelType: "im"}
}

func isThinking(text string) bool { return strings.HasPrefix(text, "⏳") }

// responses returns what careerbot posted to a response_url.
func responses(sl *slacktest.Server, responseURL string) []string {
	var out []string
	for _, c := range sl.Calls("response") {
		if strings.HasSuffix(responseURL, c.Path) && !isThinking(c.Param("text")) {
			out = append(out, c.Param("text"))
		}
	}
	return out
}

// unsafe returns the first thing careerbot sent to Slack that Slack would
// act on: a mention, a broadcast, a link to an unapproved domain.
func unsafe(sl *slacktest.Server, linkDomains ...string) string {
	for _, c := range sl.Calls() {
		for _, s := range displayed(c) {
			if p := slacktest.Unsafe(s, linkDomains); p != "" {
				return fmt.Sprintf("%s: %s in %q", c.Method, p, s)
			}
		}
	}
	return ""
}

// displayed returns the texts of a call that Slack shows as mrkdwn.
func displayed(c slacktest.Call) []string {
	var out []string
	if t := c.Param("text"); t != "" {
		out = append(out, t)
	}
	if b := c.Param("blocks"); b != "" {
		var v any
		if json.Unmarshal([]byte(b), &v) == nil {
			out = append(out, slacktest.Displayed(v)...)
		}
	}
	if c.JSON != nil {
		out = append(out, slacktest.Displayed(c.JSON["blocks"])...)
	}
	return out
}

// tracker follows the messages careerbot leaves, by channel, without
// rescanning every call for every question.
type tracker struct {
	sl    *slacktest.Server
	mu    sync.Mutex
	seen  int
	last  map[string][]string  // channel → final messages
	first map[string]time.Time // channel → when its first final message reached Slack
	stop  chan struct{}
}

func newTracker(sl *slacktest.Server) *tracker {
	tr := &tracker{sl: sl, last: map[string][]string{}, first: map[string]time.Time{}, stop: make(chan struct{})}
	go func() {
		for {
			select {
			case <-tr.stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			tr.poll()
		}
	}()
	return tr
}

func (tr *tracker) poll() {
	calls := tr.sl.Calls()
	tr.mu.Lock()
	defer tr.mu.Unlock()
	for _, c := range calls[tr.seen:] {
		switch c.Method {
		case "chat.postMessage", "chat.update":
			if text := c.Param("text"); !isThinking(text) {
				ch := c.Param("channel")
				if len(tr.last[ch]) == 0 {
					tr.first[ch] = c.At
				}
				tr.last[ch] = append(tr.last[ch], text)
			}
		}
	}
	tr.seen = len(calls)
}

func (tr *tracker) messages(channel string) []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]string(nil), tr.last[channel]...)
}

// wait waits until channel has a final message, and returns it.
func (tr *tracker) wait(channel string, timeout time.Duration) (string, bool) {
	msg, _, ok := tr.waitAt(channel, timeout)
	return msg, ok
}

// waitAt is wait that also returns when the message reached the Slack
// stand-in.
func (tr *tracker) waitAt(channel string, timeout time.Duration) (string, time.Time, bool) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		tr.mu.Lock()
		m, at := tr.last[channel], tr.first[channel]
		tr.mu.Unlock()
		if len(m) > 0 {
			return m[0], at, true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return "", time.Time{}, false
}

func (tr *tracker) close() { close(tr.stop) }

// percentile returns the p-th percentile of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func ms(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) + " ms" }

func secs(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + " s" }

// count returns the rows of a table of the stack's database.
func (st *stack) count(table string) int {
	st.t.Helper()
	var n int
	if err := st.kb.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		st.t.Fatal(err)
	}
	return n
}
