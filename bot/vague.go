package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/careerbot/careerbot/retrieval"
)

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

// refersBackRE matches the pronouns by which a follow-up points at the
// one person the thread spoke of, someone quoted ("whose cars was he
// talking about?"). "They" and "it" may be anyone or anything: "who gets
// the data ready before they touch it?" asks of another job.
var refersBackRE = regexp.MustCompile(`\b(?:he|she|him|her|his|il|lui)\b`)

// ellipticalRE matches the turns that lean on the conversation.
var ellipticalRE = regexp.MustCompile(`^ (?:(?:ok|okay|cool|super|great|nice|thanks|thank you|merci|top|parfait|d'accord|dac|ah|oh|hmm|bon|yes|yep|oui|ouais|alright|got it|i see|je vois|interessant|interesting)[ !,.]*\s)*(?:et|and|ok et|ok and|puis|also|aussi|what about|how about|et pour|et en|et au|et le|et la|et les|et pour le|and for|and the|and in|and what|and how|et sinon|sinon)\b|\b(?:ce metier|ce job|ce poste|ce role|cette competence|cette formation|ce domaine|ca|cela|celui-ci|celle-ci|this job|that job|this role|that role|this one|that one|it|that|them|those|ils|elles|le meme|the same|get there|y arriver|y parvenir|en arriver la)\b`)

// isVague reports whether a question states a wish to work in AI without
// naming anything to answer about.
func isVague(subject, whole string) bool {
	vague := slices.ContainsFunc(vagueREs, func(re *regexp.Regexp) bool { return re.MatchString(whole) })
	// Without one of those wordings, AI and only words of a wish are one
	// too: "Comment on se met à l'IA quand on part de zéro ?", "How do I
	// break into AI?".
	// "…besides coding", "sans coder" say which jobs, not a subject.
	subject = nonTechnicalRE.ReplaceAllString(subject, " ")
	return (vague || aiRE.MatchString(subject) && len(topicWords(subject)) > 0 && askerRE.MatchString(whole)) && onlyVagueTopic(subject)
}

// askerRE matches the words by which a question speaks of its asker (or
// of anyone, "on"): a wish is someone's, where "what makes a good AI
// profile choose a company?" asks about others.
var askerRE = regexp.MustCompile(`(?:^|[\s,.;:!?(])(?:(?:je|moi|me|mon|ma|mes|on|nous|tu|vous|i|i'm|i've|i'd|my|myself|we|you)(?:$|[\s,.;:!?)])|j'|m')`)

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
		look looking seeking clue clueless aucune no technique technical techy
		bored bore tired fed stuck unhappy burnout burn lasse lassee marre try tried essayer tenter
		bonjour bonsoir salut hello hi hey merci thanks thank please svp plait avance advance profil profile
		bout truc trucs peu prendre realistically realistic realiste realistement somehow concretement`) {
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
