package slackapp

import (
	"context"
	"time"

	"github.com/careerbot/careerbot/knowledge"
)

// DefaultDatabaseTimeout is how long one call to the Store may take on the
// way of an event before the asker is told the knowledge base is
// unavailable.
const DefaultDatabaseTimeout = 3 * time.Second

// boundStore gives every call to store at most limit: a locked or stalled
// database then fails the call instead of holding the event. A store that
// implements Leaser is returned as a Leaser too, its lease calls bounded
// alike.
func boundStore(store Store, limit time.Duration) Store {
	if store == nil {
		return nil
	}
	b := boundCalls{next: store, limit: limit}
	if l, ok := store.(Leaser); ok {
		return boundLeaser{boundCalls: b, leaser: l}
	}
	return b
}

type boundCalls struct {
	next  Store
	limit time.Duration
}

func (b boundCalls) ClaimEvent(ctx context.Context, eventID, channel, ts string) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.ClaimEvent(ctx, eventID, channel, ts)
}

func (b boundCalls) AppendTurns(ctx context.Context, channel, threadTS string, turns ...knowledge.Turn) error {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.AppendTurns(ctx, channel, threadTS, turns...)
}

func (b boundCalls) Turns(ctx context.Context, channel, threadTS string, since time.Time, limit int) ([]knowledge.Turn, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.Turns(ctx, channel, threadTS, since, limit)
}

func (b boundCalls) RecordFeedback(ctx context.Context, f knowledge.Feedback) (knowledge.Votes, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.RecordFeedback(ctx, f)
}

func (b boundCalls) Get(ctx context.Context, slug string) (*knowledge.Entry, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.Get(ctx, slug)
}

func (b boundCalls) RehashUser(ctx context.Context, legacy, current string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.next.RehashUser(ctx, legacy, current)
}

// boundLeaser is boundCalls for a Store that implements Leaser.
type boundLeaser struct {
	boundCalls
	leaser Leaser
}

func (b boundLeaser) ClaimRequest(ctx context.Context, eventID, channel, ts string, request []byte) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.leaser.ClaimRequest(ctx, eventID, channel, ts, request)
}

func (b boundLeaser) RenewClaim(ctx context.Context, eventID string, request []byte) error {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.leaser.RenewClaim(ctx, eventID, request)
}

func (b boundLeaser) MarkAnswered(ctx context.Context, eventID string) error {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.leaser.MarkAnswered(ctx, eventID)
}

func (b boundLeaser) TakeOverExpired(ctx context.Context, lease time.Duration, limit int) ([]knowledge.PendingEvent, error) {
	ctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	return b.leaser.TakeOverExpired(ctx, lease, limit)
}
