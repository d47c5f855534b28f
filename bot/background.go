package bot

import (
	"regexp"
	"slices"
	"strings"

	"github.com/careerbot/careerbot/retrieval"
)

// personaREs find the asker's background: "je suis juriste", "I'm a
// backend developer", "en tant que comptable", "I work in finance". The
// first group is the background, cut further by cutBackground.
var personaREs = slices.Concat([]*regexp.Regexp{trainedAsRE, jobFirstRE, afterJobRE, yearsAsRE, exJobRE, jobLeadRE, regexp.MustCompile(
	`(?:^|[\s,.;:!?(])(?:je suis|j'suis|chuis|moi je suis|je suis actuellement|actuellement je suis|je suis moi-meme|en tant que|je travaille comme|je bosse comme|je bosse en tant que|je travaille en tant que|mon metier est|mon metier c'est|mon job c'est|je suis de formation|de formation|ancien|ancienne|je fais le metier de|j'exerce comme|j'exerce le metier de|j'ai ete|j'etais|j'ai longtemps ete|j'ai bosse comme|j'ai travaille comme)\s+(?:un |une |le |la |l'|des |actuellement |moi-meme |depuis \d+ ans )?([^,.;:!?()]{2,60})`)},
	fieldREs, []*regexp.Regexp{regexp.MustCompile(
		`(?:^|[\s,.;:!?(])(?:i'm|im|i am|as an?|i work as|i'm working as|i am working as|my job is|my background is(?: in)?|i've been|i have been|i was|i come from|coming from|with a background in|my role is|i'm currently|i am currently|i currently work as|i'm actually)\s+(?:a |an |the |in |currently |actually |working as |a senior |a junior )?([^,.;:!?()]{2,60})`)})

// The persona patterns that name where the asker works, a field or a
// department ("je travaille dans la finance", "je bosse au service RH",
// "je fais du recrutement", "I work in finance"), not a job: the asker is
// then "someone who works in finance", not "a finance". The group before
// the field is the preposition as written.
var (
	fieldRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:je travaille|je bosse) (?:dans|en)(?: les| le| la| une| un)? |je suis dans(?: les| le| la| une| un)? |(?:je travaille|je bosse|je suis) dans l')([^,.;:!?()]{2,60})`)
	// fieldEnRE finds a department said with "en" ("je suis en RH", "je
	// suis en compta"); enNotField tells a situation ("en reconversion",
	// "en 2e année") from a department.
	fieldEnRE    = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:je suis|j'suis|chuis|moi je suis|je suis actuellement) en )([^,.;:!?()]{2,60})`)
	fieldAtRE    = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:je travaille|je bosse|je suis) (?:a la |a l'|au |aux ))([^,.;:!?()]{2,60})`)
	fieldDoRE    = regexp.MustCompile(`^ (?:moi )?((?:je fais|je m'occupe) (?:du |de la |de l'|des ))([^,.;:!?()]{2,60})`)
	afterFieldRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:(?:apres|after) )?` + howLong + ` (?:ans|annees|years|yrs) (?:(?:dans|en)(?: la| le| les| l'| une| un)? |in(?: the| a| an)? ))([^,.;:!?()]{2,60})`)
	fieldBgRE    = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:my background is|i have a background|i've got a background|i come from a background|with a background|coming from a background) in(?: the| a| an)? )([^,.;:!?()]{2,60})`)
	fieldFromRE  = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:je viens|moi je viens) (?:du |de la |de l'|des )|(?:j'ai un parcours|j'ai une experience|j'ai de l'experience) (?:en |dans le |dans la |dans l'|dans les ))([^,.;:!?()]{2,60})`)
	fieldInRE    = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:i work|i'm working|i am working|working|i've been|i have been|i've worked|i have worked) (?:in|for)(?: the| a| an)? |(?:i'm|i am) in(?: the| a| an)? )([^,.;:!?()]{2,60})`)
	// manageRE finds what the asker runs: "I supervise a support team",
	// "je gère une équipe de comptables".
	manageRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:i supervise|i manage|i run|i lead|i oversee|i head up|i head|je gere|je dirige|j'encadre|je manage|je pilote) (?:a |an |the |our |my |une |un |la |le |l'|les |des |mon |ma |mes |notre |nos )?)([^,.;:!?()]{2,60})`)
	// teachRE finds what the asker teaches: "I teach French", "j'enseigne
	// les maths". The asker is a teacher.
	teachRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:i teach|i'm teaching|j'enseigne|je donne des cours de|je donne des cours d') ?(?:le |la |les |l')?)([^,.;:!?()]{2,40})`)
)

