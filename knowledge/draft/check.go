package draft

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/figures"
)

// ProblemCode is what is wrong with a draft.
type ProblemCode string

// The problems a draft can have.
const (
	// ProblemFigure: a number the cited articles do not state, with that
	// unit or about that.
	ProblemFigure ProblemCode = "figure"
	// ProblemTranslation: an English text states a figure more often than
	// the French text it translates.
	ProblemTranslation ProblemCode = "translation"
	// ProblemQuote: a quote that is not, word for word, in the article.
	ProblemQuote ProblemCode = "quote"
	// ProblemSentence: a figure's sentence that is not, word for word, in
	// the article.
	ProblemSentence ProblemCode = "sentence"
	// ProblemNonArticle: text taken from a part of the article that is not
	// the article's own.
	ProblemNonArticle ProblemCode = "non-article"
	// ProblemEntry: a field the catalog format refuses.
	ProblemEntry ProblemCode = "entry"
)

// Problem is one reason a draft is dropped.
type Problem struct {
	Code  ProblemCode
	Field string
	// Text is what is wrong, as written in the draft: the quantity, the
	// quote, the non-article text.
	Text string
	Msg  string
}

func (p Problem) String() string { return p.Field + ": " + p.Msg }

// Unsupported returns a problem for each number of the entry that no
// article it cites states: the same value with the same unit and, in the
// entry's French text (the articles' language), not said of something else
// (see figures.Set.MissingInContext). English text is checked for value and
// unit and, as a translation, may state a figure (years aside) no more
// often than the French text it translates. figs holds the figures of each
// article by name; sources that are not among them are not checked.
func Unsupported(e *knowledge.Entry, figs map[string]*figures.Set) []Problem {
	type field struct {
		name, text string
		french     bool
	}
	french := e.Lang == "fr"
	fields := []field{
		{"title", e.Title, french}, {"title_en", e.TitleEN, false}, {"aliases", strings.Join(e.Aliases, ", "), false},
		{"summary", e.Summary, french}, {"summary_en", e.SummaryEN, false}, {"period", e.Period, false},
		{"body", e.Body, french},
	}
	var out []Problem
	for _, f := range fields {
		missing := map[int]int{} // start of a quantity → sources that lack it
		sources := 0
		var qs []figures.Quantity
		for _, s := range e.Sources {
			fig := figs[s.Article]
			if fig == nil {
				continue
			}
			sources++
			if f.french {
				qs = fig.MissingInContext(f.text)
			} else {
				qs = fig.Missing(f.text)
			}
			for _, q := range qs {
				missing[q.Start]++
			}
		}
		if sources == 0 {
			continue
		}
		for _, q := range figures.Quantities(f.text) {
			if missing[q.Start] == sources {
				out = append(out, Problem{Code: ProblemFigure, Field: f.name, Text: q.Text,
					Msg: fmt.Sprintf("states %s (%q), which no cited article states", q, q.Text)})
			}
		}
	}
	if french {
		for _, p := range [][2]string{{"title_en", "title"}, {"summary_en", "summary"}} {
			en, fr := e.TitleEN, e.Title
			if p[0] == "summary_en" {
				en, fr = e.SummaryEN, e.Summary
			}
			have := figureCounts(fr)
			for v, n := range figureCounts(en) {
				if n > have[v] {
					out = append(out, Problem{Code: ProblemTranslation, Field: p[0], Text: v,
						Msg: fmt.Sprintf("states %s %d time(s), %s %d: an English text translates the French one", v, n, p[1], have[v])})
				}
			}
		}
	}
	return out
}

// figureCounts counts how many times text states each value, years aside.
func figureCounts(text string) map[string]int {
	out := map[string]int{}
	for _, q := range figures.Quantities(text) {
		if q.Unit == figures.UnitNone && len(q.Value) == 4 && q.Value >= "1900" && q.Value <= "2100" {
			continue
		}
		out[q.Value]++
	}
	return out
}

