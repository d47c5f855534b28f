package llm

import (
	"context"
	"errors"

	openai "github.com/sashabaranov/go-openai"
)

// Ping asks the chat model for a one-word reply, to check the endpoint,
// the key and the model (for Azure OpenAI, the deployment).
func (c *Composer) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	resp, err := c.client.CreateChatCompletion(ctx, c.request([]openai.ChatCompletionMessage{
		{Role: openai.ChatMessageRoleUser, Content: "Reply with the single word OK."},
	}, 16))
	if err != nil {
		return apiError("chat completion with "+c.cfg.Model, err)
	}
	if len(resp.Choices) == 0 {
		return errors.New("chat completion with " + c.cfg.Model + ": the reply has no choices")
	}
	return nil
}
