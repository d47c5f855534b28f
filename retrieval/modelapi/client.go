package modelapi

// This file builds go-openai clients for any OpenAI-compatible API (OpenAI,
// Azure OpenAI, Ollama, vLLM, LocalAI), with an HTTP transport that retries
// rate-limited (429), failed (5xx) and unreachable requests with
// exponential backoff, honouring Retry-After.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	oai "github.com/sashabaranov/go-openai"
)

// ClientConfig says how to reach the API.
type ClientConfig struct {
	APIKey string
	// BaseURL is the API's URL, such as https://api.oai.com/v1 or
	// http://localhost:11434/v1; empty means OpenAI's. For Azure it is the
	// resource's endpoint, https://NAME.oai.azure.com.
	BaseURL string
	// Azure selects Azure OpenAI: api-key header, deployments named after
	// the models, api-version query parameter.
	Azure      bool
	APIVersion string
	// Retries is how many times a request that failed with 429, 5xx or a
	// network error is sent again.
	Retries int
	// MaxWait bounds one wait between attempts: a longer Retry-After is not
	// waited for, and the failure is returned.
	MaxWait time.Duration
	// Transport sends the requests; nil means http.DefaultTransport.
	Transport http.RoundTripper
	// MaxResponseBytes, when > 0, bounds every response body: reading past
	// it fails with a *ResponseTooLargeError.
	MaxResponseBytes int64
	Logger           *slog.Logger
}

// NewClient returns a client for cfg.
func NewClient(cfg ClientConfig) *oai.Client {
	var oc oai.ClientConfig
	if cfg.Azure {
		oc = oai.DefaultAzureConfig(cfg.APIKey, cfg.BaseURL)
		if cfg.APIVersion != "" {
			oc.APIVersion = cfg.APIVersion
		}
	} else {
		oc = oai.DefaultConfig(cfg.APIKey)
		if cfg.BaseURL != "" {
			oc.BaseURL = cfg.BaseURL
		}
		if cfg.APIVersion != "" {
			oc.APIVersion = cfg.APIVersion
		}
	}
	var rt http.RoundTripper = NewRetryTransport(cfg.Transport, cfg.Retries, cfg.MaxWait, cfg.Logger)
	if cfg.MaxResponseBytes > 0 {
		rt = limitTransport{next: rt, limit: cfg.MaxResponseBytes}
	}
	oc.HTTPClient = &http.Client{Transport: rt}
	return oai.NewClientWithConfig(oc)
}

// RetryTransport retries requests that failed with 429, 5xx or a network
// error, waiting as the server's Retry-After says, or with exponential
// backoff and jitter, and never past the request's context.
type RetryTransport struct {
	base    http.RoundTripper
	retries int
	maxWait time.Duration
	log     *slog.Logger
}

// NewRetryTransport wraps base (nil: http.DefaultTransport).
func NewRetryTransport(base http.RoundTripper, retries int, maxWait time.Duration, log *slog.Logger) *RetryTransport {
	if base == nil {
		base = http.DefaultTransport
	}
	if maxWait <= 0 {
		maxWait = 30 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &RetryTransport{base: base, retries: max(retries, 0), maxWait: maxWait, log: log}
}

// RoundTrip implements http.RoundTripper.
func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 {
			r = req.Clone(ctx)
			if req.Body != nil {
				if req.GetBody == nil {
					return nil, errors.New("retry request: body cannot be sent again")
				}
				body, err := req.GetBody()
				if err != nil {
					return nil, fmt.Errorf("retry request: %w", err)
				}
				r.Body = body
			}
		}
		resp, err := t.base.RoundTrip(r)
		if ctx.Err() != nil {
			if resp != nil {
				resp.Body.Close()
			}
			return nil, ctx.Err()
		}
		if !retryable(resp, err) || attempt >= t.retries {
			return resp, err
		}
		wait := Backoff(attempt)
		if resp != nil {
			if d, ok := RetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				wait = d
			}
		}
		if wait > t.maxWait {
			if resp != nil {
				t.log.Warn("openai request failed; retry-after too long to wait", "status", resp.StatusCode, "retry_after", wait)
			}
			return resp, err
		}
		status := 0
		if resp != nil {
			status = resp.StatusCode
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		t.log.Info("openai request retried", "path", req.URL.Path, "status", status, "err", err, "attempt", attempt+1, "wait", wait)
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
}

func retryable(resp *http.Response, err error) bool {
	if err != nil {
		return true
	}
	return resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
}

// Backoff is the wait before retry attempt+1 when the server gave no
// Retry-After: 0.5 s, 1 s, 2 s, … up to 20 s, with ±20 % jitter.
func Backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << min(attempt, 6)
	d = min(d, 20*time.Second)
	jitter := 0.8 + 0.4*rand.Float64()
	return time.Duration(float64(d) * jitter)
}

// RetryAfter parses a Retry-After header: seconds or an HTTP date.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// Status returns the HTTP status of a go-openai error, or 0.
func Status(err error) int {
	var apiErr *oai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *oai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

// Describe says briefly what went wrong with a request, for notes and
// logs: "timeout", "rate limited (429)", "server error (503)", or the error.
func Describe(err error) string {
	switch s := Status(err); {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case s == http.StatusTooManyRequests:
		return "rate limited (429)"
	case s >= 500:
		return fmt.Sprintf("server error (%d)", s)
	case s != 0:
		return fmt.Sprintf("request refused (%d): %v", s, err)
	}
	return err.Error()
}
