package bot

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// path answers "from where I am to that job": what the target does in one
// line, the skills it requires with those the background brings marked,
// trainings for the others, then what the market says, each step cited.
// A background with no target gets the closest roles for it, with why.
func (a *Assistant) path(ctx context.Context, u Understanding, v *catalogView, target *knowledge.Entry) (Answer, bool) {
	lang := u.Lang
	bg := u.profile()
	brings := a.brought(v, bg)
	if target == nil {
		return a.fitsFor(u, v, brings)
	}
	b := newBrief(u)
	if u.YesNo {
		// The sentence that answers the yes or no comes first.
		if s := sentenceAbout(target, v.analyse(u.Subject), lang); s != "" {
			b.say(s, target)
		}
	}
	b.say(firstSentence(target, lang), target)
	var have, missing []*knowledge.Entry
	for _, s := range target.Relations.Requires {
		if e := v.bySlug[s]; e != nil {
			if slices.Contains(brings, e) {
				have = append(have, e)
			} else {
				missing = append(missing, e)
			}
		}
	}
	if bg != "" && len(have) > 0 {
		b.say(askerYou(lang, u)+Msg(lang, ", you already bring ", ", vous apportez déjà : ")+list(lang, titles(have, lang))+".", target)
	}
	if len(missing) > 0 {
		label := Msg(lang, "Skills to acquire: ", "Compétences à acquérir : ")
		if len(have) == 0 {
			label = Msg(lang, "Key skills: ", "Compétences clés : ")
		}
		b.say(label+list(lang, titles(missing, lang))+".", target)
	}
	// Trainings: the target's own, then those of the missing skills.
	var trainings []*knowledge.Entry
	via := target
	for _, s := range target.Relations.LearnWith {
		if e := v.bySlug[s]; e != nil && !slices.Contains(trainings, e) {
			trainings = append(trainings, e)
		}
	}
	if len(trainings) > 0 {
		b.say(learnLabel(lang, target)+list(lang, titles(trainings, lang))+".", via)
	}
	for _, m := range missing {
		var ts []*knowledge.Entry
		for _, s := range m.Relations.LearnWith {
			if e := v.bySlug[s]; e != nil && !slices.Contains(trainings, e) {
				ts = append(ts, e)
				trainings = append(trainings, e)
			}
		}
		label := Msg(lang, "To learn "+m.TitleIn(lang)+": ", "Pour apprendre "+m.TitleIn(lang)+" : ")
		if len(missing) == 1 {
			// The skill was just named alone: "Compétences clés :
			// Compétences humaines." then "Pour l'apprendre : …".
			label = Msg(lang, "To learn it: ", "Pour l'apprendre : ")
		}
		if line := label + list(lang, titles(ts, lang)) + "."; len(ts) > 0 && asksTraining(u) {
			b.say(line, m) // "Which certifications…?" asks for them
		} else if len(ts) > 0 {
			b.sayMore(line, m)
		}
	}
	if len(trainings) == 0 {
		// Saying that nothing is listed answers "which course?" too.
		b.plain(Msg(lang, "The knowledge base names no training for "+shortTitle(target, lang)+".",
			"La base ne cite aucune formation pour "+shortTitle(target, lang)+"."))
	}
	// How to get in, from the entry's own words, and the market.
	for _, s := range bestOf(entrySentences(target, lang), accessWords, 1) {
		b.sayMore(s, target)
	}
	for _, f := range v.payFacts(target, lang, 2) {
		b.sayMore(f.text, f.entry)
	}
	if u.YesNo {
		return withYesNo(b.answer(), u, target, v.analyse(u.Subject)), true
	}
	return b.answer(), true
}

// trainingAskRE matches the words of a question that asks how to learn.
var trainingAskRE = regexp.MustCompile(`\b(?:certif\w*|formations?|cours|courses?|trainings?|ecoles?|schools?|diplomes?|degrees?|cursus|apprendre|learn|learning|se former|me former|study|studies|etudes)\b`)

// asksTraining reports whether u asks how to learn, whatever its intent.
func asksTraining(u Understanding) bool {
	return u.Intent == IntentTrainings || trainingAskRE.MatchString(fold(u.Subject))
}

// accessWords are the stems of sentences that say how to get into a job.
var accessWords = stemSet(`diplome diplomes formation formations former autoforme autoformer ecole ecoles cursus degree
	degrees training course courses school self-taught taught learn apprendre acceder acces access enter entrer devenir
	become recrute recrutes hired profil profils profile background experience`)

