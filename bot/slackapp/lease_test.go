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
	m := message{eventID: eventID, channel: "C0GENERAL", ts: ts, user: "U0ALICE", text: text, reply: ts, conv: ts, surface: "slack_mention"}
	ok, err := kb.Store.ClaimRequest(context.Background(), m.eventID, m.channel, m.ts, m.request())
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	// The dead replica's placeholder, posted through the stand-in.
	api := slacktest.Client(sl)
	_, m.placeholder, err = api.PostMessage(m.channel, slacktest.MsgText(thinking("en")), slacktest.MsgThread(ts))
	if err != nil {
		t.Fatal(err)
	}
	if err := kb.Store.RenewClaim(context.Background(), m.eventID, m.request()); err != nil {
		t.Fatal(err)
	}
	if _, err := kb.DB.Pool.Exec(context.Background(), `UPDATE slack_events SET claimed_at = now() - interval '1 hour', attempts = $2 WHERE event_id = $1`, eventID, attempts); err != nil {
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
	if n := len(a.asked.questions()) + len(b.asked.questions()); n != 1 {
		t.Errorf("assistant asked %d times, want 1", n)
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
