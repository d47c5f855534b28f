package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"sync"
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
		begin beginning debuter`) {
		genericWords[w] = true
		genericWords[retrieval.Stem(w)] = true
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
}

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

func analyse(text string) analysis {
	toks := retrieval.Tokens(text)
	an := analysis{tokens: toks}
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
	for i, w := range strings.Fields(text) {
		w = strings.Trim(w, "?!.,;:«»\"“”()'’")
		if i == 0 || w == "" || !unicode.IsUpper([]rune(w)[0]) {
			continue
		}
		// Two capitals are an acronym of a common noun (CV, HR, IT), not a
		// name.
		if toks := retrieval.Tokens(w); len(toks) == 1 && len(toks[0]) > 2 && conceptOf(toks[0]) == "" && !genericWords[toks[0]] && !slices.Contains(an.proper, toks[0]) {
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

// tokenCache remembers the tokens of entries by slug, revision and time of
// change, which together name one content of one entry: an answer weighs
// dozens of entries, and tokenising them is most of its work outside the
// database.
type tokenCache struct {
	mu sync.Mutex
	m  map[tokenKey]map[string]bool
}

type tokenKey struct {
	slug string
	rev  int
	at   int64
}

// tokenCacheSize bounds the entries remembered; when full, the cache starts
// again empty.
const tokenCacheSize = 4096

// of returns entryTokens(e), which the caller must not change.
func (c *tokenCache) of(e *knowledge.Entry) map[string]bool {
	if e.Revision == 0 { // not stored: nothing names this content
		return entryTokens(e)
	}
	k := tokenKey{e.Slug, e.Revision, e.UpdatedAt.UnixNano()}
	c.mu.Lock()
	t, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return t
	}
	t = entryTokens(e)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= tokenCacheSize {
		c.m = make(map[tokenKey]map[string]bool)
	}
	c.m[k] = t
	c.mu.Unlock()
	return t
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
		if len(toks) == 0 || (len(toks) == 1 && len(toks[0]) < 3) {
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

// clauseStart is where an instruction to the assistant starts: the start
// of the text or of a clause, or words that address it ("please", "can
// you", "tu dois"). Patterns that begin with it match imperatives, not
// the same verbs in a question ("qui a inventé…", "can agents delete…").
const clauseStart = `(?:^|[.!?:;,«"\n]\s*|\b(?:and|et|then|puis|now|maintenant|please|stp|svp|s'il (?:te|vous) plait|just|juste|alors|donc|desormais|dorenavant|(?:can|could|would|will) you(?: please)?|peux-tu|pourrais-tu|tu peux|tu pourrais|tu dois|tu vas|vous devez|pouvez-vous|pourriez-vous|i want you to|je veux que tu|you must|you should|you will)\s+)`

// injectionREs match, in a question lowercased with accents folded,
// instructions addressed to the assistant: to drop its rules, take another
// role, say what it is told to, reveal its instructions or secrets, change
// or empty the knowledge base, show other people's questions, make things
// up, or ping a channel.
var injectionREs = func() []*regexp.Regexp {
	target := `(?:instructions?|consignes?|regles?|rules?|prompts?|directives?|guidelines?|restrictions?|limites?|limits?|filtres?|filters?|ce qui precede|everything|above|previous|precedent\w*|tout)`
	own := `(?:your|yours|ton|ta|tes|votre|vos)\s+(?:\w+\s+){0,2}?(?:instructions?|consignes?|system prompt|prompt systeme|prompts?|regles?|rules|directives?|guidelines|configuration|config|programming|programmation)\b`
	hidden := `(?:system|systeme|initial|initiale?s?|hidden|cachee?s?|secret|secrete?s?|internal|internes?|original|originale?s?)`
	secret := `(?:api[ -]?keys?|cles? d'api|cles? api|tokens?|secrets?|passwords?|mots? de passe|variables? d'environnement|environment variables?|env vars?|credentials?|identifiants?)`
	kb := `(?:(?:ta|votre|la|your|the|cette|this)\s+(?:base|memoire|memory|database|knowledge)|base de (?:connaissances?|donnees)|knowledge base|database)`
	patterns := []string{
		// Drop the rules.
		clauseStart + `(?:ignore[rsz]?|oublie[rsz]?|forget|disregard|override|bypass|contourne[rsz]?|outrepasse[rsz]?)\b[^.?!]{0,40}?\b` + target,
		// Take another role.
		clauseStart + `(?:act|behave|pretend|roleplay|role-play)\s+(?:as|like|to be|that|you)\b`,
		clauseStart + `(?:fais semblant|faites semblant|joue le role|jouez le role|incarne[sz]?|agis|agissez|comporte-toi|deviens|devenez|passe en|passez en)\b`,
		clauseStart + `imagine[sz]?\s+(?:que tu|que vous|you|tu)\b`,
		`\b(?:you are now|you're now|tu es (?:maintenant|desormais|dorenavant)|vous etes (?:maintenant|desormais|dorenavant))\b`,
		`\b(?:from now on|a partir de maintenant|desormais|dorenavant),?\s+(?:you|tu|vous|answer|reply|respond|say|always|never|only|reponds|repondez|dis|dites|toujours|jamais|seulement)\b`,
		clauseStart + `(?:from now on|a partir de maintenant|dorenavant),`,
		`\b(?:jailbreak\w*|dan mode|developer mode|mode developpeur|god mode|mode dieu|sudo mode)\b`, `\byou are dan\b`,
		// Messages posing as orders from whoever runs the assistant.
		`(?:^|\n|[.!?]\s+)(?:\w+\s+){0,2}?(?:system|systeme|admin|administrat(?:or|eur)|developer|developpeur|root|operator|operateur)(?:\s+\w+){0,2}?\s*:`,
		`\b(?:nouvelles?|new|updated|mises? a jour)\s+(?:consignes?|instructions?|directives?|policy|policies|politiques?|ordres?|orders?)\b[^.?!]{0,60}?[:]`,
		`\b(?:consignes?|instructions?|ordres?|orders?|directives?)\s+(?:de l'|du |de la |des |from (?:the |your )?|of (?:the |your )?)(?:admin\w*|administrat\w*|systeme|system|developpeur|developer|rh|hr|direction|management|createurs?|creators?)`,
		`\b(?:admin|administrateur|administrator)\b.{0,40}\b(?:mode|access|acces|droits|rights|privil)`,
		// Say what it is told to.
		clauseStart + `(?:affirme[rsz]?|certifie[rsz]?|pretends?|declare[rsz]?|dis|dites|dire|ecris|ecrivez|ecrire|say|state|claim|write)\s+(?:(?:a tous|a tout le monde|to everyone|everyone|toujours|always|only|seulement|uniquement)\s+)?(?:que|qu'|that)\b`,
		clauseStart + `(?:reponds|repondez|repondre|answer|reply|respond)\b[^.?!]{0,40}?\b(?:avec|with|par|que|that|sans|without)\b`,
		`\b(?:sans citer (?:de |tes |vos )?sources?|without (?:citing|quoting|any) (?:sources?|citations?)|(?:don't|do not) cite|ne cite (?:pas|aucune))\b`,
		// Reveal instructions or secrets.
		own,
		`\b(?:ton|ta|tes|votre|vos|your|the|le|la|les)\s+(?:` + hidden + `\s+)?(?:system prompt|prompt systeme)`,
		clauseStart + `(?:reveal|show|print|display|dump|list|give|tell|repeat|output|affiche[rsz]?|montre[rsz]?|revele[rsz]?|donne[rsz]?|liste[rsz]?|repete[rsz]?|recite[rsz]?)\b[^.?!]{0,40}?\b(?:` + hidden + `\s+(?:instructions?|consignes?|prompts?|regles?|rules)|(?:instructions?|consignes?|prompts?|regles?|rules)\s+` + hidden + `)\b`,
		`\b(?:reveal|show|print|display|dump|list|give|tell|output|affiche\w*|montre\w*|revele\w*|donne\w*|liste\w*|envoie\w*|send)\b[^.?!]{0,40}?\b` + secret + `\b`,
		// Change or empty the knowledge base.
		clauseStart + `(?:ajoute[rsz]?|rajoute[rsz]?|add|insere[rsz]?|insert|modifie[rsz]?|modify|change[rsz]?|update|mets? a jour|mettez a jour|ecris|write|enregistre[rsz]?|save|store|memorise[rsz]?)\b[^.?!]{0,50}?\b` + kb,
		clauseStart + `(?:delete|drop|wipe|truncate|erase|remove|supprime[rsz]?|efface[rsz]?|detrui[st]|detruire|vide[rsz]?)\b[^.?!]{0,40}?\b(?:` + kb + `|entrees|entries|tables?)`,
		// Other people's questions.
		`\b(?:other|autres?)\s+(?:users?|utilisateurs?|employe(?:e)?s?|salaries?|personnes?|people|colleagues?|collegues?)(?:'s?)?\b.{0,30}\b(?:questions?|messages?|conversations?|historiques?|history|requetes?|queries)`,
		`\b(?:questions?|messages?|conversations?|historique|history|requetes?)\s+(?:des|of|posees par|asked by|from|de)\s+(?:les |mes |my |the |tes |your )?(?:autres|other|collegues|colleagues|utilisateurs|users|employes|salaries|rh|hr)\b`,
		`\b(?:questions?|messages?|conversations?|requetes?)\b.{0,20}\b(?:other|autres?)\s+(?:users?|utilisateurs?|employe(?:e)?s?|salaries?|personnes?|people|colleagues?|collegues?)\b`,
		`\b(?:conversations?|messages?|questions?)\s+(?:of|from|de|d')\s*(?:every|all|each|tous les|toutes les|chaque)\s+(?:users?|utilisateurs?|employes?|salaries?|personnes?)`,
		`\b(?:conversation history|historique des? conversations?|historique des? messages?)\b`,
		`\b(?:previous|last|other|derniere?|precedente?|autre)\s+(?:person|user|utilisateur|personne|employe)\b.{0,30}\b(?:ask|asked|demande|pose|posee|question)`,
		// Have it repeat its own text, follow new orders, run commands.
		`\b(?:repeat|repete[rsz]?|recite[rsz]?|print|affiche[rsz]?)\b[^.?!]{0,60}?\b(?:verbatim|mot pour mot|word for word|text that starts|texte qui commence|ci-dessus|above)\b`,
		`\byou are careerbot\b`,
		`\b(?:follow|obey|execute)\s+(?:these|the following|my|new|those)\s+(?:instructions|orders|rules|commands)|\b(?:suis|suivez|execute[sz]?|obeis|obeissez)\s+(?:ces|les|mes|nouvelles)\s+(?:instructions|consignes|ordres|regles|commandes)`,
		`</?(?:question|excerpt|draft|system|systeme|instructions?)(?:-[0-9a-f]+)?>`,
		`^/(?:kb|career-admin)\b`,
		`(?:;|\b)\s*(?:update \w+ set|delete from|drop table|insert into|truncate table)\b`,
		// Make things up.
		clauseStart + `(?:invente[rsz]?|make up|fabricate|fabrique[rsz]?|fake)\b`,
		// Ping everyone.
		`<!(?:channel|here|everyone)`, `@(?:channel|here|everyone)\b`,
		// The request to an AI writer found in one of the source articles.
		`\bmake this article\b`, `\bseo compatible\b`,
	}
	out := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		out[i] = regexp.MustCompile(p)
	}
	return out
}()

// notAddressed rewrites verbs whose subject is someone other than the
// assistant ("j'ignore tout du prompt engineering", "qui invente…"), so
// that they do not read as orders.
var notAddressed = regexp.MustCompile(`\b(j'|je |il |elle |on |nous |ils |elles |i |we |they |he |she |who |qui |people |recruiters |companies |entreprises |l'ia |ai )(ignor|oubli|forget|invent|imagin|fabriqu|affirm|declar|say|claim)`)

// isInjection reports whether a question tries to change the assistant's
// behaviour or reach what it must not show: an instruction addressed to
// the assistant, not a question that happens to use the same words.
func isInjection(text string) bool {
	t := strings.ToLower(knowledge.FoldAccents(text))
	t = strings.Join(strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' }), " ")
	t = promptEngineerRE.ReplaceAllString(t, "promptengineer")
	// "Je suis développeur : …" introduces the asker, not an order.
	t = personaColonRE.ReplaceAllString(t, "${1},")
	t = notAddressed.ReplaceAllString(t, "${1}_$2")
	for _, re := range injectionREs {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}

// personaColonRE matches a persona ending in a colon: "je suis
// développeur :", "I'm a lawyer:".
var personaColonRE = regexp.MustCompile(`(\b(?:je suis|j'suis|moi je suis|en tant que|je travaille comme|je bosse comme|i'm|i am|im|as an?|i work as)\s+[^.!?:\n]{1,40}?)\s*:`)

// promptEngineerRE matches the name of the job, whose "prompt" is not the
// assistant's.
var promptEngineerRE = regexp.MustCompile(`\bprompt[- ]?engineer\w*`)

// HashUser hashes a user id with a secret salt for analytics. An empty id
// stays empty.
func HashUser(salt, id string) string {
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(salt + "\x00" + id))
	return hex.EncodeToString(sum[:12])
}

// conceptOf returns the concept a single stem stands for, or "".
func conceptOf(stem string) string {
	if c := retrieval.Concepts([]string{stem}); len(c) > 0 {
		return c[0]
	}
	return ""
}
