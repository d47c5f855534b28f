package reliability

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/slacktest"
)

// stalledModel is a chat model stand-in whose calls wait until release is
// called; calls counts them.
type stalledModel struct {
	*openaitest.Server
	calls   atomic.Int32
	gate    chan struct{}
	release func()
}

func newStalledModel(t *testing.T) *stalledModel {
	m := &stalledModel{Server: openaitest.New(t), gate: make(chan struct{})}
	var once sync.Once
	m.release = func() { once.Do(func() { close(m.gate) }) }
	// Registered after the stand-in's own clean-up, so it runs first: the
	// stand-in closes once no call waits.
	t.Cleanup(m.release)
	m.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply {
		m.calls.Add(1)
		<-m.gate
		return openaitest.Reply{Text: "A prompt engineer designs and tests the instructions given to AI models [1]."}
	})
	return m
}

// waitCalls waits until the model has been called n times.
func (m *stalledModel) waitCalls(t *testing.T, n int) {
	t.Helper()
	slacktest.WaitFor(t, 30*time.Second, fmt.Sprintf("%d chat model calls", n), func() bool { return int(m.calls.Load()) >= n })
}

// TestPendingEventPrivacyAndAge: a replica is killed while two mentions
// wait on the chat model, one with its thinking placeholder posted, one
// whose placeholder Slack refused. The events it leaves in the database
// hold no clear Slack user id. They are then made 3 hours old (their
// received_at moved back: the one write the test makes to careerbot's
// tables) and the replica is started again: neither is answered as if just
// asked. The one with a placeholder reads an apology in the asker's
// language there, the other gets nothing; the chat model is not called
// again and no question is recorded.
func TestPendingEventPrivacyAndAge(t *testing.T) {
	const lease = 2 * time.Second
	r := row(t, "Faults", fmt.Sprintf("a replica killed with SIGKILL while 2 mentions wait on the chat model (one whose placeholder Slack refused); the events it left made 3 hours old, then the replica started again (CAREERBOT_RECOVERY_MAX_AGE 5m, answer lease %s)", secs(lease)))
	st := newStack(t)
	llm := newStalledModel(t)
	extra := map[string]string{"OPENAI_BASE_URL": llm.URL, "OPENAI_API_KEY": "sk-reliability", "CAREERBOT_LLM_TIMEOUT": "60s",
		"CAREERBOT_ANSWER_LEASE": lease.String(), "CAREERBOT_RECOVERY_MAX_AGE": "5m"}
	a := st.serve("replica", "http", extra)
	st.sl.Fail("chat.postMessage", slacktest.Fault{Status: 200, Error: "channel_not_found"})
	a.event("Ev0PENDEN", mention("U0PENDB", "CPENDB", "1700600000.000100", "What does a prompt engineer do?"))
	llm.waitCalls(t, 1)
	a.event("Ev0PENDFR", mention("U0PENDA", "CPENDA", "1700600000.000200", "Que fait un prompt engineer ?"))
	llm.waitCalls(t, 2)

	ctx := context.Background()
	pool := st.kb.DB.Pool
	rows, err := pool.Query(ctx, `SELECT e::text FROM slack_events e ORDER BY event_id`)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	clear := 0
	for _, s := range stored {
		if strings.Contains(s, "U0PEND") {
			clear++
			t.Errorf("a pending event holds the clear user id: %s", s)
		}
	}
	a.Kill()
	llm.release()
	if _, err := pool.Exec(ctx, `UPDATE slack_events SET received_at = received_at - interval '3 hours'`); err != nil {
		t.Fatal(err)
	}
	a.restart()
	done := func() int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM slack_events WHERE answered_at IS NOT NULL AND request IS NULL`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	slacktest.WaitFor(t, 30*time.Second, "both events done", func() bool { return done() == 2 })
	time.Sleep(lease + time.Second) // the replica has looked again
	tr := newTracker(st.sl)
	tr.poll()
	tr.close()
	fr, en := tr.messages("CPENDA"), tr.messages("CPENDB")
	apology := len(fr) == 1 && strings.HasPrefix(fr[0], "Désolé, je n'ai pas pu répondre à temps")
	calls, questions := int(llm.calls.Load()), st.count("questions")
	r.resultf("%d of %d pending events held the Slack user id in clear; after the restart: the French question with a placeholder got %d message(s) (a French apology in its placeholder: %v), "+
		"the one without got %d; %d chat model calls in all (2 before the kill); %d questions recorded",
		clear, len(stored), len(fr), apology, len(en), calls, questions)
	t.Log(r.Result)
	if !apology {
		t.Errorf("messages for the question with a placeholder: %q, want one French apology", fr)
	}
	if len(en) != 0 {
		t.Errorf("messages for the question without a placeholder: %q, want none", en)
	}
	if calls != 2 || questions != 0 {
		t.Errorf("%d chat model calls and %d questions recorded: the old events were answered as new", calls, questions)
	}
}

// TestDatabaseCrashAfterAnswer: PostgreSQL, a cluster of the test's own
// set up as the local one (synchronous_commit off), crashes as soon as
// the answers of a few mentions are marked answered. Its walwriter is
// slowed (wal_writer_delay 10 s), so that what asynchronous commits leave
// unwritten for a moment stays unwritten until the crash; the events'
// claims and placeholders are checkpointed while the answers wait on the
// chat model, as they would be on a server after a while. After the
// restart, every mark is still there and no event is answered twice.
func TestDatabaseCrashAfterAnswer(t *testing.T) {
	n := size(5, 20)
	const lease = 2 * time.Second
	r := row(t, "Faults", fmt.Sprintf("PostgreSQL (a cluster of the test's own, set up by deploy/local/db.sh: synchronous_commit off; wal_writer_delay 10 s) crashed (SIGQUIT, as pg_ctl stop -m immediate) as soon as %d answers are marked answered, then restarted; answer lease %s", n, secs(lease)))
	cl := newCluster(t)
	cl.exec(`ALTER SYSTEM SET wal_writer_delay = '10s'`)
	cl.exec(`SELECT pg_reload_conf()`)
	sl := slacktest.New(t)
	st := &stack{t: t, sl: sl, env: map[string]string{
		"DATABASE_URL":         cl.URL,
		"SLACK_BOT_TOKEN":      "xoxb-reliability-bot-token",
		"SLACK_SIGNING_SECRET": signingSecret,
		"SLACK_API_URL":        sl.APIURL,
		"CAREERBOT_RATE_LIMIT": "0",
		"CAREERBOT_LOG_LEVEL":  "warn",
	}}
	if code, out, errs := cli(t, st.env, "", "kb", "import"); code != 0 {
		t.Fatalf("kb import: exit %d\n%s%s", code, out, errs)
	}
	llm := newStalledModel(t)
	rep := st.serve("replica", "http", map[string]string{"OPENAI_BASE_URL": llm.URL, "OPENAI_API_KEY": "sk-reliability",
		"CAREERBOT_LLM_TIMEOUT": "60s", "CAREERBOT_ANSWER_LEASE": lease.String(), "CAREERBOT_MAX_ANSWERS": fmt.Sprint(n)})
	tr := newTracker(sl)
	defer tr.close()
	channel := func(i int) string { return fmt.Sprintf("CCRASH%03d", i) }
	for i := range n {
		rep.event(fmt.Sprintf("Ev0CRASH%03d", i), mention(fmt.Sprintf("U0CRASH%d", i), channel(i), fmt.Sprintf("1700700000.%06d", i), "What does a prompt engineer do?"))
	}
	llm.waitCalls(t, n)
	cl.exec(`CHECKPOINT`)

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, cl.URL)
	if err != nil {
		t.Fatal(err)
	}
	answered := func(c *pgx.Conn) int {
		var k int
		if err := c.QueryRow(ctx, `SELECT count(*) FROM slack_events WHERE answered_at IS NOT NULL`).Scan(&k); err != nil {
			t.Fatal(err)
		}
		return k
	}
	llm.release()
	deadline := time.Now().Add(30 * time.Second)
	for answered(conn) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d events marked answered after 30 s", answered(conn), n)
		}
		time.Sleep(2 * time.Millisecond)
	}
	marked := time.Now()
	crashedAfter := cl.crash().Sub(marked)
	conn.Close(ctx)
	tr.poll()
	before := 0
	for i := range n {
		if len(tr.messages(channel(i))) > 0 {
			before++
		}
	}
	cl.start()
	conn, err = pgx.Connect(ctx, cl.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	kept := answered(conn)
	// The replica looks for unanswered events every half lease: it has
	// looked several times past a lease.
	time.Sleep(3*lease + 2*time.Second)
	tr.poll()
	twice, none := 0, 0
	for i := range n {
		switch k := len(tr.messages(channel(i))); {
		case k == 0:
			none++
		case k > 1:
			twice++
		}
	}
	r.resultf("%d/%d answers delivered and marked before the crash, %s after the last mark; after the restart %d of %d marks kept, %d events answered twice, %d not answered; %d chat model calls for %d questions; process alive: %v",
		before, n, ms(crashedAfter), kept, n, twice, none, llm.calls.Load(), n, rep.alive())
	t.Log(r.Result)
	if kept != n || twice != 0 || none != 0 {
		t.Errorf("%d of %d marks kept, %d answered twice, %d not answered", kept, n, twice, none)
	}
	if !rep.alive() {
		t.Error("the replica died")
	}
}
