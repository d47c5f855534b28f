package bot

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/figures"
	"github.com/careerbot/careerbot/retrieval"
)

// numberQuestionRE matches questions that ask for a figure.
var numberQuestionRE = regexp.MustCompile(`\b(?:combien|how much|how many|quel prix|quel tarif|what price|what does it cost|cost of|price of|prix d\w*|tarif d\w*|quel pourcentage|quelle part|what share|what percentage|what proportion|quel (?:est le )?(?:nombre|montant|taux|chiffre)|what (?:is the )?(?:number|amount|rate|figure)|how fast|a quel point|by how much|de combien)\b`)

// scoredSentence is one sentence of a candidate entry, weighed against
// the question.
type scoredSentence struct {
	fact
	score int
	order int
}

// rankSentences weighs the sentences of e against the question: two for
// each topic stem, one for each concept, two for a figure when one is
// asked; in the entry's order among equals.
func rankSentences(e *knowledge.Entry, lang string, an analysis, figure func(string) bool) []scoredSentence {
	want := wanted(an).without(e).andSynonyms(an)
	var out []scoredSentence
	for i, s := range entrySentences(e, lang) {
		if isArticleNote(s) || WordCount(s) > 70 {
			continue
		}
		score := want.score(s)
		if figure != nil && figure(s) {
			score += 3
		}
		out = append(out, scoredSentence{fact{s, e}, score, i})
	}
	slices.SortStableFunc(out, func(a, b scoredSentence) int { return b.score - a.score })
	return out
}

// vagueConcepts say nothing of what answers a question: every sentence of
// the base is about AI and jobs.
var vagueConcepts = map[string]bool{"job": true, "ai": true, "become": true, "company": true}

// wantedWords are the stems and concepts ("#pay") a question is about.
type wantedWords map[string]bool

// wanted returns the words of an analysed question that a sentence
// answering it would hold: its topic stems and its telling concepts.
func wanted(an analysis) wantedWords {
	w := wantedWords{}
	for _, t := range an.topic {
		w[t] = true
	}
	// Words that stand for a concept ("diplôme": training) are wanted as
	// themselves too: they tell sentences of one entry apart.
	for _, t := range an.tokens {
		if !genericWords[t] && len(t) >= 3 {
			w[t] = true
		}
	}
	for _, c := range an.concepts {
		if !vagueConcepts[c] {
			w["#"+c] = true
		}
	}
	return w
}

// andSynonyms returns w with the other terms of the synonym groups of
// its topic stems, weighed less: "formation d'ingénieur" tells apart the
// sentence that answers "faut-il savoir coder ?". Stems w no longer holds
// (the entry's names) bring none.
func (w wantedWords) andSynonyms(an analysis) wantedWords {
	for _, t := range an.topic {
		if !w[t] {
			continue
		}
		for _, x := range an.alt[t] {
			if !w[x] && len(x) >= 3 && !genericWords[x] {
				w["~"+x] = true // not "up" of "hook up"
			}
		}
	}
	return w
}

// without returns w less the words of e's names: every sentence of an
// entry is about the entry, so its name tells none of them apart. When
// nothing else is wanted, w is kept whole.
func (w wantedWords) without(e *knowledge.Entry) wantedWords {
	name := map[string]bool{}
	for _, n := range append([]string{e.Title, e.TitleEN}, e.Aliases...) {
		toks := retrieval.Tokens(n)
		for _, t := range toks {
			name[t] = true
		}
		for _, c := range retrieval.Concepts(toks) {
			name["#"+c] = true
		}
	}
	out := wantedWords{}
	for k := range w {
		if !name[k] {
			out[k] = true
		}
	}
	if len(out) == 0 {
		return w
	}
	return out
}

// score weighs a sentence: two for each wanted stem, one for each wanted
// concept and each synonym of a wanted stem.
func (w wantedWords) score(s string) int {
	toks := retrieval.Tokens(s)
	score := 0
	for _, t := range toks {
		if w[t] {
			score += 2
		} else if w["~"+t] {
			score++
		}
	}
	for _, c := range retrieval.Concepts(toks) {
		if w["#"+c] {
			score++
		}
	}
	return score
}

// holdsStem reports whether s holds one of w's stems or their synonyms,
// not only its concepts.
func (w wantedWords) holdsStem(s string) bool {
	for _, t := range retrieval.Tokens(s) {
		if w[t] || w["~"+t] {
			return true
		}
	}
	return false
}

// share returns the share of w's stems (not its concepts) that s holds.
func (w wantedWords) share(s string) float64 {
	stems, held := 0, 0
	toks := map[string]bool{}
	for _, t := range retrieval.Tokens(s) {
		toks[t] = true
	}
	for k := range w {
		if strings.HasPrefix(k, "#") || strings.HasPrefix(k, "~") {
			continue
		}
		stems++
		if toks[k] {
			held++
		}
	}
	if stems == 0 {
		return 0
	}
	return float64(held) / float64(stems)
}

