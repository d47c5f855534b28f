package bot

import (
	"regexp"
	"slices"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

// Intent is what a question asks for.
type Intent string

// The intents careerbot answers, each in its own way.
const (
	IntentDefinition  Intent = "definition"  // what a job, skill or training is
	IntentPath        Intent = "path"        // how to become, or move into, a job
	IntentPay         Intent = "pay"         // what a job pays
	IntentSkills      Intent = "skills"      // what to know
	IntentTrainings   Intent = "trainings"   // where to learn
	IntentMarket      Intent = "market"      // demand, growth, trends, figures
	IntentQuote       Intent = "quote"       // who said what
	IntentCompare     Intent = "compare"     // two things side by side
	IntentBest        Intent = "best"        // the best paid, the one to pick
	IntentOrientation Intent = "orientation" // a vague wish to work in AI
	IntentOutOfScope  Intent = "out_of_scope"
)

// Understanding is what the assistant reads in a question, once, at the
// edge: every later step reads it rather than the text.
type Understanding struct {
	// Text is the question as normalised.
	Text string
	// Lang is the language of the answer, decided once.
	Lang   string
	Intent Intent
	// YesNo is set for a question that a yes or a no answers first
	// ("Faut-il un doctorat… ?").
	YesNo bool
	// Obliges is set when the question asks whether something is
	// required ("Do I have to…?", "faut-il…?"): a sentence that gives it
	// as one way among others answers no, not necessarily.
	Obliges bool
	// Background is the asker's job or field as they said it ("juriste",
	// "backend developer"), or "".
	Background string
	// Studied is the field of the asker's degree as they said it ("with a
	// psychology degree": "psychology"), or "". Alone, it is also the
	// Background.
	Studied string
	// Field is where the asker said they work, when they named a field or
	// a department rather than a job, in the third person ("travaille
	// dans la finance", "working in sales"), or "".
	Field string
	// Strengths is what the asker said they are good at or love, folded
	// ("stats and data", "ecris bien"), or "": with a background, the
	// roles that suit it come first.
	Strengths string
	// Context are the words that place the question (an employer, a city,
	// a country, a kind of company) without being its subject: they never
	// veto an answer.
	Context []string
	// Circumstances is what the asker said of their situation in a first
	// clause that asks nothing ("I have 2 kids and little time"): it
	// places the question and is not searched.
	Circumstances string
	// Threatened is the job the asker fears AI will replace, as written
	// ("les comptables", "my job"), or "job" when the question names
	// none; "" when the question fears for no job.
	Threatened string
	// Fears is set when an asker who said their background fears AI will
	// replace their job ("je suis RH, l'IA va-t-elle supprimer mon
	// poste ?"): the roles that suit it answer, after saying that the base
	// does not tell one job's future.
	Fears bool
	// Hires: the asker asks from the side of those who hire ("on est une
	// petite startup, impossible de recruter un ingé ML"): a job they name
	// is the one they look for, not what they ask about.
	Hires bool
	// Said is what the thread's last answer said, for a follow-up
	// (Elliptical): its answer says the rest, not that again.
	Said string
	// Where are the context words with the preposition the asker used
	// ("en Allemagne", "chez Google"), for sentences that name them.
	Where []string
	// Subject is the question without its persona and its context: what
	// is searched and what an entry must cover.
	Subject string
	// AsksRole is set for a question that asks for a job: "qui conçoit…",
	// "c'est quel métier ?", "what do you call…".
	AsksRole bool
	// Stated is set when the text says its intent in so many words ("c'est
	// quoi", "how much"), unset when the intent is the default.
	Stated bool
	// Elliptical is set for a turn that needs its conversation to be
	// understood ("et le salaire ?", "what training for that?").
	Elliptical bool
}

// askedKinds returns the kinds of entry that answer a question of intent
// i, when only those do: skills for skills, trainings for trainings.
func askedKinds(i Intent) []knowledge.Kind {
	switch i {
	case IntentSkills:
		return []knowledge.Kind{knowledge.KindSkill}
	case IntentTrainings:
		return []knowledge.Kind{knowledge.KindTraining}
	}
	return nil
}

// fold lowercases text and folds its accents and apostrophes, for matching.
func fold(text string) string {
	t := strings.ToLower(knowledge.FoldAccents(text))
	t = strings.NewReplacer("’", "'", "‘", "'", "\u00a0", " ").Replace(t)
	return " " + strings.Join(strings.Fields(t), " ") + " "
}

func compileAll(patterns ...string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		out[i] = regexp.MustCompile(p)
	}
	return out
}

