package slackapp

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/internal/slacktest"
)

// claimAsDeadReplica records an event as a replica that claimed it, posted
// its thinking placeholder and died would have left it.
func claimAsDeadReplica(t *testing.T, kb *kbtest.Env, sl *slacktest.Server, eventID, ts, text string, attempts int) {
	t.Helper()
	leaveUnanswered(t, kb, sl, eventID, ts, text, attempts, 0, true)
}

// leaveUnanswered records an event as a replica that claimed it age ago,
// posted its thinking placeholder (when placeholder is true) and died
// would have left it.
func leaveUnanswered(t *testing.T, kb *kbtest.Env, sl *slacktest.Server, eventID, ts, text string, attempts int, age time.Duration, placeholder bool) {
	t.Helper()
	m := message{eventID: eventID, channel: "C0GENERAL", ts: ts, userHash: bot.HashUser("", "U0ALICE"), text: text, reply: ts, conv: ts, surface: "slack_mention"}
	ok, err := kb.Store.ClaimRequest(context.Background(), m.eventID, m.channel, m.ts, m.request())
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if placeholder {
		// The dead replica's placeholder, posted through the stand-in.
		api := slacktest.Client(sl)
		_, m.placeholder, err = api.PostMessage(m.channel, slacktest.MsgText(thinking(bot.DetectLang(text))), slacktest.MsgThread(ts))
		if err != nil {
			t.Fatal(err)
		}
		if err := kb.Store.RenewClaim(context.Background(), m.eventID, m.request()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := kb.DB.Pool.Exec(context.Background(), `UPDATE slack_events SET claimed_at = now() - interval '1 hour' - $3::interval,
		received_at = now() - $3::interval, attempts = $2 WHERE event_id = $1`, eventID, attempts, age.String()); err != nil {
		t.Fatal(err)
	}
}

// An event whose replica died mid-answer is answered once, by whichever
// of the live replicas takes it over, in the dead replica's placeholder.
func TestEventOfDeadReplicaAnsweredOnce(t *testing.T) {
	kb := kbtest.New(t, nil)
	sl := slacktest.New(t)
	claimAsDeadReplica(t, kb, sl, "Ev0ORPHAN", "1700004000.000100", "<@"+slacktest.BotUserID+"> What does a prompt engineer do?", 1)
	lease := func(c *Config) { c.AnswerLease = 300 * time.Millisecond }
	a := newEnvOn(t, "http", sl, kb, kb.Assistant, lease)
	b := newEnvOn(t, "http", sl, kb, kb.Assistant, lease)
	slacktest.WaitFor(t, 10*time.Second, "the orphaned event answered", func() bool { return len(answers(sl, "C0GENERAL")) > 0 })
	time.Sleep(time.Second) // every replica has looked again
	a.settle()
	b.settle()
	got := answers(sl, "C0GENERAL")
	if len(got) != 1 || got[0].Method != "chat.update" || !strings.Contains(strings.ToLower(got[0].Param("text")), "prompt") {
		t.Fatalf("%d answers, want 1 replacing the dead replica's placeholder: %+v", len(got), got)
	}
	asked := append(a.asked.questions(), b.asked.questions()...)
	if len(asked) != 1 {
		t.Fatalf("assistant asked %d times, want 1", len(asked))
	}
	if q := asked[0]; q.UserID != "" || q.UserHash != bot.HashUser("", "U0ALICE") {
		t.Errorf("asked for user %q (hash %q), want the asker's hash kept with the event", q.UserID, q.UserHash)
	}
	var answered bool
	var request *string
	if err := kb.DB.Pool.QueryRow(context.Background(), `SELECT answered_at IS NOT NULL, request::text FROM slack_events WHERE event_id = 'Ev0ORPHAN'`).Scan(&answered, &request); err != nil {
		t.Fatal(err)
	}
	if !answered || request != nil {
		t.Errorf("answered %v, request kept %v: want answered and the question forgotten", answered, request != nil)
	}
}

// An answer slower than the lease is not taken over while its replica is
// alive: the lease is renewed as it runs.
func TestSlowAnswerKeepsItsLease(t *testing.T) {
	kb := kbtest.New(t, nil)
	sl := slacktest.New(t)
	slow := answererFunc(func(ctx context.Context, q bot.Question) (bot.Answer, error) {
		time.Sleep(1500 * time.Millisecond)
		return kb.Assistant.Answer(ctx, q)
	})
	lease := func(c *Config) { c.AnswerLease = 300 * time.Millisecond }
	a := newEnvOn(t, "http", sl, kb, slow, lease)
	b := newEnvOn(t, "http", sl, kb, kb.Assistant, lease)
	a.deliver("Ev0SLOW", mention("1700004100.000100", "What does a data engineer do?"), 0)
	a.settle()
	time.Sleep(500 * time.Millisecond)
	b.settle()
	if got := answers(sl, "C0GENERAL"); len(got) != 1 {
		t.Fatalf("%d answers, want 1", len(got))
	}
	if n := len(b.asked.questions()); n != 0 {
		t.Errorf("the other replica answered too (%d questions)", n)
	}
}

// An event whose answer already took its replica down three times gets an
// apology instead of another attempt.
func TestPoisonEventGetsApology(t *testing.T) {
	kb := kbtest.New(t, nil)
	sl := slacktest.New(t)
	claimAsDeadReplica(t, kb, sl, "Ev0POISON", "1700004200.000100", "What does a prompt engineer do?", maxAnswerAttempts)
	e := newEnvOn(t, "http", sl, kb, kb.Assistant, func(c *Config) { c.AnswerLease = 200 * time.Millisecond })
	slacktest.WaitFor(t, 10*time.Second, "the apology", func() bool { return len(answers(sl, "C0GENERAL")) > 0 })
	e.settle()
	got := answers(sl, "C0GENERAL")
	if len(got) != 1 || !strings.Contains(got[0].Param("text"), "Please ask again") {
		t.Fatalf("answers %+v, want one apology", got)
	}
	if n := len(e.asked.questions()); n != 0 {
		t.Errorf("the poison question was asked again")
	}
}

// An event waiting for its answer keeps where to reply and the question,
// with its asker as the salted hash, never the clear Slack id; once
// answered it keeps neither.
func TestPendingEventKeepsNoUserID(t *testing.T) {
	kb := kbtest.New(t, nil)
	sl := slacktest.New(t)
	release := make(chan struct{})
	waiting := make(chan struct{}, 1)
	slow := answererFunc(func(ctx context.Context, q bot.Question) (bot.Answer, error) {
		waiting <- struct{}{}
		<-release
		return kb.Assistant.Answer(ctx, q)
	})
	e := newEnvOn(t, "http", sl, kb, slow, func(c *Config) { c.UserSalt = "a-salt-of-sixteen-characters" })
	e.deliver("Ev0PRIVATE", mention("1700004300.000100", "What does a data engineer do?"), 0)
	select {
	case <-waiting:
	case <-time.After(10 * time.Second):
		t.Fatal("the question never reached the assistant")
	}
	var row, hash string
	if err := kb.DB.Pool.QueryRow(context.Background(), `SELECT e::text, coalesce(request->>'user_hash', '') FROM slack_events e WHERE event_id = 'Ev0PRIVATE'`).Scan(&row, &hash); err != nil {
		t.Fatal(err)
	}
	close(release)
	e.settle()
	if strings.Contains(row, "U0ALICE") {
		t.Errorf("the pending event holds the clear user id: %s", row)
	}
	if want := bot.HashUser("a-salt-of-sixteen-characters", "U0ALICE"); hash != want {
		t.Errorf("the pending event's user hash is %q, want %q", hash, want)
	}
	if !strings.Contains(row, "data engineer") {
		t.Errorf("the pending event does not keep its question, needed to answer it again: %s", row)
	}
	var request *string
	if err := kb.DB.Pool.QueryRow(context.Background(), `SELECT request::text FROM slack_events WHERE event_id = 'Ev0PRIVATE'`).Scan(&request); err != nil {
		t.Fatal(err)
	}
	if request != nil {
		t.Errorf("the answered event keeps its request: %s", *request)
	}
}

// An event left unanswered for longer than the recovery age is not
// answered as if just asked: its placeholder gets an apology in the
// asker's language, the assistant is not asked (so the question is not
// recorded again), and the event is done. One without a placeholder gets
// nothing. A younger one is answered.
func TestOldPendingEventIsNotAnswered(t *testing.T) {
	kb := kbtest.New(t, nil)
	sl := slacktest.New(t)
	leaveUnanswered(t, kb, sl, "Ev0OLDFR", "1700004400.000100", "Que fait un data engineer ?", 1, 3*time.Hour, true)
	leaveUnanswered(t, kb, sl, "Ev0OLDEN", "1700004400.000200", "What does a prompt engineer do?", 1, 3*time.Hour, false)
	leaveUnanswered(t, kb, sl, "Ev0YOUNG", "1700004400.000300", "What does a data scientist do?", 1, time.Minute, true)
	e := newEnvOn(t, "http", sl, kb, kb.Assistant, func(c *Config) {
		c.AnswerLease = 300 * time.Millisecond
		c.RecoveryMaxAge = 5 * time.Minute
	})
	done := func() int {
		var n int
		if err := kb.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM slack_events WHERE answered_at IS NOT NULL AND request IS NULL`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	slacktest.WaitFor(t, 10*time.Second, "the three events done", func() bool { return done() == 3 })
	e.settle()
	time.Sleep(time.Second) // the replica has looked again
	e.settle()
	var apologies, answered int
	for _, c := range answers(sl, "C0GENERAL") {
		switch text := c.Param("text"); {
		case c.Method == "chat.update" && strings.Contains(text, "Désolé, je n'ai pas pu répondre à temps"):
			apologies++
		case strings.Contains(strings.ToLower(c.Param("blocks")), "data scientist"):
			answered++
		default:
			t.Errorf("unexpected message %s: %q", c.Method, text)
		}
	}
	if apologies != 1 || answered != 1 {
		t.Errorf("%d French apologies and %d answers, want one of each", apologies, answered)
	}
	qs := e.asked.questions()
	if len(qs) != 1 || !strings.Contains(qs[0].Text, "data scientist") {
		t.Errorf("the assistant was asked %+v, want the young question only", qs)
	}
	var recorded int
	if err := kb.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM questions`).Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if recorded != 1 {
		t.Errorf("%d questions recorded, want the young one only", recorded)
	}
}
