package slackapp

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody bounds the requests Slack sends.
const maxBody = 1 << 20

// Handler returns the HTTP endpoints of Config.Addr: in HTTP mode
// /slack/events, /slack/commands and /slack/interactivity, and the
// operational endpoints (OpsHandler) unless Config.OpsAddr serves them.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	if s.cfg.OpsAddr == "" {
		s.opsRoutes(mux)
	}
	if !s.SocketMode() {
		mux.Handle("POST /slack/events", s.verified(s.events))
		mux.Handle("POST /slack/commands", s.verified(s.commands))
		mux.Handle("POST /slack/interactivity", s.verified(s.interactivity))
	}
	return mux
}

// OpsHandler returns the operational endpoints: /healthz, /readyz and
// Config.Endpoints (/metrics).
func (s *Server) OpsHandler() http.Handler {
	mux := http.NewServeMux()
	s.opsRoutes(mux)
	return mux
}

func (s *Server) opsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	for pattern, h := range s.cfg.Endpoints {
		mux.Handle(pattern, h)
	}
}

// verified reads the body and checks its signature before anything else
// looks at the request: forged or stale requests get 401 and touch
// nothing.
func (s *Server) verified(next func(http.ResponseWriter, *http.Request, []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		var tooLarge *http.MaxBytesError
		var timeout interface{ Timeout() bool }
		switch {
		case errors.As(err, &tooLarge):
			http.Error(w, "request body too large: Slack's requests are under "+strconv.Itoa(maxBody)+" bytes", http.StatusRequestEntityTooLarge)
			return
		case errors.As(err, &timeout) && timeout.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
			http.Error(w, "request body too slow: it did not arrive within the read timeout", http.StatusRequestTimeout)
			return
		case err != nil:
			http.Error(w, "request body unreadable: "+err.Error(), http.StatusBadRequest)
			return
		}
		if err := s.verifier.Verify(r.Header, body); err != nil {
			s.log.Warn("slack: rejected request", "path", r.URL.Path, "remote", r.RemoteAddr, "err", err)
			http.Error(w, "invalid Slack signature: "+err.Error(), http.StatusUnauthorized)
			return
		}
		if s.isClosing() {
			// Slack retries elsewhere.
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		next(w, r, body)
	})
}

func (s *Server) events(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if ev.Type == slackevents.URLVerification {
		if v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent); ok {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, v.Challenge)
			return
		}
	}
	if err != nil {
		// Event types careerbot does not subscribe to land here too: they
		// are acknowledged so that Slack does not retry them.
		s.log.Info("slack: event not handled", "type", ev.Type, "err", err)
		w.WriteHeader(http.StatusOK)
		s.cfg.Metrics.Acked("event")
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		s.log.Info("slack: event redelivered", "event", eventID(ev), "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
		s.cfg.Metrics.Redelivered("event")
	}
	s.onEvent(ev) // only starts the answer
	w.WriteHeader(http.StatusOK)
	s.cfg.Metrics.Acked("event")
}

func (s *Server) commands(w http.ResponseWriter, r *http.Request, body []byte) {
	r.Body = io.NopCloser(bytes.NewReader(body))
	cmd, err := slack.SlashCommandParse(r)
	if err != nil {
		http.Error(w, "malformed slash command: "+err.Error(), http.StatusBadRequest)
		return
	}
	writeJSON(w, s.onCommand(cmd))
	s.cfg.Metrics.Acked("command")
}

func (s *Server) interactivity(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("payload") == "" {
		http.Error(w, "malformed interaction: the form has no payload", http.StatusBadRequest)
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "malformed interaction payload: "+err.Error(), http.StatusBadRequest)
		return
	}
	resp := s.onInteraction(cb)
	if resp == nil {
		w.WriteHeader(http.StatusOK)
	} else {
		writeJSON(w, resp)
	}
	s.cfg.Metrics.Acked("interaction")
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}
