package main

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// The purge loop erases the texts of questions, the thread turns and the
// requests of unanswered Slack events older than the retention, and only
// those, at start and then at every interval.
func TestPurgeLoopErasesOldTextsOnly(t *testing.T) {
	db := pgtest.New(t)
	store := postgres.New(db.Pool)
	ctx := context.Background()
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	ask := func(text string, age time.Duration) int64 {
		id, err := store.RecordQuestion(ctx, knowledge.Question{UserHash: "h", Surface: "slack_dm", Lang: "en", Text: text, Grounded: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Pool.Exec(ctx, `UPDATE questions SET asked_at = now() - $2::interval WHERE id = $1`, id, age.String()); err != nil {
			t.Fatal(err)
		}
		return id
	}
	old := ask("an old question", 91*24*time.Hour)
	if err := store.AppendTurns(ctx, "C1", "1.1", knowledge.Turn{Role: "user", Text: "an old question"}); err != nil {
		t.Fatal(err)
	}
	if err := store.AppendTurns(ctx, "C1", "2.2", knowledge.Turn{Role: "user", Text: "a recent question"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE thread_turns SET at = now() - interval '91 days' WHERE thread_ts = '1.1'`); err != nil {
		t.Fatal(err)
	}
	turns := func(thread string) int {
		var n int
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM thread_turns WHERE thread_ts = $1`, thread).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	pending := func(eventID string, age time.Duration) {
		ok, err := store.ClaimRequest(ctx, eventID, "C1", eventID, []byte(`{"text":"a question left unanswered"}`))
		if err != nil || !ok {
			t.Fatalf("claim %s: %v %v", eventID, ok, err)
		}
		if _, err := db.Pool.Exec(ctx, `UPDATE slack_events SET received_at = now() - $2::interval WHERE event_id = $1`, eventID, age.String()); err != nil {
			t.Fatal(err)
		}
	}
	pending("Ev0OLD", 91*24*time.Hour)
	pending("Ev0RECENT", 89*24*time.Hour)
	kept := func(eventID string) bool {
		var has bool
		if err := db.Pool.QueryRow(ctx, `SELECT request IS NOT NULL FROM slack_events WHERE event_id = $1`, eventID).Scan(&has); err != nil {
			t.Fatal(err)
		}
		return has
	}
	recent := ask("a recent question", 89*24*time.Hour)
	text := func(id int64) *string {
		var s *string
		if err := db.Pool.QueryRow(ctx, `SELECT text FROM questions WHERE id = $1`, id).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	loopCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		purgeQuestionTexts(loopCtx, store, 90*24*time.Hour, 20*time.Millisecond, clock, slog.New(slog.NewTextHandler(t.Output(), nil)))
		close(done)
	}()
	slacktest.WaitFor(t, 10*time.Second, "the old text purged", func() bool { return text(old) == nil })
	if s := text(recent); s == nil || *s != "a recent question" {
		t.Fatalf("recent text: %v", s)
	}
	slacktest.WaitFor(t, 10*time.Second, "the old thread turn purged", func() bool { return turns("1.1") == 0 })
	if n := turns("2.2"); n != 1 {
		t.Fatalf("%d recent thread turns left, want 1", n)
	}
	slacktest.WaitFor(t, 10*time.Second, "the old unanswered event's request purged", func() bool { return !kept("Ev0OLD") })
	if !kept("Ev0RECENT") {
		t.Fatal("the recent unanswered event's request was purged")
	}
	// Two days later, at a later tick, the recent question is past its
	// retention too.
	mu.Lock()
	now = now.Add(48 * time.Hour)
	mu.Unlock()
	slacktest.WaitFor(t, 10*time.Second, "the second text purged", func() bool { return text(recent) == nil })
	slacktest.WaitFor(t, 10*time.Second, "the second event's request purged", func() bool { return !kept("Ev0RECENT") })
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM questions WHERE user_hash = 'h'`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d questions left (%v): the counts must stay", n, err)
	}
	stop()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the purge loop did not stop with its context")
	}
}
