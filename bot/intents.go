package bot

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/figures"
	"github.com/careerbot/careerbot/retrieval"
)

// fact is one sentence of an entry.
type fact struct {
	text  string
	entry *knowledge.Entry
}

// isPay reports whether a sentence states what someone is paid: an amount
// or a rate with words of pay.
func isPay(s string) bool {
	hasMoney := false
	for _, q := range figures.Quantities(s) {
		if q.Unit == figures.UnitDollar || q.Unit == figures.UnitEuro {
			hasMoney = true
			break
		}
	}
	if !hasMoney {
		return false
	}
	return slices.Contains(retrieval.Concepts(retrieval.Tokens(s)), "pay") || payWordRE.MatchString(fold(s))
}

var payWordRE = regexp.MustCompile(`\b(?:par an|par jour|par heure|a year|per year|a day|per day|an hour|per hour|junior|poste|offrent|offer|offers|package|tjm)\b`)

// payFacts returns up to n sentences that state what role is paid: its
// own, then those of the insights it relates to or that relate to it.
func (v *catalogView) payFacts(role *knowledge.Entry, lang string, n int) []fact {
	var out []fact
	seen := map[string]bool{}
	take := func(e *knowledge.Entry) {
		for _, s := range entrySentences(e, lang) {
			if len(out) == n {
				return
			}
			key := strings.ToLower(s)
			// A sentence of the role's own entry is about the role unless
			// it names another role or a whole group ("AI talent"); one
			// of another entry must name the role.
			about := v.about(s, role) && !groupRE.MatchString(fold(s))
			if e != role {
				about = v.namesRole(s, role)
			}
			if !seen[key] && isPay(s) && WordCount(s) <= 60 && !isArticleNote(s) && about {
				seen[key] = true
				out = append(out, fact{s, e})
			}
		}
	}
	take(role)
	for _, e := range v.related(role, knowledge.KindInsight) {
		take(e)
	}
	return out
}

// payFactsHolding returns up to n pay sentences of role's entry and its
// related insights that hold some of words (stems and "#concepts"), those
// holding the most first, an insight's before the role's own: the
// insight tells the figure whole, where the role's entry sums it up.
func (v *catalogView) payFactsHolding(role *knowledge.Entry, lang string, words []string, n int) []fact {
	var out []fact
	count := map[string]int{}
	for _, e := range append(v.related(role, knowledge.KindInsight), role) {
		for _, s := range entrySentences(e, lang) {
			k := holds(s, words)
			if _, dup := count[s]; dup || k == 0 || !isPay(s) || WordCount(s) > 60 || isArticleNote(s) {
				continue
			}
			count[s] = k
			out = append(out, fact{s, e})
		}
	}
	slices.SortStableFunc(out, func(a, b fact) int { return count[b.text] - count[a.text] })
	return out[:min(n, len(out))]
}

// newFigures keeps the facts that give a money figure no earlier fact
// gave: the same $100,000 told twice, in other words, is said once.
func newFigures(facts []fact) []fact {
	shown := map[string]bool{}
	var out []fact
	for _, f := range facts {
		fresh := false
		for _, q := range figures.Quantities(f.text) {
			if q.Unit == figures.UnitDollar || q.Unit == figures.UnitEuro {
				k := string(q.Unit) + q.Value
				fresh = fresh || !shown[k]
				shown[k] = true
			}
		}
		if fresh {
			out = append(out, f)
		}
	}
	return out
}

// holds returns how many of words (topic stems and "#concepts", as
// analyse gives them) sentence s holds among its own.
func holds(s string, words []string) int {
	has := topicSet(s)
	n := 0
	for _, w := range words {
		if has[w] {
			n++
		}
	}
	return n
}

// about reports whether a sentence speaks of role: it names role first
// among the roles it names, or names none.
func (v *catalogView) about(s string, role *knowledge.Entry) bool {
	for _, m := range v.mentions(s) {
		if m.entry.Kind == knowledge.KindRole {
			return m.entry == role
		}
	}
	return true
}

