package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
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

// personaREs find the asker's background: "je suis juriste", "I'm a
// backend developer", "en tant que comptable", "I work in finance". The
// first group is the background, cut further by cutBackground.
var personaREs = slices.Concat([]*regexp.Regexp{trainedAsRE, jobFirstRE, afterJobRE, yearsAsRE, exJobRE, jobLeadRE, regexp.MustCompile(
	`(?:^|[\s,.;:!?(])(?:je suis|j'suis|chuis|moi je suis|je suis actuellement|actuellement je suis|je suis moi-meme|en tant que|je travaille comme|je bosse comme|je bosse en tant que|je travaille en tant que|mon metier est|mon metier c'est|mon job c'est|je suis de formation|de formation|ancien|ancienne|je fais le metier de|j'exerce comme|j'exerce le metier de)\s+(?:un |une |le |la |l'|des |actuellement |moi-meme |depuis \d+ ans )?([^,.;:!?()]{2,60})`)},
	fieldREs, []*regexp.Regexp{regexp.MustCompile(
		`(?:^|[\s,.;:!?(])(?:i'm|im|i am|as an?|i work as|i'm working as|i am working as|my job is|my background is(?: in)?|i've been|i have been|i was|i come from|coming from|with a background in|my role is|i'm currently|i am currently|i currently work as|i'm actually)\s+(?:a |an |the |in |currently |actually |working as |a senior |a junior )?([^,.;:!?()]{2,60})`)})

// The persona patterns that name where the asker works, a field or a
// department ("je travaille dans la finance", "je bosse au service RH",
// "je fais du recrutement", "I work in finance"), not a job: the asker is
// then "someone who works in finance", not "a finance". The group before
// the field is the preposition as written.
var (
	fieldRE      = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:je travaille|je bosse) (?:dans|en)(?: les| le| la| une| un)? |je suis dans(?: les| le| la| une| un)? |(?:je travaille|je bosse|je suis) dans l')([^,.;:!?()]{2,60})`)
	fieldAtRE    = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:je travaille|je bosse|je suis) (?:a la |a l'|au |aux ))([^,.;:!?()]{2,60})`)
	fieldDoRE    = regexp.MustCompile(`^ (?:moi )?((?:je fais|je m'occupe) (?:du |de la |de l'|des ))([^,.;:!?()]{2,60})`)
	afterFieldRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:apres|after) ` + howLong + ` (?:ans|annees|years) (?:(?:dans|en)(?: la| le| les| l'| une| un)? |in(?: the| a| an)? ))([^,.;:!?()]{2,60})`)
	fieldBgRE    = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:my background is|i have a background|i've got a background|i come from a background|with a background|coming from a background) in(?: the| a| an)? )([^,.;:!?()]{2,60})`)
	fieldFromRE  = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:je viens|moi je viens) (?:du |de la |de l'|des )|(?:j'ai un parcours|j'ai une experience|j'ai de l'experience) (?:en |dans le |dans la |dans l'|dans les ))([^,.;:!?()]{2,60})`)
	fieldInRE    = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:i work|i'm working|i am working|working|i've been|i have been|i've worked|i have worked) (?:in|for)(?: the| a| an)? |(?:i'm|i am) in(?: the| a| an)? )([^,.;:!?()]{2,60})`)
	// teachRE finds what the asker teaches: "I teach French", "j'enseigne
	// les maths". The asker is a teacher.
	teachRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])((?:i teach|i'm teaching|j'enseigne|je donne des cours de|je donne des cours d') ?(?:le |la |les |l')?)([^,.;:!?()]{2,40})`)
)

// fieldREs are those patterns, in the order personaREs tries them.
var fieldREs = []*regexp.Regexp{fieldRE, fieldAtRE, fieldDoRE, fieldBgRE, fieldFromRE, afterFieldRE, fieldInRE, teachRE}

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
		stage alternance`) {
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
		if words[0] == "after" {
			return "with years " + joinPrep(strings.Join(words[3:], " "), field)
		}
		return "a passé des années " + joinPrep(strings.Join(words[3:], " "), field)
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
const greeting = `(?:(?:salut|bonjour|bonsoir|coucou|hello|hi|hey|yo)[ !,.]*\s)?`

// jobLeadRE finds a job said first, as a headline, before where the
// asker does it or a pause: "data analyst chez Leroy Merlin, je…",
// "actuary at an insurer, 5 years. which AI job should I target?",
// "clinical psychologist, 8 yrs in private practice…". Its first group
// is the job; leadsWithJob says whether it is one.
var jobLeadRE = regexp.MustCompile(`^ ` + greeting + `([a-z][a-z'/-]+(?: [a-z'/-]+){0,3}?)(?: (?:chez|at|dans|en|in|au|aux|with|pour|for)\b| \(|,| ;| -)`)

// degreeREs find the field of a degree the asker has; the first group is
// the field, cut further by cutBackground.
var degreeREs = compileAll(
	`(?:^|[\s,.;:!?(])(?:with|having|i have|i've got|i hold) an? ([a-z'-]+(?: [a-z'-]+)?) (?:degree|diploma|masters?|master's|phd|bachelor's|bachelors?)\b`,
	`(?:^|[\s,.;:!?(])(?:with|having|i have|i've got|i hold) an? (?:degree|diploma|masters?|master's|phd|bachelor's|bachelors?) in ([^,.;:!?()]{2,40})`,
	`(?:^|[\s,.;:!?(])(?:avec|j'ai) (?:un|une) (?:diplome|master|licence|doctorat|bts|dut|bac\+\d) (?:en|de|d') ?([^,.;:!?()]{2,40})`,
	`(?:^|[\s,.;:!?(])(?:diplomee?s?|je suis diplomee?) (?:en|de|d') ?([^,.;:!?()]{2,40})`,
	`(?:^|[\s,.;:!?(])(?:i studied|i majored in|i graduated in|j'ai etudie|j'ai fait des etudes (?:de|d'|en)) ?(?:la |le |l'|les )?([^,.;:!?()]{2,40})`,
	`(?:^|[\s,.;:!?(])(?:je suis|moi je suis|i'm|i am) (?:en|in) (?:bts|dut|but|licence|master|prepa|m1|m2|l3|deuxieme annee|premiere annee|troisieme annee|second year|first year|final year) (?:de |d'|en |of |in )?([^,.;:!?()]{2,40})`,
)

// trainedAsRE finds a background said by what one trained as, at the
// start of a question: "pharmacienne de formation, …", "je suis juriste de
// métier", "a nurse by training, …". "Formation" there is the asker's past,
// not the trainings asked about.
var trainedAsRE = regexp.MustCompile(`^ (?:je suis |moi je suis |i'm |i am )?(?:un |une |an? )?([a-z][a-z'-]+(?: [a-z'-]+)?) (?:de formation|de metier|by training|by trade|by background|by education)\b`)

// backgroundStops end a background: the words after it are the question.
var backgroundStops = regexp.MustCompile(`\s(?:et|depuis|chez|dans|a|au|aux|en|qui|je|j'|mais|donc|alors|comment|quel|quelle|quels|quelles|est-ce|est ce|peux|puis|pourrais|voudrais|veux|aimerais|souhaite|me|pour|sur|avec|and|at|in|for|with|who|but|so|how|what|which|can|could|would|should|i|i'm|looking|wanting|want|since|from|interested|curious|thinking|worried|afraid|scared|concerned|inquiet|inquiete|is|are|do|does|did|il|elle|on|c'est|ca|cela|car|because|par|of|to|like|de|du|des|d')\s`)

// ownWords are persona words that are not a job ("je suis curieux", "I'm
// new", "I'm wondering"): such a phrase names no background.
var ownWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`curieux curieuse interesse interessee perdu perdue nouveau nouvelle debutant debutante
		passionne passionnee motive motivee sur certain pas tente tentee en train a la recherche pret prete
		curious interested new wondering looking lost keen eager sure not trying thinking planning considering
		going about able allowed new here currently also really very just still tempted ready happy glad a an the
		bien tres vraiment aussi toujours encore`) {
		ownWords[w] = true
	}
}

