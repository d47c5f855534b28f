package llm_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/llm"
	"github.com/careerbot/careerbot/internal/openaitest"
)

// Every request to the chat model is reported, with its failure and the
// tokens the server counted, streamed or not.
func TestObserveCalls(t *testing.T) {
	tests := []struct {
		name        string
		stream      bool
		streamUsage bool
		reply       openaitest.Reply
		wantErr     bool
		wantTokens  [2]int
	}{
		{"answer", false, false, openaitest.Reply{Text: "Un prompt engineer conçoit les instructions [1]."}, false, [2]int{100, 20}},
		{"streamed answer with usage", true, true, openaitest.Reply{Text: "Un prompt engineer conçoit les instructions [1]."}, false, [2]int{100, 20}},
		{"streamed answer, server asked for no usage", true, false, openaitest.Reply{Text: "Un prompt engineer conçoit les instructions [1]."}, false, [2]int{0, 0}},
		{"server error", false, false, openaitest.Reply{Status: http.StatusBadRequest}, true, [2]int{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var calls []llm.Call
			srv, env, _ := setup(t, llm.Config{StreamUsage: tt.streamUsage, Observe: func(c llm.Call) {
				mu.Lock()
				calls = append(calls, c)
				mu.Unlock()
			}})
			srv.Chat(tt.reply)
			q := bot.Question{Text: question}
			if tt.stream {
				q.Stream = func(string) {}
			}
			ask(t, env.Assistant, q)
			mu.Lock()
			defer mu.Unlock()
			if len(calls) != 1 {
				t.Fatalf("%d calls observed, want 1", len(calls))
			}
			c := calls[0]
			if c.Op != "compose" || c.Model != "test-chat" || (c.Err != nil) != tt.wantErr || c.Duration <= 0 {
				t.Errorf("call %+v: want compose with test-chat, error %v", c, tt.wantErr)
			}
			if got := [2]int{c.PromptTokens, c.CompletionTokens}; got != tt.wantTokens {
				t.Errorf("tokens %v, want %v", got, tt.wantTokens)
			}
			if r := srv.ChatRequests(); len(r) > 0 && r[0].StreamOptions.IncludeUsage != tt.streamUsage {
				t.Errorf("include_usage %v, want %v", r[0].StreamOptions.IncludeUsage, tt.streamUsage)
			}
		})
	}
}
