package bot

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// MaxAnswerRunes bounds an extractive answer.
const MaxAnswerRunes = 1400

// composition accumulates an answer's lines and citations.
type composition struct {
	lang      string
	lines     []string
	citations []Citation
	used      map[string]bool // sentences already said
}

// cite returns the citation number of e, adding it when new.
func (c *composition) cite(e *knowledge.Entry) int {
	for _, x := range c.citations {
		if x.Slug == e.Slug {
			return x.N
		}
	}
	n := len(c.citations) + 1
	c.citations = append(c.citations, Citation{N: n, Slug: e.Slug, Title: e.TitleIn(c.lang), Kind: e.Kind, Sources: e.Sources})
	return n
}

func (c *composition) add(text string, n int) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	if c.used == nil {
		c.used = map[string]bool{}
	}
	key := strings.ToLower(text)
	if c.used[key] {
		return
	}
	c.used[key] = true
	c.lines = append(c.lines, fmt.Sprintf("%s [%d]", text, n))
}

func (c *composition) size() int {
	n := 0
	for _, l := range c.lines {
		n += utf8.RuneCountInString(l) + 1
	}
	return n
}

func (c *composition) text() string { return strings.Join(c.lines, "\n") }

// addRelations lists a role's or skill's skills and trainings.
func (c *composition) addRelations(e *knowledge.Entry, related []*knowledge.Entry, n int) {
	by := map[string]*knowledge.Entry{}
	for _, r := range related {
		by[r.Slug] = r
	}
	list := func(slugs []string) string {
		var names []string
		for _, s := range slugs {
			if r := by[s]; r != nil {
				names = append(names, r.TitleIn(c.lang))
			}
		}
		return strings.Join(names, ", ")
	}
	if s := list(e.Relations.Requires); s != "" {
		c.add(msg(c.lang, "Key skills: ", "Compétences clés : ")+s+".", n)
	}
	if s := list(e.Relations.LearnWith); s != "" {
		c.add(msg(c.lang, "How to get there: ", "Pour s'y former : ")+s+".", n)
	}
}

// compose writes the extractive answer from the best entries, then lets the
// generative composer, if any, rewrite it.
func (a *Assistant) compose(ctx context.Context, q Question, an analysis, lang string, cands []*entryHits) (Answer, error) {
	c := &composition{lang: lang}
	primary := cands[0]
	e := primary.entry
	n := c.cite(e)
	summary, inLang := e.SummaryIn(lang)
	summary = focus(an, summary, 700)
	if e.Kind == knowledge.KindRole || e.Kind == knowledge.KindSkill || e.Kind == knowledge.KindTraining {
		summary = fmt.Sprintf("*%s* — %s", e.TitleIn(lang), summary)
	}
	c.add(summary, n)
	if inLang && lang == e.Lang {
		for _, s := range bestSentences(an, primary.hits, c, 2-c.size()/400) {
			c.add(s, n)
		}
	}
	if e.Kind == knowledge.KindRole || e.Kind == knowledge.KindSkill {
		switch an.intent {
		case intentBecome, intentSkills, intentTraining:
			related, err := a.relatedEntries(ctx, e)
			if err != nil {
				return Answer{}, err
			}
			c.addRelations(e, related, n)
		case intentPay:
			refs, err := a.entries.Referrers(ctx, e.Slug)
			if err != nil {
				return Answer{}, fmt.Errorf("figures for %s: %w", e.Slug, err)
			}
			added := 0
			for _, r := range refs {
				if r.Kind != knowledge.KindInsight || !hasFigure(r) || added == 2 {
					continue
				}
				if an.coverage(a.tokens.of(r), nil) == 0 && !mentionsPay(r) {
					continue
				}
				s, _ := r.SummaryIn(lang)
				c.add(focus(an, s, 420), c.cite(r))
				added++
			}
		}
	}
	// Other entries that answer the question as well as the first one.
	for _, g := range cands[1:] {
		if len(c.citations) >= 3 || c.size() > MaxAnswerRunes/2 {
			break
		}
		if g.entry == nil || g.score < primary.score*0.8 || g.cover < a.cfg.MinCoverage || g.cover < primary.cover {
			continue
		}
		s, _ := g.entry.SummaryIn(lang)
		c.add(focus(an, s, 420), c.cite(g.entry))
	}
	ans := Answer{Grounded: true, Answer: trimAnswer(c.text()), Composer: "extractive", Citations: c.citations}
	return a.generate(ctx, q, lang, ans), nil
}

func mentionsPay(e *knowledge.Entry) bool {
	for _, c := range retrieval.Concepts(retrieval.Tokens(e.Summary + " " + e.SummaryEN)) {
		if c == "pay" {
			return true
		}
	}
	return false
}

