package slackapp

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// socketHealth is the state of the Socket Mode connection, for /readyz.
type socketHealth struct {
	mu        sync.Mutex
	connected bool
	since     time.Time // when it last connected or went down
	err       error     // why the client gave up, until it connects again
	count     int       // connections made
}

func (h *socketHealth) down(now time.Time, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.connected || h.since.IsZero() {
		h.since = now
	}
	h.connected = false
	if err != nil {
		h.err = err
	}
}

func (h *socketHealth) up(now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.connected, h.since, h.err = true, now, nil
	h.count++
}

func (h *socketHealth) connections() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.count
}

// check returns why the connection cannot take events, or nil.
func (h *socketHealth) check(now time.Time) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.connected:
		return nil
	case h.err != nil:
		reason := "the Slack Socket Mode connection is down"
		// Slack's error code (token_revoked) says why and names nothing
		// else; other errors (a dial error) stay in the log.
		var se slack.SlackErrorResponse
		if errors.As(h.err, &se) && se.Err != "" {
			reason += " (" + se.Err + ")"
		}
		return &NotReady{Reason: reason + ": check SLACK_APP_TOKEN (scope connections:write); retrying", Err: h.err}
	case h.since.IsZero() || now.Sub(h.since) > socketGrace:
		return &NotReady{Reason: fmt.Sprintf("the Slack Socket Mode connection has been down for more than %s; reconnecting", socketGrace)}
	}
	return nil
}
