package slackapp

import (
	"context"
	"errors"
	"time"

	"github.com/slack-go/slack"
)

// Slack answers 429 with Retry-After when careerbot posts too fast; the
// slack-go client reports it as *slack.RateLimitedError and does not retry.
const (
	maxRateRetries = 4
	maxRateWait    = 30 * time.Second
)

// retryRateLimited runs call, and again after the wait Slack asks for each
// time Slack answers that careerbot is rate limited, at most
// maxRateRetries times and never past ctx.
func (s *Server) retryRateLimited(ctx context.Context, what string, call func(ctx context.Context) error) error {
	for attempt := 0; ; attempt++ {
		err := call(ctx)
		var rl *slack.RateLimitedError
		if err == nil || !errors.As(err, &rl) || attempt == maxRateRetries {
			return err
		}
		wait := min(max(rl.RetryAfter, 100*time.Millisecond), maxRateWait)
		s.log.Info("slack: rate limited; retrying", "call", what, "retry_after", wait, "attempt", attempt+1)
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return err
		case <-timer.C:
		}
	}
}