// fitsFor answers a background with no target: the roles of the base that
// suit it, with why, and what the background already brings.
func (a *Assistant) fitsFor(u Understanding, v *catalogView, brings []*knowledge.Entry) (Answer, bool) {
	lang := u.Lang
	fit := v.fits(u.profile())
	roles := ofKind(fit, knowledge.KindRole)
	if len(roles) == 0 {
		return Answer{}, false
	}
	a.bySubject(u, v, roles)
	b := &brief{lang: lang}
	if u.Fears {
		b.plain(Msg(lang, "The knowledge base does not say whether AI will replace your job.",
			"La base de connaissances ne dit pas si l'IA remplacera votre métier."))
	}
	b.plain(asker(lang, u) + Msg(lang, ", the roles of the knowledge base closest to your profile:",
		", les métiers de la base les plus proches de votre profil :"))
	for i, r := range roles {
		why := whyFits(r, u.profile(), lang)
		line := "• *" + shortTitle(r, lang) + "* — " + why
		if i < 2 {
			b.say(line, r)
		} else {
			b.sayMore(line, r)
		}
	}
	b.plain(Msg(lang, "Ask me how to become one of them for the skills and trainings.",
		"Demandez-moi comment devenir l'un d'eux pour les compétences et formations."))
	// A fact of the base about the asker's own field (an insight whose
	// backgrounds name it: the builders of AI agents must understand the
	// frustrated customer, for someone in customer service) says last
	// what their experience is worth.
	if insights := ofKind(fit, knowledge.KindInsight); len(insights) > 0 {
		e := insights[0]
		b.say(Msg(lang, "What the knowledge base says of people with your background: ", "Ce que la base dit des profils comme le vôtre : ")+insightLine(e, u.profile(), lang), e)
	}
	if len(brings) > 0 {
		b.sayMore(Msg(lang, "What you already bring: ", "Ce que vous apportez déjà : ")+list(lang, titles(brings, lang))+".", brings[0])
	}
	return b.answer(), true
}

// bySubject orders the roles that suit a background by how many words of
// the question's subject each holds, keeping their order otherwise: "je
// suis avocate, mon expérience peut-elle servir à entraîner des IA ?"
// asks for the job that trains models before the one that writes rules.
func (a *Assistant) bySubject(u Understanding, v *catalogView, roles []*knowledge.Entry) {
	an := v.analyse(u.Subject)
	if len(an.topic) == 0 {
		return
	}
	held := func(e *knowledge.Entry) int {
		toks, n := a.tokens.of(e), 0
		for _, t := range an.topic {
			if an.covers(t, toks) {
				n++
			}
		}
		return n
	}
	slices.SortStableFunc(roles, func(x, y *knowledge.Entry) int { return held(y) - held(x) })
}

// whyFits returns the sentence of a role that best says why it suits the
// background: one that names it, else the role's first sentence.
func whyFits(r *knowledge.Entry, background, lang string) string {
	// The background's own words, whole: those of a longer background
	// that holds it ("expert-comptable" for "comptable") would pick a
	// sentence about experts, and the stem of "marketing" one about the
	// job market.
	var words []string
	for _, w := range strings.Fields(fold(background)) {
		if len(w) >= 3 {
			words = append(words, w)
		}
	}
	names := func(s string) int {
		f, n := fold(s), 0
		for _, w := range words {
			if strings.Contains(f, " "+w+" ") || strings.Contains(f, " "+w+"s ") || strings.Contains(f, " "+w+"-") {
				n++
			}
		}
		return n
	}
	var short []string
	for _, s := range entrySentences(r, lang) {
		s = withoutExample(s) // said alone, the sentence is no example
		// ("Il doit comprendre la technologie…" says nothing alone.)
		if WordCount(s) <= 30 && !isArticleNote(s) && !leansBack(s) {
			short = append(short, s)
		}
	}
	best, top := "", 0
	for _, s := range short {
		if n := names(s); n > top {
			best, top = s, n
		}
	}
	if best != "" {
		return best
	}
	first := firstSentence(r, lang)
	if WordCount(first) <= 30 {
		return first
	}
	if m := appositionRE.FindStringSubmatchIndex(first); m != nil {
		// "L'opérateur à distance, « le gars dans le ciel » selon
		// Palsule, est le dépanneur…": the name, then what it is.
		first = first[m[2]:m[3]] + " " + first[m[4]:]
		if WordCount(first) <= 30 {
			return first
		}
		if s := firstClause(first, 12, 30); s != "" {
			return s
		}
	}
	if s := headClause(first, 30); s != "" {
		return s
	}
	if s := firstClause(first, 12, 30); s != "" {
		return s
	}
	if len(short) > 0 {
		return short[0]
	}
	return first
}