// understand reads a question once: its language (from the text, else
// hint: the conversation's or the user's), its intent, whether a yes or
// no answers it, the asker's background, the words that only place it,
// and the subject left to search. history is the conversation so far.
func understand(text, hint string, history []Turn) Understanding {
	text = expandAbbreviations(text)
	u := Understanding{Text: text, Lang: DetectLangHint(text, hint)}
	folded := fold(text)
	subject := text
	var tail string // the rest of the persona's clause
	// The background, and the persona clause that states it, which is
	// not the subject.
	if p, ok := findPersona(folded); ok {
		re, m, g, field, bg := p.re, p.m, p.g, p.field, p.bg
		span := folded[m[0]:m[g]] + bg
		if at := strings.Index(folded[m[g]:], bg); at >= 0 {
			// "i've been doing payroll": the words cut out of it are the
			// persona too.
			end := m[g] + at + len(bg)
			span = folded[m[0]:end]
			tail = personaTail(folded[end:])
		}
		if re == trainedAsRE || re == jobFirstRE {
			span = folded[m[0]:m[1]] // "… de formation", "… depuis 5 ans" are the persona too
		}
		subject = removeFolded(subject, span)
		sector := field && sectorRE.MatchString(folded[m[2]:m[3]])
		if !sector && (isPlaceOrEmployer(firstWord(bg)) || companyKindRE.MatchString(bg)) {
			// "je bosse dans une ESN" says where, not what; "dans la
			// banque" is a sector.
			u.Context = append(u.Context, bg)
			u.Where = append(u.Where, bg)
		} else {
			u.Background = bg
			if field {
				u.Field = fieldPhrase(re, folded[m[2]:m[3]], bg)
			}
			if re == teachRE {
				// The roles that suit a teacher, whatever is taught.
				u.Background = Msg(u.Lang, "teacher", "enseignant")
			}
		}
	}
	// Jobs asked for others, by their background: "Y a-t-il des
	// débouchés dans l'IA pour les linguistes ?", "What AI jobs are there
	// for nurses?".
	if u.Background == "" && jobAskRE.MatchString(folded) {
		if m := forWhomRE.FindStringSubmatchIndex(folded); m != nil {
			bg := cutBackground(folded[m[4]:m[5]])
			if bg != "" && !forWhomStops[bg] && !aiRE.MatchString(" "+bg+" ") && !companyKindRE.MatchString(bg) && !isPlaceOrEmployer(firstWord(bg)) && !infinitive(firstWord(bg)) {
				subject = removeFolded(subject, strings.TrimSpace(folded[m[2]:m[5]]))
				u.Background = bg
				u.Field = strings.TrimSpace(folded[m[2]:m[5]])
			}
		}
	}
	// What the asker studied, said with or without a job: "with a
	// psychology degree", "diplômée en droit". Said in the question
	// ("Faut-il un master en finance ?"), a degree is what is asked about.
	for _, re := range degreeREs {
		m := re.FindStringSubmatchIndex(folded)
		if m == nil {
			continue
		}
		field := cutBackground(folded[m[2]:m[3]])
		if field == "" || aiRE.MatchString(" "+field+" ") {
			continue
		}
		subject = removeFolded(subject, strings.TrimLeft(folded[m[0]:m[1]], " ,.;:!?("))
		u.Studied = field
		if u.Background == "" {
			u.Background = field
		}
		break
	}
	// The school the asker is at is their background, not a field they
	// work in: "I'm in law school" is a law student.
	if m := schoolRE.FindStringSubmatchIndex(folded); m != nil && u.Studied == "" {
		school := folded[m[2]:m[3]]
		subject = removeFolded(subject, strings.TrimLeft(folded[m[0]:m[1]], " ,.;:!?("))
		u.Studied = school
		if u.Background == "" || strings.Contains(u.Background, school) {
			u.Background, u.Field = school, ""
		}
	}
	// What the asker says they do well or love, beside their job ("I
	// love stats and data", "j'écris bien"): it says which roles suit
	// them, and is not the subject.
	if u.Background != "" {
		for _, m := range strengthRE.FindAllStringSubmatch(folded, 3) {
			if what := cutStrength(m[2]); what != "" && !vagueStrengths[what] {
				u.Strengths = strings.TrimSpace(strings.TrimPrefix(u.Strengths+", "+what, ", "))
				subject = removeFolded(subject, strings.TrimSpace(m[1]+" "+what))
			}
		}
		if m := writesWellRE.FindString(folded); m != "" {
			u.Strengths = strings.TrimPrefix(u.Strengths+", "+Msg(u.Lang, "writing", "ecriture"), ", ")
			subject = removeFolded(subject, m)
		}
	}
	// What the asker says of their situation before the question ("I
	// have 2 kids and little time, how…", "J'ai 45 ans, est-il trop
	// tard…") places it without being its subject.
	if u.Background == "" && u.Studied == "" {
		if m := circumstanceRE.FindStringSubmatch(folded); m != nil && circumstance(m[1]) {
			subject = removeFolded(subject, strings.TrimSpace(m[1]))
			u.Circumstances = strings.TrimSpace(m[1])
		}
	}
	// A question asked of the asker is theirs to ask: "my team lead asked
	// me what a chief AI officer does" asks what a chief AI officer does,
	// and says nothing of leads.
	if m := reportedAskRE.FindStringSubmatch(fold(subject)); m != nil {
		subject = removeFolded(subject, strings.TrimSpace(m[1]))
	}
	// Someone the asker asks for ("mon fils veut faire de l'IA, quelle
	// école ?") is who, not what.
	if m := relativeRE.FindStringIndex(folded); m != nil && u.Circumstances == "" {
		u.Circumstances = strings.TrimSpace(folded[m[0]:m[1]])
		subject = removeFolded(subject, u.Circumstances)
	}
	// Context: employers, places, kinds of company. (What the question
	// asks for is read before: "Write a SQL query" stays a request for
	// code once "SQL" is read as a name.)
	beforeContext := subject
	for _, re := range contextREs {
		for _, m := range re.FindAllStringSubmatch(subject, -1) {
			if re == employerRE {
				m = withoutTrailingLinks(m)
			}
			c := strings.TrimSpace(m[1])
			if c == "" || namesSubject(c) || re == articlePlaceRE && !isPlaceOrEmployer(firstWord(c)) || (re != employerRE && !isPlaceOrEmployer(firstWord(c)) && !isContextPhrase(re) && !allCaps(c) && !placeAfterPreposition(m[0], u.Lang)) {
				continue
			}
			u.Context = append(u.Context, c)
			u.Where = append(u.Where, strings.TrimSpace(strings.TrimLeft(m[0], ",.;:!?( ")))
			subject = strings.Replace(subject, m[0], " ", 1)
		}
	}
	if tail != "" {
		// What is left of the persona's clause once its employer or
		// place is read: "au lycée", "at an insurance company".
		for _, w := range u.Where {
			tail = strings.Replace(tail, strings.TrimSpace(fold(w)), " ", 1)
		}
		subject = removeFolded(subject, strings.Join(strings.Fields(tail), " "))
	}
	u.Subject = strings.TrimLeft(strings.Join(strings.Fields(subject), " "), ",;: ")
	fs := fold(u.Subject)
	u.Intent = IntentDefinition
	matched := false
	// The intent is read in the subject: a background ("statisticienne")
	// or a place says nothing of what is asked.
	// "Plutôt que lutter, …" compares nothing: it says what the asker
	// would rather not do.
	asked := ratherThanDoingRE.ReplaceAllString(fs, " ")
	asked = besidesPayRE.ReplaceAllString(asked, " ")                      // "à part le salaire, …" asks of the rest
	asked = rivalPayRE.ReplaceAllString(asked, " ")                        // "rivaliser avec les salaires de la Big Tech" asks how
	asked = fundsTrainingRE.ReplaceAllString(asked, " trainings ")         // "do companies pay for AI training?" asks who funds it
	asked = paidToDoRE.ReplaceAllStringFunc(asked, func(m string) string { // "get paid to teach chatbots" asks what the work is
		if sub := paidToDoRE.FindStringSubmatch(m); namesWork(sub[1]) {
			return " " + sub[1]
		}
		return m
	})
	if u.Lang == "fr" {
		// "leurs salariés", folded, would read as English salaries.
		asked = salariesRE.ReplaceAllString(asked, "employes")
		asked = worksRE.ReplaceAllString(asked, "fonctionne") // "comment ça marche" asks how it works
	}
	// What comes before the question places it: "my CTO keeps saying
	// 'hire ML people who know Ray'. what's Ray?" asks what Ray is. The
	// last question of several sentences says what is asked, when it
	// says it; "any idea?" leaves it to the rest.
	asks := fs // what the question itself says, for who it asks about
	if last := lastQuestion(asked); last != "" {
		for _, x := range intentREs {
			if x.re.MatchString(last) {
				u.Intent, matched = x.intent, true
				if l := lastQuestion(fs); l != "" {
					asks = l
				}
				break
			}
		}
	}
	for _, x := range intentREs {
		if matched {
			break // by the last question
		}
		if x.re.MatchString(asked) || x.intent == IntentOutOfScope && x.re.MatchString(fold(beforeContext)) {
			u.Intent, matched = x.intent, true
		}
	}
	u.Stated = matched
	u.Obliges = obligesRE.MatchString(fs)
	u.AsksRole = asksRoleRE.MatchString(asks) || asksWho(asks)
	u.YesNo = (yesNoRE.MatchString(fs) || yesNoRE.MatchString(folded) || lastYesNoRE.MatchString(" "+lastQuestion(fs)+" ") || trailingYesNoRE.MatchString(fs) && !questionWordRE.MatchString(fs) ||
		inversionYesNoRE.MatchString(fs) && !questionWordRE.MatchString(fs)) && u.Intent != IntentOutOfScope &&
		!requestRE.MatchString(folded) && !alternativeRE.MatchString(fs)
	if u.Intent != IntentOutOfScope && u.Intent != IntentBest && u.Intent != IntentQuote && isVague(fs, folded) {
		u.Intent = IntentOrientation
	}
	if u.Intent == IntentPath && u.Background == "" && onlyVagueTopic(fs) && aiRE.MatchString(folded) {
		// "Je veux changer de voie, l'IA c'est pour moi ?": a move to AI
		// with neither a background nor a target is a wish to start.
		u.Intent = IntentOrientation
	}
	forOthers := strings.HasPrefix(u.Field, "pour ") || strings.HasPrefix(u.Field, "for ")
	hiringOnly := u.Intent == IntentMarket && aiRE.MatchString(fs) && onlyHiringWords(fs) // "je suis en BTS compta, l'IA ça recrute ?"
	picks := u.Intent == IntentCompare && !sidesNamedRE.MatchString(fs)                   // "which one would suit me best?"
	whichJob := u.Intent == IntentMarket && whichJobRE.MatchString(fs)                    // "ça débouche sur quel genre de métier ?"
	// A founder or a recruiter who asks how to hire asks of the market,
	// not of their own way: "I'm cofounder of a startup, how are startups
	// competing for ML engineers?"
	hires := employerSideRE.MatchString(" "+fold(u.Background)+" ") && hiringAskRE.MatchString(fs)
	u.Hires = hires || weHireRE.MatchString(fs)
	if hires && (!matched || u.Intent == IntentDefinition || u.Intent == IntentOrientation || u.Intent == IntentPath) {
		u.Intent, matched = IntentMarket, true
	}
	if u.Background != "" && !hires && (!matched || u.Intent == IntentDefinition || u.Intent == IntentOrientation || forOthers && u.Intent == IntentMarket || hiringOnly || picks || whichJob || u.Intent == IntentMarket && adviceRE.MatchString(fs)) {
		// Someone who says what they do and asks about AI jobs asks
		// where they fit.
		u.Intent = IntentPath
	}
	if u.Background != "" && threatStateRE.MatchString(fold(u.Subject)) {
		// With a background, the roles that suit it answer the fear ("je
		// suis rédactrice, l'IA va me remplacer ?"), and "at risk" names
		// no risk specialist.
		u.Subject = strings.Join(strings.Fields(threatStateRE.ReplaceAllString(fold(u.Subject), " ")), " ")
	}
	if u.Intent != IntentOutOfScope && u.Intent != IntentQuote {
		if what, ok := threatened(folded); ok && u.Background != "" {
			// "je suis RH, l'IA va-t-elle supprimer mon poste ?": the roles
			// that suit the background answer the fear.
			u.Fears = true
		} else if ok {
			// "Will AI replace lawyers?", "mon job est-il menacé ?": the
			// base says nothing of one job's future, but what it says of
			// jobs lost and made by AI answers; never with a yes or no.
			u.Threatened, u.Intent, u.YesNo = asWritten(text, what), IntentDefinition, false
			u.Subject = Msg(u.Lang, "fears of job losses to AI", "craintes de pertes d'emplois liées à l'IA")
		}
	}
	if len(history) > 0 && u.Intent != IntentOutOfScope && u.Intent != IntentBest && u.Intent != IntentOrientation {
		u.Elliptical = ellipticalRE.MatchString(folded) || len(topicWords(u.Subject)) == 0 || len(strings.Fields(u.Subject)) <= 3 ||
			onlyGenericWords(folded)
	}
	if u.Elliptical && u.Background != "" && !ellipticalRE.MatchString(folded) {
		// "Je suis comptable, quel métier de l'IA pour moi ?" says who
		// asks: a new question, whatever the thread was about.
		u.Elliptical = false
	}
	if u.Elliptical && u.Intent != IntentMarket && u.Intent != IntentPay {
		// (A figure said before may be the answer again: "is it in
		// demand?" after an answer that gave the demand.)
		for i := len(history) - 1; i >= 0; i-- {
			if history[i].Role == "assistant" {
				u.Said = history[i].Text
				break
			}
		}
	}
	return u
}

