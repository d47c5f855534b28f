package slackapp

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

// gateAnswerer says when an answer starts, answers once released, and
// records how many answers ran at once.
type gateAnswerer struct {
	started       chan struct{}
	release       chan struct{}
	running, peak atomic.Int32
}

func newGate() *gateAnswerer {
	return &gateAnswerer{started: make(chan struct{}, 100), release: make(chan struct{})}
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
	g.started <- struct{}{}
	select {
	case <-g.release:
		return bot.Answer{Answer: q.Text}, nil
	case <-ctx.Done():
		return bot.Answer{}, ctx.Err()
	}
}

// A burst of questions runs MaxAnswers answers at once; the others wait
// their turn and are all answered. Answers end one at a time, each letting
// exactly one waiting question start.
func TestMaxAnswersBoundsConcurrentAnswers(t *testing.T) {
	const max, questions = 3, 10
	g := newGate()
	s := NewServer(Config{MaxAnswers: max}, g, nil)
	var wg sync.WaitGroup
	var answered atomic.Int32
	for range questions {
		wg.Go(func() {
			if ans, err := s.assistant.Answer(context.Background(), bot.Question{Text: "q"}); err == nil && ans.Answer == "q" {
				answered.Add(1)
			}
		})
	}
	for range max {
		<-g.started
	}
	// Every slot is taken: a fourth answer cannot start.
	if s.assistant.(boundedAnswerer).slots.TryAcquire(1) {
		t.Fatalf("a free answer slot with %d answers running, want none", max)
	}
	for range questions - max {
		g.release <- struct{}{} // one answer ends…
		<-g.started             // …and one waiting question starts
		if n := g.running.Load(); n > max {
			t.Fatalf("%d answers running, want at most %d", n, max)
		}
	}
	for range max {
		g.release <- struct{}{}
	}
	wg.Wait()
	if p := g.peak.Load(); p != max {
		t.Errorf("at most %d answers ran at once, want %d", p, max)
	}
	if n := answered.Load(); n != questions {
		t.Errorf("%d of %d questions answered", n, questions)
	}
}

// A question whose context ends while it waits for a slot says so, and
// leaves the slot to the next.
func TestMaxAnswersWaitEndsWithContext(t *testing.T) {
	g := newGate()
	s := NewServer(Config{MaxAnswers: 1}, g, nil)
	first := make(chan error, 1)
	go func() {
		_, err := s.assistant.Answer(context.Background(), bot.Question{Text: "first"})
		first <- err
	}()
	<-g.started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.assistant.Answer(ctx, bot.Question{Text: "second"}); !errors.Is(err, context.Canceled) {
		t.Errorf("waiting with an ended context: %v, want Canceled", err)
	}
	g.release <- struct{}{}
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	third := make(chan error, 1)
	go func() {
		_, err := s.assistant.Answer(context.Background(), bot.Question{Text: "third"})
		third <- err
	}()
	<-g.started
	g.release <- struct{}{}
	if err := <-third; err != nil {
		t.Fatal(err)
	}
	if p := g.peak.Load(); p != 1 {
		t.Errorf("at most %d answers ran at once, want 1", p)
	}
}
