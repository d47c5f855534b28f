package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

func TestClaimEvent(t *testing.T) {
	db := pgtest.New(t)
	s := postgres.New(db.Pool)
	ctx := context.Background()
	tests := []struct {
		name, id, channel, ts string
		want                  bool
	}{
		{"first delivery", "Ev1", "C1", "1.1", true},
		{"retry of the same event", "Ev1", "C1", "1.1", false},
		{"same message as another event type", "Ev2", "C1", "1.1", false},
		{"another message", "Ev3", "C1", "1.2", true},
		{"same ts in another channel", "Ev4", "C2", "1.1", true},
		{"events without a message are keyed by id", "Ev5", "C1", "", true},
		{"second event without a message", "Ev6", "C1", "", true},
	}
	for _, tt := range tests {
		got, err := s.ClaimEvent(ctx, tt.id, tt.channel, tt.ts)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s: ClaimEvent = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestClaimEventConcurrent(t *testing.T) {
	db := pgtest.New(t)
	s := postgres.New(db.Pool)
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 8 {
		wg.Go(func() {
			ok, err := s.ClaimEvent(context.Background(), fmt.Sprintf("Ev%d", i%2), "C1", "9.9")
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				won++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("%d claims won, want 1", won)
	}
}

func TestTurns(t *testing.T) {
	db := pgtest.New(t)
	s := postgres.New(db.Pool)
	ctx := context.Background()
	if turns, err := s.Turns(ctx, "C1", "1.0", time.Time{}, 10); err != nil || len(turns) != 0 {
		t.Fatalf("unknown thread: %v, %v", turns, err)
	}
	for i := range 3 {
		err := s.AppendTurns(ctx, "C1", "1.0",
			knowledge.Turn{Role: "user", Text: fmt.Sprintf("q%d", i)},
			knowledge.Turn{Role: "assistant", Text: fmt.Sprintf("a%d", i), Slugs: []string{"prompt-engineer"}})
		if err != nil {
			t.Fatal(err)
		}
	}
	turns, err := s.Turns(ctx, "C1", "1.0", time.Time{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tr := range turns {
		got = append(got, tr.Role+":"+tr.Text)
	}
	if want := "[assistant:a1 user:q2 assistant:a2]"; fmt.Sprint(got) != want {
		t.Fatalf("last turns = %v, want %s", got, want)
	}
	if turns[2].Slugs[0] != "prompt-engineer" {
		t.Fatalf("slugs = %v", turns[2].Slugs)
	}

	// Turns are kept with the time they were written, and read since a
	// time: the top level of a direct message sees its recent ones only.
	asked := time.Date(2023, 11, 14, 22, 0, 0, 0, time.UTC)
	for i, at := range []time.Time{asked.Add(-3 * time.Hour), asked.Add(-25 * time.Minute), asked} {
		if err := s.AppendTurns(ctx, "D1", "", knowledge.Turn{Role: "user", Text: fmt.Sprintf("dm%d", i), At: at}); err != nil {
			t.Fatal(err)
		}
	}
	recent, err := s.Turns(ctx, "D1", "", asked.Add(-30*time.Minute), 10)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, tr := range recent {
		got = append(got, tr.Text+"@"+tr.At.UTC().Format("15:04"))
	}
	if want := "[dm1@21:35 dm2@22:00]"; fmt.Sprint(got) != want {
		t.Fatalf("turns of the last 30 minutes = %v, want %s", got, want)
	}
}

func TestRecordFeedback(t *testing.T) {
	db := pgtest.New(t)
	s := postgres.New(db.Pool)
	ctx := context.Background()
	qid, err := s.RecordQuestion(ctx, knowledge.Question{Surface: "slack_mention", Lang: "en", Text: "q"})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		f          knowledge.Feedback
		wantVote   int
		wantReason string
		want       knowledge.Votes
	}{
		{knowledge.Feedback{QuestionID: qid, UserHash: "u1", Vote: -1}, -1, "", knowledge.Votes{Previous: 0, Down: 1}},
		{knowledge.Feedback{QuestionID: qid, UserHash: "u1", Vote: -1, Reason: "out of date"}, -1, "out of date", knowledge.Votes{Previous: -1, Down: 1}},
		{knowledge.Feedback{QuestionID: qid, UserHash: "u1", Vote: -1}, -1, "out of date", knowledge.Votes{Previous: -1, Down: 1}},
		{knowledge.Feedback{QuestionID: qid, UserHash: "u1", Vote: 1}, 1, "", knowledge.Votes{Previous: -1, Up: 1}},
		{knowledge.Feedback{QuestionID: qid, UserHash: "u2", Vote: -1}, -1, "", knowledge.Votes{Previous: 0, Up: 1, Down: 1}},
	}
	for i, st := range steps {
		got, err := s.RecordFeedback(ctx, st.f)
		if err != nil {
			t.Fatal(err)
		}
		if got != st.want {
			t.Errorf("step %d: votes %+v, want %+v", i, got, st.want)
		}
		var vote int
		var reason string
		if err := db.Pool.QueryRow(ctx, `SELECT vote, reason FROM feedback WHERE question_id = $1 AND user_hash = $2`, qid, st.f.UserHash).Scan(&vote, &reason); err != nil {
			t.Fatal(err)
		}
		if vote != st.wantVote || reason != st.wantReason {
			t.Errorf("step %d: vote %d reason %q, want %d %q", i, vote, reason, st.wantVote, st.wantReason)
		}
	}
	// Many clicks at once by one person count once: exactly one of them
	// is a first vote.
	var wg sync.WaitGroup
	var mu sync.Mutex
	first := 0
	for range 8 {
		wg.Go(func() {
			v, err := s.RecordFeedback(ctx, knowledge.Feedback{QuestionID: qid, UserHash: "u3", Vote: 1})
			if err != nil {
				t.Error(err)
				return
			}
			if v.Previous == 0 {
				mu.Lock()
				first++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if first != 1 {
		t.Errorf("%d of 8 simultaneous clicks counted as a first vote, want 1", first)
	}
	if _, err := s.RecordFeedback(ctx, knowledge.Feedback{QuestionID: qid + 100, UserHash: "u1", Vote: 1}); !errors.Is(err, postgres.ErrUnknownQuestion) {
		t.Errorf("feedback on an unknown question: %v, want ErrUnknownQuestion", err)
	}
	if _, err := s.RecordFeedback(ctx, knowledge.Feedback{QuestionID: qid, UserHash: "u2", Vote: 0}); err == nil {
		t.Error("a vote of 0 was accepted")
	}
}

// A message with a NUL character is claimed like any other: the request
// kept to answer it again is stored without it.
func TestClaimRequestWithNUL(t *testing.T) {
	db := pgtest.New(t)
	s := postgres.New(db.Pool)
	ctx := context.Background()
	req := []byte(`{"text":"C'est quoi\u0000 un data engineer ?","raw":"\\u0000 stays","n":"\u0000\u0000"}`)
	ok, err := s.ClaimRequest(ctx, "Ev0NUL", "C0", "1700000000.000100", req)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	var text, raw string
	if err := db.Pool.QueryRow(ctx, `SELECT request->>'text', request->>'raw' FROM slack_events WHERE event_id = 'Ev0NUL'`).Scan(&text, &raw); err != nil {
		t.Fatal(err)
	}
	if text != "C'est quoi un data engineer ?" || raw != `\u0000 stays` {
		t.Errorf("stored %q and %q", text, raw)
	}
	if err := s.RenewClaim(ctx, "Ev0NUL", req); err != nil {
		t.Errorf("renew: %v", err)
	}
}

// An event taken over comes with its age since its first claim, by the
// database's clock; once answered it is not taken over again and keeps
// no request.
func TestTakeOverExpiredAge(t *testing.T) {
	db := pgtest.New(t)
	s := postgres.New(db.Pool)
	ctx := context.Background()
	for _, id := range []string{"Ev0AGED", "Ev0FRESH"} {
		if ok, err := s.ClaimRequest(ctx, id, "C0", id, []byte(`{"text":"q"}`)); err != nil || !ok {
			t.Fatalf("claim %s: %v %v", id, ok, err)
		}
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE slack_events SET received_at = now() - interval '3 hours', claimed_at = now() - interval '3 hours' WHERE event_id = 'Ev0AGED';
		UPDATE slack_events SET claimed_at = now() - interval '1 minute' WHERE event_id = 'Ev0FRESH'`); err != nil {
		t.Fatal(err)
	}
	got, err := s.TakeOverExpired(ctx, 30*time.Second, 10)
	if err != nil {
		t.Fatal(err)
	}
	ages := map[string]time.Duration{}
	for _, p := range got {
		ages[p.EventID] = p.Age
	}
	if a := ages["Ev0AGED"]; a < 3*time.Hour || a > 3*time.Hour+time.Minute {
		t.Errorf("aged event: age %v, want 3h", a)
	}
	if a, ok := ages["Ev0FRESH"]; !ok || a > time.Minute {
		t.Errorf("fresh event: age %v (taken over: %v), want under a minute", a, ok)
	}
	if err := s.MarkAnswered(ctx, "Ev0AGED"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE slack_events SET claimed_at = now() - interval '1 hour'`); err != nil {
		t.Fatal(err)
	}
	got, err = s.TakeOverExpired(ctx, 30*time.Second, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].EventID != "Ev0FRESH" {
		t.Errorf("taken over after the answer: %+v, want Ev0FRESH only", got)
	}
	var request *string
	if err := db.Pool.QueryRow(ctx, `SELECT request::text FROM slack_events WHERE event_id = 'Ev0AGED'`).Scan(&request); err != nil || request != nil {
		t.Errorf("answered event keeps request %v (%v)", request, err)
	}
}

// A pending event's request is erased once it is older than the
// retention; a younger one's is kept, and so is every event's row, which
// keeps later deliveries from being answered again.
func TestPurgePendingRequests(t *testing.T) {
	db := pgtest.New(t)
	s := postgres.New(db.Pool)
	ctx := context.Background()
	for _, id := range []string{"Ev0OLD", "Ev0NEW"} {
		if ok, err := s.ClaimRequest(ctx, id, "C0", id, []byte(`{"text":"q"}`)); err != nil || !ok {
			t.Fatalf("claim %s: %v %v", id, ok, err)
		}
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE slack_events SET received_at = now() - interval '91 days' WHERE event_id = 'Ev0OLD'`); err != nil {
		t.Fatal(err)
	}
	n, err := s.PurgePendingRequests(ctx, time.Now().Add(-90*24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("purged %d (%v), want 1", n, err)
	}
	var old, young bool
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT request IS NULL FROM slack_events WHERE event_id = 'Ev0OLD'),
		(SELECT request IS NOT NULL FROM slack_events WHERE event_id = 'Ev0NEW')`).Scan(&old, &young); err != nil {
		t.Fatal(err)
	}
	if !old || !young {
		t.Errorf("old request erased %v, young kept %v", old, young)
	}
	if ok, err := s.ClaimRequest(ctx, "Ev0OLD", "C0", "Ev0OLD", []byte(`{"text":"q"}`)); err != nil || ok {
		t.Errorf("a redelivery of the purged event was claimed again (%v %v)", ok, err)
	}
}

// Writers appending to one thread at once number its turns one after the
// other, each writer's turns in a row; a turn the table refuses writes
// none of its writer's.
func TestAppendTurnsConcurrently(t *testing.T) {
	db := pgtest.New(t)
	s := postgres.New(db.Pool)
	ctx := context.Background()
	const writers = 8
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			err := s.AppendTurns(ctx, "C9", "9.0",
				knowledge.Turn{Role: "user", Text: fmt.Sprintf("q%d", w)},
				knowledge.Turn{Role: "assistant", Text: fmt.Sprintf("a%d", w), Slugs: []string{"python", "pytorch"}})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	turns, err := s.Turns(ctx, "C9", "9.0", time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(turns) != 2*writers {
		t.Fatalf("%d turns, want %d", len(turns), 2*writers)
	}
	for i := 0; i < len(turns); i += 2 {
		q, a := turns[i], turns[i+1]
		if q.Role != "user" || a.Role != "assistant" || "a"+q.Text[1:] != a.Text || fmt.Sprint(a.Slugs) != "[python pytorch]" {
			t.Errorf("turns %d and %d: %+v, %+v; want a writer's question then its answer", i, i+1, q, a)
		}
	}
	err = s.AppendTurns(ctx, "C9", "9.0", knowledge.Turn{Role: "user", Text: "ok"}, knowledge.Turn{Role: "robot", Text: "refused"})
	if err == nil {
		t.Fatal("a turn of an unknown role was written")
	}
	if after, _ := s.Turns(ctx, "C9", "9.0", time.Time{}, 100); len(after) != 2*writers {
		t.Errorf("%d turns after a refused append, want %d", len(after), 2*writers)
	}
}
