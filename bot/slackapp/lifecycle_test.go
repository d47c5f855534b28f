package slackapp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// answererFunc adapts a function to Answerer.
type answererFunc func(ctx context.Context, q bot.Question) (bot.Answer, error)

func (f answererFunc) Answer(ctx context.Context, q bot.Question) (bot.Answer, error) {
	return f(ctx, q)
}

// lastUpdate returns the text that finally replaced the placeholder.
func lastUpdate(t *testing.T, sl *slacktest.Server) string {
	t.Helper()
	posted := sl.Calls("chat.postMessage")
	if len(posted) != 1 {
		t.Fatalf("%d messages posted, want 1 placeholder", len(posted))
	}
	if !isThinking(posted[0].Param("text")) {
		t.Fatalf("first message %q is not a thinking placeholder", posted[0].Param("text"))
	}
	updates := sl.Calls("chat.update")
	if len(updates) == 0 {
		t.Fatal("the thinking placeholder was never resolved")
	}
	last := updates[len(updates)-1]
	if isThinking(last.Param("text")) {
		t.Fatalf("the placeholder still says %q", last.Param("text"))
	}
	return last.Param("text")
}

// The thinking indicator is always resolved: by the answer, or by a
// message that says what went wrong.
func TestThinkingAlwaysResolved(t *testing.T) {
	tests := []struct {
		name     string
		answerer func(kb *kbtest.Env) Answerer
		question string
		want     string
	}{
		{"empty question", func(kb *kbtest.Env) Answerer { return kb.Assistant }, "", "Your question is empty"},
		{"question too long", func(kb *kbtest.Env) Answerer { return kb.Assistant }, strings.Repeat("salary ", 300), "Your question is too long"},
		{"knowledge base down", func(*kbtest.Env) Answerer {
			return answererFunc(func(context.Context, bot.Question) (bot.Answer, error) {
				return bot.Answer{Answer: bot.Unavailable("fr")}, fmt.Errorf("%w: connection refused", bot.ErrUnavailable)
			})
		}, "Que fait un data scientist ?", "la base de connaissances est temporairement indisponible"},
		{"panic", func(*kbtest.Env) Answerer {
			return answererFunc(func(context.Context, bot.Question) (bot.Answer, error) { panic("boom") })
		}, "What does a prompt engineer do?", "Sorry, something went wrong"},
	}
	for _, mode := range modes {
		for _, tt := range tests {
			t.Run(mode+"/"+tt.name, func(t *testing.T) {
				kb := kbtest.New(t, nil)
				e := newEnvOn(t, mode, slacktest.New(t), kb, tt.answerer(kb))
				e.deliver("Ev0FAIL", mention("1700002000.000100", tt.question), 0)
				e.settle()
				if got := lastUpdate(t, e.slack); !strings.Contains(got, tt.want) {
					t.Fatalf("placeholder resolved with %q, want %q", got, tt.want)
				}
			})
		}
	}
}

// streamer is a generative composer that writes its answer in pieces.
type streamComposer struct {
	pieces int
	pause  time.Duration
}

func (s streamComposer) Name() string { return "test-stream" }

// sentencesAnswer is what streamComposer writes: sentences that pass the
// answer's checks, so that each can be shown as soon as it is written.
const sentencesAnswer = "A prompt engineer writes the instructions given to AI models [1]. " +
	"They test them against the answers they get [1]. " +
	"They refine them until the answers are reliable [1]. " +
	"They teach colleagues to write their own [1]. " +
	"They keep a library of the prompts that work [1]. " +
	"It is a job born with ChatGPT [1]."

func (s streamComposer) Compose(ctx context.Context, req bot.ComposeRequest) (bot.Composed, error) {
	text := sentencesAnswer
	r := []rune(text)
	for i := 1; i <= s.pieces; i++ {
		if req.Stream != nil {
			req.Stream(string(r[:len(r)*i/s.pieces]))
		}
		select {
		case <-time.After(s.pause):
		case <-ctx.Done():
			return bot.Composed{}, ctx.Err()
		}
	}
	return bot.Composed{Text: text}, nil
}

