package slackapp

import (
	"context"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/kbtest"
)

// deadlineStore reports the deadline of the context its claims get.
type deadlineStore struct {
	memStore
	deadline *time.Time
}

func (d deadlineStore) ClaimEvent(ctx context.Context, _, _, _ string) (bool, error) {
	*d.deadline, _ = ctx.Deadline()
	return true, nil
}

// The bounded Store gives each call a deadline, and is a Leaser exactly
// when the store it bounds is one.
func TestBoundStore(t *testing.T) {
	var got time.Time
	b := boundStore(deadlineStore{deadline: &got}, time.Hour)
	if _, err := b.ClaimEvent(context.Background(), "Ev0", "C0", "1.1"); err != nil {
		t.Fatal(err)
	}
	if got.IsZero() || time.Until(got) > time.Hour {
		t.Errorf("claim deadline %v, want one within the hour", got)
	}
	if _, ok := b.(Leaser); ok {
		t.Error("a store without leases became a Leaser")
	}
	kb := kbtest.New(t, nil)
	if _, ok := boundStore(kb.Store, time.Second).(Leaser); !ok {
		t.Error("the database store is no Leaser once bounded: answers would not survive a replica")
	}
	if boundStore(nil, time.Second) != nil {
		t.Error("no store became a store")
	}
}