// fieldREs are those patterns, in the order personaREs tries them.
var fieldREs = []*regexp.Regexp{fieldRE, fieldEnRE, fieldAtRE, fieldDoRE, fieldBgRE, fieldFromRE, fieldInRE, manageRE, teachRE, afterFieldRE}

// sectorRE matches the end of a field's preposition that makes it a
// sector ("dans la banque"), not a kind of employer ("dans une banque").
var sectorRE = regexp.MustCompile(`(?:\s(?:la|le|les)|\sl')\s?$`)

// howLong is how many years, in figures or words.
const howLong = `(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|quelques|plusieurs|many|several|a few|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)`

// exJobRE finds a job the asker held: "Ex-militaire, …", "a former
// teacher, …".
var exJobRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])(?:ex-|ex |a former |an ex-|former )([a-z][a-z'-]+(?: [a-z'-]+)?)`)

// afterJobRE finds a background said by the years spent in it: "après 10
// ans comme comptable", "after ten years as a teacher".
var afterJobRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])(?:apres|after) ` + howLong + ` (?:ans|annees|years) (?:comme|en tant que|as an?|as|working as an?) ([^,.;:!?()]{2,60})`)

// yearsAsRE finds a background said after how long, first: "4 yrs doing
// devops, …", "10 ans comme comptable, …", "15 years as a nurse, …".
var yearsAsRE = regexp.MustCompile(`^ ` + greeting + howLong + `\+? ?(?:ans|annees|years|yrs) (?:comme|en tant que|as an?|as|doing|working as an?) ([^,.;:!?()]{2,60})`)

// goalWords are the words after which "as a …", "en tant que …" name the
// job the asker wants, not theirs: "get hired as a prompt engineer",
// "travailler en tant que data scientist".
var goalWords = map[string]bool{}

func init() {
	// Verbs of hiring and working in French are matched by their stems
	// in targetAfter ("embauch", "recrut", "travaill", "postul").
	for _, w := range strings.Fields(`work working worked job jobs hired hire recruited employed start started starting career
		become becoming apply applying position role freelance freelancing land landing get move switch transition retrain
		bosser bosse poste emploi carriere debuter commencer evoluer reconvertir devenir exercer lancer placer installer
		stage alternance make earn paid charge bill gagner gagne gagnerais gagnerait paye paie payer facturer facturerais toucher toucherais`) {
		goalWords[w] = true
	}
}

// targetAfter reports whether a persona phrase that opens with "as a" or
// "en tant que" follows a word that makes it the goal: before is the
// folded text up to the phrase.
func targetAfter(before, intro string) bool {
	intro = strings.TrimLeft(intro, " ,.;:!?(")
	if !strings.HasPrefix(intro, "as a") && !strings.HasPrefix(intro, "en tant que") {
		return false
	}
	words := strings.FieldsFunc(before, func(r rune) bool { return r == ' ' || r == '\'' })
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	if goalWords[last] {
		return true
	}
	for _, stem := range []string{"embauch", "recrut", "travaill", "employ", "postul"} {
		if strings.HasPrefix(last, stem) {
			return true
		}
	}
	return false
}

