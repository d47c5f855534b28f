package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// route answers the questions that the understanding and the catalog v
// alone can plan: an orientation, the best paid, a career path, a
// figure, a comparison, or a question about an entry the text names. It
// reports false for the others, which go to the search.
func (a *Assistant) route(ctx context.Context, q Question, u Understanding, v *catalogView) (Answer, bool) {
	named := v.mentions(u.Subject)
	taught := v.taught(u.Subject)
	sides := u.Intent == IntentCompare && len(named) >= 2
	switch {
	case taught != nil && !sides:
		// A question HR taught an entry to answer: that entry is the
		// subject, whatever else the words name.
		named = []mention{{entry: taught, exact: true}}
	case taught != nil:
		// But a comparison of two named entries is of those two, side by
		// side, however near a taught comparison: the taught entry first
		// when it is one of them.
		if i := slices.IndexFunc(named, func(m mention) bool { return m.entry == taught }); i > 0 {
			named[0], named[i] = named[i], named[0]
		}
	}
	if len(named) == 0 && u.Elliptical && u.Intent == IntentPay {
		// "et ça paie combien ?" after a list of roles: what each pays.
		if roles := lastRoles(v, q.History); len(roles) >= 2 {
			roles = roles[:min(3, len(roles))]
			if ans, ok := a.payOfEach(u, v, roles); ok {
				return ans, true
			}
			return a.noFigure(u, v, roles[0], "", nil), true
		}
	}
	if len(named) == 0 && u.Elliptical {
		// "et le salaire ?": what the conversation was about.
		if e := lastSubject(v, q.History); e != nil {
			named = []mention{{entry: e, exact: true}}
		}
	}
	first := func(kinds ...knowledge.Kind) *knowledge.Entry {
		for _, k := range kinds {
			for _, m := range named {
				if m.entry.Kind == k {
					return m.entry
				}
			}
		}
		return nil
	}
	switch u.Intent {
	case IntentOrientation:
		if len(named) == 0 {
			ans, ok := a.orientation(u, v)
			return ans, ok
		}
	case IntentBest:
		if len(named) == 0 && employerAskRE.MatchString(fold(u.Subject)) {
			return Answer{}, false // which employers pay best: the search
		}
		if len(named) < 2 {
			ans, ok := a.best(u, v)
			return ans, ok
		}
		return a.compare(u, v, named[0].entry, named[1].entry), true
	case IntentCompare:
		if len(named) >= 2 && sidesName(v, u.Subject, named[0].entry, named[1].entry) {
			return a.compare(u, v, named[0].entry, named[1].entry), true
		}
		if payQuestionRE.MatchString(fold(u.Text)) {
			// "Which pays more, freelancing in AI or Big Tech?": the pay
			// figure that speaks of each side.
			if ans, ok := a.comparePay(u, v); ok {
				return ans, true
			}
		}
		if bestRE.MatchString(fold(u.Text)) {
			// "le métier le mieux payé, lequel ?" names nothing to compare.
			ans, ok := a.best(u, v)
			return ans, ok
		}
	case IntentPath:
		target := first(knowledge.KindRole)
		if bgEntry := v.backgroundEntry(u.Background); bgEntry != nil && target == bgEntry {
			target = nil // the background named, not the target
			for _, m := range named {
				if m.entry.Kind == knowledge.KindRole && m.entry != bgEntry {
					target = m.entry
					break
				}
			}
		}
		if target == nil {
			// "Comment je deviens un profil qui maîtrise l'IA ?" names a
			// skill: the way to go is the role requiring it whose name the
			// question shares most.
			if skill := first(knowledge.KindSkill); skill != nil {
				target = v.roleFor(skill, u.Subject)
			}
		}
		if target == nil && u.Background != "" && learnWhatRE.MatchString(fold(u.Subject)) {
			// "je voudrais basculer vers l'IA, je dois apprendre quoi ?":
			// the way to the role that suits the background best.
			if roles := v.fitRoles(u.profile()); len(roles) > 0 {
				a.bySubject(u, v, roles)
				target = roles[0]
			}
		}
		if target != nil || u.Background != "" {
			if ans, ok := a.path(ctx, u, v, target); ok {
				return ans, true
			}
		}
		if target == nil && u.Background != "" && len(named) == 0 && onlyVagueTopic(fold(u.Subject)) {
			// "Je suis boulanger, comment passer à l'IA ?": no role
			// suits the background, and nothing else is asked.
			return a.orientation(u, v)
		}
	case IntentPay:
		if x, y, ok := twoRoles(named); ok && sidesRE.MatchString(fold(u.Subject)) {
			// "Ingénieur IA ou data scientist, niveau salaire ?" sets
			// two roles side by side.
			return a.compare(u, v, x, y), true
		}
		role := first(knowledge.KindRole)
		if skill := first(knowledge.KindSkill); role == nil && skill != nil {
			// "le TJM d'un freelance en vision par ordinateur ?": what the
			// role named after the skill pays.
			role = namesake(skill, v.skillRoles(skill))
		}
		if role != nil {
			return a.pay(u, v, role), true
		}
		if u.Background != "" && len(named) == 0 {
			// "I'm a nurse, can I earn money helping to train AI
			// models?": what the roles that suit the background pay.
			roles := v.fitRoles(u.profile())
			roles = roles[:min(3, len(roles))]
			a.bySubject(u, v, roles)
			if ans, ok := a.payOfEach(u, v, roles); ok {
				return ans, true
			}
		}
	case IntentQuote:
		// Who said what: the quotation of the whole base that shares the
		// most words with the question, with its speaker.
		if qs := quotes(v.entries, u.Subject, u.Lang); len(qs) > 0 && qs[0].share >= quoteMatch {
			b := newBrief(u)
			b.say(qs[0].text, qs[0].entry)
			return b.answer(), true
		}
	case IntentMarket:
		// "Il y a beaucoup d'offres ?" about the thread's role, or a
		// figure about one named entry: its own figures first, then
		// those of the insights about it.
		if e := first(knowledge.KindRole, knowledge.KindSkill, knowledge.KindTraining); e != nil && len(named) == 1 && u.Elliptical {
			if fs := v.figureFacts(e, u); len(fs) > 0 {
				b := newBrief(u)
				for _, f := range fs {
					b.say(f.text, f.entry)
				}
				return b.answer(), true
			}
		}
	case IntentSkills, IntentTrainings, IntentDefinition:
		if u.Background != "" && first(knowledge.KindRole) == nil && u.Intent != IntentDefinition {
			// "I'm a backend developer, which skills for generative AI?":
			// the skills of the role that suits the background best.
			if roles := v.fitRoles(u.profile()); len(roles) > 0 {
				if ans, ok := a.path(ctx, u, v, roles[0]); ok {
					return ans, true
				}
			}
		}
		// A question about one entry that it names, and about nothing
		// else: "c'est quoi un data engineer ?", "what skills for a
		// prompt engineer?". Any other goes to the search.
		if e := first(knowledge.KindRole, knowledge.KindSkill, knowledge.KindTraining); e != nil && len(named) == 1 && (taught != nil || u.Stated && len(beyondName(u.Subject, e)) <= 1) {
			return a.about(u, v, e), true
		}
	}
	return Answer{}, false
}