func compileAll(patterns ...string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		out[i] = regexp.MustCompile(p)
	}
	return out
}

// contextREs find the words that place a question: an employer ("chez
// Airbus", "at Renault", "dans une ESN"), a place ("à Lyon", "in
// France"). They run on the text as written, where capitals tell names.
var contextREs = append([]*regexp.Regexp{employerRE}, compileAll(
	`(?:(?:^|\s)(?i:à|a|in|en|au|aux|near|around|sur|from|de)\s+)((?:[A-ZÉ][\p{L}'-]+)(?:[\s-](?:[A-ZÉ][\p{L}'-]+))*)`,
	`(?i)\b((?:une|un|an|a|my|ma|mon|notre|our)\s+(?:esn|ssii|ssi|scale-up|startup|start-up|pme|tpe|eti|grand groupe|grande entreprise|big company|large company|small company|petite entreprise|it services firm|it services company|consulting firm|cabinet de conseil|cabinet|banque|bank|agence|agency|administration|collectivite|hopital|hospital|clinique|usine|factory|mairie|ministere|startup tech))\b`,
	`(?i)\b((?:en|in|au|aux)\s+(?:france|belgique|belgium|suisse|switzerland|canada|quebec|europe|afrique|africa|allemagne|germany|espagne|spain|italie|italy|uk|angleterre|england|usa|us|etats-unis|the us|the uk|region parisienne|ile-de-france|province|regions?))\b`,
)...)

// employerRE finds a capitalised name after "chez", "at", "for": the
// asker's employer or the company a question is placed in.
var employerRE = regexp.MustCompile(`(?:\b(?i:chez|at|for|pour|with|avec|dans|within|inside)\s+)((?:[A-Z][\w&'.-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w&'.-]*|de|of|du|&))*)`)

// contextNames are capitalised words that place a question without
// naming its subject, even alone.
func isPlaceOrEmployer(word string) bool {
	return knownPlaces[strings.ToLower(knowledge.FoldAccents(word))]
}

var knownPlaces = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`paris lyon marseille toulouse nantes lille bordeaux rennes grenoble strasbourg nice montpellier
		france belgique belgium suisse switzerland canada quebec montreal bruxelles brussels geneve geneva londres london
		berlin madrid europe afrique africa usa us uk allemagne germany espagne spain italie italy angleterre england
		airbus renault peugeot stellantis total totalenergies orange sncf edf engie capgemini sopra atos thales safran
		michelin danone loreal l'oreal bnp societe generale axa carrefour decathlon accenture deloitte kpmg pwc ey
		ibm esn ssii pme tpe eti`) {
		knownPlaces[w] = true
	}
}

