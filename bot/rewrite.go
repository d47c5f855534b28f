package bot

import (
	"context"
	"strings"
	"time"
)

// Rewriter turns a follow-up question ("et ça paie combien ?") into a
// standalone one ("Combien gagne un prompt engineer ?") from the earlier
// turns of its conversation, before retrieval. It is optional: without
// one, a follow-up with no subject of its own carries the subject of the
// thread's last answer.
type Rewriter interface {
	Rewrite(ctx context.Context, question, lang string, history []Turn) (string, error)
}

// TimeLimited is implemented by a Composer or a Rewriter whose part of one
// answer has a time limit. The rewrite of a follow-up may take a quarter of
// the Rewriter's limit; the Composer's attempts at the answer (the first
// and a regeneration) share the Composer's limit, less that quarter when a
// rewrite was asked for. When the Composer and the Rewriter are one chat
// model with one limit, as in careerbot, the chat model never holds an
// answer back longer than that limit: past it, the extractive answer is
// given.
type TimeLimited interface {
	TimeLimit() time.Duration
}

// rewriteShare is the part of a time limit a rewrite may take.
func rewriteShare(limit time.Duration) time.Duration { return limit / 4 }

// rewriteLimit is how long the rewrite of q's follow-up may take: 0 when
// no rewrite is asked for, -1 when it has no limit.
func (a *Assistant) rewriteLimit(q Question) time.Duration {
	if a.rewriter == nil || len(q.History) == 0 {
		return 0
	}
	if tl, ok := a.rewriter.(TimeLimited); ok && tl.TimeLimit() > 0 {
		return rewriteShare(tl.TimeLimit())
	}
	return -1
}

// standalone returns the text to search with for q: the rewritten
// follow-up when a Rewriter is configured and the question has earlier
// turns, otherwise text. A failing or suspicious rewrite is ignored.
func (a *Assistant) standalone(ctx context.Context, q Question, text string) string {
	limit := a.rewriteLimit(q)
	if limit == 0 {
		return text
	}
	if limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	lang := DetectLang(text)
	out, err := a.rewriter.Rewrite(ctx, text, lang, q.History)
	if err != nil {
		a.log.Warn("rewrite follow-up failed: searching with the question as asked", "err", err)
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