// quoted matches the passages a draft quotes.
var quoted = regexp.MustCompile(`«\s*([^»]{3,}?)\s*»|“([^”]{3,}?)”|"([^"]{3,}?)"`)

// normalQuote puts a passage in the form quotes are compared in: straight
// apostrophes, single spaces, no ellipsis marks at the ends.
func normalQuote(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "\u00a0", " ", "\u202f", " ").Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, " …")
}

// Quotes returns a problem for each quote of the entry, in its source's
// quote field or between quotation marks in its French or its own-language
// text, that the article's clean text does not hold word for word.
func (a *Article) checkQuotes(e *knowledge.Entry) []Problem {
	clean := normalQuote(a.clean)
	var out []Problem
	check := func(field, q string) {
		if len(strings.Fields(q)) < 2 {
			return
		}
		// A quote may be cut with "…" where words are left out: each piece
		// must be the article's.
		for _, piece := range strings.Split(q, "…") {
			if p := normalQuote(piece); p != "" && !strings.Contains(clean, p) {
				out = append(out, Problem{Code: ProblemQuote, Field: field, Text: q,
					Msg: fmt.Sprintf("quotes %q, which the article does not say word for word", q)})
				return
			}
		}
	}
	for _, s := range e.Sources {
		if s.Article == a.Name && s.Quote != "" {
			check("sources.quote", strings.Trim(s.Quote, "«»“”\" "))
		}
	}
	for _, f := range []struct{ name, text string }{{"title", e.Title}, {"summary", e.Summary}, {"body", e.Body}} {
		for _, m := range quoted.FindAllStringSubmatch(f.text, -1) {
			check(f.name, m[1]+m[2]+m[3])
		}
	}
	return out
}

// checkParts returns a problem for each non-article part of the article
// that the entry holds (repeated passages aside: their first copy is the
// article's).
func (a *Article) checkParts(e *knowledge.Entry) []Problem {
	text := fold(string(knowledge.Marshal(e)))
	var out []Problem
	for _, p := range a.Parts {
		if p.Kind == PartRepeat {
			continue
		}
		probe := p.Text
		if p.Kind == PartLabel {
			// A label alone is a word like any other; glued to the text, it
			// is the box's.
			probe = a.Text[p.Start:min(len(a.Text), p.End+1)]
		}
		if holdsPart(text, fold(probe)) {
			out = append(out, Problem{Code: ProblemNonArticle, Field: "text", Text: strings.TrimSpace(p.Text),
				Msg: fmt.Sprintf("holds %q, a %s of the article, not its text", strings.TrimSpace(p.Text), p.Kind)})
		}
	}
	return out
}

// holdsPart reports whether the folded text holds the folded part: all of
// it when it is short, any four words in a row of it otherwise.
func holdsPart(text, part string) bool {
	words := strings.Fields(part)
	if len(words) <= 4 {
		return len(part) >= 4 && strings.Contains(text, part)
	}
	for i := 0; i+4 <= len(words); i++ {
		if strings.Contains(text, strings.Join(words[i:i+4], " ")) {
			return true
		}
	}
	return false
}

// Check returns every problem of a draft entry citing the article: the
// catalog format's field rules, numbers the article does not state with
// that unit, quotes it does not hold word for word, text from its
// non-article parts. A draft with no problem may be written.
func (a *Article) Check(e *knowledge.Entry) []Problem {
	var out []Problem
	for _, p := range knowledge.Check(e) {
		out = append(out, Problem{Code: ProblemEntry, Field: p.Field, Msg: p.Msg})
	}
	cites := false
	for _, s := range e.Sources {
		cites = cites || s.Article == a.Name
	}
	if !cites {
		out = append(out, Problem{Code: ProblemEntry, Field: "sources", Msg: fmt.Sprintf("does not cite %s, the article it is drafted from", a.Name)})
	}
	out = append(out, Unsupported(e, map[string]*figures.Set{a.Name: a.figs})...)
	out = append(out, a.checkQuotes(e)...)
	out = append(out, a.checkParts(e)...)
	return out
}
