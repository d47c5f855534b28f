package slackapp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/internal/slacktest"
)

// Slack answering 429 with Retry-After, to Web API calls and to
// response_url posts: careerbot waits as asked, retries, and the answer is
// delivered once.
func TestRateLimitedBySlackRetried(t *testing.T) {
	e := newEnv(t, "http")
	e.slack.Fail("chat.postMessage", slacktest.Fault{RetryAfter: "1"})
	e.slack.Fail("chat.update", slacktest.Fault{RetryAfter: "1"}, slacktest.Fault{RetryAfter: "0"})
	e.slack.Fail("response", slacktest.Fault{RetryAfter: "1"})
	start := time.Now()
	e.deliver("Ev0LIMITED", mention("1700003000.000100", "What does a prompt engineer do?"), 0)
	e.command(slack.SlashCommand{Command: "/role", Text: "data scientist"})
	e.settle()
	if d := time.Since(start); d < 2*time.Second {
		t.Errorf("answered in %v: Retry-After was not honoured", d)
	}
	for _, m := range []string{"chat.postMessage", "chat.update", "response"} {
		if e.slack.Failed(m) == 0 {
			t.Errorf("no %s was refused: the fault was not exercised", m)
		}
	}
	got := answers(e.slack, "C0GENERAL")
	if len(got) != 1 || !strings.Contains(strings.ToLower(got[0].Param("text")), "prompt") {
		t.Fatalf("%d answers to the mention, want 1 about prompt engineers: %+v", len(got), got)
	}
	if n := len(e.slack.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d messages posted, want 1 placeholder (replaced by the answer)", n)
	}
	if resp := e.slack.Calls("response"); len(resp) != 1 || !strings.Contains(resp[0].Param("text"), "Data") {
		t.Fatalf("%d answers to the command, want 1: %+v", len(resp), resp)
	}
}

// A response_url post Slack answered 429 is sent again, body included,
// after the Retry-After wait; a context that ends stops the wait.
func TestResponseURLRetriedAfterRateLimit(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		n := len(bodies)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()
	client := &http.Client{Transport: rateLimitedTransport{next: http.DefaultTransport, cfg: rateRetries()}}
	start := time.Now()
	if err := slack.PostWebhookCustomHTTPContext(context.Background(), srv.URL, client, &slack.WebhookMessage{Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("posted again after %v: Retry-After was not honoured", d)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 2 || bodies[0] != bodies[1] || !strings.Contains(bodies[1], "hello") {
		t.Fatalf("bodies received: %q, want the same message twice", bodies)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	bodies = nil
	mu.Unlock()
	err := slack.PostWebhookCustomHTTPContext(ctx, srv.URL, client, &slack.WebhookMessage{Text: "hello"})
	mu.Lock()
	if !errors.Is(err, context.DeadlineExceeded) || len(bodies) != 1 {
		t.Errorf("with a context that ends during the wait: %v after %d posts, want the deadline after 1", err, len(bodies))
	}
}
