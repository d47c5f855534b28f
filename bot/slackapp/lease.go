package slackapp

import (
	"context"
	"encoding/json"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// DefaultAnswerLease is how long an answer may go without its replica
// renewing its lease before another replica answers the event.
const DefaultAnswerLease = 2 * time.Minute

// maxAnswerAttempts bounds the claims of one event: an event whose answer
// keeps killing its replica gets an apology instead of another try.
const maxAnswerAttempts = 3

// request is what a claimed event keeps to be answered again.
type request struct {
	Channel     string `json:"channel"`
	TS          string `json:"ts"`
	User        string `json:"user"`
	Text        string `json:"text"`
	Reply       string `json:"reply,omitempty"`
	Conv        string `json:"conv,omitempty"`
	Surface     string `json:"surface"`
	Placeholder string `json:"placeholder,omitempty"`
}

func (m message) request() []byte {
	b, _ := json.Marshal(request{Channel: m.channel, TS: m.ts, User: m.user, Text: m.text, Reply: m.reply,
		Conv: m.conv, Surface: m.surface, Placeholder: m.placeholder})
	return b
}

func (s *Server) leaser() (Leaser, bool) {
	l, ok := s.store.(Leaser)
	return l, ok
}

func (s *Server) lease() time.Duration {
	if s.cfg.AnswerLease > 0 {
		return s.cfg.AnswerLease
	}
	return DefaultAnswerLease
}

// claim records m before it is answered; false means it was claimed before.
func (s *Server) claim(ctx context.Context, m message) (bool, error) {
	ctx, cancel := s.dbCall(ctx)
	defer cancel()
	if l, ok := s.leaser(); ok {
		return l.ClaimRequest(ctx, m.eventID, m.channel, m.ts, m.request())
	}
	return s.store.ClaimEvent(ctx, m.eventID, m.channel, m.ts)
}

// holdLease records m's placeholder and renews m's lease until the
// returned function is called, which then records m as answered.
func (s *Server) holdLease(m message) (done func()) {
	l, ok := s.leaser()
	if !ok {
		return func() {}
	}
	if m.placeholder != "" {
		ctx, cancel := s.dbDetached()
		if err := l.RenewClaim(ctx, m.eventID, m.request()); err != nil {
			s.log.Warn("slack: record placeholder", "event", m.eventID, "err", err)
		}
		cancel()
	}
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(max(s.lease()/3, 100*time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				ctx, cancel := s.dbDetached()
				if err := l.RenewClaim(ctx, m.eventID, nil); err != nil {
					s.log.Warn("slack: renew answer lease", "event", m.eventID, "err", err)
				}
				cancel()
			}
		}
	}()
	return func() {
		close(stop)
		<-finished
		ctx, cancel := s.dbDetached()
		defer cancel()
		if err := l.MarkAnswered(ctx, m.eventID); err != nil {
			s.log.Warn("slack: mark event answered", "event", m.eventID, "err", err)
		}
	}
}

// recoverLoop answers the events whose replica died mid-answer: at once,
// then every half lease, until the server closes.
func (s *Server) recoverLoop(ctx context.Context, l Leaser) {
	every := max(s.lease()/2, 100*time.Millisecond)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		s.recoverExpired(ctx, l)
		timer.Reset(every)
	}
}

func (s *Server) recoverExpired(ctx context.Context, l Leaser) {
	if s.isClosing() {
		return
	}
	tctx, cancel := s.dbCall(ctx)
	pending, err := l.TakeOverExpired(tctx, s.lease(), 10)
	cancel()
	if err != nil {
		s.log.Warn("slack: look for unanswered events", "err", err)
		return
	}
	for _, p := range pending {
		var r request
		if err := json.Unmarshal(p.Request, &r); err != nil {
			s.log.Error("slack: unreadable unanswered event", "event", p.EventID, "err", err)
			mctx, cancel := s.dbCall(ctx)
			_ = l.MarkAnswered(mctx, p.EventID)
			cancel()
			continue
		}
		m := message{eventID: p.EventID, channel: r.Channel, ts: r.TS, user: r.User, text: r.Text, reply: r.Reply,
			conv: r.Conv, surface: r.Surface, placeholder: r.Placeholder, recovered: true}
		s.log.Warn("slack: answering an event left unanswered by a replica that stopped", "event", p.EventID, "attempt", p.Attempts)
		if p.Attempts > maxAnswerAttempts {
			s.spawn("give up answer", func(ctx context.Context) {
				defer s.holdLease(m)()
				lang := bot.DetectLang(m.text)
				s.deliver(ctx, m, m.placeholder, nil, somethingWrong(lang))
			})
			continue
		}
		s.spawn("answer unanswered event", func(ctx context.Context) { s.converse(ctx, m) })
	}
}
