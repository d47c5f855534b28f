package slackapp

import (
	"context"
	"fmt"

	"golang.org/x/sync/semaphore"

	"github.com/careerbot/careerbot/bot"
)

// boundedAnswerer lets at most as many answers run at once as slots
// holds.
type boundedAnswerer struct {
	a     Answerer
	slots *semaphore.Weighted
}

func (b boundedAnswerer) Answer(ctx context.Context, q bot.Question) (bot.Answer, error) {
	if err := b.slots.Acquire(ctx, 1); err != nil {
		return bot.Answer{}, fmt.Errorf("wait for a free answer slot: %w", err)
	}
	defer b.slots.Release(1)
	return b.a.Answer(ctx, q)
}
