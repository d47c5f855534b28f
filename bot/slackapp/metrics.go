package slackapp

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/slack-go/slack/slackevents"
)

// Metrics counts what the server does, for monitoring. Kinds are
// "event", "command" and "interaction".
type Metrics interface {
	// Acked counts a delivery acknowledged to Slack.
	Acked(kind string)
	// Redelivered counts a delivery Slack sent again (a retry).
	Redelivered(kind string)
	// Duplicate counts a delivery left unanswered because another delivery
	// of the same message was answered, by this replica or another.
	Duplicate(kind string)
	// Voted counts a feedback vote: 1 (helpful) or -1.
	Voted(vote int)
}

// noMetrics counts nothing.
type noMetrics struct{}

func (noMetrics) Acked(string)       {}
func (noMetrics) Redelivered(string) {}
func (noMetrics) Duplicate(string)   {}
func (noMetrics) Voted(int)          {}

// readyz answers 200 when Config.Ready passes, 503 with the reason when it
// fails, when the Socket Mode connection is down for good or the server is
// shutting down.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.isClosing() {
		http.Error(w, "not ready: shutting down", http.StatusServiceUnavailable)
		return
	}
	if s.SocketMode() {
		if err := s.socket.check(time.Now()); err != nil {
			s.log.Warn("readyz", "err", err)
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
	}
	if s.cfg.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := s.cfg.Ready(ctx); err != nil {
			s.log.Warn("readyz", "err", err)
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "ready\n")
}

// eventID returns the id of an Events API delivery, for logs.
func eventID(ev slackevents.EventsAPIEvent) string {
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		return cb.EventID
	}
	return ""
}
