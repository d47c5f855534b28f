package llm

// Instructions returns the rules the chat model is given for answers in
// lang: the assistant refuses an answer that repeats them.
func (c *Composer) Instructions(lang string) string { return SystemPrompt(lang) }