// best returns the sentence of ss that w weighs most, the first among
// equals, or "" when none holds a wanted word.
func (w wantedWords) best(ss []string) string {
	best, top := "", 0
	for _, s := range ss {
		if isArticleNote(s) {
			continue
		}
		if sc := w.score(s); sc > top {
			best, top = s, sc
		}
	}
	return best
}

// composeSearch writes the extractive answer from the entries the search
// found: the sentences of the best entry that answer the question, the
// answer first; its skills and trainings for a path or skills question;
// other entries that answer as well, in More. Then the generative
// composer, if any, rewrites it.
func (a *Assistant) composeSearch(ctx context.Context, q Question, u Understanding, an analysis, cands []*entryHits) (Answer, error) {
	lang := u.Lang
	b := newBrief(u)
	if u.Threatened != "" {
		b.plain(threatLine(u))
	}
	primary := cands[0].entry
	var figure func(string) bool // the test of a sentence that gives the figure asked, if any
	if numberQuestionRE.MatchString(fold(u.Text)) || u.Intent == IntentPay {
		figure = givesFigure(u)
	}
	if u.Intent == IntentQuote {
		var es []*knowledge.Entry
		for _, g := range cands[:min(3, len(cands))] {
			es = append(es, g.entry)
		}
		if qs := quotes(es, u.Subject, lang); len(qs) > 0 && qs[0].score > 0 {
			b.say(qs[0].text, qs[0].entry)
			if len(qs) > 1 && qs[1].entry == qs[0].entry {
				b.sayMore(qs[1].text, qs[1].entry)
			}
			return a.generate(ctx, q, lang, b.answer()), nil
		}
	}
	ranked := rankSentences(primary, lang, an, figure)
	if figure != nil && !slices.ContainsFunc(ranked[:min(2, len(ranked))], func(s scoredSentence) bool { return figure(s.text) }) {
		// The best entry states no figure: another candidate may. The
		// one whose figure sentence fits the question best gives it, a
		// fact (an insight) before a role or a skill that repeats it.
		var alt []scoredSentence
		best := 0
		for _, g := range cands[1:min(4, len(cands))] {
			r := rankSentences(g.entry, lang, an, figure)
			// An entry the best one relates to ("the expert annotators"
			// → "what Mercor pays its experts") needs to share fewer
			// of the question's words than a stranger.
			need := 5
			if slices.Contains(primary.Relations.Related, g.slug) && g.cover >= a.cfg.MinCoverage {
				need = 4
			}
			if len(r) == 0 || !figure(r[0].text) || r[0].score < need {
				continue
			}
			fit := r[0].score
			if g.kind == knowledge.KindInsight {
				fit++
			}
			if fit > best {
				alt, best = r[:1], fit
			}
		}
		ranked = append(alt, ranked...)
	}
	// The answer first: the best sentence; the entry's first sentence
	// when the question asks what it is, or when nothing scores.
	var lead []scoredSentence
	if len(ranked) > 0 && ranked[0].score > 0 && !(u.Intent == IntentDefinition && u.Stated) {
		lead = append(lead, ranked[0])
		if len(ranked) > 1 && ranked[1].score >= max(2, ranked[0].score/2) {
			lead = append(lead, ranked[1])
		}
		slices.SortStableFunc(lead, func(x, y scoredSentence) int {
			if x.entry != y.entry {
				return 0
			}
			return x.order - y.order
		})
	}
	for back := 0; back < 2 && len(lead) > 0 && lead[0].order > 0 && leansBack(lead[0].text); back++ {
		// "They meet the strong demand…" opens on a word that points to
		// the sentence before it: that one comes first, and the one
		// before it when it points back too ("These specialists…", then
		// "It is one of…").
		ss := entrySentences(lead[0].entry, lang)
		if lead[0].order >= len(ss) {
			break
		}
		prev := ss[lead[0].order-1]
		if WordCount(prev) > 45 {
			prev = headClause(prev, 30)
		}
		if prev == "" || isArticleNote(prev) {
			break
		}
		lead = append([]scoredSentence{{fact{prev, lead[0].entry}, lead[0].score, lead[0].order - 1}}, lead...)
	}
	if len(lead) == 2 && leansBack(lead[1].text) && !(lead[1].entry == lead[0].entry && lead[1].order == lead[0].order+1) {
		// A second sentence that points back ("Pour lui, …") to one
		// that is not before it says nothing.
		lead = lead[:1]
	}
	if len(lead) == 0 {
		b.say(firstSentence(primary, lang), primary)
		if len(ranked) > 0 && ranked[0].score > 0 {
			lead = append(lead, ranked[0])
		}
	}
	for _, s := range lead {
		b.say(s.text, s.entry)
	}
	if figure != nil && !figure(strings.Join(b.main, " ")) {
		return a.noFigureFound(u, b), nil
	}
	if primary.Kind == knowledge.KindRole || primary.Kind == knowledge.KindSkill {
		switch u.Intent {
		case IntentPath, IntentSkills, IntentTrainings:
			related, err := a.relatedEntries(ctx, primary)
			if err != nil {
				return Answer{}, err
			}
			by := map[string]*knowledge.Entry{}
			for _, r := range related {
				by[r.Slug] = r
			}
			names := func(slugs []string) []string {
				var out []string
				for _, s := range slugs {
					if r := by[s]; r != nil {
						out = append(out, r.TitleIn(lang))
					}
				}
				return out
			}
			if n := names(primary.Relations.Requires); len(n) > 0 {
				b.say(Msg(lang, "Key skills: ", "Compétences clés : ")+list(lang, n)+".", primary)
			}
			if n := names(primary.Relations.LearnWith); len(n) > 0 {
				b.say(learnLabel(lang, primary)+list(lang, n)+".", primary)
			}
		}
	}
	// Other entries that answer as well, in More.
	for _, g := range cands[1:] {
		if len(b.citations) >= 4 {
			break
		}
		if g.entry == nil || g.score < cands[0].score*0.6 || g.cover < a.cfg.MinCoverage {
			continue
		}
		if r := rankSentences(g.entry, lang, an, figure); len(r) > 0 && r[0].score > 0 {
			b.sayMore(r[0].text, g.entry)
		}
	}
	ans := b.answer()
	if u.YesNo {
		ans = withYesNo(ans, u, primary, an)
	}
	return a.generate(ctx, q, lang, ans), nil
}