// fieldPhrase writes where the asker said they work, in the third person,
// for "someone who …": from "je bosse au " and "service rh", "travaille au
// service rh"; "fait du recrutement", "working in finance".
func fieldPhrase(re *regexp.Regexp, intro, field string) string {
	words := strings.Fields(intro)
	switch re {
	case fieldBgRE:
		return "with a background in " + field
	case teachRE:
		if words[0] == "i" || words[0] == "i'm" {
			return "teaches " + field
		}
		return "enseigne " + joinPrep(strings.Join(words[1:], " "), field)
	case afterFieldRE:
		// How many years the asker said is theirs, not a figure of the
		// base: it is not repeated.
		from := 3 // "after 10 years in", "10 years in"
		if words[0] != "after" && words[0] != "apres" {
			from = 2
		}
		if words[from-1] == "years" || words[from-1] == "yrs" {
			return "with years " + joinPrep(strings.Join(words[from:], " "), field)
		}
		return "a passé des années " + joinPrep(strings.Join(words[from:], " "), field)
	case fieldFromRE:
		if i := slices.Index(words, "viens"); i >= 0 {
			return "vient " + joinPrep(strings.Join(words[i+1:], " "), field)
		}
		return "a " + joinPrep(strings.Join(words[1:], " "), field)
	case fieldInRE:
		for i, w := range words {
			if w == "in" || w == "for" {
				return "working " + strings.Join(append(words[i:], field), " ")
			}
		}
	case manageRE:
		verb := map[string]string{"supervise": "supervises", "manage": "manages", "run": "runs", "lead": "leads", "oversee": "oversees",
			"head": "heads", "gere": "gère", "dirige": "dirige", "encadre": "encadre", "pilote": "pilote"}[words[1]]
		if words[0] == "j'encadre" {
			verb, words = "encadre", append([]string{"je", "encadre"}, words[1:]...)
		} else if verb == "" {
			verb = words[1] // "manage", in French
		}
		return verb + " " + joinPrep(strings.Join(words[2:], " "), field)
	case fieldDoRE:
		verb := "fait"
		if words[1] == "m'occupe" {
			verb = "s'occupe"
		}
		return verb + " " + joinPrep(strings.Join(words[2:], " "), field)
	}
	if len(words) < 3 {
		return ""
	}
	prep := strings.Join(words[2:], " ")
	prep = strings.Replace(prep, "a la", "à la", 1)
	prep = strings.Replace(prep, "a l'", "à l'", 1)
	return "travaille " + joinPrep(prep, field)
}

// joinPrep joins a preposition and what follows it, without a space after
// an elision: "dans l'industrie", "au service rh".
func joinPrep(prep, field string) string {
	if strings.HasSuffix(prep, "'") {
		return prep + field
	}
	return prep + " " + field
}

// jobFirstRE finds a background said first, with how long or "here":
// "Développeur Java depuis 5 ans, …", "Backend developer here, …". The
// whole phrase is the persona.
var jobFirstRE = regexp.MustCompile(`^ ` + greeting + `([a-z][a-z'/-]+(?: [a-z'/-]+){0,3}?) (?:depuis (?:\d+|un|une|deux|trois|quatre|cinq|six|dix|quinze|vingt|quelques|plusieurs) (?:ans?|annees?|mois)|here|ici|for (?:\d+|a few|many|several|two|three|four|five|six|ten|fifteen|twenty) (?:years|yrs))\b`)

// greeting is what may open a message before its persona: "Salut !
// infirmière depuis 12 ans, …".
const greeting = `(?:(?:salut|slt|bonjour|bjr|bonsoir|coucou|hello|hi|hey|yo)(?: (?:all|everyone|team|there|folks|guys|tout le monde|a tous|a toutes|les amis|l'equipe))?[ !,.]*\s)?`