// intentREs decide the intent, in order: the first that matches wins.
// They run on folded text (lowercase, no accents, one space).
var intentREs = []struct {
	intent Intent
	re     *regexp.Regexp
}{
	{IntentOutOfScope, regexp.MustCompile(`\b(?:(?:ecris|ecrivez|redige|redigez|compose|write|compose|draft|translate|traduis|traduire|traduisez|resume|summarize|summarise|code|programme|debug|debugge|corrige|fix|calcule|calculate|invente|make up)\s*(?:-?moi|me|us|nous)?\s+(?:un|une|des|le|la|a|an|the|some|my|mon|ma|ce|cet|cette|this)?\s*(?:poeme|poem|chanson|song|histoire|story|blague|joke|haiku|email|e-mail|mail|lettre|letter|code|script|fonction|function|programme|program|dissertation|essay|texte|text|article|recette|recipe|tweet|post|slogan|discours|speech)|recette|recipe|meteo|weather|blague|joke|poeme|poem|horoscope|football|coupe du monde|world cup|match de|score du|cuisine|cooking|film|movie|serie tv|musique|music|vacances|holiday|restaurant|list comprehensions?|comprehension de liste|syntaxe|syntax|stack ?trace|compile|installer python|install python|bug dans|error in my|erreur dans mon|sql query|requete sql|regex)\b`)},
	{IntentQuote, regexp.MustCompile(`\b(?:qui a dit|qui dit|qui affirme|qui pense|qui estime|qu'a dit|qu'a declare|qu'est-ce qu'a dit|qu'en dit|qu'en pense|que dit|que pense|selon qui|d'apres qui|citation|cite|who said|who says|who claims|who thinks|what did \w+(?: \w+)? say|what does \w+(?: \w+)? say|what does \w+(?: \w+)? think|quote|quoted)\b`)},
	{IntentCompare, regexp.MustCompile(`\b(?:vs|versus|difference entre|differences entre|difference between|differences between|compare[rz]?|comparaison|comparison|compared to|plutot que|rather than|ou plutot|or rather|lequel|laquelle|lesquels|which one|which of the two|which is better|which pays more|what's the difference|quelle difference|c'est quoi la difference|more than a|plus qu'un|plus qu'une|mieux qu'un)\b`)},
	{IntentBest, bestRE},
	{IntentPath, regexp.MustCompile(`\b(?:devenir|deviens|become|becoming|reconvertir|reconversion|me reconvertir|se reconvertir|career change|career switch|switch(?:ing)? (?:to|into|careers)|move into|moving into|move to|grow into|growing into|evolve into|go into|transition(?:er|ing)? (?:to|into|vers)|get into|getting into|break into|pivot(?:er)? (?:to|into|vers)|passer (?:a|au|de|dans|vers)|basculer|evoluer vers|bifurquer|changer de (?:metier|job|carriere|voie)|m'orienter|me lancer|acceder a|how do i get|how can i get|how to get|comment faire pour|par ou commencer pour|what path|quel parcours|quel chemin|ma place dans|my place in|pour moi|for me|for someone like me|pour quelqu'un comme moi|mon profil|my profile|my background|mes competences|my skills|mon expertise|my expertise|utiliser mon|use my|leverage my|valoriser|(?:etre|me faire|se faire) (?:embauche|recrute)\w*|(?:embauche|recrute)e?s? (?:comme|en tant que)|get(?:ting)? (?:hired|recruited)|land(?:ing)? (?:a|an|my first) (?:job|role|position)|decrocher (?:un|mon premier) (?:poste|job|emploi))\b`)},
	{IntentPay, regexp.MustCompile(`\b(?:(?:paient|paie|paye|payent|facture|facturent|se fait|se font|touche|touchent|gagne|gagnent|rapporte|rapportent) combien|par jour|per day|a day|par mois|per month|par an|a year|per year|salaire|salaires|salary|salaries|combien (?:gagne|gagnent|paie|paye|ca paie|ca paye|on gagne|touche|ca rapporte)|ca paie|ca paye|how much (?:do|does|can|could|would|will|is|are)|remuneration|remunere|paid|pay|pays|earn|earns|earning|tjm|daily rate|day rate|hourly rate|taux horaire|taux journalier|wage|wages|compensation|thunes|fric|package|k€|keur|brut|gross)\b`)},
	// "Which libraries should I learn?" asks for skills, though it says
	// learn: what is learnt is named first.
	{IntentSkills, regexp.MustCompile(`\b(?:which|what|quels?|quelles?)\s+(?:[a-z'-]+\s+){0,3}(?:libraries|librairies|bibliotheques|frameworks|outils|tools|langages|languages|technos|technologies|stack)\b`)},
	{IntentTrainings, regexp.MustCompile(`\b(?:formation|formations|se former|me former|training|trainings|cours|course|courses|certification|certifications|mooc|ecole|school|diplome|diplomes|degree|degrees|cursus|tutoriel|tutorial|bootcamp|apprendre|learn|learning|etudier|where (?:can|do|should) i learn|ou apprendre|learn (?:it|this|that)|study)\b`)},
	{IntentSkills, regexp.MustCompile(`\b(?:competence|competences|skill|skills|savoir-faire|what (?:do i|should i|must i) (?:need to )?(?:know|learn|master)|que dois-je (?:savoir|apprendre|maitriser)|qu'est-ce qu'il faut (?:savoir|connaitre|maitriser)|il faut (?:savoir|connaitre|maitriser)|maitriser|master|outils|tools|langages? de programmation|programming languages?|stack|technos?|technologies|bibliotheques?|libraries|frameworks?)\b`)},
	{IntentMarket, regexp.MustCompile(`\b(?:demande|demand|tendance|tendances|trend|trends|marche|market|recrut\w*|hiring|hire|embauche\w*|croissance|growth|grow\w*|augment\w*|increase\w*|hausse|penurie|shortage|offres? d'emploi|job posts?|job postings?|job offers?|combien de|how many|how fast|pourcentage|percent|part des|share of|chiffres?|figures|(?:a|the|this|that|any|one|no) figure|figure (?:for|on|of|about)|statisti\w+|nombre de|number of|boom|explos\w+|bondi|jump\w*|surge\w*|rise|rising|en vogue|in demand|recherche\w* (?:par|sur)|searched|searches|(?:beaucoup|peu|plus|moins|assez) d'(?:offres|annonces|postes|emplois|missions|opportunites)|des offres|debouches?|openings|(?:many|lots of|more|fewer) (?:jobs|openings|offers|positions))\b`)},
	{IntentDefinition, regexp.MustCompile(`\b(?:qu'est-ce que|qu'est-ce qu|qu'est ce que|c'est quoi|c quoi|kesako|que fait|que font|fait quoi|font quoi|en quoi consiste|a quoi sert|a quoi servent|definition|definir|what is|what's|what are|what does|what do|who is|meaning of|explain|explique|decris|tell me more about|parle moi|parlez moi|dis-m.en plus sur|presente-moi|describe|tell me about|parle-moi|parlez-moi)\b`)},
}

