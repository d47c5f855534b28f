package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	goslack "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// connectTimeout bounds how long Open waits for the first Socket Mode
// connection before it lets the client keep retrying in the background.
const connectTimeout = 15 * time.Second

// openSocketMode connects over Socket Mode. It fails when the app token is
// refused; the slack-go client reconnects by itself after dropped
// connections.
func (s *Server) openSocketMode(ctx context.Context) error {
	s.sm = socketmode.New(s.api, socketmode.OptionLog(slog.NewLogLogger(s.log.Handler(), slog.LevelDebug)))
	smCtx, stop := context.WithCancel(context.Background())
	s.smStop = stop
	connected := make(chan struct{})
	var once sync.Once
	runErr := make(chan error, 1)
	s.loops.Go(func() {
		// RunContext reconnects after dropped connections; it returns when
		// stopped or when Slack refuses the token.
		if err := s.sm.RunContext(smCtx); !errors.Is(err, context.Canceled) {
			s.log.Error("slack: socket mode stopped", "err", err)
			runErr <- err
		}
	})
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

func (s *Server) onSocketEvent(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		s.log.Debug("slack: socket mode connecting")
	case socketmode.EventTypeConnected:
		s.log.Info("slack: socket mode connected")
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
		cmd, ok := evt.Data.(goslack.SlashCommand)
		if !ok {
			s.ack(evt.Request, nil)
			return
		}
		if evt.Request.RetryAttempt > 0 {
			s.cfg.Metrics.Redelivered("command")
		}
		s.ack(evt.Request, s.onCommand(cmd))
		s.cfg.Metrics.Acked("command")
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(goslack.InteractionCallback)
		if !ok {
			s.ack(evt.Request, nil)
			return
		}
		s.ack(evt.Request, s.onInteraction(cb))
		s.cfg.Metrics.Acked("interaction")
	}
}

func (s *Server) ack(req *socketmode.Request, payload any) {
	if req == nil || req.EnvelopeID == "" {
		return
	}
	var err error
	if payload == nil {
		err = s.sm.Ack(*req)
	} else {
		err = s.sm.Ack(*req, payload)
	}
	if err != nil {
		s.log.Warn("slack: ack envelope", "envelope", req.EnvelopeID, "err", err)
	}
}