// jobLeadRE finds a job said first, as a headline, before where the
// asker does it or a pause: "data analyst chez Leroy Merlin, je…",
// "actuary at an insurer, 5 years. which AI job should I target?",
// "clinical psychologist, 8 yrs in private practice…". Its first group
// is the job; leadsWithJob says whether it is one.
var jobLeadRE = regexp.MustCompile(`^ ` + greeting + `([a-z][a-z'/-]+(?: [a-z'/-]+){0,3}?)(?: (?:chez|at|dans|en|in|au|aux|with|pour|for)\b| \(|,| ;| -)`)

// strengthRE finds what the asker says they do well or love: "j'écris
// bien", "I love stats and data", "decent with tech". The first group is
// the opening, the second what follows.
var strengthRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:i love|i really love|i like|i enjoy|i'm good (?:at|with)|i am good (?:at|with)|i'm great (?:at|with)|good with|decent with|great with|j'aime bien|j'aime|j'adore|je suis (?:bon|bonne|doue|douee|a l'aise) (?:en|avec|pour)|je me debrouille (?:bien )?(?:en|avec)|a l'aise avec)(?: the| les| la| le| l')?)\s+([^,.;:!?()]{2,40})`)

// negatedRE matches a persona said in the negative: "(je suis) pas
// technique", "(I'm) not technical".
var negatedRE = regexp.MustCompile(`^(?:pas|plus|not|no longer|never|jamais)\b`)

// vagueStrengths say too little of a strength to choose roles by: most
// jobs use tech and people.
var vagueStrengths = map[string]bool{"tech": true, "techno": true, "technologie": true, "technologies": true, "technology": true,
	"computers": true, "ordinateurs": true, "informatique": true, "numerique": true, "digital": true, "people": true, "gens": true,
	"les gens": true, "humains": true, "ca": true, "it": true, "that": true, "this": true, "ia": true, "ai": true, "l'ia": true}

// writesWellRE finds an asker who says they write well: their strength
// is writing.
var writesWellRE = regexp.MustCompile(`\b(?:j'ecris bien|je redige bien|je sais (?:bien )?ecrire|j'ai une belle plume|j'ai de la plume|i write well|i'm a good writer|i am a good writer|good with words|i can write)\b`)

// degreeREs find the field of a degree the asker has; the first group is
// the field, cut further by cutBackground.
var degreeREs = compileAll(
	`(?:^|[\s,.;:!?(])(?:with|having|i have|i've got|i hold) an? ([a-z'-]+(?: [a-z'-]+)?) (?:degree|diploma|masters?|master's|phd|bachelor's|bachelors?)\b`,
	`(?:^|[\s,.;:!?(])(?:with|having|i have|i've got|i hold) an? (?:degree|diploma|masters?|master's|phd|bachelor's|bachelors?) in ([^,.;:!?()]{2,40})`,
	`(?:^|[\s,.;:!?(])(?:avec|j'ai) (?:un|une) (?:diplome|master|licence|doctorat|bts|dut|bac\+\d) (?:en|de|d') ?([^,.;:!?()]{2,40})`,
	// Folded, "diplômé" is "diplôme": the adjective opens a clause or
	// follows "je suis", where "faut-il un diplôme d'ingé" asks of one.
	`(?:(?:^|[,.;:!?(])\s*(?:jeune )?|\bje suis (?:jeune )?)diplomee?s? (?:en|de|d') ?([^,.;:!?()]{2,40})`,
	`(?:^|[\s,.;:!?(])(?:i studied|i majored in|i graduated in|j'ai etudie|j'ai fait des etudes (?:de|d'|en)) ?(?:la |le |l'|les )?([^,.;:!?()]{2,40})`,
	`(?:^|[\s,.;:!?(])(?:je suis|moi je suis|i'm|i am|etudiante?|student) (?:en|in) (?:bts|dut|but|licence|master|prepa|m1|m2|l3|deuxieme annee|premiere annee|troisieme annee|\d(?:e|eme|ere|re) annee|second year|first year|final year|\d(?:st|nd|rd|th) year) (?:de |d'|en |of |in )?([^,.;:!?()]{2,40})`,
)

// schoolName is a school as a question names it, folded: "ecole de
// commerce", "fac de droit", "law school".
const schoolName = `(?:ecole|fac|faculte|universite|prepa) (?:de |d')[a-z'-]+|(?:business|law|medical|engineering|art|design|nursing) school`

// schoolRE finds the school the asker is at: "je suis en école de
// commerce", "I'm in law school". The first group is the school;
// schoolNameRE matches one alone.
var (
	schoolRE     = regexp.MustCompile(`(?:^|[\s,.;:!?(])(?:je suis|moi je suis|j'suis|chuis|je suis actuellement|i'm|im|i am|i'm currently|i am currently) (?:en|a l'|au|in|at) (?:une? |an? )?(` + schoolName + `)\b`)
	schoolNameRE = regexp.MustCompile(`^(?:` + schoolName + `)$`)
)

// trainedAsRE finds a background said by what one trained as, at the
// start of a question: "pharmacienne de formation, …", "je suis juriste de
// métier", "a nurse by training, …". "Formation" there is the asker's past,
// not the trainings asked about.
var trainedAsRE = regexp.MustCompile(`^ (?:je suis |moi je suis |i'm |i am )?(?:un |une |an? )?([a-z][a-z'-]+(?: [a-z'-]+)?) (?:de formation|de metier|by training|by trade|by background|by education)\b`)

// backgroundStops end a background: the words after it are the question.
var backgroundStops = regexp.MustCompile(`\s(?:et|depuis|pendant|durant|during|chez|dans|a|au|aux|en|qui|je|j'|mais|donc|alors|comment|quel|quelle|quels|quelles|est-ce|est ce|peux|puis|pourrais|voudrais|veux|aimerais|souhaite|me|pour|sur|avec|and|at|in|for|with|who|but|so|how|what|which|can|could|would|should|i|i'm|looking|wanting|want|since|from|interested|curious|thinking|worried|afraid|scared|concerned|inquiet|inquiete|is|are|do|does|did|il|elle|on|c'est|ca|cela|car|because|par|of|to|like|de|du|des|d')\s`)

// enNotField are the words after "je suis en" that say the asker's
// situation, not where they work: "en reconversion", "en train de", "en
// master", "en 2e année".
var enNotField = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`train reconversion recherche poste cdi cdd stage alternance apprentissage conge freelance
		teletravail charge master licence these doctorat premiere deuxieme troisieme derniere terminale fac ecole classe
		prepa galere retard mode pleine plein pause arret transition reflexion quete mission interim fin debut forme bonne
		manque difficulte burn burnout retraite invalidite chomage avance train couple vacances periode situation
		tant que ce cours activite echec passe attente formation bts dut but iut cap bac mba cpge l1 l2 l3 m1 m2 bachelor
		etudes cursus deug dess dea`) {
		enNotField[w] = true
	}
}