// bestRE matches questions about the best paid.
var bestRE = regexp.MustCompile(`\b(?:(?:paie|paye|payent|paient|remunere|gagne|gagnent|rapporte)\s+(?:le\s+)?(?:mieux|plus)|le mieux (?:paye|remunere)|les mieux (?:payes|remuneres)|le plus (?:paye|remunere|remunerateur|lucratif|rentable|paie)|le plus de (?:thunes|fric|argent|sous)|mieux payes?|best[- ]paid|best[- ]paying|highest[- ]paid|highest[- ]paying|pays? (?:the )?(?:most|best)|most lucrative|earns? the most|make the most money|top[- ]paying|meilleur salaire|meilleurs salaires|plus gros salaires?|plus haut salaires?|highest salar(?:y|ies))\b`)

// yesNoRE matches questions that a yes or a no answers first.
var yesNoRE = regexp.MustCompile(`^ (?:faut-il|faut il|est-ce qu|est ce qu|est-il|est-elle|sont-ils|peut-on|peut on|puis-je|dois-je|doit-on|ai-je besoin|a-t-on besoin|y a-t-il|y a t il|existe-t-il|vaut-il|est-ce|do i need|do you need|does one need|does it|does a|do they|is it|is there|are there|is a|is an|can i|can you|can someone|could i|should i|must i|will|would it|am i|has|have)\b`)

// asksRoleRE matches the questions that ask which job does something.
var asksRoleRE = regexp.MustCompile(`\b(?:(?:le|la) (?:metier|job|poste|role|personne|profession) (?:qui|ou|dont)|(?:the|a) (?:job|role|person|position|profession) (?:that|which|who|where)|qui (?:concoit|fait|s'occupe|fixe|vend|installe|debloque|depanne|surveille|entraine|forme|cree|gere|decide|construit|developpe|branche|adapte|integre|etiquette|annote)|c'est quel (?:metier|job|poste|role)|quel (?:metier|job|poste) (?:fait|c'est|pour)|ca s'appelle|comment (?:s'appelle|on appelle)|le job ou|le metier ou|what do you call|who (?:builds|designs|does|makes|sets|sells|trains|steps|decides|creates|labels|fixes|installs|watches|handles)|what'?s the job|which job|what job|is there a job|y a-t-il un metier|existe-t-il un metier|ca existe comme metier|the people who|the people that|the person who|the person that|people who|people that|those who|the engineers who|the experts who|les inges qui|les ingenieurs qui|les pros qui|les experts qui|les specialistes qui|ceux qui|celui qui|celle qui|les gens qui|la personne qui)\b`)

// whoRE finds a question that starts by asking who, and its next word.
var whoRE = regexp.MustCompile(`^ (?:who|qui)[ ,]+([a-z'-]+)`)

// asksWho reports whether a question starting with "who" asks which job
// does something ("Who in a company makes sure…", "Qui, dans une boîte,
// s'occupe…"), not who someone is or who said something.
func asksWho(folded string) bool {
	m := whoRE.FindStringSubmatch(folded)
	if m == nil {
		return false
	}
	switch m[1] {
	case "is", "was", "are", "were", "said", "says", "est", "etait", "sont", "a", "dit", "disait", "sait", "knows":
		return false
	}
	return true
}

