package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

type intent int

const (
	intentWhat intent = iota
	intentBecome
	intentPay
	intentSkills
	intentTraining
	intentFigure
)

// generic concepts say what is asked, not what about: a question made only
// of them has no topic of its own.
var genericConcepts = map[string]bool{
	"pay": true, "skill": true, "training": true, "job": true, "become": true, "ai": true,
	"company": true, "demand": true, "growth": true, "tool": true, "library": true, "certify": true,
}

var genericWords = map[string]bool{}

// figureOutRE matches "figure out", a way of saying "understand", not a
// figure, "à part" ("besides"), not a share, and "tout le monde"
// ("everyone"), not the world.
var figureOutRE = regexp.MustCompile(`(?i)\b(?:figure|figures|figured|figuring) (?:it |this |that )?out\b|(?:^|\s)[àa] part\b|\btout le monde\b`)

// workplaceAcronyms are the acronyms of a workplace's bodies,
// departments and heads, written in capitals but no names: "le CSE
// finance des formations", "my CTO keeps saying…". (The CEO stays a
// name: "Mercor's CEO" is someone the base quotes.)
var workplaceAcronyms = map[string]bool{"cse": true, "drh": true, "dsi": true, "daf": true, "rssi": true, "rh": true,
	"cto": true, "cio": true, "cfo": true, "coo": true, "cmo": true, "cdo": true, "pdg": true, "vp": true}

// talkWords are the stems of the words of talk among genericWords: they
// say nothing, even inside a phrase ("forment elles-mêmes leurs
// salariés").
var talkWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`faut fair fait peut peux doi dois devr devrais quoi quel etc besoin
		need ned should would could best meilleur meilleurs bon bonne good plu more most much many
		combien much how what whi thing chose choses truc trucs wan want vouloir veux voudrai
		savoir know tell dis dire explain expliqu explique role metier job emploi travail work working
		travaill someone quelqu personne people gens employee salarie salari employe personn
		do doe does did done fera ferai sai sait use utilis utilise actually vraiment really
		get obtenir avoir have has had give donn donne learn apprendr become devenir
		domaine field secteur area aujourd today now maintenant exemple example type kind sort
		new nouveau nouvel nouvell nouveaux useful utile important importante possible va vont will going
		pense pensent think thinks selon according dit say says said affirm parl talk speak
		aujourd hui actuel current currently vraiment beaucoup lot lots quelque something
		sert servir vaut coup worth
		whether either neither both each every among within upon via while whilst though although unless
		until because however therefore thus yet still even already often always never usually
		chaque plusieurs certain certains certaines lorsque puisque parce afin ainsi encore toujours
		jamais souvent deja facon facons maniere manieres way ways make makes made making come comes came coming
		after before apres avant right rend rendent rendre ignore ignorer commencer commence start starting
		begin beginning debuter
		ceux celui celle celles trouver trouve trouvent trouvez find finds found appelle appellent appeler called call
		consiste consistent consister consists consist bien well sure re ve ll like one
		pourrait pourrais pourraient pourrai pourra pourrions grace thanks
		depuis ans annees year years yrs yr here out there suit suits fit fits convient conviendrait correspond habitude mal
		bosse bossent bossez bossons taffe taffent travaille travaillent travaillez help helps helping aider aide aides aidez
		bonjour bonsoir salut hello hi hey merci thanks thank please svp plait avance advance
		veut veulent voulez voulons voudrait voudraient wants wanted wanting temps time`) {
		genericWords[w] = true
		genericWords[retrieval.Stem(w)] = true
	}
	// The words of talk that carry no subject: hearing, seeming, hedging,
	// fillers ("I keep hearing about…", "en gros", "apparently").
	for _, w := range strings.Fields(`keep keeps kept keeping hear hears heard hearing listen see saw seen seem seems seemed
		look looks looking guess wonder wondering wondered curious apparently basically literally honestly exactly exact
		probably maybe perhaps kinda sorta stuff things anything everything nothing anyone everyone somebody anybody
		lol btw tbh imo fyi ok okay yeah yep nope cool great nice ever just also too very quite pretty somehow anyway
		anyways else mean means meant talk talking told ask asked asking try trying tried got gets getting goes went
		gone put gave gives let lets idea ideas exist exists existing
		entendu entends entend entendre vois voit voir regarde regarder semble semblent parait paraitrait apparemment
		genre truc machin bref franchement honnetement exactement exact concretement globalement gros plutot
		juste seulement bah ben euh ouais alors donc coup chose quelque rien prend prendre prends pris mettre met mets
		mis reste rester arrive arriver arrivent debrouiller debrouille existe existent exister existant existants
		parler parle demande demander idee idees envie meme memes dedans la-dedans boulot taf
		folks folk apply applying postuler autre autres other others us
		mieux colle coller collerait correspond correspondrait convient conviendrait suits suited fits
		haven hasn didn doesn don isn aren wasn weren won wouldn couldn shouldn up come came
		nowadays nowaday days real whole able being supposed expected recognised recognized saying says
		aujourd'hui actuellement vrai vraie reconnu reconnue reconnus cense censee censes attendu attendue
		true truly false realistically realistic realiste realistement
		whose connais connait connaissez connaitre connaissent vas fais faisons faites faisais faisait
		ressemble ressemblent ressembler ressemblerait resemble resembles similar similaire similaires
		forcement necessairement obligatoirement absolument certainement surement necessarily absolutely
		definitely certainly surely hesite hesites hesitent hesiter hesitate hesitating hesitant derriere ensuite
		aller vais allez allons xp all under over above below through across around onto off down again away`) {
		genericWords[retrieval.Stem(w)] = true
		talkWords[retrieval.Stem(w)] = true
	}
}

