package slackapp

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
	"golang.org/x/sync/semaphore"
)

// connectTimeout bounds how long Open waits for the first Socket Mode
// connection before it lets the client keep retrying in the background.
const connectTimeout = 15 * time.Second

// Socket Mode after start-up.
const (
	// maxEnvelopeWork bounds the envelopes whose response is being worked
	// out at once (view submissions, options of external selects): each
	// may take up to 2.5 s. Past it, the envelope is answered at once with
	// a request to try again.
	maxEnvelopeWork = 32
	// socketRetryMin and socketRetryMax bound the wait before the Socket
	// Mode client is started again after it gave up (Slack refused the
	// app token, for instance).
	socketRetryMin = time.Second
	socketRetryMax = time.Minute
	// socketGrace is how long the connection may be down while the client
	// reconnects before /readyz says this replica is not ready.
	socketGrace = time.Minute
	// ackTimeout bounds the wait to hand an acknowledgement to the
	// connection.
	ackTimeout = 3 * time.Second
)

// openSocketMode connects over Socket Mode. It fails when the app token is
// refused; afterwards the slack-go client reconnects by itself after
// dropped connections, and is started again when it gives up.
func (s *Server) openSocketMode(ctx context.Context) error {
	s.sm = socketmode.New(s.api, socketmode.OptionLog(slog.NewLogLogger(s.log.Handler(), slog.LevelDebug)))
	smCtx, stop := context.WithCancel(context.Background())
	s.smStop = stop
	s.envelopeSlots = semaphore.NewWeighted(maxEnvelopeWork)
	s.socket.down(time.Now(), nil)
	connected := make(chan struct{})
	var once sync.Once
	runErr := make(chan error, 1)
	s.loops.Go(func() { s.runSocketMode(smCtx, runErr) })
	s.loops.Go(func() {
		for {
			select {
			case <-smCtx.Done():
				return
			case evt := <-s.sm.Events:
				if evt.Type == socketmode.EventTypeConnected {
					once.Do(func() { close(connected) })
				}
				s.onSocketEvent(evt)
			}
		}
	})
	timer := time.NewTimer(connectTimeout)
	defer timer.Stop()
	select {
	case <-connected:
		return nil
	case err := <-runErr:
		stop()
		return fmt.Errorf("open slack: socket mode: check the app-level token (SLACK_APP_TOKEN, scope connections:write): %w", err)
	case <-ctx.Done():
		stop()
		return fmt.Errorf("open slack: socket mode: %w", ctx.Err())
	case <-timer.C:
		s.log.Warn("slack: socket mode not connected yet; retrying in the background")
		return nil
	}
}

// runSocketMode runs the Socket Mode client until ctx ends. RunContext
// reconnects after dropped connections and returns when Slack refuses to
// connect (a revoked app token, say): the connection is then marked down
// for /readyz, the first failure goes to runErr for Open, and the client
// is started again after a growing wait.
func (s *Server) runSocketMode(ctx context.Context, runErr chan<- error) {
	wait := socketRetryMin
	for {
		before := s.socket.connections()
		err := s.sm.RunContext(ctx)
		if ctx.Err() != nil {
			return
		}
		s.socket.down(time.Now(), err)
		select {
		case runErr <- err:
		default:
		}
		if s.socket.connections() > before {
			wait = socketRetryMin
		}
		s.log.Error("slack: socket mode stopped; connecting again", "err", err, "in", wait)
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		wait = min(2*wait, socketRetryMax)
	}
}

// onSocketEvent handles what the Socket Mode client reads. It never waits
// on Slack or the database: events, commands and button clicks only start
// their work and are acknowledged at once; view submissions and option
// lookups, whose acknowledgement carries the response, are worked out
// concurrently, at most maxEnvelopeWork at a time.
func (s *Server) onSocketEvent(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		s.log.Debug("slack: socket mode connecting")
		s.socket.down(time.Now(), nil)
	case socketmode.EventTypeConnected:
		s.log.Info("slack: socket mode connected")
		s.socket.up(time.Now())
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage,
		socketmode.EventTypeErrorWriteFailed, socketmode.EventTypeInvalidAuth:
		s.log.Warn("slack: socket mode", "event", evt.Type, "data", fmt.Sprintf("%+v", evt.Data))
	case socketmode.EventTypeEventsAPI:
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			if evt.Request.RetryAttempt > 0 {
				s.log.Info("slack: event redelivered", "event", eventID(ev), "retry", evt.Request.RetryAttempt, "reason", evt.Request.RetryReason)
				s.cfg.Metrics.Redelivered("event")
			}
			s.onEvent(ev) // only starts the answer
		}
		s.ack(evt.Request, nil)
		s.cfg.Metrics.Acked("event")
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			s.ack(evt.Request, nil)
			return
		}
		if evt.Request.RetryAttempt > 0 {
			s.cfg.Metrics.Redelivered("command")
		}
		s.ack(evt.Request, s.onCommand(cmd)) // only starts the answer
		s.cfg.Metrics.Acked("command")
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			s.ack(evt.Request, nil)
			return
		}
		switch cb.Type {
		case slack.InteractionTypeViewSubmission, slack.InteractionTypeBlockSuggestion:
			s.respondConcurrently(evt.Request, cb)
		default: // clicks only start their work
			s.ack(evt.Request, s.onInteraction(cb))
			s.cfg.Metrics.Acked("interaction")
		}
	}
}

// respondConcurrently works out the response to an interaction in the
// background and acknowledges its envelope with it. When maxEnvelopeWork
// responses are being worked out already, it answers at once that
// careerbot is busy.
func (s *Server) respondConcurrently(req *socketmode.Request, cb slack.InteractionCallback) {
	if !s.envelopeSlots.TryAcquire(1) {
		s.log.Warn("slack: too many interactions at once; asking to try again", "type", cb.Type)
		s.ack(req, busyResponse(cb))
		s.cfg.Metrics.Acked("interaction")
		return
	}
	s.loops.Go(func() {
		defer s.envelopeSlots.Release(1)
		resp := busyResponse(cb)
		func() {
			defer func() {
				if r := recover(); r != nil {
					s.log.Error("slack: interaction failed", "type", cb.Type, "panic", r)
				}
			}()
			resp = s.onInteraction(cb)
		}()
		s.ack(req, resp)
		s.cfg.Metrics.Acked("interaction")
	})
}

func (s *Server) ack(req *socketmode.Request, payload any) {
	if req == nil || req.EnvelopeID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
	defer cancel()
	if err := s.sm.AckCtx(ctx, req.EnvelopeID, payload); err != nil {
		s.log.Warn("slack: ack envelope", "envelope", req.EnvelopeID, "err", err)
	}
}
