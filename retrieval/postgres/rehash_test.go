package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// A person's rows stored under their first-scheme hash are moved to their
// current hash in one call: afterwards their questions are theirs, their
// vote is still one vote per answer, their rate reservations still count
// against the limit, and their pending event carries the current hash.
// Other people's rows, and hashes not of the first scheme, are left alone.
func TestRehashUser(t *testing.T) {
	db := pgtest.New(t)
	s := postgres.New(db.Pool)
	ctx := context.Background()
	const (
		legacy  = "0123456789abcdef01234567" // 24 hex characters: the first scheme
		current = "v2:89abcdef0123456789abcdef"
		other   = "fedcba9876543210fedcba98"
		newer   = "v2:0000000000000000000000aa"
	)
	ask := func(hash string) int64 {
		t.Helper()
		id, err := s.RecordQuestion(ctx, knowledge.Question{UserHash: hash, Surface: "slack_dm", Lang: "en", Text: "q", Grounded: true})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	vote := func(q int64, hash string, v int) knowledge.Votes {
		t.Helper()
		votes, err := s.RecordFeedback(ctx, knowledge.Feedback{QuestionID: q, UserHash: hash, Vote: v})
		if err != nil {
			t.Fatal(err)
		}
		return votes
	}
	q1, q2, q3 := ask(legacy), ask(legacy), ask(other)
	ask(newer)
	vote(q1, legacy, -1)
	vote(q2, legacy, 1)
	vote(q2, current, -1) // voted again since the switch: the current vote stands
	vote(q3, other, 1)
	window := time.Now().Truncate(time.Hour)
	for range 2 {
		if ok, err := s.ReserveQuestion(ctx, legacy, window, 3); err != nil || !ok {
			t.Fatalf("reserve: %v %v", ok, err)
		}
	}
	if ok, err := s.ReserveQuestion(ctx, current, window, 3); err != nil || !ok {
		t.Fatalf("reserve: %v %v", ok, err)
	}
	if ok, err := s.ReserveQuestion(ctx, legacy, window.Add(-time.Hour), 3); err != nil || !ok {
		t.Fatalf("reserve: %v %v", ok, err)
	}
	if ok, err := s.ClaimRequest(ctx, "Ev0PENDING", "D0", "1.1", []byte(`{"text":"q","user_hash":"`+legacy+`"}`)); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}

	// Two questions, two votes (one of them dropped for the current one),
	// two windows of reservations and one pending event.
	n, err := s.RehashUser(ctx, legacy, current)
	if err != nil {
		t.Fatal(err)
	}
	if n != 7 {
		t.Errorf("RehashUser moved %d rows, want 7", n)
	}
	count := func(query string, args ...any) int {
		t.Helper()
		var c int
		if err := db.Pool.QueryRow(ctx, query, args...).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	if got := count(`SELECT count(*) FROM questions WHERE user_hash = $1`, legacy) +
		count(`SELECT count(*) FROM feedback WHERE user_hash = $1`, legacy) +
		count(`SELECT count(*) FROM rate_reservations WHERE user_hash = $1`, legacy) +
		count(`SELECT count(*) FROM slack_events WHERE request->>'user_hash' = $1`, legacy); got != 0 {
		t.Errorf("%d rows left under the first-scheme hash", got)
	}
	if got := count(`SELECT count(*) FROM questions WHERE user_hash = $1`, current); got != 2 {
		t.Errorf("%d questions under the current hash, want 2", got)
	}
	if got := count(`SELECT count(*) FROM questions WHERE user_hash IN ($1, $2)`, other, newer); got != 2 {
		t.Errorf("%d questions of other people left as they were, want 2", got)
	}
	if got := count(`SELECT count(*) FROM feedback WHERE user_hash = $1 AND question_id = $2`, other, q3); got != 1 {
		t.Errorf("another person's vote moved")
	}
	// One vote per person and answer across the switch: the moved vote is
	// the person's previous one, and the answer's votes count it once.
	if v := vote(q1, current, -1); v.Previous != -1 || v.Down != 1 || v.Up != 0 {
		t.Errorf("vote again on the first answer: %+v, want the moved vote kept", v)
	}
	if v := vote(q2, current, -1); v.Previous != -1 || v.Down != 1 || v.Up != 0 {
		t.Errorf("vote again on the second answer: %+v, want the current vote kept, the legacy one dropped", v)
	}
	// The window's reservations add up: the limit of 3 is reached.
	if ok, err := s.ReserveQuestion(ctx, current, window, 3); err != nil || ok {
		t.Errorf("a fourth question in the window was reserved (%v %v): the legacy reservations were lost", ok, err)
	}
	if got := count(`SELECT count(*) FROM slack_events WHERE event_id = 'Ev0PENDING' AND request->>'user_hash' = $1 AND request->>'text' = 'q'`, current); got != 1 {
		t.Errorf("the pending event's request does not carry the current hash")
	}
	// Nothing is left to move; a hash not of the first scheme moves nothing.
	for _, from := range []string{legacy, newer, "U0ALICE"} {
		if n, err := s.RehashUser(ctx, from, current); err != nil || n != 0 {
			t.Errorf("RehashUser(%q) again: %d rows (%v), want none", from, n, err)
		}
	}
	// The retention erases pending requests whatever their hash's scheme.
	if _, err := s.ClaimRequest(ctx, "Ev0OLDPENDING", "D0", "1.2", []byte(`{"text":"q","user_hash":"`+other+`"}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE slack_events SET received_at = now() - interval '91 days' WHERE event_id = 'Ev0OLDPENDING'`); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PurgePendingRequests(ctx, time.Now().Add(-90*24*time.Hour)); err != nil || n != 1 {
		t.Errorf("purged %d pending requests (%v), want the old one", n, err)
	}
}
