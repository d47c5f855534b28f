package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

// generate lets the configured Composer rewrite the extractive answer from
// the cited entries. The result must pass CheckAnswer; otherwise the
// composer gets one more try, then the extractive answer stands, with a note
// saying why.
func (a *Assistant) generate(ctx context.Context, q Question, lang string, extractive Answer) Answer {
	if a.composer == nil || !extractive.Grounded {
		return extractive
	}
	cited := map[int]*knowledge.Entry{}
	var excerpts []Excerpt
	for _, c := range extractive.Citations {
		e, err := a.entries.Get(ctx, c.Slug)
		if err != nil {
			return withNote(extractive, "generative composer skipped: "+err.Error())
		}
		cited[c.N] = e
		excerpts = append(excerpts, Excerpt{N: c.N, Slug: e.Slug, Title: e.TitleIn(lang), Text: excerptText(e, lang)})
	}
	req := ComposeRequest{Question: q.Text, Lang: lang, History: q.History, Excerpts: excerpts, Extractive: extractive.Answer, Stream: a.guardStream(q.Stream, lang)}
	var why string
	for attempt := 0; attempt < 2; attempt++ {
		out, err := a.composer.Compose(ctx, req)
		if err != nil {
			why = "generative composer failed: " + err.Error()
			a.log.Warn("compose answer", "composer", a.composer.Name(), "err", err)
			break // a failing endpoint is not retried here: its client retries
		}
		text := strings.TrimSpace(out.Text)
		if text == "" {
			why = "generative composer returned an empty answer"
			continue
		}
		if a.leaksInstructions(text, lang) {
			why = "generated answer rejected: it repeats the instructions"
			a.log.Warn("generated answer rejected", "composer", a.composer.Name(), "problem", "repeats the instructions", "attempt", attempt+1)
			continue
		}
		if p := CheckAnswer(text, cited); p != "" {
			why = "generated answer rejected: " + p
			a.log.Info("generated answer rejected", "composer", a.composer.Name(), "problem", p, "attempt", attempt+1)
			continue
		}
		ans := extractive
		ans.Answer = text
		ans.Composer = a.composer.Name()
		// Keep only the citations the text uses, numbered as given.
		var used []Citation
		for _, c := range ans.Citations {
			if strings.Contains(text, "["+strconv.Itoa(c.N)+"]") {
				used = append(used, c)
			}
		}
		ans.Citations = used
		return ans
	}
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
