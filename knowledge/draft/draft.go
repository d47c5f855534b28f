package draft

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/figures"
)

// Figure is one figure of a draft or a change, with the sentence of the
// article it comes from.
type Figure struct {
	Quantity figures.Quantity
	Sentence string
}

// Draft is a new entry drafted from an article, status draft.
type Draft struct {
	Entry   *knowledge.Entry
	Figures []Figure
	Quotes  []Quote
}

// Change is what an article adds to an entry the catalog already holds:
// the article as a new source, new figures, the sentences that name it.
type Change struct {
	Slug  string
	Kind  knowledge.Kind
	Title string
	// NewSource is the article, when the entry does not cite it yet.
	NewSource *knowledge.Source
	// Figures are the figures of the sentences naming the entry that the
	// entry does not state.
	Figures []Figure
	// Sentences are the article's sentences that name the entry.
	Sentences []string
	Quotes    []Quote
}

// Empty reports whether the change adds nothing: the entry cites the
// article already and states its figures.
func (c Change) Empty() bool { return c.NewSource == nil && len(c.Figures) == 0 }

// Known is a figure sentence that an insight of the catalog citing the
// article states already.
type Known struct {
	Slug     string
	Sentence string
}

// Dropped is a draft or a part of a change that failed the check.
type Dropped struct {
	// What names it: the draft's slug, or "change to SLUG".
	What     string
	Problems []Problem
}

// Result is what drafting from an article proposes.
type Result struct {
	Article *Article
	Drafts  []Draft
	Changes []Change
	Known   []Known
	Quotes  []Quote
	Dropped []Dropped
}

// Drafter drafts entries from an article, given the entries the catalog
// already holds. What it returns has passed Keep.
type Drafter interface {
	Draft(ctx context.Context, a *Article, existing []*knowledge.Entry) (*Result, error)
}

// Extractive drafts from the article's own sentences, offline: every
// sentence stating a figure becomes an insight, every job the article
// introduces a role (or a change to the role that has its name), every
// entry of the catalog it names a change citing it.
type Extractive struct{}

// maxSentences is how many of the article's sentences an entry's summary
// takes, and maxBody how many its body.
const (
	maxSentences = 3
	maxBody      = 8
)

