package slackapp

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/internal/slacktest"
)

// Slack answering 429 with Retry-After: careerbot waits as asked, retries,
// and the answer is delivered once.
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
