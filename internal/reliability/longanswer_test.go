package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/openaitest"
)

// TestLongModelAnswers: the chat model ignores max_tokens and streams
// answers of 20 MB to four mentions at once (HTTP mode). careerbot stops
// reading each at its cap and delivers every answer, cut or replaced by the
// extractive one, within the answer timeout, with the serve process's peak
// resident memory under 150 MB. `careerbot ask` given a 50 MB answer in one
// body does not accept it as the chat model's.
func TestLongModelAnswers(t *testing.T) {
	const (
		mb         = 1 << 20
		streamed   = 20 * mb
		whole      = 50 * mb
		users      = 4
		timeout    = 20 * time.Second
		peakBound  = 150 * 1024 // kB
		sentence   = "A prompt engineer designs and tests the instructions given to AI models [1]. "
		streamWant = "within the answer timeout"
	)
	r := row(t, "Faults", fmt.Sprintf("the chat model ignores max_tokens: %d mentions at once each get a streamed answer of %d MB (HTTP mode, CAREERBOT_LLM_TIMEOUT %s); careerbot ask gets one of %d MB in one body",
		users, streamed/mb, secs(timeout), whole/mb))
	st := newStack(t)
	llm := openaitest.New(t)
	long := strings.Repeat(sentence, streamed/len(sentence))
	llm.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply { return openaitest.Reply{Text: long} })
	rep := st.serve("replica", "http", map[string]string{"OPENAI_BASE_URL": llm.URL, "OPENAI_API_KEY": "sk-reliability",
		"CAREERBOT_LLM_TIMEOUT": timeout.String()})
	before := rep.peakRSSKB()
	tr := newTracker(st.sl)
	defer tr.close()
	took := make([]time.Duration, users)
	lengths := make([]int, users)
	var wg sync.WaitGroup
	for i := range users {
		wg.Go(func() {
			channel := fmt.Sprintf("CLONG%d", i)
			sent := time.Now()
			rep.event(fmt.Sprintf("Ev0LONG%d", i), mention(fmt.Sprintf("U0LONG%d", i), channel, fmt.Sprintf("1700960000.%06d", i), "What does a prompt engineer do?"))
			msg, at, ok := tr.waitAt(channel, timeout+30*time.Second)
			if !ok {
				took[i] = -1
				return
			}
			took[i], lengths[i] = at.Sub(sent), len(msg)
		})
	}
	wg.Wait()
	peak := rep.peakRSSKB()
	rows, err := st.kb.DB.Pool.Query(context.Background(), `SELECT composer, note FROM questions ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	composers := map[string]int{}
	for rows.Next() {
		var composer, note string
		if err := rows.Scan(&composer, &note); err != nil {
			t.Fatal(err)
		}
		composers[composer]++
	}
	rows.Close()
	delivered, slowest := 0, time.Duration(0)
	for i, d := range took {
		switch {
		case d < 0:
			t.Errorf("mention %d: no answer", i)
		case d > timeout:
			t.Errorf("mention %d: answered after %v, past the answer timeout %v", i, d, timeout)
		default:
			delivered++
		}
		slowest = max(slowest, d)
		if lengths[i] > 50*3000 {
			t.Errorf("mention %d: a message of %d bytes", i, lengths[i])
		}
	}
	if peak > peakBound {
		t.Errorf("peak resident memory %d MB, want under %d MB", peak/1024, peakBound/1024)
	}

	// careerbot ask: one body of 50 MB.
	llm.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Reply{Text: strings.Repeat(sentence, whole/len(sentence))}
	})
	env := map[string]string{"DATABASE_URL": st.kb.DB.URL, "OPENAI_BASE_URL": llm.URL, "OPENAI_API_KEY": "sk-reliability",
		"CAREERBOT_LLM_TIMEOUT": timeout.String(), "CAREERBOT_LOG_LEVEL": "error"}
	begin := time.Now()
	code, out, errs := cli(t, env, "", "ask", "--json", "What does a prompt engineer do?")
	askTook := time.Since(begin)
	var ans struct {
		Composer string `json:"composer"`
		Note     string `json:"note"`
		Answer   string `json:"answer"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil || code != 0 {
		t.Fatalf("ask: exit %d: %v\n%.2000s%s", code, err, out, errs)
	}
	if ans.Composer == "llm" || ans.Answer == "" || len(ans.Answer) > 50*3000 {
		t.Errorf("ask with a %d MB answer: composer %q, answer of %d bytes, note %q; want the extractive answer", whole/mb, ans.Composer, len(ans.Answer), ans.Note)
	}
	r.resultf("%d/%d streamed answers delivered %s (slowest %s; notification texts of %d bytes at most), composed by %v; serve's peak resident memory %d MB (%d MB before the answers); "+
		"ask with a %d MB body: composer %s, note %q, %s",
		delivered, users, streamWant, ms(slowest), maxOf(lengths), composers, peak/1024, before/1024, whole/mb, ans.Composer, ans.Note, ms(askTook))
	t.Log(r.Result)
}

func maxOf(xs []int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
