package main

import (
	"context"
	"log/slog"
	"time"
)

// purgeInterval is how often serve erases the question texts older than
// CAREERBOT_QUESTION_RETENTION.
const purgeInterval = time.Hour

// textPurger erases what people wrote before a time: question texts, the
// conversation turns that repeat them, and the questions of Slack events
// left unanswered.
type textPurger interface {
	PurgeQuestionTexts(ctx context.Context, before time.Time) (int64, error)
	PurgeThreadTurns(ctx context.Context, before time.Time) (int64, error)
	PurgePendingRequests(ctx context.Context, before time.Time) (int64, error)
	PurgeReservations(ctx context.Context, before time.Time) (int64, error)
}

// purgeQuestionTexts erases the texts of questions, the thread turns and
// the requests of unanswered Slack events older than retention at once, then every interval, until ctx is done.
// Counts and hashed user ids stay for the figures. Every replica runs it;
// it is idempotent.
func purgeQuestionTexts(ctx context.Context, p textPurger, retention, interval time.Duration, now func() time.Time, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		before := now().Add(-retention)
		n, err := p.PurgeQuestionTexts(ctx, before)
		if err == nil {
			var turns int64
			turns, err = p.PurgeThreadTurns(ctx, before)
			n += turns
		}
		if err == nil {
			var pending int64
			pending, err = p.PurgePendingRequests(ctx, before)
			n += pending
		}
		if err == nil {
			// The rate limit's counts of past windows, kept no longer.
			_, err = p.PurgeReservations(ctx, before)
		}
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("purge question texts: will retry", "err", err, "retry_in", interval)
		case n > 0:
			log.Info("purged question texts, thread turns and unanswered events past their retention", "count", n, "retention", retention)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
