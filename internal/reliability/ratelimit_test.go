package reliability

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/openaitest"
)

// isRateLimited reports whether msg is the rate limit's reply.
func isRateLimited(msg string) bool {
	return strings.Contains(msg, "the most I answer per person") || strings.Contains(msg, "le maximum que je traite par personne")
}

// TestRateLimitBurst: one user sends a burst of mentions at once (HTTP
// mode, as many answers computed at once as mentions, a chat model
// configured) against a limit of 10 per minute. At most 10 are answered,
// so at most 10 paid chat model calls are made; every other mention gets
// the rate limit's reply.
func TestRateLimitBurst(t *testing.T) {
	const (
		burst = 30
		limit = 10
	)
	r := row(t, "Load", fmt.Sprintf("%d mentions from one user sent at once (HTTP mode, CAREERBOT_MAX_ANSWERS %d, a chat model taking 300 ms), CAREERBOT_RATE_LIMIT %d/1m", burst, burst, limit))
	st := newStack(t)
	model := openaitest.New(t)
	model.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Reply{Text: "A prompt engineer designs, tests and improves the instructions given to AI models [1].", Delay: 300 * time.Millisecond}
	})
	rep := st.serve("replica", "http", map[string]string{"OPENAI_BASE_URL": model.URL, "OPENAI_API_KEY": "sk-reliability",
		"CAREERBOT_RATE_LIMIT": fmt.Sprintf("%d/1m", limit), "CAREERBOT_MAX_ANSWERS": fmt.Sprint(burst)})
	tr := newTracker(st.sl)
	defer tr.close()
	questions := st.count("questions")

	go1 := make(chan struct{})
	var wg sync.WaitGroup
	for i := range burst {
		wg.Go(func() {
			<-go1
			rep.event(fmt.Sprintf("Ev0BURST%02d", i), mention("U0BURST", fmt.Sprintf("CBURST%02d", i), fmt.Sprintf("1700980000.%06d", i), "What does a prompt engineer do?"))
		})
	}
	begin := time.Now()
	close(go1)
	wg.Wait()
	sent := time.Since(begin)
	answered, limited, other := 0, 0, 0
	for i := range burst {
		ch := fmt.Sprintf("CBURST%02d", i)
		msg, ok := tr.wait(ch, 30*time.Second)
		switch {
		case !ok:
			t.Errorf("%s: no reply", ch)
		case isRateLimited(msg):
			limited++
		case isUnavailable(msg) || strings.TrimSpace(msg) == "":
			other++
			t.Errorf("%s: neither an answer nor the rate limit's reply: %q", ch, msg)
		default:
			answered++
		}
	}
	time.Sleep(500 * time.Millisecond) // no late chat model call
	calls := len(model.ChatRequests())
	recorded := st.count("questions") - questions
	r.resultf("%d mentions sent in %s: %d answered, %d got the rate limit's reply, %d other; %d chat model calls; %d questions recorded",
		burst, ms(sent), answered, limited, other, calls, recorded)
	t.Log(r.Result)
	if answered > limit || calls > limit {
		t.Errorf("%d answered and %d chat model calls for a limit of %d", answered, calls, limit)
	}
	if answered != limit || limited != burst-limit {
		t.Errorf("%d answered and %d refused, want %d and %d: the limit is not what the burst got", answered, limited, limit, burst-limit)
	}
}