// persona is where a question states its asker's background.
type persona struct {
	re    *regexp.Regexp // the pattern of personaREs that found it
	m     []int          // its submatch indexes in the folded text
	g     int            // the background's group, in m
	field bool           // a pattern of fieldREs: where the asker works
	bg    string         // the background, cut (cutBackground)
}

// findPersona finds the persona of a folded question. The persona said
// first wins ("I'm a pharmacist, 11 years in retail"); of two said at the
// same place, the pattern tried first.
func findPersona(folded string) (persona, bool) {
	var best persona
	found := false
	for _, re := range personaREs {
		m := re.FindStringSubmatchIndex(folded)
		if m == nil || found && m[0] >= best.m[0] {
			continue
		}
		if targetAfter(folded[:m[0]+1], folded[m[0]:m[2]]) {
			continue // "to work as an AI researcher" names the goal
		}
		p := persona{re: re, m: m, g: 2, field: slices.Contains(fieldREs, re)}
		if p.field {
			p.g = 4
		}
		if negatedRE.MatchString(folded[m[p.g]:]) {
			continue // "je suis pas technique du tout" says what the asker is not
		}
		if re == fieldEnRE {
			if w := firstWord(folded[m[p.g]:m[p.g+1]]); enNotField[w] || w == "" || w[0] >= '0' && w[0] <= '9' {
				continue
			}
		}
		p.bg = cutBackground(folded[m[p.g]:m[p.g+1]])
		if p.bg == "" || re == jobLeadRE && !leadsWithJob(p.bg, folded[m[1]:]) {
			continue
		}
		best, found = p, true
	}
	return best, found
}

