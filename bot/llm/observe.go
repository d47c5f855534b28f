package llm

import (
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Call is one request to the chat model, reported to Config.Observe.
type Call struct {
	// Op is "compose" (an answer) or "rewrite" (a follow-up made
	// standalone).
	Op       string
	Model    string
	Duration time.Duration
	// Err is the request's failure, nil when it succeeded.
	Err error
	// PromptTokens and CompletionTokens are the usage the server reported:
	// 0 when it reported none.
	PromptTokens, CompletionTokens int
}

func (c *Composer) observe(op string, start time.Time, usage *openai.Usage, err error) {
	if c.cfg.Observe == nil {
		return
	}
	call := Call{Op: op, Model: c.cfg.Model, Duration: time.Since(start), Err: err}
	if usage != nil {
		call.PromptTokens, call.CompletionTokens = usage.PromptTokens, usage.CompletionTokens
	}
	c.cfg.Observe(call)
}