// Generative answers appear progressively, at most about one update per
// second, and the final answer replaces them.
func TestStreamingUpdatesThrottled(t *testing.T) {
	kb := kbtest.New(t, streamComposer{pieces: 25, pause: 100 * time.Millisecond})
	e := newEnvOn(t, "http", slacktest.New(t), kb, kb.Assistant)
	e.deliver("Ev0STREAM", mention("1700003000.000100", "What does a prompt engineer do?"), 0)
	e.settle()
	updates := e.slack.Calls("chat.update")
	var partial []slacktest.Call
	for _, u := range updates {
		if isThinking(u.Param("text")) {
			partial = append(partial, u)
		}
	}
	// 25 pieces over 2.5 s: about 3 updates, never one per piece.
	if len(partial) < 2 || len(partial) > 4 {
		t.Fatalf("%d streamed updates for 25 pieces over 2.5s, want 2 to 4", len(partial))
	}
	for i := 1; i < len(partial); i++ {
		if gap := partial[i].At.Sub(partial[i-1].At); gap < 900*time.Millisecond {
			t.Errorf("updates %d and %d only %v apart", i-1, i, gap)
		}
	}
	final := updates[len(updates)-1]
	if isThinking(final.Param("text")) || !strings.Contains(final.Param("blocks"), "Prompt engineer") {
		t.Fatalf("the final update is not the answer: %q", final.Param("text"))
	}
	if !strings.Contains(final.Param("blocks"), `"block_id":"sources.`) {
		t.Errorf("final answer without sources")
	}
	t.Logf("%d streamed updates, then the final answer", len(partial))
}

// Close stops taking events and lets answers in flight finish.
func TestCloseFinishesAnswersInFlight(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			kb := kbtest.New(t, nil)
			// A first answer reads the catalog, which under the race
			// detector on a loaded machine can take seconds: it is read
			// before, so that the answer in flight is the slow one below.
			if _, err := kb.Assistant.Answer(context.Background(), bot.Question{Text: "What does a prompt engineer do?"}); err != nil {
				t.Fatalf("warm-up answer: %v", err)
			}
			slow := answererFunc(func(ctx context.Context, q bot.Question) (bot.Answer, error) {
				time.Sleep(700 * time.Millisecond)
				return kb.Assistant.Answer(ctx, q)
			})
			// The deadline is far: this test is about Close waiting, the
			// next one about the deadline.
			e := newEnvOn(t, mode, slacktest.New(t), kb, slow, func(c *Config) { c.ShutdownTimeout = time.Minute })
			e.deliver("Ev0SLOW", mention("1700004000.000100", "What does a prompt engineer do?"), 0)
			start := time.Now()
			if err := e.srv.Close(); err != nil {
				t.Fatalf("close: %v", err)
			}
			if d := time.Since(start); d < 500*time.Millisecond {
				t.Errorf("Close returned after %v, before the answer in flight", d)
			}
			if got := lastUpdate(t, e.slack); !strings.Contains(strings.ToLower(got), "prompt engineer") {
				t.Fatalf("answer in flight not delivered: %q", got)
			}
			if mode == "http" {
				if _, err := (&httpGetter{}).get(e.srv.URL() + "/healthz"); err == nil {
					t.Error("still listening after Close")
				}
			}
		})
	}
}

// Answers still running at the shutdown deadline are cancelled, and their
// placeholders say so.
func TestCloseDeadlineResolvesPlaceholders(t *testing.T) {
	kb := kbtest.New(t, nil)
	var once sync.Once
	started := make(chan struct{})
	stuck := answererFunc(func(ctx context.Context, q bot.Question) (bot.Answer, error) {
		once.Do(func() { close(started) })
		<-ctx.Done()
		return bot.Answer{}, ctx.Err()
	})
	e := newEnvOn(t, "socket", slacktest.New(t), kb, stuck, func(c *Config) { c.ShutdownTimeout = 300 * time.Millisecond })
	e.deliver("Ev0STUCK", mention("1700005000.000100", "What does a prompt engineer do?"), 0)
	<-started
	if err := e.srv.Close(); err == nil {
		t.Error("Close reported no cancelled answer")
	}
	if got := lastUpdate(t, e.slack); !strings.Contains(got, "interrupted") {
		t.Fatalf("placeholder resolved with %q", got)
	}
}

type httpGetter struct{}