// ownWords are persona words that are not a job ("je suis curieux", "I'm
// new", "I'm wondering"): such a phrase names no background.
var ownWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`curieux curieuse interesse interessee perdu perdue nouveau nouvelle debutant debutante
		passionne passionnee motive motivee sur certain pas tente tentee en train a la recherche pret prete
		curious interested new wondering looking lost keen eager sure not trying thinking planning considering
		going about able allowed new here currently also really very just still tempted ready happy glad a an the
		bien tres vraiment aussi toujours encore jeune diplome diplomee diplomes diplomees recent fresh graduate grad
		bored tired exhausted burnt burned burning fed stuck unhappy frustrated demotivated lasse lassee fatigue fatiguee epuise epuisee
		demotive demotivee deprime deprimee doing`) {
		ownWords[w] = true
	}
}

// cutBackground keeps the job of a persona phrase: the words before the
// question starts, without articles or words that are not a job. A second
// noun joined by "and" or "et" is part of the job ("payroll and benefits
// admin").
func cutBackground(s string) string { return cutPhrase(s, true) }

// cutStrength keeps what a strength phrase says the asker does well: as
// cutBackground, but "stats and data" keeps its first noun.
func cutStrength(s string) string { return cutPhrase(s, false) }

func cutPhrase(s string, joined bool) string {
	s = " " + strings.TrimSpace(s) + " "
	for from := 0; ; {
		loc := backgroundStops.FindStringIndex(s[from:])
		if loc == nil {
			break
		}
		at, end := from+loc[0], from+loc[1]
		if n := complementLen(strings.TrimSpace(s[at:end]), s[end:], joined); n > 0 {
			// "prof de maths", "chef de projet", "head of sales": the
			// job's complement is the job.
			from = end + n
			continue
		}
		s = s[:at]
		break
	}
	words := strings.Fields(s)
	for len(words) > 0 && ownWords[words[0]] {
		words = words[1:]
	}

	if len(words) == 0 || len(words) > 5 {
		return ""
	}
	// A persona made only of words that are not jobs ("je suis curieux de
	// savoir", "as a job") names none.
	for _, w := range words {
		if ownWords[w] {
			return ""
		}
	}
	bg := strings.Join(words, " ")
	generic := true
	for _, t := range retrieval.Tokens(bg) {
		if !genericWords[t] && !genericConcepts[conceptOf(t)] {
			generic = false
		}
	}
	if generic {
		return ""
	}
	return bg
}

