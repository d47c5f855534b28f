package slackapp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// NotReady is a reason a replica cannot answer, as Config.Ready returns it:
// Reason is what /readyz says in its 503 body, written for operators and
// naming no credentials or hosts ("database unreachable"); Err is the
// cause, which only the log shows (masked like every log line).
type NotReady struct {
	Reason string
	Err    error
}

func (e *NotReady) Error() string {
	if e.Err == nil {
		return e.Reason
	}
	return e.Reason + ": " + e.Err.Error()
}

func (e *NotReady) Unwrap() error { return e.Err }

// publicReason is what a readiness or health body may say of err: the
// Reason of a NotReady, nothing of any other error, whose text may name a
// host, a user or a database.
func publicReason(err error, generic string) string {
	var nr *NotReady
	if errors.As(err, &nr) && nr.Reason != "" {
		return nr.Reason
	}
	return generic
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Health != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.cfg.Health(ctx); err != nil {
			s.log.Warn("healthz", "err", err)
			http.Error(w, "unhealthy: "+publicReason(err, "the health check failed (the log says why)"), http.StatusServiceUnavailable)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "ok\n")
}

// readyz answers 200 when Config.Ready passes, 503 with the reason when it
// fails, when Slack uninstalled the app or revoked its token, when the
// Socket Mode connection is down for good or the server is shutting down.
// The body gives the reason only: the cause goes to the log.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.isClosing() {
		http.Error(w, "not ready: shutting down", http.StatusServiceUnavailable)
		return
	}
	if err := s.install.check(); err != nil {
		http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	if s.SocketMode() {
		if err := s.socket.check(time.Now()); err != nil {
			s.log.Warn("readyz", "err", err)
			http.Error(w, "not ready: "+publicReason(err, "the Slack Socket Mode connection is down"), http.StatusServiceUnavailable)
			return
		}
	}
	if s.cfg.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := s.cfg.Ready(ctx); err != nil {
			s.log.Warn("readyz", "err", err)
			http.Error(w, "not ready: "+publicReason(err, "the readiness check failed (the log says why)"), http.StatusServiceUnavailable)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "ready\n")
}
