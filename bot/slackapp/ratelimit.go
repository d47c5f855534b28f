package slackapp

import (
	"io"
	"net/http"
	"time"

	"github.com/slack-go/slack"
)

// Slack answers 429 with Retry-After when careerbot posts too fast. The
// Web API client retries such answers itself (slack.OptionRetryConfig):
// it waits as Slack asks, plus a jitter so that replicas do not all come
// back at once, at most maxRateRetries times and never past the call's
// context.
const maxRateRetries = 4

func rateRetries() slack.RetryConfig {
	cfg := slack.DefaultRetryConfig()
	cfg.MaxRetries = maxRateRetries
	cfg.RetryAfterDuration = time.Second // when Slack gives no Retry-After
	cfg.RetryAfterJitter = 250 * time.Millisecond
	cfg.Handlers = []slack.RetryHandler{slack.NewRateLimitErrorRetryHandler(cfg)}
	return cfg
}

// rateLimitedTransport retries response_url posts Slack answered 429 with
// the Web API client's handler and configuration: slack-go sends them
// with a plain *http.Client, which its retries cannot wrap.
type rateLimitedTransport struct {
	next http.RoundTripper
	cfg  slack.RetryConfig
}

func (t rateLimitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := t.next.RoundTrip(req)
		state := &slack.RetryState{Attempt: attempt, MaxRetries: t.cfg.MaxRetries}
		retry, wait := false, time.Duration(0)
		for _, h := range t.cfg.Handlers {
			if retry, wait = h.ShouldRetry(state, req, resp, err); retry {
				break
			}
		}
		if !retry {
			return resp, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		timer := time.NewTimer(wait)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
	}
}
