package slackapp

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// gateAnswerer answers when released, and records how many answers ran at
// once.
type gateAnswerer struct {
	release       chan struct{}
	running, peak atomic.Int32
}

func (g *gateAnswerer) Answer(ctx context.Context, q bot.Question) (bot.Answer, error) {
	n := g.running.Add(1)
	defer g.running.Add(-1)
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			break
		}
	}
	select {
	case <-g.release:
		return bot.Answer{Answer: q.Text}, nil
	case <-ctx.Done():
		return bot.Answer{}, ctx.Err()
	}
}

// A burst of questions runs MaxAnswers answers at once; the others wait
// their turn and are all answered.
func TestMaxAnswersBoundsConcurrentAnswers(t *testing.T) {
	g := &gateAnswerer{release: make(chan struct{})}
	s := NewServer(Config{MaxAnswers: 3}, g, nil)
	var wg sync.WaitGroup
	var answered atomic.Int32
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ans, err := s.assistant.Answer(context.Background(), bot.Question{Text: "q"}); err == nil && ans.Answer == "q" {
				answered.Add(1)
			}
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for g.running.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // time for a fourth to start, were it allowed
	if n := g.running.Load(); n != 3 {
		t.Errorf("%d answers running, want 3", n)
	}
	close(g.release)
	wg.Wait()
	if p := g.peak.Load(); p != 3 {
		t.Errorf("at most %d answers ran at once, want 3", p)
	}
	if n := answered.Load(); n != 10 {
		t.Errorf("%d of 10 questions answered", n)
	}

	// A question whose context ends while it waits for a slot says so.
	g2 := &gateAnswerer{release: make(chan struct{})}
	s = NewServer(Config{MaxAnswers: 1}, g2, nil)
	go s.assistant.Answer(context.Background(), bot.Question{Text: "first"})
	for g2.running.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := s.assistant.Answer(ctx, bot.Question{Text: "second"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting past the deadline: %v, want DeadlineExceeded", err)
	}
	close(g2.release)
}