func (httpGetter) get(url string) (int, error) {
	resp, err := (&http.Client{Timeout: time.Second}).Get(url)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// panickyCuration is a knowledge base whose figures cannot be computed.
type panickyCuration struct{ Curation }

func (panickyCuration) Stats(context.Context, time.Time) (knowledge.Stats, error) {
	panic("stats exploded")
}

// responsesTo returns the posts to one response_url.
func responsesTo(sl *slacktest.Server, url string) []slacktest.Call {
	var out []slacktest.Call
	for _, c := range sl.Calls("response") {
		if strings.HasSuffix(url, c.Path) {
			out = append(out, c)
		}
	}
	return out
}

// The "thinking" reply of a slash command, /career-admin included, is
// always replaced: by the answer, or by a message in the asker's language
// that says what went wrong, when answering fails or panics.
func TestCommandThinkingAlwaysResolved(t *testing.T) {
	panicking := answererFunc(func(context.Context, bot.Question) (bot.Answer, error) { panic("boom") })
	failing := answererFunc(func(context.Context, bot.Question) (bot.Answer, error) {
		return bot.Answer{}, errors.New("index segment 7 is corrupted")
	})
	down := answererFunc(func(context.Context, bot.Question) (bot.Answer, error) {
		return bot.Answer{Answer: bot.Unavailable("en")}, fmt.Errorf("%w: connection refused", bot.ErrUnavailable)
	})
	tests := []struct {
		name     string
		answerer Answerer // nil: the knowledge base's
		command  string
		text     string
		want     string
	}{
		{"panic", panicking, "/career", "Que fait un data scientist ?", "Désolé, un problème est survenu pendant la réponse"},
		{"unexpected error", failing, "/role", "prompt engineer", "Sorry, something went wrong while answering"},
		{"knowledge base down", down, "/skill", "python", "the knowledge base is temporarily unavailable"},
		{"admin panic", nil, "/career-admin", "stats", "Sorry, something went wrong with this command"},
		{"admin panic in French", nil, "/career-admin", "statistiques", "Désolé, un problème est survenu avec cette commande"},
	}
	for _, mode := range modes {
		for _, tt := range tests {
			t.Run(mode+"/"+tt.name, func(t *testing.T) {
				kb := kbtest.New(t, nil)
				a := tt.answerer
				if a == nil {
					a = kb.Assistant
				}
				e := newEnvOn(t, mode, slacktest.New(t), kb, a, func(c *Config) {
					c.Curation = panickyCuration{postgres.Curation{Store: kb.Store, Catalog: kb.Catalog}}
					c.Admins = []string{adminA}
				})
				url := e.slack.ResponseURL()
				reply, _, _ := e.command(slack.SlashCommand{Command: tt.command, Text: tt.text, UserID: adminA, ResponseURL: url})
				if !isThinking(reply.Text) {
					t.Fatalf("immediate reply %q, want the thinking one", reply.Text)
				}
				e.settle()
				got := responsesTo(e.slack, url)
				if len(got) != 1 {
					t.Fatalf("%d replies on the response_url, want 1", len(got))
				}
				if got[0].Param("replace_original") != "true" || got[0].Param("response_type") != "ephemeral" {
					t.Errorf("reply does not replace the thinking one: %v", got[0].JSON)
				}
				text := strings.Join(got[0].Strings(), "\n")
				if !strings.Contains(text, tt.want) {
					t.Errorf("thinking reply replaced with %q, want %q", got[0].Param("text"), tt.want)
				}
				for _, internal := range []string{"boom", "corrupted", "exploded", "connection refused"} {
					if strings.Contains(text, internal) {
						t.Errorf("reply shows %q: %s", internal, text)
					}
				}
			})
		}
	}
}

// unsavableCuration is a knowledge base whose saves panic.
type unsavableCuration struct{ Curation }

func (unsavableCuration) SaveEntry(context.Context, *knowledge.Entry, string, string, int) (int, error) {
	panic("save exploded")
}

// The "Saving…" modal of the entry form is replaced even when the save
// panics, and the admin's text comes back.
func TestEntrySaveAlwaysResolved(t *testing.T) {
	kb := kbtest.New(t, nil)
	e := newEnvOn(t, "socket", slacktest.New(t), kb, kb.Assistant, func(c *Config) {
		c.Curation = unsavableCuration{postgres.Curation{Store: kb.Store, Catalog: kb.Catalog}}
		c.Admins = []string{adminA}
	})
	e.interact(clickAs(adminA, actionAdminNew, "", ""))
	e.settle()
	form := lastView(t, e.slack, "views.open")
	st := form.state()
	setSelect(st, fieldLang, "en")
	setText(st, fieldTitle, "Quantum annealing engineer")
	setText(st, fieldSummary, "A quantum annealing engineer programs quantum annealers.")
	setText(st, fieldSources, "Quantum careers | Example Press | 2024 | quantum-careers.txt")
	if resp := e.submit(adminA, form, st); resp.ResponseAction != slack.RAUpdate || !strings.Contains(fmt.Sprint(resp.View.Title), "Saving") {
		t.Fatalf("submission answered %+v, want the saving modal", resp)
	}
	e.settle()
	got := lastView(t, e.slack, "views.update")
	for _, want := range []string{"something went wrong while saving", `"initial_value":"Quantum annealing engineer"`, `"callback_id":"admin_entry"`} {
		if !strings.Contains(got.raw, want) {
			t.Errorf("the saving modal was replaced by a view without %q: %s", want, got.raw)
		}
	}
}
