package reliability

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDatabaseLocked: another session holds the event and question tables
// in ACCESS EXCLUSIVE mode while users mention careerbot (HTTP mode,
// CAREERBOT_DB_TIMEOUT at its default). Every mention gets the
// "temporarily unavailable" reply within 5 s, none is answered a second
// time once the lock ends (the claims that timed out were cancelled at the
// server, not left to commit), and answers resume after it.
func TestDatabaseLocked(t *testing.T) {
	lock := time.Duration(size(8, 25)) * time.Second
	n := size(8, 12)
	const within = 5 * time.Second
	r := row(t, "Faults", fmt.Sprintf("slack_events and questions locked (LOCK TABLE … IN ACCESS EXCLUSIVE MODE from another session) for %s while %d mentions arrive; CAREERBOT_DB_TIMEOUT at its default (3s), answer lease 1 s", secs(lock), n))
	st := newStack(t)
	rep := st.serve("replica", "http", map[string]string{"CAREERBOT_ANSWER_LEASE": "1s"})
	tr := newTracker(st.sl)
	defer tr.close()
	rep.event("Ev0LOCKW", mention("U0LOCK", "CLOCKW", "1700950000.000100", "What does a prompt engineer do?"))
	if msg, ok := tr.wait("CLOCKW", 30*time.Second); !ok || isUnavailable(msg) {
		t.Fatalf("warm-up answer: %q", msg)
	}

	ctx := context.Background()
	conn, err := st.kb.DB.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE slack_events, questions IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	locked := time.Now()
	unlocked := make(chan struct{})
	go func() {
		defer close(unlocked)
		time.Sleep(lock)
		_ = tx.Rollback(ctx)
	}()

	type result struct {
		took time.Duration
		msg  string
		ok   bool
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	gap := (lock - within - time.Second) / time.Duration(n)
	for i := range n {
		channel := fmt.Sprintf("CLOCK%02d", i)
		sent := time.Now()
		rep.event(fmt.Sprintf("Ev0LOCK%02d", i), mention("U0LOCK", channel, fmt.Sprintf("1700950100.%06d", i), "What does a data scientist do?"))
		wg.Go(func() {
			msg, at, ok := tr.waitAt(channel, lock+30*time.Second)
			results[i] = result{at.Sub(sent), msg, ok}
		})
		time.Sleep(gap)
	}
	wg.Wait()
	<-unlocked
	held := time.Since(locked)

	// After the lock: a normal answer, and no event of the lock answered
	// again by the recovery of unanswered events (lease 1 s).
	rep.event("Ev0LOCKA", mention("U0LOCK", "CLOCKA", "1700950200.000100", "What does a prompt engineer do?"))
	after, okAfter := tr.wait("CLOCKA", 30*time.Second)
	time.Sleep(4 * time.Second)
	tr.poll()

	var durations []time.Duration
	unavailable, late, silent, twice := 0, 0, 0, 0
	for i, x := range results {
		switch {
		case !x.ok:
			silent++
			continue
		case x.took > within:
			late++
		}
		durations = append(durations, x.took)
		if isUnavailable(x.msg) {
			unavailable++
		}
		if got := tr.messages(fmt.Sprintf("CLOCK%02d", i)); len(got) > 1 {
			twice++
			t.Errorf("mention %d answered %d times: %q", i, len(got), got)
		}
	}
	r.resultf("tables locked for %s; %d/%d mentions got a reply (%d the temporarily-unavailable reply), %d after more than %s, %d without one; reply time p50 %s, max %s; %d answered again after the lock; "+
		"the first mention after the lock answered normally: %v",
		secs(held), n-silent, n, unavailable, late, secs(within), silent, ms(percentile(durations, 0.5)), ms(percentile(durations, 1)), twice, okAfter && !isUnavailable(after))
	t.Log(r.Result)
	if silent > 0 || late > 0 {
		t.Errorf("%d mentions without a reply, %d replied after more than %v", silent, late, within)
	}
	if unavailable != n-silent {
		for i, x := range results {
			if x.ok && !isUnavailable(x.msg) {
				t.Errorf("mention %d during the lock got %q, want the temporarily-unavailable reply", i, strings.TrimSpace(x.msg))
			}
		}
	}
	if !okAfter || isUnavailable(after) {
		t.Errorf("after the lock: %q, want a normal answer", after)
	}
	if !rep.alive() {
		t.Fatalf("the process died")
	}
}