// beyondName returns the topic stems of text that are not words of e's
// names: what the question asks beyond the entry itself.
func beyondName(text string, e *knowledge.Entry) []string {
	name := map[string]bool{}
	for _, n := range append([]string{e.Title, e.TitleEN}, e.Aliases...) {
		for _, t := range retrieval.Tokens(n) {
			name[t] = true
		}
		for _, c := range retrieval.Concepts(retrieval.Tokens(n)) {
			name["#"+c] = true
		}
	}
	var out []string
	for _, t := range analyse(text).topic {
		if !name[t] && !(len(t) >= 5 && nearWord(t, name)) {
			out = append(out, t)
		}
	}
	return out
}

// roleFor returns the role requiring skill whose title or aliases share
// the most stems with text beyond the skill's own name, or nil when none
// shares any.
func (v *catalogView) roleFor(skill *knowledge.Entry, text string) *knowledge.Entry {
	roles := v.skillRoles(skill)
	words := beyondName(text, skill)
	var best *knowledge.Entry
	top := 0
	for _, r := range roles {
		n := holds(strings.Join(append([]string{r.Title, r.TitleEN}, r.Aliases...), " "), words)
		if n > top {
			best, top = r, n
		}
	}
	if best == nil {
		// "évoluer vers la vision par ordinateur" says nothing more than
		// the skill: the role named after it is the way.
		best = namesake(skill, roles)
	}
	return best
}