// groupRE matches the words that make a figure about a whole group of
// people rather than one role.
var groupRE = regexp.MustCompile(`\b(?:talents?|postes? (?:juniors? )?en ia|ai talent|profils? (?:en )?ia|specialistes? de (?:l')?ia|ai specialists|les experts en ia)\b`)

// namesRole reports whether a sentence names role.
func (v *catalogView) namesRole(s string, role *knowledge.Entry) bool {
	for _, m := range v.mentions(s) {
		if m.entry == role {
			return true
		}
	}
	return false
}

// related returns the entries of kind that e relates to, then those that
// relate to e, in the catalog's order.
func (v *catalogView) related(e *knowledge.Entry, kind knowledge.Kind) []*knowledge.Entry {
	var out []*knowledge.Entry
	for _, r := range e.Relations.All() {
		if x := v.bySlug[r.Slug]; x != nil && x.Kind == kind && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	for _, x := range v.referrers[e.Slug] {
		if x.Kind == kind && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// pay answers what a role pays: its figures, or, when the base has none
// for it (or none for the place asked about), says so in so many words,
// then gives the nearest figure, labelled as such.
func (a *Assistant) pay(u Understanding, v *catalogView, role *knowledge.Entry) Answer {
	lang := u.Lang
	facts := v.payFacts(role, lang, 3)
	if extra := beyondName(u.Subject, role); len(extra) > 0 {
		// "How much do big tech firms pay a junior AI engineer?": the
		// figures that speak of big tech and juniors come first, even about
		// a group the role belongs to.
		// A figure of another role ("le TJM des ingénieurs en IA") is
		// none of this one's, whatever words it shares: a sentence of the
		// role's entry must be about it, one of an insight name it.
		q := slices.DeleteFunc(v.payFactsHolding(role, lang, extra, 2), func(f fact) bool {
			return !v.about(f.text, role) && (f.entry == role || !v.namesRole(f.text, role))
		})
		if len(q) > 0 {
			facts = newFigures(append(q, facts...))
			facts = facts[:min(3, len(facts))]
		}
	}
	if place := missingPlace(u, facts); place != "" || len(facts) == 0 {
		return a.noFigure(u, v, role, place, facts)
	}
	b := newBrief(u)
	for _, f := range facts {
		b.say(f.text, f.entry)
	}
	return b.answer()
}

// payOfEach answers what several roles pay, those with a figure first,
// each in one line; a role the base has no figure for says so. It reports
// false when the base has a figure for none of them.
func (a *Assistant) payOfEach(u Understanding, v *catalogView, roles []*knowledge.Entry) (Answer, bool) {
	lang := u.Lang
	b := &brief{lang: lang}
	var without []*knowledge.Entry
	for _, r := range roles {
		fs := v.payFacts(r, lang, 1)
		if len(fs) == 0 {
			without = append(without, r)
			continue
		}
		b.say("• *"+shortTitle(r, lang)+"* — "+fs[0].text, fs[0].entry)
	}
	if len(without) == len(roles) {
		return Answer{}, false
	}
	for _, r := range without {
		b.say("• *"+shortTitle(r, lang)+"* — "+Msg(lang, "no pay figure in the knowledge base.", "pas de chiffre de rémunération dans la base."), r)
	}
	return b.answer(), true
}

// sidesRE splits the two sides of a comparison: "freelancing in AI or Big
// Tech", "le freelance ou la Big Tech", "startups vs big companies".
var sidesRE = regexp.MustCompile(`\s(?:or|ou|vs\.?|versus|plutot que|rather than)\s`)

// comparePay answers a pay comparison of two sides that are no entries'
// names ("freelancing in AI or Big Tech?"): for each side, the pay figure
// of the base that speaks of it most, or false when a side has none.
func (a *Assistant) comparePay(u Understanding, v *catalogView) (Answer, bool) {
	lang := u.Lang
	text := u.Subject
	if i := strings.LastIndexAny(text, ",:"); i >= 0 && sidesRE.MatchString(text[i:]) {
		text = text[i+1:]
	}
	parts := sidesRE.Split(strings.TrimRight(text, " ?!."), 2)
	if len(parts) != 2 || strings.ContainsAny(text, "0123456789") {
		// (A side is said as the asker wrote it: a number of theirs
		// would be a figure no cited entry states.)
		return Answer{}, false
	}
	b := &brief{lang: lang}
	for _, side := range parts {
		words := analyse(side).topic
		if len(words) == 0 {
			return Answer{}, false
		}
		var best fact
		top := 0
		for _, e := range v.entries {
			for _, s := range entrySentences(e, lang) {
				// A sentence of an entry whose title speaks of the side
				// ("Big Tech : au moins 100 000 dollars…") is about it;
				// among equals, an insight's: it tells the figure whole,
				// where a role's entry sums it up.
				n := holds(s, words) + holds(e.TitleIn(lang), words)
				better := n > top || n == top && n > 0 && best.entry.Kind != knowledge.KindInsight && e.Kind == knowledge.KindInsight
				if better && isPay(s) && WordCount(s) <= 60 && !isArticleNote(s) {
					best, top = fact{s, e}, n
				}
			}
		}
		if top == 0 {
			return Answer{}, false
		}
		b.say("• *"+strings.TrimSpace(side)+"* — "+best.text, best.entry)
	}
	b.plain(Msg(lang, "These figures are not of one kind (a year, a day, a top offer): compare them with care.",
		"Ces chiffres ne sont pas de même nature (par an, par jour, offre maximale) : à comparer avec prudence."))
	return b.answer(), true
}

// ownPlaceRE matches the words before a place or an employer that make
// it the asker's own: "je bosse chez Airbus à Toulouse", "I work at
// Renault", "chez nous à la Société Générale".
var ownPlaceRE = regexp.MustCompile(`\b(?:je bosse|je travaille|j'habite|je vis|je suis base|je suis basee|je suis installee?|j'suis|je suis|on est|nous sommes|chez nous|i work|i'm|i am|i'm working|i am working|i live|i'm based|i am based|i'm at|i am at|we're|we are|my company|ma boite|mon entreprise|mon employeur|my employer)\b[^,.;:!?]{0,40}$`)

// askersOwn reports whether where (a context as written, "chez Airbus")
// is said of the asker in text: their employer or their city, not where
// the question asks about.
func askersOwn(text, where string) bool {
	f, w := fold(text), strings.TrimSpace(fold(where))
	i := strings.Index(f, w)
	return i >= 0 && ownPlaceRE.MatchString(f[:i])
}

// missingPlace returns the context (a place, an employer, as the asker
// wrote it: "en Allemagne") that the figures of facts do not speak of,
// or "".
func missingPlace(u Understanding, facts []fact) string {
	for i, c := range u.Context {
		if companyKindRE.MatchString(c) || askersOwn(u.Text, u.Where[i]) {
			continue // "dans une ESN", "je bosse chez Airbus": where the asker works
		}
		found := false
		for _, f := range facts {
			// An amount in euros is one of the French market the
			// articles describe ("le TJM … a franchi les 500 €").
			if hasWord(f.text, c) || strings.Contains(fold(c), " france ") && strings.Contains(f.text, "€") {
				found = true
			}
		}
		if !found {
			return u.Where[i]
		}
	}
	return ""
}

// noFigure says that the base has no pay figure for role (at place), then
// gives the nearest figure it has, labelled as such. The answer is not
// grounded: it does not answer the question asked.
func (a *Assistant) noFigure(u Understanding, v *catalogView, role *knowledge.Entry, place string, facts []fact) Answer {
	lang := u.Lang
	title := lowerFirst(role.TitleIn(lang))
	b := &brief{lang: lang}
	if place != "" {
		b.plain(Msg(lang, "The knowledge base has no pay figure for "+title+" "+place+".",
			"La base de connaissances n'a pas de chiffre de rémunération pour "+title+" "+place+"."))
	} else {
		b.plain(Msg(lang, "The knowledge base has no pay figure for "+title+".",
			"La base de connaissances n'a pas de chiffre de rémunération pour "+title+"."))
	}
	var nearest *knowledge.Entry // the role the nearest figure is of
	if len(facts) == 0 {
		// The nearest: a role it relates to, else any role's; the figure
		// holding what the question adds to the role ("freelance", "TJM")
		// first.
		extra := beyondName(u.Subject, role)
		daily := dailyRateRE.MatchString(fold(u.Text))
		for _, r := range append(v.related(role, knowledge.KindRole), v.rolesByPay(lang)...) {
			if r == role {
				continue
			}
			fs := v.payFactsHolding(r, lang, extra, 1)
			if len(fs) == 0 || fs[0].entry.Kind != knowledge.KindRole && !v.namesRole(fs[0].text, r) {
				fs = v.payFacts(r, lang, 1)
			}
			if daily {
				// A day rate asked for ("le TJM d'un data scientist ?")
				// is nearest to a day rate, not to a salary.
				all := v.payFacts(r, lang, 3)
				if i := slices.IndexFunc(all, func(f fact) bool { return dailyRateRE.MatchString(fold(f.text)) }); i >= 0 {
					fs = all[i : i+1]
				}
			}
			if len(fs) > 0 {
				facts, nearest = fs, r
				break
			}
		}
	}
	if len(facts) > 0 {
		if r := nearest; r != nil {
			b.plain(Msg(lang, "The nearest figure it has, for "+lowerFirst(shortTitle(r, lang))+":",
				"Le chiffre le plus proche qu'elle donne, pour "+lowerFirst(shortTitle(r, lang))+" :"))
		} else {
			b.plain(Msg(lang, "The nearest figure it has:", "Le chiffre le plus proche qu'elle donne :"))
		}
		b.say(facts[0].text, facts[0].entry)
	}
	ans := b.answer()
	ans.Grounded, ans.Reason, ans.About = false, "no_figure", role.Slug
	return ans
}

// rolesByPay returns the roles that have a pay figure, highest amount
// first, reckoned once per view and language.
func (v *catalogView) rolesByPay(lang string) []*knowledge.Entry {
	v.payRolesMu.Lock()
	defer v.payRolesMu.Unlock()
	if r, ok := v.payRoles[lang]; ok {
		return r
	}
	if v.payRoles == nil {
		v.payRoles = map[string][]*knowledge.Entry{}
	}
	v.payRoles[lang] = v.rankByPay(lang)
	return v.payRoles[lang]
}

// rankByPay ranks the roles that have a pay figure, highest amount first.
func (v *catalogView) rankByPay(lang string) []*knowledge.Entry {
	type ranked struct {
		e   *knowledge.Entry
		top float64
	}
	var rs []ranked
	for _, e := range v.entries {
		if e.Kind != knowledge.KindRole {
			continue
		}
		top := 0.0
		for _, f := range v.payFacts(e, lang, 3) {
			top = max(top, topAmount(f.text))
		}
		if top > 0 {
			rs = append(rs, ranked{e, top})
		}
	}
	slices.SortStableFunc(rs, func(x, y ranked) int {
		switch {
		case x.top > y.top:
			return -1
		case x.top < y.top:
			return 1
		}
		return 0
	})
	out := make([]*knowledge.Entry, len(rs))
	for i, r := range rs {
		out[i] = r.e
	}
	return out
}

// dailyRateRE matches the words of a rate by the day.
var dailyRateRE = regexp.MustCompile(`\b(?:tjm|taux journaliers?|par jour|a la journee|day rates?|daily rates?|per day|a day)\b`)

// payNearRE matches the words around an amount that make it pay, not a
// company's value or a market's size.
var payNearRE = regexp.MustCompile(`(?i)(?:gagn|salaire|r[ée]mun[ée]r|par an|par jour|de l'heure|par heure|offr|tjm|taux journalier|paid|pay|earn|salary|a year|per year|an hour|per hour|a day|per day|daily rate|junior|package)`)

// notPayRE matches the words before an amount that make it a value, a
// fund or a market, not pay.
var notPayRE = regexp.MustCompile(`(?i)(?:valu|valoris|lev[ée]|raised|worth|capitalis|chiffre d'affaires|revenue|march[ée]|market|fonds|fund|invest)`)

// topAmount is the largest amount of pay a sentence states: an amount in
// a currency with words of pay next to it.
func topAmount(s string) float64 {
	top := 0.0
	for _, q := range figures.Quantities(s) {
		if q.Unit != figures.UnitDollar && q.Unit != figures.UnitEuro {
			continue
		}
		lo, hi := max(0, q.Start-50), min(len(s), q.End+30)
		if !payNearRE.MatchString(s[lo:hi]) || notPayRE.MatchString(s[max(0, q.Start-30):q.Start]) {
			continue
		}
		if f, err := strconv.ParseFloat(q.Value, 64); err == nil {
			top = max(top, f)
		}
	}
	return top
}

// best answers "which AI job pays best": the roles with the highest pay
// figures of the base, each with its figure, saying that the figures are
// not of one kind.
func (a *Assistant) best(u Understanding, v *catalogView) (Answer, bool) {
	lang := u.Lang
	roles := v.rolesByPay(lang)
	if len(roles) == 0 {
		return Answer{}, false
	}
	b := &brief{lang: lang}
	b.plain(Msg(lang, "The highest pay figures in the knowledge base, by role:", "Les rémunérations les plus élevées de la base, par métier :"))
	for i, r := range roles {
		fs := v.payFacts(r, lang, 3)
		// The highest figure first; of two that state it, the one of the
		// entry given to the figure (an insight), not the role's mention
		// of it.
		own := func(f fact) int {
			if f.entry == r {
				return 1
			}
			return 0
		}
		slices.SortStableFunc(fs, func(x, y fact) int {
			if c := cmp.Compare(topAmount(y.text), topAmount(x.text)); c != 0 {
				return c
			}
			return cmp.Compare(own(x), own(y))
		})
		line := "• *" + shortTitle(r, lang) + "* — " + fs[0].text
		if i < 2 {
			b.say(line, fs[0].entry)
		} else {
			b.sayMore(line, fs[0].entry)
		}
	}
	b.plain(Msg(lang, "These figures are not of one kind (a year, a day, a top offer): compare them with care.",
		"Ces chiffres ne sont pas de même nature (par an, par jour, offre maximale) : à comparer avec prudence."))
	return b.answer(), true
}

// compare sets two entries side by side: what each is, and, for a pay
// question, what each pays.
func (a *Assistant) compare(u Understanding, v *catalogView, x, y *knowledge.Entry) Answer {
	lang := u.Lang
	b := &brief{lang: lang}
	payQ := payQuestionRE.MatchString(fold(u.Text))
	aspect := marketAspect(u.Subject)
	for i, e := range []*knowledge.Entry{x, y} {
		if payQ {
			other := []*knowledge.Entry{y, x}[i]
			if fs := v.payFacts(e, lang, 3); len(fs) > 0 {
				// The figure that sets one against the other ("…
				// pulling ahead of mid-level data scientists") compares
				// them best.
				f := fs[0]
				if j := slices.IndexFunc(fs, func(f fact) bool { return v.namesEntry(f.text, other) }); j >= 0 {
					f = fs[j]
				}
				b.say("*"+e.TitleIn(lang)+"* — "+f.text, f.entry)
				continue
			}
			b.say("*"+e.TitleIn(lang)+"* — "+Msg(lang, "no pay figure in the knowledge base; ", "pas de chiffre de rémunération dans la base ; ")+lowerFirst(firstSentence(e, lang)), e)
			continue
		}
		// What the question sets them against each other on ("where's
		// the competition worse?"): the sentence of each that speaks of it.
		if s, from := v.aspectSentence(e, lang, aspect, sideWords(u.Subject, e)); s != "" && b.say("*"+e.TitleIn(lang)+"* — "+s, from) {
			continue
		}
		// The second's definition may say what the first's did ("PyTorch
		// is a deep-learning library"): its next sentence then says how
		// they differ.
		first := firstSentence(e, lang)
		if !b.say("*"+e.TitleIn(lang)+"* — "+first, e) {
			for _, s := range entrySentences(e, lang) {
				if s != first && !isArticleNote(s) && !leansBack(s) && b.say("*"+e.TitleIn(lang)+"* — "+s, e) {
					break
				}
			}
		}
	}
	for _, e := range []*knowledge.Entry{x, y} {
		if req := titlesOf(v, e.Relations.Requires, lang); len(req) > 0 {
			b.sayMore(e.TitleIn(lang)+Msg(lang, ", key skills: ", ", compétences clés : ")+list(lang, req)+".", e)
		}
	}
	return b.answer()
}

// marketConcepts are the concepts by which a comparison asks of the
// market rather than of what each side is: demand, supply, growth,
// hiring (and competition, which is supply against demand).
var marketConcepts = map[string]bool{"demand": true, "supply": true, "growth": true, "hiring": true, "jobpost": true}

// marketAspect returns the market concepts the subject of a comparison
// asks about, if any.
func marketAspect(subject string) map[string]bool {
	out := map[string]bool{}
	for _, t := range retrieval.Tokens(subject) {
		switch c := conceptOf(t); {
		case marketConcepts[c]:
			out[c] = true
		case c == "compete":
			// Competition in a market is supply growing against demand.
			out["supply"], out["demand"], out["growth"] = true, true, true
		}
	}
	return out
}

// aspectSentence returns the sentence that states a figure of e and
// speaks most of the concepts of aspect, with the entry it comes from: an
// insight related to e that names it (the study that measured it), or e
// itself; "" when none does.
func (v *catalogView) aspectSentence(e *knowledge.Entry, lang string, aspect, side map[string]bool) (string, *knowledge.Entry) {
	if len(aspect) == 0 {
		return "", nil
	}
	best, from, most := "", e, 0
	consider := func(x *knowledge.Entry, own bool) {
		for _, s := range entrySentences(x, lang) {
			if isArticleNote(s) || leansBack(s) || !statesFigure(s) || !own && !v.namesEntry(s, e) {
				continue
			}
			n, named := 0, false
			for _, t := range retrieval.Tokens(s) {
				if aspect[conceptOf(t)] {
					n++
				}
				named = named || side[t]
			}
			if n > 0 && named {
				n += 10 // the side as the question names it ("NLP"), not its other half
			}
			if n > most {
				best, from, most = s, x, n
			}
		}
	}
	for _, slug := range e.Relations.Related {
		if x := v.bySlug[slug]; x != nil && x.Kind == knowledge.KindInsight {
			consider(x, false)
		}
	}
	if best == "" {
		consider(e, true)
	}
	return best, from
}

// sideWords returns the stems by which subject names e: those of its
// titles that the subject holds.
func sideWords(subject string, e *knowledge.Entry) map[string]bool {
	titles := map[string]bool{}
	for _, t := range retrieval.Tokens(e.Title + " " + e.TitleEN) {
		titles[t] = true
	}
	out := map[string]bool{}
	for _, t := range retrieval.Tokens(subject) {
		if titles[t] && !genericWords[t] && conceptOf(t) != "ai" {
			out[t] = true
		}
	}
	return out
}

var payQuestionRE = regexp.MustCompile(`\b(?:gagne|gagnent|paie|paye|payent|salaire|salaires|remunere|remuneration|paid|pay|pays|earn|earns|salary|salaries|money|argent|tjm|rate)\b`)

func titlesOf(v *catalogView, slugs []string, lang string) []string {
	var out []string
	for _, s := range slugs {
		if e := v.bySlug[s]; e != nil {
			out = append(out, e.TitleIn(lang))
		}
	}
	return out
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'A' && r[1] <= 'Z' {
		return s // an acronym
	}
	return strings.ToLower(string(r[:1])) + string(r[1:])
}
