package bot

import (
	"context"
	"strings"
	"time"

	"github.com/careerbot/careerbot/knowledge"
)

// generate lets the configured Composer rewrite the extractive answer from
// the cited entries. The result must pass CheckAnswer; otherwise the
// composer gets one more try, then the extractive answer stands, with a note
// saying why. A TimeLimited composer's attempts share one deadline, less
// what the rewrite of a follow-up may have taken. Every fallback is logged
// with its reason, never with the question.
func (a *Assistant) generate(ctx context.Context, q Question, lang string, extractive Answer) Answer {
	if a.composer == nil || !extractive.Grounded {
		return extractive
	}
	cited := map[int]*knowledge.Entry{}
	var excerpts []Excerpt
	for _, c := range extractive.Citations {
		e, err := a.entries.Get(ctx, c.Slug)
		if err != nil {
			return a.fallBack(extractive, "generative composer skipped: "+err.Error(), 0)
		}
		cited[c.N] = e
		excerpts = append(excerpts, Excerpt{N: c.N, Slug: e.Slug, Title: e.TitleIn(lang), Text: excerptText(e, lang)})
	}
	if budget := a.composeBudget(q); budget > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, budget)
		defer cancel()
	}
	guard := a.leakGuard(cited)
	req := ComposeRequest{Question: q.Text, Lang: lang, History: q.History, Excerpts: excerpts, Extractive: extractive.Answer, Stream: checkedStream(q.Stream, lang, cited, guard)}
	name := a.composer.Name()
	var why string
	tries := 0
	for attempt := 0; attempt < 2; attempt++ {
		if attempt > 0 && ctx.Err() != nil {
			why += "; no time left to regenerate it"
			break
		}
		tries++
		out, err := a.composer.Compose(ctx, req)
		if err != nil {
			why = "generative composer failed: " + err.Error()
			a.log.Warn("compose answer", "composer", name, "err", err, "attempt", attempt+1)
			break // a failing endpoint is not retried here: its client retries
		}
		text := strings.TrimSpace(out.Text)
		if text == "" {
			why = "generative composer returned an empty answer"
			a.log.Info("generated answer rejected", "composer", name, "problem", "empty", "attempt", attempt+1)
			continue
		}
		if guard.leaks(text) {
			why = "generated answer rejected: it repeats the instructions"
			a.log.Warn("generated answer rejected", "composer", name, "problem", "repeats the instructions", "attempt", attempt+1)
			continue
		}
		if p := CheckAnswer(text, cited); p != nil {
			why = "generated answer rejected: " + p.Error()
			a.log.Info("generated answer rejected", "composer", name, "problem", string(p.Code), "attempt", attempt+1)
			continue
		}
		if got := DetectLangHint(text, lang); got != lang {
			why = "generated answer rejected: it is not in the question's language"
			a.log.Info("generated answer rejected", "composer", name, "problem", "language", "want", lang, "got", got, "attempt", attempt+1)
			continue
		}
		// The rest stays the extractive answer's, behind More; only the
		// citations the texts use are listed, numbered as given.
		used := CitedIn(text+"\n"+extractive.More, extractive.Citations)
		if fp := CheckForm(text, extractive.More, used); len(fp) > 0 {
			why = "generated answer rejected: " + fp[0].Error()
			a.log.Info("generated answer rejected", "composer", name, "problem", string(fp[0].Code), "attempt", attempt+1)
			continue
		}
		ans := extractive
		ans.Answer = text
		ans.Composer = name
		ans.Citations = used
		return ans
	}
	return a.fallBack(extractive, why, tries)
}

// composeBudget is how long the composer's attempts at q's answer may take
// together: its time limit, less the rewrite's share when q is a follow-up
// to rewrite. 0 means no limit but the composer's own.
func (a *Assistant) composeBudget(q Question) time.Duration {
	tl, ok := a.composer.(TimeLimited)
	if !ok || tl.TimeLimit() <= 0 {
		return 0
	}
	limit := tl.TimeLimit()
	if a.rewriteLimit(q) != 0 {
		return limit - rewriteShare(limit)
	}
	return limit
}

// fallBack gives the extractive answer instead of a generated one, with
// why as its note, and logs the reason.
func (a *Assistant) fallBack(extractive Answer, why string, attempts int) Answer {
	a.log.Warn("generated answer not used: the extractive answer is given", "composer", a.composer.Name(), "reason", why, "attempts", attempts)
	return withNote(extractive, why)
}

func withNote(a Answer, note string) Answer {
	a.Note = note
	return a
}

// excerptText is what a Composer sees of an entry: its summary in the
// asker's language, and its body.
func excerptText(e *knowledge.Entry, lang string) string {
	summary, _ := e.SummaryIn(lang)
	parts := []string{e.TitleIn(lang), summary}
	if e.Period != "" {
		parts = append(parts, "Période / period: "+e.Period)
	}
	if e.Body != "" {
		parts = append(parts, e.Body)
	}
	return strings.Join(parts, "\n")
}