// leansBack reports whether a sentence opens on a word that points to the
// one before it ("They…", "Ces talents…", "Elle…"), not on an impersonal
// "il" ("Il existe…", "Il faut…").
func leansBack(s string) bool {
	words := strings.Fields(strings.ToLower(s))
	if len(words) < 2 {
		return false
	}
	switch strings.Trim(words[0], ",") {
	case "they", "these", "those", "such", "this", "he", "she", "it", "it's", "its", "his", "her", "son", "sa", "ses", "ils", "elles", "elle", "ces", "cette", "cet", "celui-ci", "celle-ci", "ceux-ci", "cela", "ceci", "c'est":
		return true
	case "pour", "selon", "d'apres", "d'après", "for", "according":
		// "Pour lui, …", "Selon elle, …", "According to him, …"
		next := strings.Trim(words[1], ",")
		if next == "to" && len(words) > 2 {
			next = strings.Trim(words[2], ",")
		}
		switch next {
		case "lui", "elle", "eux", "elles", "him", "her", "them":
			return true
		}
	case "il":
		switch words[1] {
		case "existe", "faut", "y", "est", "s'agit", "reste", "suffit", "semble", "manque":
			return false
		}
		return true
	}
	return false
}

// threatLine says that the base does not tell one job's future, before
// what it says of jobs lost and made by AI.
func threatLine(u Understanding) string {
	what := u.Threatened
	if what == "job" {
		what = Msg(u.Lang, "your job", "votre métier")
	}
	for mine, yours := range map[string]string{"my ": "your ", "our ": "your ", "mon ": "votre ", "ma ": "votre ", "mes ": "vos ", "notre ": "votre ", "nos ": "vos "} {
		if rest, ok := strings.CutPrefix(what, mine); ok {
			what = yours + rest
		}
	}
	return Msg(u.Lang, "The knowledge base does not say whether AI will replace "+what+"; what it says of AI and jobs:",
		"La base de connaissances ne dit pas si l'IA remplacera "+what+" ; ce qu'elle dit de l'IA et de l'emploi :")
}

// payRateRE matches a question for a rate of pay ("combien de l'heure"),
// which a count does not answer.
var payRateRE = regexp.MustCompile(`\b(?:combien (?:de l'heure|par heure|l'heure|par jour|par mois|par an)|how much (?:an|per|a) (?:hour|day|month|year))\b`)

// priceRE matches the words of a question about what something costs.
var priceRE = regexp.MustCompile(`\b(?:cost|costs|price|prices|priced|fee|fees|coute|coutent|cout|prix|tarif|tarifs|frais)\b`)

// givesFigure returns the test of a text that gives the figure u asks
// for: an amount of money when u asks what something costs (a share or a
// count does not answer that), any figure otherwise.
func givesFigure(u Understanding) func(string) bool {
	switch t := fold(u.Text); {
	case equityRE.MatchString(t):
		return statesFigure // a stake is a share: "4 % des actions"
	case priceRE.MatchString(t) || payRateRE.MatchString(t) || u.Intent == IntentPay && !countRE.MatchString(t):
		// What it costs, what it pays: an amount, not a share or a count.
		return statesMoney
	case countRE.MatchString(t) && !timesRE.MatchString(t):
		return statesCount
	}
	return statesFigure
}