// analysis is what the assistant reads in a question.
type analysis struct {
	tokens   []string
	topic    []string // stems that name what the question is about
	proper   []string // stems of capitalised names ("Australia", "Nvidia")
	names    []string // those names as written
	concepts []string
	intent   intent
	// alt holds, for a topic stem, the stems of its synonyms: an entry
	// that holds one covers the stem.
	alt map[string][]string
	// without is set when the question asks of something's absence
	// ("without a degree", "sans diplôme"): a sentence that states it
	// answers neither yes nor no.
	without bool
}

// withoutRE matches a question about something's absence.
var withoutRE = regexp.MustCompile(`(?i)\b(?:without|sans|no longer|no need|pas besoin|pas de|pas d'|aucun|aucune|not needing|not having|never)\b`)

// phrases are expressions whose words mean something else on their own,
// as stems: "cours de l'action" is a share price, not a course. They stand
// for concepts that no entry has.
var phrases = map[string]string{}

func init() {
	for concept, forms := range map[string][]string{
		"stockprice": {"cours de l'action", "cours des actions", "cours de bourse", "cours en bourse", "stock price", "share price", "stock market"},
	} {
		for _, f := range forms {
			phrases[strings.Join(retrieval.Tokens(f), " ")] = concept
		}
	}
}

// noTimeRE matches the asker's lack of time, which says how they can
// learn, not what: "quand on a pas le temps", "with little time", not the
// "temps plein" of a job.
var noTimeRE = regexp.MustCompile(`(?i)\b(?:pas|peu|plus) (?:beaucoup |vraiment |trop )?(?:de |le )temps\b|\b(?:no|little|not much|limited|less) (?:free |spare )?time\b|\bdon't have (?:much |the |any )?time\b`)

