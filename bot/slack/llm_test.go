package slack

import (
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot/llm"
	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/slacktest"
	openaiapi "github.com/careerbot/careerbot/retrieval/openai"
)

// An answer written by a chat model behind an OpenAI-compatible API
// streams into Slack through chat.update; a stream that breaks leaves the
// extractive answer, never a partial one.
func TestLLMAnswerStreamsIntoSlack(t *testing.T) {
	const answer = "A prompt engineer writes, tests and refines the instructions given to generative AI models, " +
		"and teaches colleagues how to write their own, for example to format meeting notes [1]."
	tests := []struct {
		name      string
		reply     openaitest.Reply
		wantFinal string
		composer  string
	}{
		{"complete", openaitest.Reply{Text: answer, ChunkDelay: 40 * time.Millisecond}, "refines the instructions", "llm"},
		{"broken stream", openaitest.Reply{Text: answer, ChunkDelay: 40 * time.Millisecond, BreakAfter: 8}, "Prompt engineer", "extractive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := openaitest.New(t)
			api.Chat(tt.reply)
			composer := llm.New(openaiapi.NewClient(openaiapi.ClientConfig{BaseURL: api.URL}), llm.Config{Model: "test-chat"})
			kb := kbtest.New(t, composer)
			e := newEnvOn(t, "http", slacktest.New(t), kb, kb.Assistant, func(c *Config) { c.StreamInterval = 100 * time.Millisecond })
			e.deliver("Ev0LLM", mention("1700004000.000100", "What does a prompt engineer do?"), 0)
			e.settle()

			if reqs := api.ChatRequests(); len(reqs) != 1 || !reqs[0].Stream {
				t.Fatalf("chat requests %+v, want one streamed", reqs)
			}
			updates := e.slack.Calls("chat.update")
			var partial []string
			for _, u := range updates {
				if b := u.Param("blocks"); strings.Contains(b, " …") && !strings.Contains(b, `"block_id":"sources"`) {
					partial = append(partial, b)
				}
			}
			if len(partial) < 2 {
				t.Fatalf("%d streamed updates, want the answer to appear progressively", len(partial))
			}
			if !strings.Contains(partial[0], "A prompt engineer") || strings.Contains(partial[0], "meeting notes") {
				t.Errorf("first update is not the answer's beginning: %s", partial[0])
			}
			final := updates[len(updates)-1].Param("blocks")
			if strings.Contains(final, " …") || !strings.Contains(final, tt.wantFinal) || !strings.Contains(final, `"block_id":"sources"`) {
				t.Fatalf("final update is not the %s answer with its sources: %s", tt.composer, final)
			}
			if tt.composer == "extractive" && strings.Contains(final, "refines the instructions") {
				t.Errorf("the broken answer stayed: %s", final)
			}
		})
	}
}