// profile is what the asker brings, for the roles that suit it: what they
// do well or love first, then the field studied, then the job.
func (u Understanding) profile() string {
	bg := u.Background
	// "DSI d'une PME", "DRH d'un grand groupe": the job, not where.
	if i := strings.Index(bg, " d'"); i > 0 && companyKindRE.MatchString(strings.TrimSpace(bg[i+3:])) {
		bg = bg[:i]
	}
	if u.Studied != "" && u.Studied != u.Background {
		bg = u.Studied + ", " + bg
	}
	if u.Strengths != "" {
		bg = u.Strengths + ", " + bg
	}
	return bg
}

// ingeRE matches "ingé", the word employees write for "ingénieur".
var ingeRE = regexp.MustCompile(`(?i)(^|[^\pL])ing[ée](s?)([^\pL]|$)`)

// jeRE matches "je" run into its verb, as typed in chat: "jveux",
// "j'sais", "jsuis".
var jeRE = regexp.MustCompile(`(?i)(^|[^\pL'’])j['’]?(veux|voudrais|suis|peux|sais|vais|bosse|travaille|cherche|pense|connais|comprends|fais|me)([^\pL]|$)`)

// lastQuestion returns the last sentence of text when it is a question
// and other sentences come before it, or "".
func lastQuestion(text string) string {
	t := strings.TrimSpace(text)
	if !strings.HasSuffix(t, "?") {
		return ""
	}
	i := strings.LastIndexAny(strings.TrimRight(t, "? "), ".!?")
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(t[i+1:])
}

// expandAbbreviations writes out the abbreviations of job names, so that
// "ingé IA" names the AI engineer, and "je" run into its verb ("jveux me
// lancer dans l'IA").
func expandAbbreviations(text string) string {
	// Twice: a match takes the space after it, which the next one needs
	// before it ("jveux jsais pas").
	for range 2 {
		text = jeRE.ReplaceAllString(text, "${1}je ${2}${3}")
	}
	return ingeRE.ReplaceAllString(text, "${1}ingénieur${2}${3}")
}
