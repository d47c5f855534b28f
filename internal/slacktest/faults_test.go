package slacktest

import (
	"context"
	"errors"
	"testing"

	"github.com/slack-go/slack"
)

// Faults belong to their stand-in: scripted on one, they fail its calls
// only, once each, and are counted there.
func TestFaultsPerStandIn(t *testing.T) {
	a, b := New(t), New(t)
	a.Fail("auth.test", Fault{Status: 200, Error: "invalid_auth"})
	if _, err := Client(b).AuthTestContext(context.Background()); err != nil {
		t.Fatalf("the other stand-in failed: %v", err)
	}
	var se slack.SlackErrorResponse
	if _, err := Client(a).AuthTestContext(context.Background()); !errors.As(err, &se) || se.Err != "invalid_auth" {
		t.Fatalf("scripted fault: %v, want invalid_auth", err)
	}
	if _, err := Client(a).AuthTestContext(context.Background()); err != nil {
		t.Fatalf("after its one fault: %v", err)
	}
	if a.Failed("auth.test") != 1 || b.Failed("auth.test") != 0 {
		t.Errorf("faults served: %d and %d, want 1 and 0", a.Failed("auth.test"), b.Failed("auth.test"))
	}
}
