package bot

import (
	"context"
	"strings"
)

// Rewriter turns a follow-up question ("et ça paie combien ?") into a
// standalone one ("Combien gagne un prompt engineer ?") from the earlier
// turns of its conversation, before retrieval. It is optional: without
// one, a follow-up with no subject of its own carries the subject of the
// thread's last answer.
type Rewriter interface {
	Rewrite(ctx context.Context, question, lang string, history []Turn) (string, error)
}

// standalone returns the text to search with for q: the rewritten
// follow-up when a Rewriter is configured and the question has earlier
// turns, otherwise text. A failing or suspicious rewrite is ignored.
func (a *Assistant) standalone(ctx context.Context, q Question, text string) string {
	if a.rewriter == nil || len(q.History) == 0 {
		return text
	}
	lang := DetectLang(text)
	out, err := a.rewriter.Rewrite(ctx, text, lang, q.History)
	if err != nil {
		a.log.Warn("rewrite follow-up", "err", err)
		return text
	}
	out, err = Normalize(out)
	if err != nil || isInjection(out) {
		// The rewritten text is the asker's question: at debug only.
		a.log.Warn("rewritten follow-up ignored", "err", err, "injection", err == nil)
		a.log.Debug("rewritten follow-up ignored", "rewritten", out)
		return text
	}
	if !strings.EqualFold(out, text) {
		a.log.Debug("follow-up rewritten", "question", text, "standalone", out)
	}
	return out
}