func analyse(text string) analysis {
	text = figureOutRE.ReplaceAllString(text, " ")
	text = noTimeRE.ReplaceAllString(text, " ")
	toks := retrieval.Tokens(text)
	an := analysis{tokens: toks, without: withoutRE.MatchString(text)}
	// Words that form a phrase with a meaning of its own ("deep learning",
	// "ia générative") stand for that concept, not for themselves.
	phrase := make([]string, len(toks))
	for i := range toks {
		for _, n := range []int{3, 2} {
			if i+n > len(toks) {
				continue
			}
			c := phrases[strings.Join(toks[i:i+n], " ")]
			if c == "" {
				c = conceptOf(strings.Join(toks[i:i+n], " "))
			}
			if c != "" {
				for j := i; j < i+n; j++ {
					if phrase[j] == "" {
						phrase[j] = c
					}
				}
				break
			}
		}
	}
	seen := map[string]bool{}
	seenConcept := map[string]bool{}
	for i, t := range toks {
		c := conceptOf(t)
		if phrase[i] != "" {
			c = phrase[i]
			t = "#" + c
		}
		if c != "" && !seenConcept[c] {
			seenConcept[c] = true
			an.concepts = append(an.concepts, c)
		}
		if genericWords[t] || (c != "" && genericConcepts[c]) || seen[t] || len(t) < 2 {
			continue
		}
		seen[t] = true
		an.topic = append(an.topic, t)
	}
	fields := strings.Fields(text)
	for i, w := range fields {
		w = strings.Trim(w, "?!.,;:«»\"“”()'’")
		if i == 0 || w == "" || !unicode.IsUpper([]rune(w)[0]) || endsSentence(fields[i-1]) {
			// (A capital that starts a sentence names nothing: "… un
			// peu. J'écris bien".)
			continue
		}
		// Two capitals are an acronym of a common noun (CV, HR, IT), not a
		// name.
		// "B2B", "N2": digits make a kind or a level, not a name.
		// The bodies of a workplace (CSE, DRH) are common nouns too.
		if toks := retrieval.Tokens(w); len(toks) == 1 && len(toks[0]) > 2 && conceptOf(toks[0]) == "" && !genericWords[toks[0]] && !workplaceAcronyms[strings.ToLower(w)] && !slices.Contains(an.proper, toks[0]) && !strings.ContainsFunc(toks[0], unicode.IsDigit) {
			an.proper = append(an.proper, toks[0])
			an.names = append(an.names, strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
		}
	}
	has := func(c string) bool {
		for _, x := range an.concepts {
			if x == c {
				return true
			}
		}
		return false
	}
	lower := " " + knowledge.FoldAccents(strings.ToLower(text)) + " "
	switch {
	case has("pay") || strings.Contains(lower, "combien gagne") || strings.Contains(lower, "how much"):
		an.intent = intentPay
	case has("become") || strings.Contains(lower, "get into") || strings.Contains(lower, "me former") || strings.Contains(lower, "se former"):
		an.intent = intentBecome
	case has("growth") || has("figure") || strings.Contains(lower, "how many") || strings.Contains(lower, "how fast") || strings.Contains(lower, "combien de"):
		an.intent = intentFigure
	case has("skill") || has("library") || has("tool"):
		an.intent = intentSkills
	case has("training"):
		an.intent = intentTraining
	}
	return an
}

// coverage is the share of the question's topic stems found in the entry's
// stems or concepts. A stem that none of the candidate entries contains
// (known) weighs double: "crêpes" or "Australia" say that the question is
// about something else.
func (an analysis) coverage(entry, known map[string]bool) float64 {
	if len(an.topic) == 0 {
		return 1
	}
	var covered, total float64
	for _, t := range an.topic {
		if an.covers(t, entry) {
			covered++
			total++
			continue
		}
		if known != nil && !an.covers(t, known) {
			total += 2
		} else {
			total++
		}
	}
	return covered / total
}

// covers reports whether one topic stem is in an entry's stems: the stem
// itself, its concept, or a word one typo away.
func (an analysis) covers(t string, entry map[string]bool) bool {
	switch {
	case entry[t]:
		return true
	case strings.HasPrefix(t, "#"):
		return false
	case entry["#"+conceptOf(t)]:
		return true
	}
	for _, x := range an.alt[t] {
		if entry[x] {
			return true
		}
	}
	return len(t) >= 5 && nearWord(t, entry)
}

// coversNames reports whether an entry contains every capitalised name of
// the question: a question about "Australia" is not answered by an entry
// that merely shares its other words.
func (an analysis) coversNames(entry map[string]bool) bool {
	for _, p := range an.proper {
		if !entry[p] && !(len(p) >= 5 && nearWord(p, entry)) {
			return false
		}
	}
	return true
}

// missingNames returns the names of the question (as written) that words
// does not hold.
func (an analysis) missingNames(words map[string]bool) []string {
	var out []string
	for i, p := range an.proper {
		if !words[p] && !(len(p) >= 5 && nearWord(p, words)) {
			out = append(out, an.names[i])
		}
	}
	return out
}

// nearWord reports whether words holds a word one edit away from w, so a
// typo ("promt") still meets its word.
func nearWord(w string, words map[string]bool) bool {
	for x := range words {
		if len(x) >= len(w)-1 && len(x) <= len(w)+1 && x[0] != '#' && editDistance1(w, x) {
			return true
		}
	}
	return false
}

// editDistance1 reports whether a and b differ by at most one insertion,
// deletion or substitution.
func editDistance1(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		// A different last letter is an inflection, not a typo.
		return i < len(a)-1 && a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

// entryTokens returns the stems and concepts ("#pay") of an entry's text.
func entryTokens(e *knowledge.Entry) map[string]bool {
	text := strings.Join([]string{e.Title, e.TitleEN, strings.Join(e.Aliases, " "), strings.Join(e.Tags, " "),
		e.Summary, e.SummaryEN, e.Period, e.Body, strings.Join(e.Questions, "\n")}, "\n")
	for _, s := range e.Sources {
		text += "\n" + s.Publisher
	}
	toks := retrieval.Tokens(text)
	out := make(map[string]bool, len(toks))
	for _, t := range toks {
		out[t] = true
	}
	for _, c := range retrieval.Concepts(toks) {
		out["#"+c] = true
	}
	return out
}

// names tells how the question (as " stem stem ") names the entry: 2 by
// its title or English title, 1 by an alias, 0 not at all.
func names(e *knowledge.Entry, folded string) int {
	contains := func(n string) bool {
		toks := retrieval.Tokens(n)
		if len(toks) == 0 || (len(toks) == 1 && len(toks[0]) < 3) || allGeneric(toks) {
			return false
		}
		return strings.Contains(folded, " "+strings.Join(toks, " ")+" ")
	}
	if contains(e.Title) || contains(e.TitleEN) {
		return 2
	}
	for _, a := range e.Aliases {
		if contains(a) {
			return 1
		}
	}
	return 0
}

// allGeneric reports whether every stem of a name is a word that says
// what is asked, not what about: "e-learning" is left with "learn", which
// names nothing.
func allGeneric(stems []string) bool {
	for _, s := range stems {
		if !genericWords[s] {
			return false
		}
	}
	return true
}

// titleNames reports whether a title of e holds every one of the stems of
// names (the capitalised names of a question), and there is one.
func titleNames(e *knowledge.Entry, names []string) bool {
	return namesAll(e.Title, names) || namesAll(e.TitleEN, names)
}

// conceptOf returns the concept a single stem stands for, or "".
func conceptOf(stem string) string {
	if c := retrieval.Concepts([]string{stem}); len(c) > 0 {
		return c[0]
	}
	return ""
}

// endsSentence reports whether a word ends a sentence: a full stop, a
// question or exclamation mark, or an ellipsis, before any closing quote.
func endsSentence(w string) bool {
	w = strings.TrimRight(w, "»\"”)’'")
	if t, ok := strings.CutSuffix(w, "."); ok && (nameTitles[strings.ToLower(t)] || len([]rune(t)) == 1) {
		return false // "M. Palsule", "J. Doe"
	}
	return strings.HasSuffix(w, ".") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "?") || strings.HasSuffix(w, "…")
}

// nameTitles are the abbreviations that come before a name.
var nameTitles = map[string]bool{"m": true, "mr": true, "mrs": true, "ms": true, "dr": true, "mme": true, "mlle": true, "pr": true, "prof": true, "st": true, "me": true}
