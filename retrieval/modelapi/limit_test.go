package modelapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	oai "github.com/sashabaranov/go-openai"
)

// A chat answer whose body passes MaxResponseBytes fails with a
// *ResponseTooLargeError instead of being read whole; one within it is
// read as usual.
func TestMaxResponseBytes(t *testing.T) {
	const limit = 64 << 10
	var content string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"x","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":%q}}]}`, content)
	}))
	defer srv.Close()
	client := NewClient(ClientConfig{APIKey: "sk-test", BaseURL: srv.URL + "/v1", MaxResponseBytes: limit})
	req := oai.ChatCompletionRequest{Model: "m", Messages: []oai.ChatCompletionMessage{{Role: "user", Content: "q"}}}
	for _, tt := range []struct {
		size     int
		tooLarge bool
	}{{1000, false}, {limit - 200, false}, {limit * 4, true}, {20 << 20, true}} {
		content = strings.Repeat("a", tt.size)
		resp, err := client.CreateChatCompletion(context.Background(), req)
		var tl *ResponseTooLargeError
		switch {
		case tt.tooLarge && !errors.As(err, &tl):
			t.Errorf("answer of %d bytes: %v, want a ResponseTooLargeError", tt.size, err)
		case !tt.tooLarge && (err != nil || len(resp.Choices) != 1 || resp.Choices[0].Message.Content != content):
			t.Errorf("answer of %d bytes: %v", tt.size, err)
		}
	}
}