// equityRE matches pay in shares of the company, folded.
var equityRE = regexp.MustCompile(`\b(?:equity|stake|stakes|shares|stock options?|stock|(?:en|des|d.) ?actions|actionnariat|bspce)\b`)

// countRE matches a question for how many there are ("How many AI jobs
// are there in France?"), which a growth rate does not answer; timesRE
// one for a multiplier ("combien de fois plus"), which a count does not.
var (
	countRE = regexp.MustCompile(`\b(?:how many|combien de|combien d'|combien y a-t-il|combien il y a|nombre de|number of)\b`)
	timesRE = regexp.MustCompile(`\b(?:how many times|combien de fois|how much more|how much faster|by how much|de combien)\b`)
)

// growthRE matches the words of a sentence that says how much something
// grew: its shares are rates of growth, not how many there are.
var growthRE = regexp.MustCompile(`(?i)\b(?:grew|grow\w*|growth|rose|rise|rising|increase\w*|jump\w*|hausse|augment\w*|croissance|progress\w*|bondi\w*|multipli\w*)\b`)

// statesCount reports whether s states a count: a plain number that is
// not a year, an order of magnitude in words, or a share of a whole ("49 %
// des responsables du recrutement"); not a rate of growth, an amount of
// money or a multiplier.
func statesCount(s string) bool {
	if scaleWordRE.MatchString(s) {
		return true
	}
	for _, q := range figures.Quantities(citeRE.ReplaceAllString(s, "")) {
		if q.Unit == figures.UnitPercent && !growthRE.MatchString(s) {
			return true
		}
		if q.Unit == figures.UnitNone && !isYear(q.Value) {
			return true
		}
	}
	return false
}

// statesMoney reports whether s states an amount of money.
func statesMoney(s string) bool {
	for _, q := range figures.Quantities(citeRE.ReplaceAllString(s, "")) {
		if q.Unit == figures.UnitDollar || q.Unit == figures.UnitEuro {
			return true
		}
	}
	return false
}

// scaleWordRE matches an order of magnitude written in words.
var scaleWordRE = regexp.MustCompile(`(?i)\b(?:des|plusieurs|quelques|hundreds of|thousands of|several|many) (?:centaines|milliers|millions|milliards|trillions|billions|hundreds|thousands|millions|billions|trillions)\b`)

// statesFigure reports whether a sentence states a figure: an amount, a
// share, a multiplier, an order of magnitude in words, or a number that is
// not a year.
func statesFigure(s string) bool {
	if scaleWordRE.MatchString(s) {
		return true // "des milliards de paramètres": an order of magnitude
	}
	// "[1]" is a citation, not a figure.
	for _, q := range figures.Quantities(citeRE.ReplaceAllString(s, "")) {
		if q.Unit != figures.UnitNone && q.Unit != figures.UnitOrdinal {
			return true
		}
		if !isYear(q.Value) {
			return true
		}
	}
	return false
}

// isYear reports whether a plain number reads as a year ("2023"), which is
// no figure of its own.
func isYear(value string) bool {
	v, err := strconv.Atoi(value)
	return err == nil && v >= 1900 && v <= 2100
}

// withFigure returns ans, or, when u asks for a figure and the text of
// ans states none, the answer that says the base has no such figure and
// gives ans as the nearest it has.
func (a *Assistant) withFigure(u Understanding, ans Answer) Answer {
	if !numberQuestionRE.MatchString(fold(u.Text)) || givesFigure(u)(ans.Answer) || !ans.Grounded {
		return ans // answers the figure, or says already that it cannot
	}
	switch u.Intent {
	case IntentBest, IntentCompare, IntentPath, IntentOrientation, IntentQuote:
		return ans // their plans answer what is asked, figures or not
	}
	found := &brief{lang: u.Lang, main: strings.Split(ans.Answer, "\n"), citations: ans.Citations}
	out := a.noFigureFound(u, found)
	out.More = ans.More
	return out
}

// noFigureFound says that the base has no figure for what is asked, then
// gives what it found, labelled as such. The answer is not grounded.
func (a *Assistant) noFigureFound(u Understanding, found *brief) Answer {
	lang := u.Lang
	b := &brief{lang: lang}
	b.plain(Msg(lang, "The knowledge base has no figure for exactly that.", "La base de connaissances n'a pas de chiffre sur ce point précis."))
	if len(found.main) > 0 {
		b.plain(Msg(lang, "The nearest it has:", "Le plus proche qu'elle donne :"))
		b.main = append(b.main, found.main...)
		b.citations = found.citations
	}
	ans := b.answer()
	ans.Grounded, ans.Reason = false, "no_figure"
	return ans
}