// requestRE matches a request worded as a question ("Can you recommend a
// course…?", "Pouvez-vous me conseiller…"): it asks for the thing, and
// "Yes." answers nothing.
var requestRE = regexp.MustCompile(`^ (?:(?:can|could|would|will) you (?:please )?(?:recommend|suggest|tell|give|explain|list|show|help|name|point|share|find|describe|advise)|(?:peux-tu|peux tu|pourrais-tu|pourrais tu|pouvez-vous|pouvez vous|pourriez-vous|pourriez vous|tu peux|tu pourrais|vous pouvez|vous pourriez) (?:me |m'|nous )?(?:recommander|conseiller|dire|donner|expliquer|citer|indiquer|lister|montrer|aider|trouver|decrire|proposer|orienter))\b`)

// inversionYesNoRE matches a French question asked by inversion after its
// subject, "L'IA peut-elle …", "Les banques recrutent-elles …", which a
// yes or no answers unless a question word opens it.
var inversionYesNoRE = regexp.MustCompile(`^ (?:(?:le|la|les|l'|un|une|mon|ma|mes|ce|cette|ces)\s*)?[a-z'-]+(?: [a-z'-]+){0,3} [a-z]+-(?:t-)?(?:il|elle|ils|elles|on)\b`)

// questionWordRE finds a question word, which makes an inversion ask
// for more than a yes or no.
var questionWordRE = regexp.MustCompile(`\b(?:comment|combien|pourquoi|quand|quel|quelle|quels|quelles|qui|que|quoi|ou|lequel|laquelle)\b`)

// trailingYesNoRE matches the spoken yes/no questions: "il faut un
// diplôme ?", "c'est obligatoire ?".
var trailingYesNoRE = regexp.MustCompile(`^ (?:il faut|faut|c'est obligatoire|c'est necessaire|c'est utile|ca sert|on peut|je peux|je dois|y a besoin|is it|do you need|need)\b`)

// vagueREs match a wish to work in AI that names no job, no skill, no
// figure: the question of someone who does not know where to start.
var vagueREs = compileAll(
	`\b(?:bosser|travailler|taffer|me lancer|faire carriere|une carriere|un job|un metier|un emploi|un poste|work|working|a job|a career|career|careers|get started|start|commencer|debuter|je debute|par ou|where (?:do|should|can) i (?:start|begin)|how (?:do|can) i start|ou commencer)\b.*\b(?:ia|ai|intelligence artificielle|artificial intelligence|l'ia|genai)\b`,
	`\b(?:ia|ai|intelligence artificielle|artificial intelligence|l'ia)\b.*\b(?:bosser|travailler|taffer|me lancer|work in|get into|get started|start|commencer|debuter|par ou|where to start)\b`,
	`\b(?:quels? (?:sont les )?metiers?|quels? (?:sont les )?jobs?|(?:what|which) (?:ai |genai )?(?:jobs|careers|roles|positions)|what (?:kind|kinds|sort|types?) of (?:ai )?(?:jobs?|roles?|careers?)|what (?:careers?|roles?) (?:are there|exist)|quels metiers existent|quels metiers de l'ia|what can i do in ai|que faire dans l'ia|quoi faire dans l'ia|options? (?:in|dans) (?:l')?(?:ia|ai)|opportunit\w+ (?:in|dans) (?:l')?(?:ia|ai))\b`,
	`^ (?:par ou (?:je )?commencer|where do i start|where should i start|where to start|how do i start|comment commencer|je suis perdu|i'm lost|help me choose|aide-moi a choisir)\b`,
	`\b(?:l'ia|l ia|ai|the ai field|l'intelligence artificielle)\b.*\b(?:me tente|me plait|m'interesse|m'attire|me branche|tempts me|interests me|appeals to me)\b`,
	`\b(?:tu me conseilles quoi|vous me conseillez quoi|que me conseilles-tu|what do you recommend|what would you recommend|any advice|des conseils)\b`,
	`\b(?:les|quels|the|which)\s+(?:jobs|metiers|emplois|careers|roles)\s+(?:de l'ia|dans l'ia|en ia|in ai|of ai)\b`,
	`\b(?:metiers|jobs|emplois|careers|roles|postes|debouches)\b.*\b(?:ia|ai|l'ia|intelligence artificielle|artificial intelligence)\b`,
)

// ellipticalRE matches the turns that lean on the conversation.
var ellipticalRE = regexp.MustCompile(`^ (?:et|and|ok et|ok and|puis|also|aussi|what about|how about|et pour|et en|et au|et le|et la|et les|et pour le|and for|and the|and in|and what|and how|et sinon|sinon)\b|\b(?:ce metier|ce job|ce poste|ce role|cette competence|cette formation|ce domaine|ca|cela|celui-ci|celle-ci|this job|that job|this role|that role|this one|that one|it|that|them|those|ils|elles|le meme|the same)\b`)