// Draft implements Drafter. The result is checked: see Keep.
func (Extractive) Draft(_ context.Context, a *Article, existing []*knowledge.Entry) (*Result, error) {
	r := &Result{Article: a, Quotes: quotes(a.clean)}
	sents := sentences(a.clean)
	folded := make([]string, len(sents))
	for i, s := range sents {
		folded[i] = fold(s.Text)
	}
	slugs := map[string]bool{}
	for _, e := range existing {
		slugs[e.Slug] = true
	}
	unique := func(s string) string {
		s = cut(s, 60)
		if s == "" || len(s) < 2 {
			s = "draft"
		}
		out := s
		for n := 2; slugs[out]; n++ {
			out = fmt.Sprintf("%s-%d", s, n)
		}
		slugs[out] = true
		return out
	}
	quotesIn := func(s sentence) []Quote {
		var out []Quote
		for _, q := range r.Quotes {
			if q.Start >= s.Start && q.Start < s.End {
				out = append(out, q)
			}
		}
		return out
	}

	// Entries of the catalog the article names.
	var matchers []*entryMatcher
	for _, e := range existing {
		if e.Kind == knowledge.KindRole || e.Kind == knowledge.KindSkill || e.Kind == knowledge.KindTraining {
			matchers = append(matchers, newEntryMatcher(e))
		}
	}
	named := map[string][]int{} // slug → sentences
	for _, m := range matchers {
		for i := range sents {
			if m.in(folded[i]) {
				named[m.entry.Slug] = append(named[m.entry.Slug], i)
			}
		}
	}
	// Jobs and skills the article introduces.
	type found struct {
		name  string
		kind  knowledge.Kind
		sents []int
	}
	var news []*found
	byKey := map[string]*found{}
	for i, s := range sents {
		for _, kn := range []struct {
			kind  knowledge.Kind
			names []string
		}{{knowledge.KindRole, roleNames(s.Text)}, {knowledge.KindSkill, skillNames(s.Text)}} {
			kind := kn.kind
			for _, n := range kn.names {
				var match *entryMatcher
				for _, m := range matchers {
					if m.entry.Kind == kind && m.same(n) {
						match = m
						break
					}
				}
				if match != nil {
					if !containsInt(named[match.entry.Slug], i) {
						named[match.entry.Slug] = append(named[match.entry.Slug], i)
					}
					continue
				}
				key := nameKey(n)
				f := byKey[key]
				if f == nil {
					f = &found{name: n, kind: kind}
					byKey[key] = f
					news = append(news, f)
				}
				if !containsInt(f.sents, i) {
					f.sents = append(f.sents, i)
				}
			}
		}
	}

	// Changes to the entries named.
	src := a.Source()
	for _, m := range matchers {
		idx := named[m.entry.Slug]
		if len(idx) == 0 {
			continue
		}
		sort.Ints(idx)
		e := m.entry
		c := Change{Slug: e.Slug, Kind: e.Kind, Title: e.Title}
		cites := false
		for _, s := range e.Sources {
			cites = cites || s.Article == a.Name
		}
		if !cites {
			s := src
			c.NewSource = &s
		}
		has := figures.Of(e.Title + "\n" + e.Summary + "\n" + e.Body)
		for _, i := range idx {
			c.Sentences = append(c.Sentences, sents[i].Text)
			c.Quotes = append(c.Quotes, quotesIn(sents[i])...)
			for _, q := range has.Missing(sents[i].Text) {
				if !year(q) {
					c.Figures = append(c.Figures, Figure{Quantity: q, Sentence: sents[i].Text})
				}
			}
		}
		r.Changes = append(r.Changes, c)
	}

	// Drafts of the jobs and skills the catalog lacks.
	draftSlug := map[*found]string{}
	for _, f := range news {
		draftSlug[f] = unique(knowledge.Slugify(f.name))
	}
	for _, f := range news {
		e := &knowledge.Entry{Slug: draftSlug[f], Kind: f.kind, Lang: a.Lang, Status: knowledge.StatusDraft,
			Title: capitalize(f.name), Sources: []knowledge.Source{src}}
		var d Draft
		var texts []string
		related := map[string]bool{}
		for _, i := range f.sents {
			texts = append(texts, sents[i].Text)
			d.Quotes = append(d.Quotes, quotesIn(sents[i])...)
			for _, q := range figures.Quantities(sents[i].Text) {
				if !year(q) {
					d.Figures = append(d.Figures, Figure{Quantity: q, Sentence: sents[i].Text})
				}
			}
			for slug, idx := range named {
				if containsInt(idx, i) {
					related[slug] = true
				}
			}
			for _, g := range news {
				if g != f && containsInt(g.sents, i) {
					related[draftSlug[g]] = true
				}
			}
		}
		e.Summary = summary(texts)
		e.Body = Body(a.Lang, texts[:min(len(texts), maxBody)])
		if len(d.Quotes) > 0 {
			e.Sources[0].Quote = d.Quotes[0].Text
		}
		e.Relations.Related = sortedKeys(related)
		d.Entry = e
		r.Drafts = append(r.Drafts, d)
	}

	// Insights for the figures.
	var insights []*knowledge.Entry
	for _, e := range existing {
		if e.Kind != knowledge.KindInsight {
			continue
		}
		for _, s := range e.Sources {
			if s.Article == a.Name {
				insights = append(insights, e)
				break
			}
		}
	}
	for i, s := range sents {
		var qs []figures.Quantity
		for _, q := range figures.Quantities(s.Text) {
			if !year(q) {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			continue
		}
		if slug := knownIn(insights, qs); slug != "" {
			r.Known = append(r.Known, Known{Slug: slug, Sentence: s.Text})
			continue
		}
		e := &knowledge.Entry{Kind: knowledge.KindInsight, Lang: a.Lang, Status: knowledge.StatusDraft,
			Title: clipWords(strings.TrimSuffix(s.Text, "."), 150), Summary: s.Text, Period: period(a, sents, i),
			Sources: []knowledge.Source{src}, Body: Body(a.Lang, []string{s.Text})}
		e.Slug = unique(knowledge.Slugify(clipWords(s.Text, 50)))
		d := Draft{Entry: e, Quotes: quotesIn(s)}
		for _, q := range qs {
			d.Figures = append(d.Figures, Figure{Quantity: q, Sentence: s.Text})
		}
		if len(d.Quotes) > 0 {
			e.Sources[0].Quote = d.Quotes[0].Text
		}
		related := map[string]bool{}
		for slug, idx := range named {
			if containsInt(idx, i) {
				related[slug] = true
			}
		}
		for _, f := range news {
			if containsInt(f.sents, i) {
				related[draftSlug[f]] = true
			}
		}
		e.Relations.Related = sortedKeys(related)
		r.Drafts = append(r.Drafts, d)
	}
	return Keep(r), nil
}

// Keep checks every draft and change of r against its article. A figure
// whose sentence is not the article's word for word, or whose number the
// article does not state with that unit, is dropped, and so is a quote the
// article does not hold verbatim (from a source's quote field too); a
// draft whose own text fails the check (see Article.Check) is dropped as a
// whole. Each is listed in r.Dropped with its problems, and relations to
// dropped drafts are removed.
func Keep(r *Result) *Result {
	a := r.Article
	kept := r.Drafts[:0]
	gone := map[string]bool{}
	for _, d := range r.Drafts {
		d.Figures = a.keepFigures(d.Figures, d.Entry.Slug, r)
		var qs []Quote
		for _, q := range d.Quotes {
			if ps := a.quoteProblems(q); len(ps) > 0 {
				r.Dropped = append(r.Dropped, Dropped{What: "quote of " + d.Entry.Slug, Problems: ps})
				for i := range d.Entry.Sources {
					if d.Entry.Sources[i].Quote == q.Text {
						d.Entry.Sources[i].Quote = ""
					}
				}
				continue
			}
			qs = append(qs, q)
		}
		d.Quotes = qs
		if ps := a.Check(d.Entry); len(ps) > 0 {
			r.Dropped = append(r.Dropped, Dropped{What: d.Entry.Slug, Problems: ps})
			gone[d.Entry.Slug] = true
			continue
		}
		kept = append(kept, d)
	}
	r.Drafts = kept
	for _, d := range r.Drafts {
		rel := &d.Entry.Relations
		rel.Requires = without(rel.Requires, gone)
		rel.LearnWith = without(rel.LearnWith, gone)
		rel.Related = without(rel.Related, gone)
	}
	for i := range r.Changes {
		c := &r.Changes[i]
		c.Figures = a.keepFigures(c.Figures, "change to "+c.Slug, r)
		var qs []Quote
		for _, q := range c.Quotes {
			if ps := a.quoteProblems(q); len(ps) > 0 {
				r.Dropped = append(r.Dropped, Dropped{What: "quote of the change to " + c.Slug, Problems: ps})
				continue
			}
			qs = append(qs, q)
		}
		c.Quotes = qs
	}
	return r
}

// keepFigures returns the figures that pass the check, listing the others
// in r.Dropped under what.
func (a *Article) keepFigures(figs []Figure, what string, r *Result) []Figure {
	var out []Figure
	for _, f := range figs {
		if ps := a.figureProblems(f); len(ps) > 0 {
			r.Dropped = append(r.Dropped, Dropped{What: "figure of " + what, Problems: ps})
			continue
		}
		out = append(out, f)
	}
	return out
}

// figureProblems checks a figure: its sentence is the article's, word for
// word and from its own text, and states the figure, which the article
// states with that unit.
func (a *Article) figureProblems(f Figure) []Problem {
	var out []Problem
	if !strings.Contains(normalQuote(a.clean), normalQuote(f.Sentence)) {
		out = append(out, Problem{Code: ProblemSentence, Field: "figures", Text: f.Sentence,
			Msg: fmt.Sprintf("the sentence of %s, %q, is not the article's word for word", f.Quantity, clipWords(f.Sentence, 120))})
	}
	if len(a.figs.Missing(f.Quantity.Text)) > 0 {
		out = append(out, Problem{Code: ProblemFigure, Field: "figures", Text: f.Quantity.Text,
			Msg: fmt.Sprintf("states %s (%q), which the article does not state", f.Quantity, f.Quantity.Text)})
	} else if len(figures.Of(f.Sentence).Missing(f.Quantity.Text)) > 0 {
		out = append(out, Problem{Code: ProblemFigure, Field: "figures", Text: f.Quantity.Text,
			Msg: fmt.Sprintf("states %s (%q), which its sentence does not state", f.Quantity, f.Quantity.Text)})
	}
	return out
}

// quoteProblems checks that a quote is the article's word for word.
func (a *Article) quoteProblems(q Quote) []Problem {
	e := &knowledge.Entry{Sources: []knowledge.Source{{Article: a.Name, Quote: q.Text}}}
	return a.checkQuotes(e)
}

func without(slugs []string, gone map[string]bool) []string {
	var out []string
	for _, s := range slugs {
		if !gone[s] {
			out = append(out, s)
		}
	}
	return out
}

// knownIn returns the insight that states every figure of qs, or "".
func knownIn(insights []*knowledge.Entry, qs []figures.Quantity) string {
	for _, e := range insights {
		has := figures.Of(e.Title + "\n" + e.Summary + "\n" + e.Body)
		missing := 0
		for _, q := range qs {
			if q.Unit == figures.UnitNone {
				missing++ // a bare number says too little to tell
				continue
			}
			if len(has.Missing(q.Text)) > 0 {
				missing++
			}
		}
		if missing == 0 {
			return e.Slug
		}
	}
	return ""
}

func year(q figures.Quantity) bool {
	return q.Unit == figures.UnitNone && len(q.Value) == 4 && q.Value >= "1900" && q.Value <= "2100"
}

// period is the period an insight's figure describes: the years its
// sentence states, or its paragraph's, or the article's date when the
// article states it; otherwise HR is asked for it.
func period(a *Article, sents []sentence, i int) string {
	years := func(text string) []string {
		var out []string
		seen := map[string]bool{}
		for _, q := range figures.Quantities(text) {
			if year(q) && !seen[q.Value] {
				seen[q.Value] = true
				out = append(out, q.Value)
			}
		}
		return out
	}
	if ys := years(sents[i].Text); len(ys) > 0 {
		return strings.Join(ys, " – ")
	}
	var para []string
	for _, s := range sents {
		if s.Para == sents[i].Para {
			para = append(para, s.Text)
		}
	}
	if ys := years(strings.Join(para, " ")); len(ys) > 0 {
		return strings.Join(ys, " – ")
	}
	if ys := years(a.Date); len(ys) > 0 && len(a.figs.Missing(ys[0])) == 0 {
		return ys[0]
	}
	return PeriodToAsk
}

// PeriodToAsk is the period of an insight whose article gives none: HR
// writes it in before publishing.
const PeriodToAsk = "à préciser"

// summary joins the first sentences, within the catalog's limit.
func summary(texts []string) string {
	var b strings.Builder
	for i, t := range texts {
		if i == maxSentences || utf8.RuneCountInString(b.String())+utf8.RuneCountInString(t) > knowledge.MaxSummary-10 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

// Body quotes an article's sentences under one heading, in the article's
// language: the body of a drafted entry.
func Body(lang string, texts []string) string {
	head := "## Dans l'article"
	if lang == "en" {
		head = "## In the article"
	}
	if len(texts) == 0 {
		return head
	}
	return head + "\n\n" + strings.Join(texts, "\n\n")
}

// clipWords cuts s to at most n runes at a word boundary, with "…".
func clipWords(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// cut shortens a slug to at most n bytes at a hyphen.
func cut(slug string, n int) string {
	if len(slug) <= n {
		return slug
	}
	s := slug[:n]
	if i := strings.LastIndexByte(s, '-'); i > n/2 {
		s = s[:i]
	}
	return strings.Trim(s, "-")
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
