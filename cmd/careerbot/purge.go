package main

import (
	"context"
	"log/slog"
	"time"
)

// purgeInterval is how often serve erases the question texts older than
// CAREERBOT_QUESTION_RETENTION.
const purgeInterval = time.Hour

// textPurger erases question texts asked before a time.
type textPurger interface {
	PurgeQuestionTexts(ctx context.Context, before time.Time) (int64, error)
}

// purgeQuestionTexts erases the texts of questions older than retention at
// once, then every interval, until ctx is done. Counts and hashed user ids
// stay for the figures. Every replica runs it; the update is idempotent.
func purgeQuestionTexts(ctx context.Context, p textPurger, retention, interval time.Duration, now func() time.Time, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		n, err := p.PurgeQuestionTexts(ctx, now().Add(-retention))
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("purge question texts: will retry", "err", err, "retry_in", interval)
		case n > 0:
			log.Info("purged question texts past their retention", "count", n, "retention", retention)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
