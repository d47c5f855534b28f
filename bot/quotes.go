package bot

import (
	"regexp"
	"slices"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// quoteRE matches a sentence that quotes someone.
var quoteRE = regexp.MustCompile(`«[^»]+»|“[^”]+”|"[^"]+"`)

// quoteMatch is the least share of the question's words a quotation must
// hold to answer "who said…" on its own.
const quoteMatch = 0.6

// scoredFact is a fact with its weight.
type scoredFact struct {
	fact
	score int
	// share is the share of the question's words the sentence holds.
	share float64
}

// quotes returns the sentences of the entries that quote someone, those
// sharing the most words with the subject first, each weighed ten times
// its wanted words, less its entry's rank among entries.
func quotes(entries []*knowledge.Entry, subject, lang string) []scoredFact {
	an := analyse(subject)
	want := wanted(an)
	var all []scoredFact
	for ei, e := range entries {
		for _, s := range entrySentences(e, lang) {
			if !quoteRE.MatchString(s) || isArticleNote(s) || WordCount(s) > 70 {
				continue
			}
			f := scoredFact{fact{s, e}, want.score(s)*10 - min(ei, 9), want.share(s)}
			if namesAll(s, an.proper) {
				// "Que pense Guillaume Durand de…": the speaker the
				// question names is what it asks for.
				f.score += speakerBonus
				f.share = 1
			}
			all = append(all, f)
		}
	}
	slices.SortStableFunc(all, func(x, y scoredFact) int { return y.score - x.score })
	return all
}

// speakerBonus lifts a quotation whose text names every name of the
// question above any that only shares its other words.
const speakerBonus = 1000

// namesAll reports whether s holds each of the stems of names, and there
// is at least one.
func namesAll(s string, names []string) bool {
	if len(names) == 0 {
		return false
	}
	toks := retrieval.Tokens(s)
	for _, n := range names {
		if !slices.Contains(toks, n) {
			return false
		}
	}
	return true
}

// figureFacts returns up to two sentences with figures about e that the
// question's words weigh most: e's own, then those of insights about it.
func (v *catalogView) figureFacts(e *knowledge.Entry, u Understanding) []fact {
	want := wanted(analyse(u.Subject)).without(e)
	type scored struct {
		f     fact
		score int
	}
	var all []scored
	for i, x := range append([]*knowledge.Entry{e}, v.related(e, knowledge.KindInsight)...) {
		for _, s := range entrySentences(x, u.Lang) {
			if statesFigure(s) && !isArticleNote(s) && WordCount(s) <= 60 {
				score := want.score(s)*4 - min(i, 3)
				if u.Intent == IntentMarket && hiringFigureRE.MatchString(fold(s)) {
					// "ça recrute beaucoup ?" asks for job offers.
					score += 4
				}
				all = append(all, scored{fact{s, x}, score})
			}
		}
	}
	slices.SortStableFunc(all, func(a, b scored) int { return b.score - a.score })
	var out []fact
	for _, x := range all[:min(2, len(all))] {
		if x.score > 0 || len(out) == 0 {
			out = append(out, x.f)
		}
	}
	return out
}

// hiringFigureRE matches a sentence about hiring: job offers, ads,
// openings, hires.
var hiringFigureRE = regexp.MustCompile(`\b(?:offres? d'emploi|annonces?|postes? ouverts?|recrut\w*|embauch\w*|job (?:posts?|offers?|ads?|openings?|postings?)|openings?|hiring|hires?|hired)\b`)