// personaTail returns the words that end the persona's clause after its
// background, when they only say where or how long ("au lycée, …", "dans
// une banque depuis 10 ans, …", "at an insurance company, …"): rest is
// the folded text after the background. A clause that goes on to the
// question or the goal ("et je veux devenir…") has no tail.
func personaTail(rest string) string {
	end := strings.IndexAny(rest, ",;:?!")
	if end < 0 || rest[end] == '?' || rest[end] == '!' {
		return ""
	}
	words := strings.Fields(rest[:end])
	if len(words) == 0 || len(words) > 7 || !tailOpeners[words[0]] {
		return ""
	}
	for _, w := range words {
		if tailStops[w] || aiRE.MatchString(" "+w+" ") {
			return ""
		}
	}
	return rest[:end]
}

// tailOpeners open a persona's tail; tailStops are words no tail holds.
var tailOpeners, tailStops = map[string]bool{}, map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a au aux dans chez en depuis pour sur at in for with since on from`) {
		tailOpeners[w] = true
	}
	for _, w := range strings.Fields(`je j' i i'm et and mais but comment how quel quelle quels quelles what which veux voudrais
		want would devenir become passer move aller get est-ce peux can could`) {
		tailStops[w] = true
	}
}

// relativeRE finds a relative the asker asks for.
// reportedAskRE matches who asked the asker a question, up to the
// question word: "my team lead asked me what…", "mon manager m'a demandé
// ce que…".
var reportedAskRE = regexp.MustCompile(`\b((?:(?:my|our|mon|ma|notre|mes|nos)\s+(?:[a-z'-]+\s+){0,3}?)?(?:asked me|asks me|asked us|keeps asking me|wants to know|wanted to know|was wondering|is wondering|wonders|m'a demande|me demande|nous a demande|nous demande|veut savoir|voulait savoir|se demande))\s+(?:what|how|why|which|who|whether|if|ce que|ce qu'|comment|pourquoi|quel|quelle|quels|quelles|qui|si|s'il|s'ils|combien)\b`)

var relativeRE = regexp.MustCompile(`\b(?:mon fils|ma fille|mon enfant|mes enfants|mon neveu|ma niece|mon ado|my son|my daughter|my kid|my kids|my child|my children|my nephew|my niece|my teenager)\b`)

// circumstanceRE finds a first clause that says what the asker has or
// lives with, before a comma and the question.
var circumstanceRE = regexp.MustCompile(`^ ((?:i have|i've got|i got|with|j'ai|moi j'ai|avec) [^,;:?!]{2,80})[,;:] \S+(?: \S+){2,}`)

// circumstance reports whether a first clause only places the asker ("i
// have 2 kids and little time"): it names nothing of AI and asks nothing.
func circumstance(clause string) bool {
	words := strings.Fields(clause)
	rest := strings.TrimPrefix(strings.TrimPrefix(clause, "moi "), "j'ai") // "j'ai" holds "ai"
	if len(words) > 12 || aiRE.MatchString(" "+rest+" ") || questionWordRE.MatchString(clause) {
		return false
	}
	placing := false
	for _, w := range words {
		if tailStops[w] && w != "i" && w != "et" && w != "and" {
			return false
		}
		placing = placing || circumstanceWords[strings.TrimSuffix(w, "s")]
	}
	return placing
}

// circumstanceWords are what a clause that places the asker speaks of:
// family, time, age, a job held, money. "J'ai entendu parler du RAG" names
// none of them, and its clause is the subject.
var circumstanceWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`kid child children enfant bebe baby famille family temp time an year age old
		job boulot travail full-time part-time plein mi-temp budget argent money pret loan credit handicap disability
		horaire schedule hour heure soir evening weekend week-end trajet commute mari femme wife husband partner conjoint`) {
		circumstanceWords[w] = true
	}
}

// complementLen returns the length of the complement that follows stop in
// rest when stop introduces one ("de maths", "de la communication", "of
// sales"), or, when joined, a second noun after "and" or "et"; 0 when it
// ends the background: a verb ("curieux de savoir"), a number, a word that
// is no job's.
func complementLen(stop, rest string, joined bool) int {
	if joined && (stop == "and" || stop == "et") {
		// "payroll and benefits admin", "risk and compliance": a second
		// noun of the job, where "and want to…", "et je…" start the
		// question.
		w, _, _ := strings.Cut(rest, " ")
		if endsPhrase(w) || strings.Contains(w, "'") || aiRE.MatchString(" "+w+" ") || infinitive(w) || strings.HasSuffix(w, "ing") || vagueTopic[w] {
			return 0
		}
		return len(w)
	}
	if stop != "de" && stop != "du" && stop != "des" && stop != "of" {
		return 0
	}
	n := 0
	for _, article := range []string{"la ", "l'", "the "} {
		if strings.HasPrefix(rest, article) && (article != "the " || stop == "of") {
			n = len(article)
			break
		}
	}
	w, _, _ := strings.Cut(rest[n:], " ")
	if endsPhrase(w) || stop != "of" && infinitive(w) {
		return 0
	}
	return n + len(w)
}

// endsPhrase reports whether a word after a job's "de", "of" or "and"
// cannot be part of the job: none, a word that is no job's, a word that
// starts the question, a number.
func endsPhrase(w string) bool {
	return w == "" || ownWords[w] || backgroundStops.MatchString(" "+w+" ") || strings.ContainsAny(w, "0123456789")
}

// infinitive reports whether a folded French word reads as a verb's
// infinitive ("savoir", "coder", "faire"), not a noun ("métier").
func infinitive(w string) bool {
	switch w {
	case "faire", "prendre", "apprendre", "comprendre", "etre", "mettre", "lire", "ecrire", "dire":
		return true
	}
	return (strings.HasSuffix(w, "er") || strings.HasSuffix(w, "ir")) && !strings.HasSuffix(w, "ier")
}

// leadsWithJob reports whether a message's first words, job, name the
// asker's job rather than what they ask about: they read as a job (a
// job's ending or word, an acronym such as CIO), hold no word of a
// question or of AI, and the rest of the message speaks in the first
// person or says for how long ("data analyst chez Leroy Merlin, je fais
// du SQL…"). "Data scientist chez Google, ça paie combien ?" asks about
// the job.
func leadsWithJob(job, rest string) bool {
	words := strings.Fields(job)
	if aiRE.MatchString(" "+job+" ") || !firstPersonRE.MatchString(rest) && !durationRE.MatchString(rest) && !jobForMeRE.MatchString(rest) && !wishRE.MatchString(rest) {
		return false
	}
	jobLike := false
	for i, w := range words {
		if leadStops[w] && !(i == 0 && w == "it" && len(words) > 1) { // "IT consultant" is a job
			return false
		}
		if jobWords[w] || jobEndingRE.MatchString(w) {
			jobLike = true
		}
	}
	return jobLike
}

var (
	// firstPersonRE matches the asker speaking of themselves.
	// (An elided "j'", "m'" runs into its verb; any other word ends.)
	firstPersonRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])(?:(?:je|moi|me|mon|ma|mes|i|i'm|im|i've|i'd|my|myself)(?:$|[\s,.;:!?)])|(?:j'|m')[a-z])`)
	// jobForMeRE matches a question that asks for a job: after a job said
	// first ("freelance videographer, what AI job?"), one for the asker.
	jobForMeRE = regexp.MustCompile(`\b(?:(?:what|which|any) (?:ai |genai |gen ai )?(?:jobs?|roles?|careers?|positions?)|quels? (?:metiers?|jobs?|postes?)|un (?:metier|job|poste) (?:dans l'ia|en ia|ia))\b`)
	// wishRE matches a wish said without its subject, after a job said
	// first: "frontend dev, looking to pivot into ML".
	wishRE = regexp.MustCompile(`\b(?:looking to|wanting to|want to|hoping to|trying to|planning to|keen to|thinking (?:about|of) (?:moving|switching|going|pivoting)|cherche a|souhaite|voudrait|aimerait|envie de)\b`)
	// durationRE matches for how long: "8 yrs", "(5 ans)", "depuis".
	durationRE = regexp.MustCompile(`\b(?:\d+\+? ?(?:ans|annees|years?|yrs?|mois|months)|depuis|dizaine d'annees)\b`)
	// jobEndingRE matches the endings of job nouns, French and English.
	jobEndingRE = regexp.MustCompile(`(?:iste|yste|ien|ienne|eur|euse|rice|aire|logue|ier|iere|ee|er|or|ist|ian|yst|ary|ant|ante)s?$`)
)

// jobWords are jobs that no ending tells, and acronyms of jobs.
var jobWords = map[string]bool{}

// leadStops are words that no job's name holds: a message that opens
// with one opens with its question.
var leadStops = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`chef cadre prof responsable charge chargee commercial commerciale medecin avocat avocate
		juriste comptable infirmier infirmiere etudiant etudiante stagiaire alternant alternante dev rh drh dsi daf cio cto ceo
		cfo coo pm po ux ui nurse lawyer clerk officer lead head partner manager student agent intern architect analyst
		actuary doctor physician pharmacist teacher trader consultant consultante assistant assistante secretaire
		vendeur vendeuse caissier caissiere ouvrier ouvriere technicien technicienne`) {
		jobWords[w] = true
	}
	for _, w := range strings.Fields(`le la les l' un une des ce cet cette ces c'est est sont y a il elle on nous vous ils
		quel quelle quels quelles comment pourquoi combien ou quand qui que quoi est-ce faut peut the a an this that these
		those is are was were what which who whom whose how why when where do does did can could should would will
		there it its i je my mon ma mes your votre vos our notre to after apres since avant before years year yrs ans annees
		mois months ever never other another over under later better rather whether together however deux trois quatre
		cinq dix vingt two three four five ten twenty
		salary salaries salaire salaires average typical median wage wages tjm remuneration`) {
		leadStops[w] = true
	}
}