// understand reads a question once: its language (from the text, else
// hint: the conversation's or the user's), its intent, whether a yes or
// no answers it, the asker's background, the words that only place it,
// and the subject left to search. history is the conversation so far.
func understand(text, hint string, history []Turn) Understanding {
	u := Understanding{Text: text, Lang: DetectLangHint(text, hint)}
	folded := fold(text)
	subject := text
	var tail string // the rest of the persona's clause
	// The background, and the persona clause that states it, which is
	// not the subject.
	for _, re := range personaREs {
		m := re.FindStringSubmatchIndex(folded)
		if m == nil {
			continue
		}
		if targetAfter(folded[:m[0]+1], folded[m[0]:m[2]]) {
			continue // "to work as an AI researcher" names the goal
		}
		g := 2 // the background's group, in m
		field := slices.Contains(fieldREs, re)
		if field {
			g = 4
		}
		bg := cutBackground(folded[m[g]:m[g+1]])
		if bg == "" || re == jobLeadRE && !leadsWithJob(bg, folded[m[1]:]) {
			continue
		}
		span := folded[m[0]:m[g]] + bg
		if re == trainedAsRE || re == jobFirstRE {
			span = folded[m[0]:m[1]] // "… de formation", "… depuis 5 ans" are the persona too
		}
		subject = removeFolded(subject, span)
		if at := strings.Index(folded[m[g]:], bg); at >= 0 {
			tail = personaTail(folded[m[g]+at+len(bg):])
		}
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
		break
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
		subject = removeFolded(subject, strings.TrimSpace(folded[m[0]:m[1]]))
		u.Studied = field
		if u.Background == "" {
			u.Background = field
		}
		break
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
	// Someone the asker asks for ("mon fils veut faire de l'IA, quelle
	// école ?") is who, not what.
	if m := relativeRE.FindStringIndex(folded); m != nil && u.Circumstances == "" {
		u.Circumstances = strings.TrimSpace(folded[m[0]:m[1]])
		subject = removeFolded(subject, u.Circumstances)
	}
	// Context: employers, places, kinds of company.
	for _, re := range contextREs {
		for _, m := range re.FindAllStringSubmatch(subject, -1) {
			c := strings.TrimSpace(m[1])
			if c == "" || namesSubject(c) || (re != employerRE && !isPlaceOrEmployer(firstWord(c)) && !isContextPhrase(re) && !allCaps(c) && !placeAfterPreposition(m[0], u.Lang)) {
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
	for _, x := range intentREs {
		if x.re.MatchString(fs) {
			u.Intent, matched = x.intent, true
			break
		}
	}
	u.Stated = matched
	u.AsksRole = asksRoleRE.MatchString(fs) || asksWho(fs)
	u.YesNo = (yesNoRE.MatchString(fs) || yesNoRE.MatchString(folded) || trailingYesNoRE.MatchString(fs) && !questionWordRE.MatchString(fs) ||
		inversionYesNoRE.MatchString(fs) && !questionWordRE.MatchString(fs)) && u.Intent != IntentOutOfScope &&
		!requestRE.MatchString(folded)
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
	if u.Background != "" && (!matched || u.Intent == IntentDefinition || u.Intent == IntentOrientation || forOthers && u.Intent == IntentMarket || hiringOnly) {
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
	if u.Intent != IntentOutOfScope && u.Intent != IntentQuote && u.Background == "" {
		if what, ok := threatened(folded); ok {
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

// profile is what the asker brings, for the roles that suit it: the field
// studied first, then the job.
func (u Understanding) profile() string {
	bg := u.Background
	// "DSI d'une PME", "DRH d'un grand groupe": the job, not where.
	if i := strings.Index(bg, " d'"); i > 0 && companyKindRE.MatchString(strings.TrimSpace(bg[i+3:])) {
		bg = bg[:i]
	}
	if u.Studied == "" || u.Studied == u.Background {
		return bg
	}
	return u.Studied + ", " + bg
}

// cutBackground keeps the job of a persona phrase: the words before the
// question starts, without articles or words that are not a job.
func cutBackground(s string) string {
	s = " " + strings.TrimSpace(s) + " "
	for from := 0; ; {
		loc := backgroundStops.FindStringIndex(s[from:])
		if loc == nil {
			break
		}
		at, end := from+loc[0], from+loc[1]
		if n := complementLen(strings.TrimSpace(s[at:end]), s[end:]); n > 0 {
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

// threatRE finds a question that fears AI will replace a job, with what
// it replaces when the verb says it.
var (
	threatVerbRE   = regexp.MustCompile(`\b(?:remplacer|remplacera|remplaceront|remplace|tuer|tuera|detruire|detruira|supprimer|supprimera|faire disparaitre|replace|replaces|replacing|kill|kills|wipe out|take over|eliminate|destroy|make obsolete)\s+((?:les |des |le |la |l'|un |une |mon |ma |mes |nos |notre |my |our |the |a |an )?[a-z' -]{2,40})`)
	threatStateRE  = regexp.MustCompile(`\b(?:at risk|in danger|under threat|threatened|obsolete|menacee?s?|en danger|va disparaitre|vont disparaitre|disparaitra|disparaitront)\b`)
	threatJobRE    = regexp.MustCompile(`\b(?:job|jobs|career|work|profession|role|metier|metiers|emploi|emplois|poste|postes|travail|boulot|profession)\b`)
	threatAgentRE  = regexp.MustCompile(`\b(?:ia|ai|l'ia|intelligence artificielle|artificial intelligence|chatgpt|robots?|agents?|automation|automatisation)\b`)
	threatNotJobRE = regexp.MustCompile(`\b(?:taches?|tasks?|processus|process|processes|outils?|tools?|logiciels?|software|moteurs?|engines?|recherches?|searches|google|humains?|humans?|gens|people)\b`)
	threatObjStops = regexp.MustCompile(`\s(?:par|by|with|avec|dans|in|a cause|because|d'ici|within|un jour|someday|one day|soon|bientot|ou|or|et|and|si|if)\b.*$`)
)

// threatened reports whether a folded question fears AI will replace a
// job, and which: the words after "replace" ("les comptables", "my job"),
// else "job".
func threatened(folded string) (string, bool) {
	if !threatAgentRE.MatchString(folded) {
		return "", false
	}
	if m := threatVerbRE.FindStringSubmatch(folded); m != nil {
		what := strings.TrimSpace(threatObjStops.ReplaceAllString(" "+m[1], ""))
		if threatNotJobRE.MatchString(" " + what + " ") {
			return "", false // "remplacer les tâches banales" is what AI does
		}
		if what == "" || threatAgentRE.MatchString(" "+what+" ") || strings.ContainsAny(what, "0123456789") {
			what = "job" // (the asker's own number is no figure to repeat)
		}
		return what, true
	}
	if threatStateRE.MatchString(folded) && threatJobRE.MatchString(folded) {
		return "job", true
	}
	return "", false
}

// jobAskRE matches a question about jobs; forWhomRE the background it
// asks them for, at its end ("… pour les linguistes ?", "… for nurses?"):
// the first group is the whole phrase, the second the background.
var (
	jobAskRE     = regexp.MustCompile(`\b(?:metiers?|jobs?|emplois?|postes?|debouches?|roles?|careers?|place|opportunit\w*|avenir|future)\b`)
	forWhomRE    = regexp.MustCompile(`(?:^|\s)((?:pour|for) (?:les |des |un |une |a |an |the |people like |someone like |quelqu'un comme )?([a-z][a-z'-]+(?: [a-z'-]+){0,2}))\s*[?!.]?\s*$`)
	forWhomStops = map[string]bool{"moi": true, "me": true, "nous": true, "vous": true, "toi": true, "us": true, "you": true,
		"everyone": true, "tout le monde": true, "demain": true, "tomorrow": true, "now": true, "today": true, "the future": true, "l'avenir": true}
)

// relativeRE finds a relative the asker asks for.
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
// sales"), 0 when it ends the background: a verb ("curieux de savoir"), a
// number, a word that is no job's.
func complementLen(stop, rest string) int {
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
	if w == "" || ownWords[w] || backgroundStops.MatchString(" "+w+" ") || strings.ContainsAny(w, "0123456789") ||
		stop != "of" && infinitive(w) {
		return 0
	}
	return n + len(w)
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

// removeFolded removes from text the span whose folded form is phrase.
// Folding keeps one character per character but for apostrophes and
// spaces, so the span is found word by word.
func removeFolded(text, phrase string) string {
	want := strings.Fields(phrase)
	words := strings.Fields(text)
	for i := range words {
		j, k := i, 0
		for j < len(words) && k < len(want) {
			w := strings.Trim(fold(words[j]), " ,.;:!?()")
			if w != strings.Trim(want[k], " ,.;:!?()") {
				break
			}
			j++
			k++
		}
		if k == len(want) && k > 0 {
			return strings.Join(append(append([]string{}, words[:i]...), words[j:]...), " ")
		}
	}
	return text
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func allCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters >= 2
}

// companyKindRE matches a kind of company, which places a question.
var companyKindRE = regexp.MustCompile(`(?i)^(?:(?:une|un|an|a|la|le|l')\s+)?(?:esn|ssii|ssi|pme|tpe|eti|startup|start-up|scale-up|banque|bank|agence|agency|administration|cabinet|hopital|hospital|clinique|usine|factory|grand groupe|grande entreprise|big company|large company|small company|petite entreprise|it services firm|consulting firm)\b`)

// namesSubject reports whether a capitalised phrase names something the
// knowledge base speaks of by concept (AI, GenAI, NLP, ChatGPT): such
// words are the subject, never its context.
func namesSubject(phrase string) bool {
	return len(retrieval.Concepts(retrieval.Tokens(phrase))) > 0
}

// isContextPhrase reports whether re finds context by its words alone
// (kinds of company, countries), not by capitals.
func isContextPhrase(re *regexp.Regexp) bool {
	return strings.HasPrefix(re.String(), "(?i)")
}

// placeAfterPreposition accepts "à Lyon", "au Japon", "in Lyon": a
// capitalised name after a preposition of place, unless it starts the
// text (a capital there says nothing).
func placeAfterPreposition(m, lang string) bool {
	f := strings.Fields(m)
	if len(f) < 2 {
		return false
	}
	switch strings.ToLower(f[0]) {
	case "a":
		// "à" written without its accent, in French; in English, the
		// article: "Is a PhD required…".
		if lang == "fr" {
			return true
		}
	case "à", "au", "aux", "en", "in", "near", "around":
		return true
	}
	return isPlaceOrEmployer(strings.Trim(f[1], ",.;:!?"))
}

// isVague reports whether a question states a wish to work in AI without
// naming anything to answer about.
func isVague(subject, whole string) bool {
	vague := slices.ContainsFunc(vagueREs, func(re *regexp.Regexp) bool { return re.MatchString(whole) })
	// Without one of those wordings, AI and only words of a wish are one
	// too: "Comment on se met à l'IA quand on part de zéro ?", "How do I
	// break into AI?".
	return (vague || aiRE.MatchString(subject) && len(topicWords(subject)) > 0) && onlyVagueTopic(subject)
}

// onlyVagueTopic reports whether every topic word of subject is one a
// vague question is made of: words of a subject of its own (a job, a
// skill, a figure) make it a question about that subject.
func onlyVagueTopic(subject string) bool {
	for _, t := range topicWords(subject) {
		if !vagueTopic[t] && strings.Trim(t, "0123456789") != "" { // "at 40": an age
			return false
		}
	}
	return true
}

// onlyHiringWords reports whether every topic word of subject is a word of
// a wish or of hiring in general ("l'IA ça recrute ?"), naming nothing.
func onlyHiringWords(subject string) bool {
	for _, t := range topicWords(subject) {
		if !vagueTopic[t] && !asksAboutNothing[t] && !hiringWords[t] {
			return false
		}
	}
	return true
}

// hiringWords are the stems of hiring in general.
var hiringWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`recrute recrutent recrutement recruter embauche embauchent embaucher hire hiring hires demand demande`) {
		hiringWords[w] = true
		hiringWords[retrieval.Stem(w)] = true
	}
}

// aiRE finds AI named as a field.
var aiRE = regexp.MustCompile(`\b(?:ia|ai|l'ia|intelligence artificielle|artificial intelligence)\b`)

// vagueTopic are the stems a vague question is made of.
var vagueTopic = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`bosser travailler taffer lancer carriere career careers start started commencer debuter
		debute perdu lost choose choisir aide help domaine monde world secteur metiers jobs options opportunites opportunities
		existe exist exists there possibilites possibilities envie aimerai aimerais idee idea intereste interested curious
		curieux quoi faire comment something quelque chose begin ou where rejoindre join entrer enter option
		job metier emploi travail work working interesse interesser interest interests tente tenter tempt tempts
		conseil conseille conseilles conseiller advice advise recommend recommande plait attire attirer appeal
		appeals branche aujourd today actuellement now avenir futur future someday jour day later tard
		changer change changing voie path reconvertir reconversion reconvertis switch switching pivot move moving
		out there tips tip astuce astuces piste pistes suggestion suggestions pointers guidance orientation
		like aimer would love passer aller basculer migrer glisser transition transitionner get go into
		target cibler viser aim pursue ennui ennuie ennuyer plaire plairait zero scratch tard late trop too old age vieux
		debouche debouches break percer voie nouvelle nouveau booster boost carriere evoluer evolution next suite
		back retour retourner reprendre chance chances place fit rejoindre option possible curious curieux curieuse
		idee interesser interesse interest interested opportunity met mettre mets part partir cherche chercher cherch
		look looking seeking
		bonjour bonsoir salut hello hi hey merci thanks thank please svp plait avance advance profil profile`) {
		vagueTopic[retrieval.Stem(w)] = true
		vagueTopic[w] = true
	}
}

// topicWords returns the stems of text that say what it is about: not
// stop words, not words that only say what is asked.
func topicWords(text string) []string { return analyse(text).topic }

// asksAboutNothing holds the words of questions that ask about something
// without naming it ("il y a beaucoup d'offres ?", "is it well paid?"): in a
// conversation, a turn with no other words is about its subject.
var asksAboutNothing = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`et alors donc and so il y a ya beaucoup peu plus moins assez d offres offre annonces annonce postes poste emplois emploi
		jobs job missions mission opportunites debouches demande recrute recrutent recrutement embauche embauchent marche
		salaire salaires paie paye gagne gagnent combien bien mal paye payes formation formations diplome diplomes
		competences competence faut il est ce c ca que quoi quel quelle quels quelles en de des du le la les un une
		is it are there many lots of a the any well paid pay does do how much jobs offers openings in demand demanded
		hiring salary salaries training trainings degree skills need needed what which required`) {
		asksAboutNothing[w] = true
	}
}

// onlyGenericWords reports whether a folded question has only words of
// asksAboutNothing.
func onlyGenericWords(folded string) bool {
	words := strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range words {
		if !asksAboutNothing[w] {
			return false
		}
	}
	return len(words) > 0
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
	if aiRE.MatchString(" "+job+" ") || !firstPersonRE.MatchString(rest) && !durationRE.MatchString(rest) {
		return false
	}
	jobLike := false
	for _, w := range words {
		if leadStops[w] {
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
	firstPersonRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])(?:je|j'|moi|me|m'|mon|ma|mes|i|i'm|im|i've|i'd|me|my|myself)(?:$|[\s,.;:!?)]|[a-z])`)
	// durationRE matches for how long: "8 yrs", "(5 ans)", "depuis".
	durationRE = regexp.MustCompile(`\b(?:\d+\+? ?(?:ans|annees|years?|yrs?|mois|months)|depuis|dizaine d'annees)\b`)
	// jobEndingRE matches the endings of job nouns, French and English.
	jobEndingRE = regexp.MustCompile(`(?:iste|ien|ienne|eur|euse|rice|aire|logue|ier|iere|ee|er|or|ist|ian|yst|ary|ant|ante)s?$`)
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
		cinq dix vingt two three four five ten twenty`) {
		leadStops[w] = true
	}
}