// namesake returns the only one of roles whose title holds most of
// skill's ("ingénieur en vision par ordinateur" for "vision par
// ordinateur"), or nil when none or several do.
func namesake(skill *knowledge.Entry, roles []*knowledge.Entry) *knowledge.Entry {
	name := stemSet(skill.Title + " " + skill.TitleEN)
	var best *knowledge.Entry
	top, ties := 0, 0
	for _, r := range roles {
		n := 0
		for t := range stemSet(r.Title + " " + r.TitleEN) {
			if name[t] {
				n++
			}
		}
		switch {
		case n > top:
			best, top, ties = r, n, 1
		case n == top && n > 0:
			ties++
		}
	}
	if ties != 1 || top < len(name)/2+1 {
		return nil
	}
	return best
}

// skillRoles returns the roles that require skill.
func (v *catalogView) skillRoles(skill *knowledge.Entry) []*knowledge.Entry {
	var roles []*knowledge.Entry
	for _, r := range v.referrers[skill.Slug] {
		if r.Kind == knowledge.KindRole && slices.Contains(r.Relations.Requires, skill.Slug) {
			roles = append(roles, r)
		}
	}
	return roles
}

// lastCited returns the slugs the conversation's last answer that cited
// anything cited, in its order, or nil.
func lastCited(history []Turn) []string {
	for i := len(history) - 1; i >= 0; i-- {
		if t := history[i]; t.Role == "assistant" && len(t.Slugs) > 0 {
			return t.Slugs
		}
	}
	return nil
}

// lastRoles returns the roles the conversation's last answer cited, in
// its order.
func lastRoles(v *catalogView, history []Turn) []*knowledge.Entry {
	var out []*knowledge.Entry
	for _, s := range lastCited(history) {
		if e := v.bySlug[s]; e != nil && e.Kind == knowledge.KindRole {
			out = append(out, e)
		}
	}
	return out
}

// lastSubject returns what the conversation's last answer was about: the
// first role, skill or training it cited, else the first entry. An
// insight cited first (a figure about RAG experts) is not the thread's
// subject when the role it speaks of is cited too.
func lastSubject(v *catalogView, history []Turn) *knowledge.Entry {
	slugs := lastCited(history)
	for _, s := range slugs {
		if e := v.bySlug[s]; e != nil && e.Kind != knowledge.KindInsight {
			return e
		}
	}
	if len(slugs) == 0 {
		return nil
	}
	return v.bySlug[slugs[0]]
}

