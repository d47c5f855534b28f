package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/slacktest"
)

// proxy forwards TCP connections to target until cut.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *proxy) pipe(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()
	go func() { _, _ = io.Copy(up, c); up.Close() }()
	_, _ = io.Copy(c, up)
	c.Close()
}

// cut refuses new connections and breaks the open ones, as a database
// that went away.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

// restore accepts connections again, on the same address.
func (p *proxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy: listen again: %v", err)
	}
	p.serve(ln)
}

func viaProxy(t *testing.T, dbURL string, p *proxy) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = p.addr
	return u.String()
}

func dbHost(t *testing.T, dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

func isUnavailable(msg string) bool {
	return strings.Contains(msg, "temporarily unavailable") || strings.Contains(msg, "temporairement indisponible")
}

// TestDatabaseOutage: PostgreSQL goes away while users ask questions. The
// questions asked meanwhile get the "temporarily unavailable" reply, the
// process survives, and answers resume within 10 s of the database's
// return: the recovery is the time from the database accepting
// connections again to the first normal answer reaching Slack, and the
// test also measures from when on every question was answered normally.
// The short run cuts the connections to the database (a proxy); the full
// run stops and restarts the local cluster itself.
func TestDatabaseOutage(t *testing.T) {
	outage := 3 * time.Second
	how := "connections to PostgreSQL cut (refused and broken)"
	if full {
		outage = 30 * time.Second
		how = "the PostgreSQL cluster stopped (deploy/local/db.sh stop, then start)"
	}
	r := row(t, "Faults", fmt.Sprintf("%s for %s while 5 users ask a question every 300 ms", how, secs(outage)))
	st := newStack(t)
	px := newProxy(t, dbHost(t, st.kb.DB.URL))
	rep := st.serve("replica", "http", map[string]string{"DATABASE_URL": viaProxy(t, st.kb.DB.URL, px)})
	tr := newTracker(st.sl)
	defer tr.close()

	type result struct {
		sent, got time.Time // when the question was sent, when its reply reached Slack
		msg       string
		ok        bool
	}
	var mu sync.Mutex
	var all []result
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for u := range 5 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				channel := fmt.Sprintf("COUT%dQ%03d", u, i)
				sent := time.Now()
				rep.event(fmt.Sprintf("Ev0OUT%d%03d", u, i), mention(fmt.Sprintf("U0OUT%d", u), channel, fmt.Sprintf("1700200%03d.%06d", u, i), "What does a prompt engineer do?"))
				msg, got, ok := tr.waitAt(channel, 30*time.Second)
				mu.Lock()
				all = append(all, result{sent, got, msg, ok})
				mu.Unlock()
				time.Sleep(300 * time.Millisecond)
			}
		})
	}
	time.Sleep(2 * time.Second)
	stopping := time.Now()
	if full {
		dbsh(t, "stop")
	} else {
		px.cut()
	}
	down := time.Now() // the database refuses connections from here
	time.Sleep(outage)
	var up time.Time
	if full {
		// db.sh start checks more after the cluster is up: the outage ends
		// when the database accepts connections again.
		started := make(chan struct{})
		go func() {
			defer close(started)
			dbsh(t, "start")
		}()
		for {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			c, err := pgx.Connect(ctx, st.kb.DB.URL)
			cancel()
			if err == nil {
				up = time.Now()
				c.Close(context.Background())
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		<-started
	} else {
		px.restore()
		up = time.Now()
	}
	time.Sleep(time.Duration(size(4, 12)) * time.Second)
	close(stop)
	wg.Wait()

	normal := func(x result) bool {
		return x.ok && !isUnavailable(x.msg) && !strings.HasPrefix(x.msg, "Sorry")
	}
	sort.Slice(all, func(i, j int) bool { return all[i].sent.Before(all[j].sent) })
	var before, transition, during, unavailable, wrong, silent, after, afterOK int
	// recovery: from the database's return to the first normal answer
	// received, whatever the question's send time.
	recovery := time.Duration(-1)
	for _, x := range all {
		if normal(x) && !x.got.Before(up) && (recovery < 0 || x.got.Sub(up) < recovery) {
			recovery = x.got.Sub(up)
		}
		switch {
		case !x.ok:
			silent++
		case x.sent.Before(stopping):
			before++
		case x.sent.Before(down):
			// Sent while the database was stopping: either reply is right.
			transition++
		case x.sent.Before(up):
			during++
			if isUnavailable(x.msg) {
				unavailable++
			} else if x.sent.Before(up.Add(-time.Second)) {
				// A question sent in the last second may be answered by
				// the database that came back.
				wrong++
			}
		default:
			after++
			if normal(x) {
				afterOK++
			}
		}
	}
	// steady: from the database's return to the first answer of the
	// questions from which on every question sent after the return was
	// answered normally. failedAfter counts the questions sent after the
	// first normal answer that were not answered normally.
	steady, failedAfter, tail := time.Duration(-1), 0, -1
	for i, x := range all {
		if x.sent.Before(up) {
			continue
		}
		if !normal(x) {
			tail = -1
			if recovery >= 0 && !x.sent.Before(up.Add(recovery)) {
				failedAfter++
			}
		} else if tail < 0 {
			tail = i
		}
	}
	if tail >= 0 {
		for _, x := range all[tail:] {
			if steady < 0 || x.got.Sub(up) < steady {
				steady = x.got.Sub(up)
			}
		}
	}
	r.resultf("database unreachable for %s; %d questions before the outage, %d while it stopped, %d during it (%d got the temporarily-unavailable reply), %d after it (%d answered normally); "+
		"%d left without a reply; first normal answer received %s after the database accepted connections again; every question sent after the return answered normally from %s on "+
		"(%d sent after the first normal answer were not); process alive: %v",
		secs(up.Sub(down)), before, transition, during, unavailable, after, afterOK, silent, ms(max(recovery, 0)), ms(max(steady, 0)), failedAfter, rep.alive())
	t.Log(r.Result)
	if !rep.alive() {
		t.Fatalf("the process died")
	}
	if silent > 0 {
		t.Errorf("%d questions got no reply", silent)
	}
	if during == 0 || wrong > 0 {
		t.Errorf("%d of %d questions asked during the outage got the unavailable reply", unavailable, during)
	}
	if recovery < 0 || recovery > 10*time.Second {
		t.Errorf("answers did not resume within 10 s of the database's return (first normal answer after %v)", recovery)
	}
	if steady < 0 || steady > 10*time.Second {
		t.Errorf("questions were not all answered normally within 10 s of the database's return (from %v on; %d of %d sent after the return answered normally)", steady, afterOK, after)
	}
	if p := unsafe(st.sl, "coursera.org"); p != "" {
		t.Errorf("careerbot sent %s", p)
	}
}

// dbsh runs deploy/local/db.sh.
func dbsh(t *testing.T, cmd string) {
	t.Helper()
	out, err := exec.Command("../../deploy/local/db.sh", cmd).CombinedOutput()
	if err != nil {
		t.Fatalf("db.sh %s: %v\n%s", cmd, err, out)
	}
}

// chatModelStandIn is an OpenAI-compatible API that fails in one way.
func chatModelStandIn(t *testing.T, mode string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		switch mode {
		case "429":
			w.Header().Set("Retry-After", "0")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"error":{"message":"Rate limit reached","type":"rate_limit_exceeded"}}`)
		case "500":
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, `{"error":{"message":"internal error","type":"server_error"}}`)
		case "garbage":
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, "<html><body>502 Bad Gateway</body></html>\x00\xff{")
		case "hang":
			<-r.Context().Done()
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

// TestChatModelFaults: the chat model answers 429, 500 or garbage, or
// hangs: the extractive answer is given within the timeout, with a note.
func TestChatModelFaults(t *testing.T) {
	n := size(2, 10)
	timeout := 2 * time.Second
	r := row(t, "Faults", fmt.Sprintf("the chat model answers 429 (Retry-After 0), 500, garbage, or hangs: %d questions each (careerbot ask), CAREERBOT_LLM_TIMEOUT %s", n, secs(timeout)))
	st := newStack(t)
	var parts []string
	for _, mode := range []string{"429", "500", "garbage", "hang"} {
		base := chatModelStandIn(t, mode)
		env := map[string]string{"DATABASE_URL": st.kb.DB.URL, "OPENAI_BASE_URL": base, "OPENAI_API_KEY": "sk-reliability",
			"CAREERBOT_LLM_TIMEOUT": timeout.String(), "CAREERBOT_LOG_LEVEL": "error"}
		fallback, slowest := 0, time.Duration(0)
		for i := range n {
			q := []string{"What does a prompt engineer do?", "Que fait un data scientist ?"}[i%2]
			begin := time.Now()
			code, out, errs := cli(t, env, "", "ask", "--json", q)
			d := time.Since(begin)
			slowest = max(slowest, d)
			var ans struct {
				Composer string `json:"composer"`
				Grounded bool   `json:"grounded"`
				Note     string `json:"note"`
				Answer   string `json:"answer"`
			}
			if err := json.Unmarshal([]byte(out), &ans); err != nil || code != 0 {
				t.Errorf("%s: ask exit %d: %v\n%s%s", mode, code, err, out, errs)
				continue
			}
			if ans.Composer == "extractive" && ans.Grounded && ans.Note != "" && ans.Answer != "" {
				fallback++
			} else {
				t.Errorf("%s: composer %q grounded %v note %q", mode, ans.Composer, ans.Grounded, ans.Note)
			}
			if d > timeout+5*time.Second {
				t.Errorf("%s: answered after %v, past the timeout of %v", mode, d, timeout)
			}
		}
		parts = append(parts, fmt.Sprintf("%s: %d/%d extractive with a note, slowest %s", mode, fallback, n, ms(slowest)))
	}
	r.resultf("%s (times include starting the process)", strings.Join(parts, "; "))
	t.Log(r.Result)
}

// TestSlackRateLimits: Slack answers 429 with Retry-After to posts and
// updates: careerbot waits, retries, and every answer is delivered once.
func TestSlackRateLimits(t *testing.T) {
	n := size(6, 20)
	r := row(t, "Faults", fmt.Sprintf("Slack answers 429 with Retry-After: 1 to %d of the %d placeholder posts and answer updates of %d questions", n, 2*n, n))
	st := newStack(t)
	rep := st.serve("replica", "http", nil)
	for range n / 2 {
		st.sl.Fail("chat.postMessage", slacktest.Fault{RetryAfter: "1"})
		st.sl.Fail("chat.update", slacktest.Fault{RetryAfter: "1"})
	}
	tr := newTracker(st.sl)
	defer tr.close()
	begin := time.Now()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			rep.event(fmt.Sprintf("Ev0RL%03d", i), mention("U0RL", fmt.Sprintf("CRL%03d", i), fmt.Sprintf("1700300000.%06d", i), "What does a data engineer do?"))
		})
	}
	wg.Wait()
	delivered, dup := 0, 0
	for i := range n {
		if _, ok := tr.wait(fmt.Sprintf("CRL%03d", i), 30*time.Second); ok {
			delivered++
		}
	}
	elapsed := time.Since(begin)
	time.Sleep(time.Second)
	tr.poll()
	for i := range n {
		dup += max(0, len(tr.messages(fmt.Sprintf("CRL%03d", i)))-1)
	}
	refused := st.sl.Failed("chat.postMessage") + st.sl.Failed("chat.update")
	r.resultf("%d refusals served; %d/%d answers delivered, %d twice; all within %s", refused, delivered, n, dup, secs(elapsed))
	t.Log(r.Result)
	if refused != n || delivered != n || dup != 0 {
		t.Errorf("refused %d, delivered %d, duplicates %d", refused, delivered, dup)
	}
	if elapsed < time.Second {
		t.Errorf("done in %v: Retry-After was not honoured", elapsed)
	}
}

// TestSocketModeDrops: the Socket Mode connection is dropped again and
// again while questions arrive: careerbot reconnects each time, and every
// question is answered once (Slack redelivers what was not acknowledged).
func TestSocketModeDrops(t *testing.T) {
	drops, n := size(3, 10), size(30, 100)
	r := row(t, "Faults", fmt.Sprintf("Socket Mode connection dropped %d times while %d questions arrive", drops, n))
	st := newStack(t)
	rep := st.serve("replica", "socket", nil)
	tr := newTracker(st.sl)
	defer tr.close()
	var reconnects []time.Duration
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for range drops {
			select {
			case <-done:
				return
			case <-time.After(700 * time.Millisecond):
			}
			_, before := st.sl.Connections()
			dropped := time.Now()
			st.sl.Drop()
			for {
				open, accepted := st.sl.Connections()
				if open > 0 && accepted > before {
					reconnects = append(reconnects, time.Since(dropped))
					break
				}
				if time.Since(dropped) > 30*time.Second {
					t.Errorf("no reconnection 30 s after a drop")
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
	})
	for i := range n {
		rep.event(fmt.Sprintf("Ev0DROP%03d", i), mention("U0DROP", fmt.Sprintf("CDROP%03d", i), fmt.Sprintf("1700400000.%06d", i), "What is machine learning?"))
		time.Sleep(time.Duration(size(100, 70)) * time.Millisecond)
	}
	close(done)
	wg.Wait()
	answered, dup := 0, 0
	for i := range n {
		if _, ok := tr.wait(fmt.Sprintf("CDROP%03d", i), 30*time.Second); ok {
			answered++
		}
	}
	time.Sleep(time.Second)
	tr.poll()
	for i := range n {
		dup += max(0, len(tr.messages(fmt.Sprintf("CDROP%03d", i)))-1)
	}
	r.resultf("%d reconnections after %d drops (slowest %s, median %s); %d/%d questions answered, %d twice",
		len(reconnects), drops, ms(percentile(reconnects, 1)), ms(percentile(reconnects, 0.5)), answered, n, dup)
	t.Log(r.Result)
	if len(reconnects) != drops || answered != n || dup != 0 || !rep.alive() {
		t.Errorf("reconnects %d/%d, answered %d/%d, duplicates %d, alive %v", len(reconnects), drops, answered, n, dup, rep.alive())
	}
}

// TestReplicaKilledMidAnswer: a replica is killed with SIGKILL while its
// answer waits on the chat model. The event is answered once: by the other
// replica when there is one, by the replica restarted when it was alone.
func TestReplicaKilledMidAnswer(t *testing.T) {
	const lease = 2 * time.Second
	r := row(t, "Faults", fmt.Sprintf("a replica killed with SIGKILL mid-answer (its chat model call stalled), answer lease %s: once with a second replica running, once alone and restarted", secs(lease)))
	var parts []string
	for _, scenario := range []string{"other replica", "restart"} {
		st := newStack(t)
		llm := openaitest.New(t)
		stalled := make(chan struct{})
		var once sync.Once
		var calls sync.WaitGroup
		calls.Add(1)
		llm.ChatFunc(func(req openaitest.ChatRequest) openaitest.Reply {
			first := false
			once.Do(func() { first = true; calls.Done() })
			if first {
				<-stalled
			}
			return openaitest.Reply{Text: "A prompt engineer designs and tests the instructions given to AI models [1]."}
		})
		extra := map[string]string{"OPENAI_BASE_URL": llm.URL, "OPENAI_API_KEY": "sk-reliability", "CAREERBOT_LLM_TIMEOUT": "60s",
			"CAREERBOT_ANSWER_LEASE": lease.String()}
		a := st.serve("replica A", "http", extra)
		var b *replica
		if scenario == "other replica" {
			b = st.serve("replica B", "http", extra)
		}
		a.event("Ev0KILL", mention("U0KILL", "CKILL", "1700500000.000100", "What does a prompt engineer do?"))
		waitGroup(t, &calls, 20*time.Second, "the chat model call of replica A")
		killed := time.Now()
		a.Kill()
		close(stalled)
		if scenario == "restart" {
			a.restart()
		}
		tr := newTracker(st.sl)
		msg, ok := tr.wait("CKILL", 30*time.Second)
		took := time.Since(killed)
		time.Sleep(lease + time.Second)
		tr.poll()
		got := tr.messages("CKILL")
		tr.close()
		placeholders := 0
		for _, c := range st.sl.Calls("chat.postMessage") {
			if c.Param("channel") == "CKILL" {
				placeholders++
			}
		}
		parts = append(parts, fmt.Sprintf("%s: answered %d time(s), %s after the kill, in the dead replica's placeholder: %v", scenario, len(got), secs(took), placeholders == 1))
		if !ok || len(got) != 1 || !strings.Contains(msg, "prompt") {
			t.Errorf("%s: answers %q, want one", scenario, got)
		}
		if placeholders != 1 {
			t.Errorf("%s: %d messages posted, want the one placeholder, replaced", scenario, placeholders)
		}
		if b != nil && !b.alive() {
			t.Errorf("replica B died")
		}
	}
	r.resultf("%s", strings.Join(parts, "; "))
	t.Log(r.Result)
}

func waitGroup(t *testing.T, wg *sync.WaitGroup, timeout time.Duration, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(timeout):
		t.Fatalf("timed out waiting for %s", what)
	}
}
