package slackapp

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot/llm"
	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/retrieval/modelapi"
)

// An answer written by a chat model behind an OpenAI-compatible API
// streams into Slack through chat.update, one checked sentence at a time;
// a stream that breaks leaves the extractive answer, never a partial one;
// a sentence with a figure that no cited entry holds never reaches Slack,
// nor does anything after it.
func TestLLMAnswerStreamsIntoSlack(t *testing.T) {
	const (
		first  = "A prompt engineer writes, tests and refines the instructions given to generative AI models [1]. "
		second = "They also teach colleagues how to write their own, for example to format meeting notes [1]. "
		third  = "Most of the work is trying, comparing and writing down what works [1]."
		answer = first + second + third
		// invented is a figure that no entry of the knowledge base holds.
		invented = "A prompt engineer earns 987 654 dollars a year [1]. "
	)
	tests := []struct {
		name      string
		reply     openaitest.Reply
		wantFinal string
		composer  string
		streamed  int // streamed updates at least
	}{
		{"complete", openaitest.Reply{Text: answer, ChunkDelay: 30 * time.Millisecond}, "refines the instructions", "llm", 2},
		{"broken stream", openaitest.Reply{Text: answer, ChunkDelay: 30 * time.Millisecond, BreakAfter: 8}, "Prompt engineer", "extractive", 1},
		{"invented figure", openaitest.Reply{Text: first + invented + third, ChunkDelay: 30 * time.Millisecond}, "Prompt engineer", "extractive", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := openaitest.New(t)
			api.Chat(tt.reply, tt.reply)
			composer := llm.New(modelapi.NewClient(modelapi.ClientConfig{BaseURL: api.URL}), llm.Config{Model: "test-chat"})
			kb := kbtest.New(t, composer)
			e := newEnvOn(t, "http", slacktest.New(t), kb, kb.Assistant, func(c *Config) { c.StreamInterval = 50 * time.Millisecond })
			e.deliver("Ev0LLM", mention("1700004000.000100", "What does a prompt engineer do?"), 0)
			e.settle()

			if reqs := api.ChatRequests(); len(reqs) == 0 || !reqs[0].Stream {
				t.Fatalf("chat requests %+v, want streamed ones", reqs)
			}
			for _, s := range e.slack.Strings() {
				if strings.Contains(s, "987") {
					t.Fatalf("an unchecked figure reached Slack: %s", s)
				}
			}
			updates := e.slack.Calls("chat.update")
			var partial []string
			for _, u := range updates {
				if b := u.Param("blocks"); strings.Contains(b, " …") && !strings.Contains(b, `"block_id":"sources.`) {
					partial = append(partial, b)
				}
			}
			if len(partial) < tt.streamed {
				t.Fatalf("%d streamed updates, want at least %d", len(partial), tt.streamed)
			}
			// What is streamed is whole sentences: the first update is the
			// first sentence, and nothing of the next one.
			if !strings.Contains(partial[0], "refines the instructions given to generative AI models") || strings.Contains(partial[0], "They also") || strings.Contains(partial[0], "earns") {
				t.Errorf("first update is not the answer's first sentence: %s", partial[0])
			}
			final := updates[len(updates)-1].Param("blocks")
			if strings.Contains(final, " …") || !strings.Contains(final, tt.wantFinal) || !strings.Contains(final, `"block_id":"sources.`) {
				t.Fatalf("final update is not the %s answer with its sources: %s", tt.composer, final)
			}
			if tt.composer == "extractive" && strings.Contains(final, "refines the instructions") {
				t.Errorf("the rejected answer stayed: %s", final)
			}
			if marked := strings.Contains(final, `"block_id":"fallback.`); marked != (tt.composer == "extractive") {
				t.Errorf("%s answer marked as quoted from the knowledge base: %v", tt.composer, marked)
			}
		})
	}
}

// When the chat model fails, the extractive answer says plainly, in the
// asker's language, that it is quoted from the knowledge base, without
// the failure's details.
func TestLLMFallbackMarkedInSlack(t *testing.T) {
	api := openaitest.New(t)
	api.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply { return openaitest.Reply{Status: 503} })
	composer := llm.New(modelapi.NewClient(modelapi.ClientConfig{BaseURL: api.URL}), llm.Config{Model: "test-chat"})
	kb := kbtest.New(t, composer)
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newEnvOn(t, mode, slacktest.New(t), kb, kb.Assistant)
			// The modes share the database: each delivers its own event.
			ts := map[string]string{"http": "1700004100.000100", "socket": "1700004200.000100"}[mode]
			e.deliver("Ev0FALLBACK"+mode, mention(ts, "What does a prompt engineer do?"), 0)
			url := e.slack.ResponseURL()
			e.command(slack.SlashCommand{Command: "/career", Text: "Que fait un prompt engineer ?", ResponseURL: url})
			e.settle()
			if len(api.ChatRequests()) == 0 {
				t.Fatal("the chat model was never asked")
			}
			got := answers(e.slack, "C0GENERAL")
			if len(got) != 1 {
				t.Fatalf("%d answers to the mention", len(got))
			}
			cmd := responsesTo(e.slack, url)
			if len(cmd) != 1 {
				t.Fatalf("%d answers to the command", len(cmd))
			}
			for _, c := range []struct {
				blocks, want string
			}{
				{got[0].Param("blocks"), "Quoted directly from the knowledge base"},
				{cmd[0].Param("blocks"), "Reprise telle quelle de la base de connaissances"},
			} {
				if !strings.Contains(c.blocks, `"block_id":"fallback.`) || !strings.Contains(c.blocks, c.want) || !strings.Contains(c.blocks, "Prompt engineer") {
					t.Errorf("answer not marked %q: %s", c.want, c.blocks)
				}
				for _, internal := range []string{"503", "server error", "composer", "test-chat"} {
					if strings.Contains(c.blocks, internal) {
						t.Errorf("answer shows %q: %s", internal, c.blocks)
					}
				}
			}
		})
	}
}