// appositionRE finds a sentence that puts an apposition between its
// subject and its verb: the subject, then the verb and what follows.
var appositionRE = regexp.MustCompile(`^([^,]{3,60}?), .{3,200}?, ((?:est|sont|is|are|désigne|means) )`)

// clauseOpeners open what follows a comma that ends a sentence's first
// clause: an apposition ("…, a job born with…") or a new clause; a
// relative ("…, who masters AI") completes the clause before it.
var clauseOpeners = map[string]bool{"a": true, "an": true, "the": true, "and": true, "but": true,
	"un": true, "une": true, "le": true, "la": true, "les": true, "et": true, "mais": true}

// exampleRE matches the opening of an example, which a clause cut after
// it leaves unfinished.
var exampleRE = regexp.MustCompile(`^(?i:for example|for instance|par exemple|such as|e\.g\.|notamment|like|comme)\b`)

// firstClause returns the shortest head of s that ends at a comma before
// an apposition or a new clause and has between least and most words,
// with its brackets and quotes balanced, as a sentence: "A prompt engineer phrases the requests (prompts) sent to
// generative AI … the most precise answers, a job born with…" gives its
// part before the comma. It returns "" when s has none.
func firstClause(s string, least, most int) string {
	for i, r := range s {
		if r != ',' {
			continue
		}
		head := strings.TrimSpace(s[:i])
		n := WordCount(head)
		if n > most {
			break
		}
		next, _, _ := strings.Cut(strings.TrimSpace(s[i+1:]), " ")
		if at := strings.LastIndex(head, ", "); at >= 0 && exampleRE.MatchString(head[at+2:]) {
			// "…, for example when a car of Waymo" has yet to say it: the
			// head ends before the example.
			head = head[:at]
			if WordCount(head) < least {
				continue
			}
		}
		// (An example that follows ends the clause too: "… tombe en
		// panne, comme une voiture de Waymo…".)
		opens := clauseOpeners[strings.ToLower(next)] || exampleRE.MatchString(strings.TrimSpace(s[i+1:]))
		if n >= least && opens && strings.Count(head, "«") == strings.Count(head, "»") && strings.Count(head, "(") == strings.Count(head, ")") && strings.Count(head, "\"")%2 == 0 {
			return head + "."
		}
	}
	return ""
}

// headClause returns the first clause of a long sentence, up to a colon,
// a semicolon or a comma before "et" or "and", when it has between 8 and
// max words and says what the sentence is about: "Le spécialiste … établit les règles qui empêchent les
// agents IA de semer le chaos : il veille …" gives its part before the
// colon. It returns "" when the sentence has no such clause.
func headClause(s string, max int) string {
	best := ""
	for i, r := range s {
		if r != ':' && r != ';' && !strings.HasPrefix(s[i:], ", et ") && !strings.HasPrefix(s[i:], ", and ") {
			continue
		}
		head := strings.TrimSpace(s[:i])
		if n := WordCount(head); n > max {
			break
		} else if n >= 8 {
			best = head
		}
	}
	if best == "" || strings.Count(best, "«") != strings.Count(best, "»") || strings.Count(best, "(") != strings.Count(best, ")") || strings.Count(best, "\"")%2 != 0 {
		return ""
	}
	return best + "."
}