// about answers a question about one entry the text names: what it is,
// then what the intent asks (its skills, its trainings), the rest in More.
func (a *Assistant) about(u Understanding, v *catalogView, e *knowledge.Entry) Answer {
	lang := u.Lang
	b := newBrief(u)
	skills := titlesOf(v, e.Relations.Requires, lang)
	trainings := titlesOf(v, e.Relations.LearnWith, lang)
	skillLine := Msg(lang, "Key skills: ", "Compétences clés : ") + list(lang, skills) + "."
	trainingLine := learnLabel(lang, e) + list(lang, trainings) + "."
	switch u.Intent {
	case IntentSkills:
		if len(skills) > 0 {
			b.say(skillLine, e)
		}
	case IntentTrainings:
		if len(trainings) > 0 {
			b.say(trainingLine, e)
		} else if e.Kind != knowledge.KindTraining {
			none := Msg(lang, "The knowledge base names no training for "+shortTitle(e, lang)+".",
				"La base ne cite aucune formation pour "+shortTitle(e, lang)+".")
			// How one gets in, in the entry's words, answers instead:
			// the best such sentence not said yet. When the thread has
			// said them all, that the entry lists no training is the
			// answer, and the entry its source.
			access := bestOf(entrySentences(e, lang), accessWords, 2)
			if !slices.ContainsFunc(access, func(s string) bool { return b.fresh(endSentence(s)) }) {
				b.say(none, e)
			} else {
				b.plain(none)
			}
			for _, s := range access {
				if b.say(s, e) {
					break
				}
			}
		}
	}
	an := v.analyse(u.Subject)
	if u.YesNo {
		// The sentence that answers the yes or no comes first: "Faut-il
		// savoir coder… ?" is answered by the one without engineering
		// training, not by the definition.
		if s := sentenceAbout(e, an, lang); s != "" {
			b.say(s, e)
		}
	}
	// The sentence after the definition is the one that holds what the
	// question asks beyond the entry's name ("a lasting job?"): every
	// sentence of the entry holds its name. A question that does not ask
	// what the entry is gets it first.
	words := map[string]bool{}
	beyond := beyondName(u.Subject, e)
	asked := beyond
	if len(asked) == 0 {
		asked = topicWords(u.Subject)
	}
	for _, t := range asked {
		words[t] = true
	}
	ss := entrySentences(e, lang)
	next := bestOf(ss[min(1, len(ss)):], words, 1)
	if !u.Stated && !u.AsksRole && len(beyond) > 0 {
		for _, s := range next {
			b.say(s, e)
		}
	}
	b.say(firstSentence(e, lang), e)
	for _, s := range next {
		b.say(s, e)
	}
	if len(skills) > 0 {
		b.sayMore(skillLine, e)
	}
	if len(trainings) > 0 {
		b.sayMore(trainingLine, e)
	}
	if numberQuestionRE.MatchString(fold(u.Text)) && !givesFigure(u)(strings.Join(b.main, " ")) {
		// "Combien coûte une formation Coursera ?": the entry is known,
		// the figure is not.
		return a.noFigureFound(u, b)
	}
	ans := b.answer()
	if u.YesNo {
		ans = withYesNo(ans, u, e, an)
	}
	return ans
}

// twoRoles returns the first two roles among named.
func twoRoles(named []mention) (x, y *knowledge.Entry, ok bool) {
	var roles []*knowledge.Entry
	for _, m := range named {
		if m.entry.Kind == knowledge.KindRole && !slices.Contains(roles, m.entry) {
			roles = append(roles, m.entry)
		}
	}
	if len(roles) < 2 {
		return nil, nil, false
	}
	return roles[0], roles[1], true
}

// sidesName reports whether the sides of a comparison ("A or B", "A vs
// B") are the two entries: "des chiffres sur l'offre vs la demande"
// compares supply and demand, whatever else the question names. A
// comparison said otherwise ("la différence entre A et B", "lequel") is
// of the entries it names.
func sidesName(v *catalogView, subject string, x, y *knowledge.Entry) bool {
	f := fold(subject)
	loc := sidesRE.FindStringIndex(f)
	if loc == nil {
		return true
	}
	left, right := f[:loc[0]], f[loc[1]:]
	return v.namesEntry(left, x) && v.namesEntry(right, y) || v.namesEntry(left, y) && v.namesEntry(right, x)
}