// focus shortens text to about max runes: its first sentence, then, one
// at a time, the sentence that adds the most question words not said yet,
// in their original order.
func focus(an analysis, text string, max int) string {
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	ss := sentences(text)
	if len(ss) <= 1 {
		return text
	}
	words := make([]map[string]bool, len(ss))
	for i, s := range ss {
		toks := retrieval.Tokens(s)
		words[i] = map[string]bool{}
		for _, t := range toks {
			words[i][t] = true
		}
		for _, k := range retrieval.Concepts(toks) {
			words[i]["#"+k] = true
		}
		if (an.intent == intentPay || an.intent == intentFigure) && len(knowledge.Numbers(s)) > 0 {
			words[i]["#figure"] = true
		}
	}
	want := map[string]bool{}
	for _, t := range an.topic {
		want[t] = true
	}
	if an.intent == intentPay || an.intent == intentFigure {
		want["#figure"] = true
	}
	covered := map[string]bool{}
	keep := make([]bool, len(ss))
	take := func(i int) {
		keep[i] = true
		for w := range words[i] {
			covered[w] = true
		}
	}
	take(0)
	size := utf8.RuneCountInString(ss[0])
	for {
		best, bestGain := -1, 0
		for i := 1; i < len(ss); i++ {
			if keep[i] || size+utf8.RuneCountInString(ss[i]) > max {
				continue
			}
			gain := 0
			for w := range want {
				if words[i][w] && !covered[w] {
					gain++
				}
			}
			if gain > bestGain {
				best, bestGain = i, gain
			}
		}
		if best < 0 {
			break
		}
		take(best)
		size += utf8.RuneCountInString(ss[best]) + 1
	}
	if size < max/2 && !keep[1] && size+utf8.RuneCountInString(ss[1]) <= max {
		keep[1] = true
	}
	var out []string
	for i, s := range ss {
		if keep[i] {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// bestSentences picks up to n sentences of an entry's matched chunks that
// share the most topic words with the question and were not said yet.
func bestSentences(an analysis, hits []retrieval.Hit, c *composition, n int) []string {
	type scored struct {
		s     string
		score int
		order int
	}
	var all []scored
	topic := map[string]bool{}
	for _, t := range an.topic {
		topic[t] = true
	}
	for _, c := range an.concepts {
		if !genericConcepts[c] || c == "pay" {
			topic["#"+c] = true
		}
	}
	said := strings.ToLower(strings.Join(c.lines, " "))
	for i, h := range hits {
		if !strings.Contains(h.Heading, " · ") || h.Lang != c.lang {
			continue // summaries are said already
		}
		for j, s := range sentences(h.Text) {
			toks := retrieval.Tokens(s)
			score := 0
			for _, t := range toks {
				if topic[t] {
					score += 2
				}
			}
			for _, k := range retrieval.Concepts(toks) {
				if topic["#"+k] {
					score++
				}
			}
			if an.intent == intentPay && len(knowledge.Numbers(s)) > 0 {
				score += 2
			}
			if score < 2 || strings.Contains(said, strings.ToLower(s)) || utf8.RuneCountInString(s) > 400 {
				continue
			}
			all = append(all, scored{s, score, i*100 + j})
		}
	}
	// Highest score first, then document order.
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && (all[j].score > all[j-1].score || all[j].score == all[j-1].score && all[j].order < all[j-1].order); j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	var out []string
	for _, x := range all {
		if len(out) == n {
			break
		}
		out = append(out, x.s)
	}
	return out
}

var bulletRE = regexp.MustCompile(`^\s*([-*+]|\d+[.)])\s+`)

// sentences splits Markdown text into sentences and list items. Lines of
// one paragraph or list item are joined first.
func sentences(text string) []string {
	var blocks []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			blocks = append(blocks, cur.String())
			cur.Reset()
		}
	}
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			flush()
			continue
		case bulletRE.MatchString(line):
			flush()
			trimmed = strings.TrimSpace(bulletRE.ReplaceAllString(line, ""))
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(trimmed)
	}
	flush()
	var out []string
	for _, b := range blocks {
		b = strings.ReplaceAll(b, "**", "")
		start := 0
		// A quotation is never cut: a mark inside one does not end the
		// sentence that quotes it.
		quoted := 0
		straight := false
		for i := 0; i < len(b); i++ {
			closing := 0 // the length of a closing quotation mark at i
			switch {
			case strings.HasPrefix(b[i:], "«"), strings.HasPrefix(b[i:], "“"):
				quoted++
			case strings.HasPrefix(b[i:], "»"), strings.HasPrefix(b[i:], "”"):
				quoted = max(0, quoted-1)
				closing = len("»")
			case b[i] == '"':
				straight = !straight
				if !straight {
					closing = 1
				}
			}
			if quoted > 0 || straight {
				continue
			}
			// A quotation that ends its sentence ("… parameters." The
			// work…) ends it too.
			if closing > 0 && endsWithMark(b[:i]) && i+closing+1 < len(b) && b[i+closing] == ' ' && sentenceEnd(b, i+closing-1) {
				out = append(out, strings.TrimSpace(b[start:i+closing]))
				start = i + closing + 1
				continue
			}
			if (b[i] == '.' || b[i] == '!' || b[i] == '?') && i+2 < len(b) && b[i+1] == ' ' && sentenceEnd(b, i) {
				out = append(out, strings.TrimSpace(b[start:i+1]))
				start = i + 2
			}
		}
		if s := strings.TrimSpace(b[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// endsWithMark reports whether s, spaces trimmed, ends with a mark that
// ends a sentence.
func endsWithMark(s string) bool {
	s = strings.TrimRight(s, " ")
	return s != "" && strings.ContainsRune(".!?", rune(s[len(s)-1]))
}

// abbreviations are the words, lowercase and without their final dot, after
// which a dot does not end a sentence.
var abbreviations = map[string]bool{
	"m": true, "mm": true, "mme": true, "mmes": true, "mlle": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "pr": true, "prof": true, "st": true, "ste": true, "jr": true, "sr": true,
	"e.g": true, "i.e": true, "cf": true, "vs": true, "p": true, "n°": true,
	"env": true, "av": true, "apr": true, "j.-c": true,
}

// sentenceEnd reports whether the mark at b[i], followed by a space, ends
// a sentence: the next word starts with a capital letter, a digit or a
// quote, and a dot is not that of an abbreviation ("M.", "Mme", "e.g.",
// "etc.") or an initial ("J. Smith"). A sentence after "etc." starts with
// a capital letter other than a name's initial.
func sentenceEnd(b string, i int) bool {
	next, _ := utf8.DecodeRuneInString(b[i+2:])
	if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune("«\"“", next) {
		return false
	}
	if b[i] != '.' {
		return true
	}
	j := i
	for j > 0 && b[j-1] != ' ' && b[j-1] != '(' {
		j--
	}
	word := strings.ToLower(strings.TrimLeft(b[j:i], "«\"“"))
	if j >= 3 && strings.ToLower(b[j-3:j]) == "p. " && word == "ex" {
		return false
	}
	if word == "etc" {
		// "Python, etc. Les recruteurs…" ends a sentence; "etc. 2023" does
		// not start one.
		return unicode.IsUpper(next)
	}
	if abbreviations[word] {
		return false
	}
	// An initial: one capital letter.
	if r, size := utf8.DecodeRuneInString(b[j:i]); size == i-j && unicode.IsUpper(r) {
		return false
	}
	return true
}

func trimAnswer(s string) string {
	if utf8.RuneCountInString(s) <= MaxAnswerRunes {
		return s
	}
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if utf8.RuneCountInString(b.String())+utf8.RuneCountInString(l) > MaxAnswerRunes {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	if b.Len() == 0 {
		return string([]rune(s)[:MaxAnswerRunes-1]) + "…"
	}
	return b.String()
}

var citeRE = regexp.MustCompile(`\[(\d+)\]`)

// CheckAnswer verifies a generated answer against its citations: every [n]
// refers to a citation, and every number in the answer appears in the text
// of an entry it cites. It returns what is wrong, or "".
func CheckAnswer(answer string, cited map[int]*knowledge.Entry) string {
	used := map[int]bool{}
	for _, m := range citeRE.FindAllStringSubmatch(answer, -1) {
		n, _ := strconv.Atoi(m[1])
		if cited[n] == nil {
			return fmt.Sprintf("cites [%d], which is not one of the excerpts", n)
		}
		used[n] = true
	}
	if len(used) == 0 {
		return "cites no excerpt"
	}
	entries := make([]*knowledge.Entry, 0, len(used))
	for n := range used {
		entries = append(entries, cited[n])
	}
	return unsupportedNumber(answer, entries)
}

// unsupportedNumber returns a problem when answer, its [n] marks left out,
// states a number that none of the cited entries contains, with the same
// unit when the answer gives one (see knowledge.Figures.Missing), or "".
func unsupportedNumber(answer string, cited []*knowledge.Entry) string {
	var text strings.Builder
	for _, e := range cited {
		text.WriteString(EntryText(e))
		text.WriteString("\n")
	}
	if missing := knowledge.NewFigures(text.String()).Missing(citeRE.ReplaceAllString(answer, "")); len(missing) > 0 {
		return fmt.Sprintf("states %s, which no cited entry contains", missing[0])
	}
	return ""
}

// EntryText is all of an entry's text, as checked for numbers.
func EntryText(e *knowledge.Entry) string {
	return strings.Join([]string{e.Title, e.TitleEN, strings.Join(e.Aliases, ", "), e.Summary, e.SummaryEN, e.Period, e.Body}, "\n")
}