// brought returns the skills the background already brings: those of its
// own entry when the base has one ("je suis data scientist"), else the
// skills whose backgrounds name it.
func (a *Assistant) brought(v *catalogView, background string) []*knowledge.Entry {
	if background == "" {
		return nil
	}
	var out []*knowledge.Entry
	if own := v.backgroundEntry(background); own != nil {
		for _, s := range own.Relations.Requires {
			if e := v.bySlug[s]; e != nil {
				out = append(out, e)
			}
		}
	}
	for _, e := range v.fits(background) {
		if e.Kind == knowledge.KindSkill && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	if otherLanguageRE.MatchString(fold(background)) {
		// A Java developer is a developer who does not bring Python.
		out = slices.DeleteFunc(out, func(e *knowledge.Entry) bool { return programmingLanguageRE.MatchString(fold(e.Title)) })
	}
	return out
}

// programmingLanguageRE matches the name of a programming language an
// entry may be; otherLanguageRE those a background may say instead.
var (
	programmingLanguageRE = regexp.MustCompile(`^ (?:python|r|julia) `)
	otherLanguageRE       = regexp.MustCompile(`\b(?:java|javascript|typescript|js|ts|php|ruby|golang|go|rust|kotlin|swift|scala|cobol|c\+\+|c#|\.net|dotnet|node|nodejs|react|angular|vue|abap|vba|delphi|perl)\b`)
)

// rolesByTags returns the roles of entries that have one of tags, those
// of the first tag first, each in the catalog's order.
func rolesByTags(entries []*knowledge.Entry, tags []string) []*knowledge.Entry {
	var out []*knowledge.Entry
	for _, t := range tags {
		for _, e := range entries {
			if e.Kind == knowledge.KindRole && hasAnyTag(e, []string{t}) && !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	return out
}

// startRE matches a question that asks where to start; nonTechnicalRE
// an asker who says they are not technical.
var (
	startRE        = regexp.MustCompile(`\b(?:par ou (?:je )?(?:dois |peux |devrais )?commencer|je commence par quoi|commencer par quoi|where (?:do|should|can) i (?:even )?(?:start|begin)|where to (?:start|begin)|how (?:do|can|should) i (?:even )?(?:get )?start(?:ed)?|get started|me mettre a|m'y mettre|from scratch|de zero)\b`)
	nonTechnicalRE = regexp.MustCompile(`\b(?:pas (?:du tout |tres |trop )?(?:technique|tech|matheux|geek)|non[- ]techniques?|not (?:very |at all |really )?(?:technical|techy|a techie)|non[- ]technical|(?:je ne sais|je sais) pas (?:du tout )?coder|can't code|cannot code|don't code|no coding|sans coder|sans code|(?:besides|other than|apart from|beyond|without|outside(?: of)?) (?:coding|code|programming)|(?:a part|autres? que|en dehors du|hors) (?:coder|le code|code|programmer|la programmation)|(?:that|which) (?:aren't|are not|don't involve|do not involve) (?:coding|programming))\b`)
)

// orientation answers a vague wish to work in AI: a few families of roles,
// one line each, and an invitation to say one's background.
func (a *Assistant) orientation(u Understanding, v *catalogView) (Answer, bool) {
	lang := u.Lang
	type family struct {
		en, fr string
		tags   []string
	}
	families := []family{
		{"Technical", "Techniques", []string{"technique", "donnees", "recherche"}},
		{"Without coding", "Sans coder", []string{"non-technique", "sans-diplome", "vente", "creation"}},
		{"Your expertise and human skills", "Votre expertise et vos qualités humaines", []string{"expertise-metier", "competences-humaines", "gouvernance", "direction"}},
	}
	b := &brief{lang: lang}
	if startRE.MatchString(fold(u.Text)) {
		// "Par où commencer ?": where to start learning, first.
		var names []string
		for _, e := range v.entries {
			if e.Kind == knowledge.KindTraining && len(names) < 2 && hasAnyTag(e, []string{"ia-generative"}) && hasAnyTag(e, []string{"certification", "autoformation"}) {
				names = append(names, e.TitleIn(lang)+" ["+strconv.Itoa(b.cite(e))+"]")
			}
		}
		if len(names) > 0 {
			b.main = append(b.main, Msg(lang, "To start learning: ", "Pour commencer à vous former : ")+list(lang, names)+".")
		}
	}
	if u.Background != "" {
		// A background no role of the base names: the families, said as
		// such.
		b.plain(Msg(lang, "No role of the knowledge base names your background ("+asWritten(u.Text, u.Background)+"), but AI jobs come in a few families:",
			"Aucun métier de la base ne cite votre profil ("+asWritten(u.Text, u.Background)+"), mais les métiers de l'IA se rangent en quelques familles :"))
	} else {
		b.plain(Msg(lang, "AI jobs come in a few families:", "Les métiers de l'IA se rangent en quelques familles :"))
	}
	if nonTechnicalRE.MatchString(fold(u.Text)) || u.Background != "" {
		// "je suis pas technique du tout": the jobs without code first;
		// so too for a background no role names, since every technical
		// background is one the base names.
		families[0], families[1] = families[1], families[0]
	}
	used := map[string]bool{}
	lines := 0
	for _, f := range families {
		var names []string
		var first *knowledge.Entry
		// The roles of the family's first tag first: "non-technique"
		// before "création".
		for _, e := range rolesByTags(v.entries, f.tags) {
			if used[e.Slug] || len(names) == 2 {
				continue
			}
			used[e.Slug] = true
			if first == nil {
				first = e
			}
			names = append(names, shortTitle(e, lang)+" ["+strconv.Itoa(b.cite(e))+"]")
		}
		if first == nil {
			continue
		}
		b.main = append(b.main, "• *"+Msg(lang, f.en+"*: ", f.fr+"* : ")+strings.Join(names, ", "))
		lines++
	}
	if lines == 0 {
		return Answer{}, false
	}
	if u.Background != "" {
		b.plain(Msg(lang, "Ask me how to become one of them for the skills and trainings.",
			"Demandez-moi comment devenir l'un d'eux pour les compétences et formations."))
	} else {
		b.plain(Msg(lang, "Tell me what you do today (“I'm a lawyer…”) and I'll tell you which fit you, and how to get there.",
			"Dites-moi ce que vous faites aujourd'hui (« je suis juriste… ») et je vous dirai lesquels vous correspondent, et comment y aller."))
	}
	return b.answer(), true
}

func hasAnyTag(e *knowledge.Entry, tags []string) bool {
	for _, t := range e.Tags {
		if slices.Contains(tags, t) {
			return true
		}
	}
	return false
}

// shortTitle is an entry's title without what its parentheses add:
// "Ingénieur IA" for "Ingénieur IA (AI / ML engineer)".
func shortTitle(e *knowledge.Entry, lang string) string {
	t := e.TitleIn(lang)
	if before, _, ok := strings.Cut(t, " ("); ok && before != "" {
		return before
	}
	return t
}

func titles(es []*knowledge.Entry, lang string) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.TitleIn(lang)
	}
	return out
}

// stemSet returns the stems of words.
func stemSet(words string) map[string]bool {
	out := map[string]bool{}
	for _, t := range retrieval.Tokens(words) {
		out[t] = true
	}
	return out
}

// bestOf returns up to n of ss, those with the most stems of words, in
// their order, each sentence that points back preceded by the one it
// points to; none when no sentence has any.
func bestOf(ss []string, words map[string]bool, n int) []string {
	type scored struct {
		i, score int
	}
	var all []scored
	for i, s := range ss {
		score := 0
		for _, t := range retrieval.Tokens(s) {
			if words[t] {
				score++
			}
		}
		if score > 0 {
			all = append(all, scored{i, score})
		}
	}
	slices.SortStableFunc(all, func(a, b scored) int { return b.score - a.score })
	all = all[:min(n, len(all))]
	slices.SortFunc(all, func(a, b scored) int { return a.i - b.i })
	out := make([]string, 0, len(all))
	for k, x := range all {
		// A sentence that points back ("He graduated…") comes with the
		// one it points to, unless that one is chosen already.
		if x.i > 0 && leansBack(ss[x.i]) && (k == 0 || all[k-1].i != x.i-1) {
			out = append(out, ss[x.i-1])
		}
		out = append(out, ss[x.i])
	}
	return out
}

// withoutExample returns s without the words that open an example
// ("Exemple : le programmeur…" → "Le programmeur…"): said after a label of
// its own, the sentence is no example.
func withoutExample(s string) string {
	for _, p := range []string{"Exemple : ", "Par exemple, ", "For example, ", "For instance, ", "Its example: "} {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" {
			r := []rune(rest)
			return string(unicode.ToUpper(r[0])) + string(r[1:])
		}
	}
	return s
}

// digitsRE matches a number written in digits (not "zéro", which
// figures.Quantities reads as one: "compose le zéro" states no figure).
var digitsRE = regexp.MustCompile(`\d+(?:[ ,.]\d+)*`)

// insightLine returns the sentence of an insight to say to someone with
// background: the one that states the figure its title gives ("Mercor :
// des experts payés en moyenne 90 dollars de l'heure…"), else the one
// whyFits picks.
func insightLine(e *knowledge.Entry, background, lang string) string {
	ss := entrySentences(e, lang)
	for _, n := range digitsRE.FindAllString(e.TitleIn(lang), -1) {
		for i, s := range ss {
			if WordCount(s) > 40 || isArticleNote(s) || !slices.Contains(digitsRE.FindAllString(s, -1), n) {
				continue
			}
			if !leansBack(s) {
				return s
			}
			// "Son directeur général affirme que ces experts gagnent…"
			// is said with the sentence it points back to.
			if i > 0 && !leansBack(ss[i-1]) && !isArticleNote(ss[i-1]) && WordCount(ss[i-1])+WordCount(s) <= 50 {
				return ss[i-1] + " " + s
			}
		}
	}
	return whyFits(e, background, lang)
}
