package bot

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// contextREs find the words that place a question: an employer ("chez
// Airbus", "at Renault", "dans une ESN"), a place ("à Lyon", "in
// France"). They run on the text as written, where capitals tell names.
var contextREs = append([]*regexp.Regexp{employerRE, articlePlaceRE}, compileAll(
	`(?:(?:^|\s)(?i:à|a|in|en|au|aux|near|around|sur|from|de|out of|based in|based out of)\s+)((?:[A-ZÉ][\p{L}'-]+)(?:[\s-](?:[A-ZÉ][\p{L}'-]+))*)`,
	`(?i)\b((?:une|un|an|a|my|ma|mon|notre|our)\s+(?:esn|ssii|ssi|scale-up|startup|start-up|pme|tpe|eti|grand groupe|grande entreprise|big company|large company|small company|petite entreprise|it services firm|it services company|consulting firm|cabinet de conseil|cabinet|banque|bank|agence|agency|administration|collectivite|hopital|hospital|clinique|usine|factory|mairie|ministere|startup tech))\b`,
	`(?i)\b((?:en|in|au|aux)\s+(?:france|belgique|belgium|suisse|switzerland|canada|quebec|europe|afrique|africa|allemagne|germany|espagne|spain|italie|italy|uk|angleterre|england|usa|us|etats-unis|the us|the uk|region parisienne|ile-de-france|province|regions?))\b`,
)...)

// articlePlaceRE finds a known place or employer said with its article:
// "à la Société Générale", "chez nous à la SNCF". Only names the
// catalog knows count ("à la Big Tech" is a subject).
var articlePlaceRE = regexp.MustCompile(`(?:(?:^|\s)(?i:à|a|au|chez|dans|in|at|de)\s+(?i:la|le|l')\s*)((?:[A-ZÉ][\p{L}'-]+)(?:[\s-](?:[A-ZÉ][\p{L}'-]+))*)`)

// employerRE finds a capitalised name after "chez", "at", "for": the
// asker's employer or the company a question is placed in.
var employerRE = regexp.MustCompile(`(?:\b(?i:chez|at|for|pour|with|avec|dans|within|inside)\s+)((?:[A-Z][\w&'.-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w&'.-]*|(?:de|of|du)\b|&))*)`)

// withoutTrailingLinks returns a match of employerRE, whole and name,
// without the words that link a name to the next ("chez Airbus de toute
// façon" names Airbus): the name ends the match.
func withoutTrailingLinks(m []string) []string {
	name := m[1]
	for {
		i := strings.LastIndexByte(strings.TrimRight(name, " "), ' ')
		if i < 0 {
			break
		}
		switch strings.TrimSpace(name[i:]) {
		case "de", "of", "du", "&":
			name = name[:i]
			continue
		}
		break
	}
	return []string{strings.TrimSuffix(m[0], m[1]) + name, name}
}

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
	case "à", "au", "aux", "en", "in", "near", "around", "out", "based":
		return true
	}
	return isPlaceOrEmployer(strings.Trim(f[1], ",.;:!?"))
}
