package slackapp

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// DefaultAnswerLease is how long an answer may go without its replica
// renewing its lease before another replica answers the event.
const DefaultAnswerLease = 2 * time.Minute

// DefaultRecoveryMaxAge is how old an event left unanswered may be and
// still be answered by the replica that takes it over; an older one gets
// an apology in its placeholder instead.
const DefaultRecoveryMaxAge = 5 * time.Minute

// maxAnswerAttempts bounds the claims of one event: an event whose answer
// keeps killing its replica gets an apology instead of another try.
const maxAnswerAttempts = 3

// request is what a claimed event keeps to be answered again: where to
// reply and the question, with the asker as the salted hash the rate limit
// and the question's record use, never the clear Slack id (replying needs
// the channel and thread only). The database erases it once the event is
// answered, and past the question retention in any case.
type request struct {
	Channel     string `json:"channel"`
	TS          string `json:"ts"`
	UserHash    string `json:"user_hash,omitempty"`
	Text        string `json:"text"`
	Reply       string `json:"reply,omitempty"`
	Conv        string `json:"conv,omitempty"`
	Surface     string `json:"surface"`
	Placeholder string `json:"placeholder,omitempty"`
}

func (m message) request() []byte {
	b, _ := json.Marshal(request{Channel: m.channel, TS: m.ts, UserHash: m.userHash, Text: m.text, Reply: m.reply,
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

func (s *Server) recoveryMaxAge() time.Duration {
	if s.cfg.RecoveryMaxAge > 0 {
		return s.cfg.RecoveryMaxAge
	}
	return DefaultRecoveryMaxAge
}

// claim records m before it is answered; false means it was claimed before.
func (s *Server) claim(ctx context.Context, m message) (bool, error) {
	if l, ok := s.leaser(); ok {
		return l.ClaimRequest(ctx, m.eventID, m.channel, m.ts, m.request())
	}
	return s.store.ClaimEvent(ctx, m.eventID, m.channel, m.ts)
}

// holdLease records m's placeholder and renews m's lease until the
// returned function is first called, which then records m as answered;
// later calls do nothing. The caller calls it as soon as the answer has
// reached Slack, so that little can happen between the two.
func (s *Server) holdLease(m message) (done func()) {
	l, ok := s.leaser()
	if !ok {
		return func() {}
	}
	if m.placeholder != "" {
		if err := l.RenewClaim(s.settling(), m.eventID, m.request()); err != nil {
			s.log.Warn("slack: record placeholder", "event", m.eventID, "err", err)
		}
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
				if err := l.RenewClaim(s.settling(), m.eventID, nil); err != nil {
					s.log.Warn("slack: renew answer lease", "event", m.eventID, "err", err)
				}
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			<-finished
			if err := l.MarkAnswered(s.settling(), m.eventID); err != nil {
				s.log.Warn("slack: mark event answered", "event", m.eventID, "err", err)
			}
		})
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
	pending, err := l.TakeOverExpired(ctx, s.lease(), 10)
	if err != nil {
		s.log.Warn("slack: look for unanswered events", "err", err)
		return
	}
	for _, p := range pending {
		var r request
		if err := json.Unmarshal(p.Request, &r); err != nil {
			s.log.Error("slack: unreadable unanswered event", "event", p.EventID, "err", err)
			_ = l.MarkAnswered(ctx, p.EventID)
			continue
		}
		m := message{eventID: p.EventID, channel: r.Channel, ts: r.TS, userHash: r.UserHash, text: r.Text, reply: r.Reply,
			conv: r.Conv, surface: r.Surface, placeholder: r.Placeholder, recovered: true}
		lang := bot.DetectLang(m.text)
		switch {
		case p.Age > s.recoveryMaxAge():
			// Answering now would answer a question the asker has likely
			// given up on, as if just asked: the placeholder says so
			// instead, and the question is not recorded again.
			s.log.Warn("slack: not answering an event left unanswered by a replica that stopped: too old", "event", p.EventID,
				"age", p.Age.Round(time.Second), "max_age", s.recoveryMaxAge())
			s.spawn("expire unanswered event", func(ctx context.Context) {
				defer s.holdLease(m)()
				if m.placeholder != "" {
					s.deliver(ctx, m, m.placeholder, nil, tooLate(lang))
				}
			})
		case p.Attempts > maxAnswerAttempts:
			s.log.Warn("slack: giving up an event whose answer stopped its replica again and again", "event", p.EventID, "attempt", p.Attempts)
			s.spawn("give up answer", func(ctx context.Context) {
				defer s.holdLease(m)()
				s.deliver(ctx, m, m.placeholder, nil, somethingWrong(lang))
			})
		default:
			s.log.Warn("slack: answering an event left unanswered by a replica that stopped", "event", p.EventID, "attempt", p.Attempts)
			s.spawn("answer unanswered event", func(ctx context.Context) { s.converse(ctx, m) })
		}
	}
}

// tooLate replaces the placeholder of a question that waited past the
// recovery age for a replica to answer it.
func tooLate(lang string) string {
	return bot.Msg(lang, "Sorry, I could not answer this question in time: the service was restarting. Please ask it again.",
		"Désolé, je n'ai pas pu répondre à temps à cette question : le service redémarrait. Reposez-la.")
}
