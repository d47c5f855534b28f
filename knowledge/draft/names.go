package draft

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/careerbot/careerbot/knowledge"
)

// fold lowercases s, folds its accents and apostrophes and collapses its
// spaces, for comparing names.
func fold(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "\u00a0", " ", "\u202f", " ").Replace(s)
	return strings.Join(strings.Fields(knowledge.FoldAccents(strings.ToLower(s))), " ")
}

// nameWords are the words of a folded name, each without a plural ending,
// articles and prepositions dropped: "ingénieurs déployés sur le terrain"
// and "ingénieur déployé sur le terrain" have the same.
func nameWords(name string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(fold(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if linkWords[w] {
			continue
		}
		if strings.HasSuffix(w, "aux") && len(w) > 4 {
			w = strings.TrimSuffix(w, "aux") + "al"
		} else if len(w) > 3 && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x")) {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	return out
}

// nameKey is the words of a name joined: names with the same key are the
// same name.
func nameKey(name string) string { return strings.Join(nameWords(name), " ") }

// linkWords are the articles and prepositions names are compared without.
var linkWords = map[string]bool{
	"le": true, "la": true, "les": true, "l": true, "de": true, "des": true, "du": true, "d": true, "en": true, "et": true,
	"a": true, "au": true, "aux": true, "dans": true, "sur": true, "un": true, "une": true,
	"the": true, "of": true, "in": true, "for": true, "and": true, "an": true,
}

// genericNames are words too common in articles about AI careers to tell
// an entry by themselves.
var genericNames = map[string]bool{
	"ia": true, "ai": true, "data": true, "donnee": true, "expert": true, "ingenieur": true, "engineer": true,
	"developpeur": true, "developer": true, "formation": true, "competence": true, "skill": true, "emploi": true,
	"job": true, "metier": true, "recrutement": true, "talent": true, "donnees": true, "modele": true, "model": true,
	"outil": true, "tool": true, "cours": true, "course": true, "agent": true, "agents": true, "robot": true,
	"startup": true, "entreprise": true, "programmeur": true, "programmer": true, "consultant": true,
}

// entryMatcher finds an existing entry's names in sentences.
type entryMatcher struct {
	entry *knowledge.Entry
	keys  []string         // nameKey of each name
	res   []*regexp.Regexp // each name, over folded text
}

// names returns the names an entry goes by: its titles, each part of a
// title with a parenthesis ("Ingénieur IA (AI / ML engineer)"), its
// aliases.
func names(e *knowledge.Entry) []string {
	var out []string
	for _, t := range append([]string{e.Title, e.TitleEN}, e.Aliases...) {
		if t == "" {
			continue
		}
		out = append(out, t)
		if i := strings.IndexByte(t, '('); i > 0 {
			out = append(out, strings.TrimSpace(t[:i]))
			inner := strings.Trim(t[i:], "() ")
			for _, p := range strings.Split(inner, "/") {
				out = append(out, strings.TrimSpace(p))
			}
			out = append(out, inner)
		}
	}
	return out
}

func newEntryMatcher(e *knowledge.Entry) *entryMatcher {
	m := &entryMatcher{entry: e}
	seen := map[string]bool{}
	for _, n := range names(e) {
		words := nameWords(n)
		key := strings.Join(words, " ")
		if len(words) == 0 || seen[key] || len(words) == 1 && (utf8.RuneCountInString(key) < 4 || genericNames[key]) {
			continue
		}
		seen[key] = true
		m.keys = append(m.keys, key)
		var parts []string
		for _, w := range strings.Fields(fold(n)) {
			w = strings.Trim(w, "()«»\"“”,;:")
			if w == "" || w == "/" {
				continue
			}
			parts = append(parts, regexp.QuoteMeta(strings.TrimSuffix(w, "s"))+`(?:s|x|e|es)?`)
		}
		if len(parts) == 0 {
			continue
		}
		m.res = append(m.res, regexp.MustCompile(`(?:^|[^\pL\pN])`+strings.Join(parts, `[\s'’-]+`)+`(?:$|[^\pL\pN])`))
	}
	return m
}

// in reports whether the folded sentence names the entry.
func (m *entryMatcher) in(folded string) bool {
	for _, re := range m.res {
		if re.MatchString(folded) {
			return true
		}
	}
	return false
}

// same reports whether the name found in an article is one of the entry's:
// the same words, one name's words within the other's, or nearly the same
// content words.
func (m *entryMatcher) same(name string) bool {
	key := nameKey(name)
	words := strings.Fields(key)
	for _, k := range m.keys {
		kw := strings.Fields(k)
		switch {
		case k == key:
			return true
		case len(kw) >= 2 && containsWords(words, kw):
			return true
		case len(words) >= 2 && containsWords(kw, words):
			return true
		case jaccard(words, kw) >= 0.75:
			return true
		}
	}
	return false
}

// containsWords reports whether sub appears in words, in order and
// contiguous.
func containsWords(words, sub []string) bool {
	return strings.Contains(" "+strings.Join(words, " ")+" ", " "+strings.Join(sub, " ")+" ")
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	sa := map[string]bool{}
	for _, w := range a {
		sa[w] = true
	}
	inter, union := 0, len(sa)
	sb := map[string]bool{}
	for _, w := range b {
		if sb[w] {
			continue
		}
		sb[w] = true
		if sa[w] {
			inter++
		} else {
			union++
		}
	}
	return float64(inter) / float64(union)
}

// Name patterns: how articles introduce a job or a skill.
var (
	frHeadRE = regexp.MustCompile(`(?i)(?:^|[^\pL])(ingénieure?s?|experte?s?|spécialistes?|directeurs?|directrices?|responsables?|chercheurs?|chercheuses?|annotateurs?|annotatrices?|analystes?|consultante?s?|développeur?s?|développeuses?|opérateurs?|opératrices?|dépanneurs?|architectes?|chefs? de (?:produit|projet))(?:[^\pL]|$)`)
	enHeadRE = regexp.MustCompile(`(?i)(?:^|[^\pL])((?:[\pL]+[ -])?(?:engineer|scientist|designer|officer|analyst|researcher|architect|annotator)s?)(?:[^\pL]|$)`)
	introRE  = regexp.MustCompile(`(?i)(?:le métier de|les métiers de|un métier de|celui de|son métier \?|the role of|the job of|works as an?|become an?)\s+`)
	skillRE  = regexp.MustCompile(`(?i)(?:compétences? (?:en|de)|maîtrise de|skills? in|expertise en)\s+`)
	wordRE   = regexp.MustCompile(`[\pL\pN]+(?:['’-][\pL\pN]+)*|[^\s\pL\pN]`)
)

// stopWords end a name found by a pattern.
var stopWords = map[string]bool{
	"qui": true, "que": true, "qu": true, "pour": true, "est": true, "sont": true, "a": true, "ont": true, "se": true, "s": true,
	"ne": true, "n": true, "comme": true, "avec": true, "chez": true, "mais": true, "ou": true, "tels": true, "telles": true,
	"tel": true, "telle": true, "charges": true, "charge": true, "capables": true, "capable": true, "possedant": true,
	"titulaires": true, "dont": true, "par": true, "afin": true, "il": true, "elle": true, "ils": true, "elles": true,
	"who": true, "that": true, "is": true, "are": true, "with": true, "at": true, "from": true, "to": true, "was": true,
	"diplome": true, "diplomee": true, "diplomes": true, "diplomees": true, "niveau": true, "plan": true, "haut": true, "createur": true, "emergent": true, "aussi": true, "encore": true, "plus": true, "deja": true, "also": true,
	"peut": true, "doit": true, "doivent": true, "veillent": true, "cite": true, "affirme": true, "explique": true,
}

// notRoles are corporate titles that articles give their speakers, not
// careers to draft.
var notRoles = map[string]bool{
	"directeur general": true, "directrice generale": true, "directeur generaux": true, "responsable du recrutement": true,
	"responsable recrutement": true, "directrice de recherche": true, "directeur de recherche": true, "analyste distingue": true,
	"chief executive officer": true, "responsable de service": true, "responsable de service ia": true,
}

// organisations are the places a speaker's title names ("directrice du
// cabinet", "ingénieure diplômée de l'école"): a job is not named after them.
var organisations = map[string]bool{
	"cabinet": true, "institut": true, "entreprise": true, "societe": true, "groupe": true, "service": true,
	"agence": true, "ecole": true, "l'ecole": true, "l'institut": true, "l'entreprise": true, "startup": true,
	"company": true, "firm": true,
}

// adjectiveEnds are the endings of the adjectives and participles a job
// name may carry after its head ("ingénieur commercial spécialisé").
var adjectiveEnds = []string{"é", "ée", "és", "ées", "al", "aux", "ale", "ales", "iel", "ielle", "ique", "iques", "if", "ive", "ifs", "ives", "ain", "aine", "ains"}

// phraseAfter reads the name that goes on from text[at:]: adjectives, then
// one complement ("en IA", "des risques et de la gouvernance IA"). It
// returns the words read.
func phraseAfter(text string, at int, adjectives bool) []string {
	toks := wordRE.FindAllString(text[at:min(len(text), at+200)], 14)
	var out []string
	i := 0
	word := func(t string) bool {
		r, _ := utf8.DecodeRuneInString(t)
		return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !stopWords[fold(t)] && !strings.HasPrefix(fold(t), "qu'") && !strings.HasPrefix(fold(t), "s'") && !strings.HasPrefix(fold(t), "n'")
	}
	upper := func(t string) bool { return t == strings.ToUpper(t) && strings.ToUpper(t) != strings.ToLower(t) }
	adjective := func(t string) bool {
		if strings.Contains(t, "-") && !strings.ContainsAny(t, "'’") {
			return true
		}
		for _, e := range adjectiveEnds {
			if strings.HasSuffix(strings.ToLower(t), e) {
				return true
			}
		}
		return false
	}
	if adjectives {
		for n := 0; i < len(toks) && n < 2 && word(toks[i]) && !linkWords[fold(toks[i])] && (adjective(toks[i]) || upper(toks[i])); n++ {
			out = append(out, toks[i])
			i++
		}
	}
	complement := func() bool {
		if i >= len(toks) {
			return false
		}
		p := fold(toks[i])
		elided := strings.HasPrefix(p, "d'") || strings.HasPrefix(p, "l'")
		dans := p == "dans" && len(out) > 0 && strings.HasPrefix(fold(out[len(out)-1]), "specialise")
		if !elided && p != "en" && p != "de" && p != "des" && p != "du" && p != "sur" && p != "of" && p != "in" && !dans {
			return false
		}
		j := i + 1
		if elided {
			j = i
		} else if j < len(toks) && (fold(toks[j]) == "la" || fold(toks[j]) == "le" || fold(toks[j]) == "les" || strings.HasPrefix(fold(toks[j]), "l'")) {
			if !strings.HasPrefix(fold(toks[j]), "l'") {
				j++
			}
		}
		if j >= len(toks) || !word(toks[j]) || linkWords[fold(toks[j])] || properNoun(toks[j]) || digits(toks[j]) || organisations[nameKey(toks[j])] {
			return false
		}
		out = append(out, toks[i:j+1]...)
		i = j + 1
		if i < len(toks) && upper(toks[i]) && word(toks[i]) {
			out = append(out, toks[i])
			i++
		}
		return true
	}
	if complement() && i+1 < len(toks) && fold(toks[i]) == "et" {
		save, n := i, len(out)
		out = append(out, toks[i])
		i++
		if !complement() {
			i, out = save, out[:n]
		}
	}
	return out
}

// properNoun reports whether w is a name (Gartner, Palantir) rather than
// a field: capitalised, with no other capital (ChatGPT and IA are fields).
func properNoun(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && w[n:] == strings.ToLower(w[n:]) && len(w) > n
}

func ascii(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return false
		}
	}
	return true
}

func digits(w string) bool {
	return strings.ContainsFunc(w, unicode.IsDigit)
}

// notRole reports whether a name found is a corporate title rather than a
// career: it is, or starts with, one of notRoles.
func notRole(n string) bool {
	k := fold(n)
	for r := range notRoles {
		if k == r || strings.HasPrefix(k, r+" ") {
			return true
		}
	}
	return notRoles[nameKey(n)]
}

// joinWords writes words back as text: no space after an elided article.
func joinWords(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 && !strings.HasSuffix(words[i-1], "'") && !strings.HasSuffix(words[i-1], "’") {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// singular turns a job name's head and its adjectives to the singular:
// "ingénieurs déployés sur le terrain" → "ingénieur déployé sur le terrain".
func singular(name string) string {
	f := strings.Fields(name)
	for i, w := range f {
		if i > 0 && linkWords[fold(w)] {
			break
		}
		lw := strings.ToLower(w)
		switch {
		case strings.HasSuffix(lw, "aux") && len(lw) > 4:
			f[i] = w[:len(w)-3] + "al"
		case len(lw) > 3 && strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss"):
			f[i] = w[:len(w)-1]
		}
	}
	return strings.Join(f, " ")
}

// capitalize writes the first letter of s in upper case.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// roleNames finds the jobs a sentence introduces, by the patterns articles
// use: "le métier de …", "celui de …", "… engineer", "ingénieur en …",
// "spécialiste des …", "expert en …". Each is singular.
func roleNames(s string) []string {
	var out []string
	add := func(n string) {
		n = strings.TrimSpace(strings.Trim(n, " ,;:.()«»\"“”"))
		if n == "" || notRole(n) || strings.HasPrefix(fold(n), "l'") || strings.HasPrefix(fold(n), "d'") {
			return
		}
		out = append(out, n)
	}
	for _, m := range frHeadRE.FindAllStringSubmatchIndex(s, -1) {
		head := s[m[2]:m[3]]
		rest := phraseAfter(s, m[3], true)
		if len(rest) == 0 {
			continue // a bare "ingénieur" names no job
		}
		add(singular(joinWords(append([]string{head}, rest...))))
	}
	for _, m := range enHeadRE.FindAllStringSubmatchIndex(s, -1) {
		n := s[m[2]:m[3]]
		f := strings.Fields(strings.ReplaceAll(n, "-", " "))
		if len(f) < 2 || linkWords[fold(f[0])] || stopWords[fold(f[0])] || frenchWord(f[0]) {
			continue
		}
		add(strings.TrimSuffix(n, "s"))
	}
	for _, m := range introRE.FindAllStringIndex(s, -1) {
		toks := wordRE.FindAllString(s[m[1]:min(len(s), m[1]+80)], 4)
		var words []string
		for _, t := range toks {
			if ft := fold(t); stopWords[ft] || linkWords[ft] || !unicode.IsLetter([]rune(t)[0]) || strings.HasPrefix(ft, "s'") {
				break
			}
			// A second word only for an English name ("data scientist"):
			// "psydesigner émerge" is one.
			if len(words) == 1 && !(ascii(words[0]) && ascii(t)) {
				break
			}
			words = append(words, t)
			if len(words) == 2 {
				break
			}
		}
		if len(words) > 0 {
			add(singular(strings.Join(words, " ")))
		}
	}
	return out
}

// frenchWord reports whether w, before "engineer", is French: "ingénieur"
// and its like are caught by the French patterns.
func frenchWord(w string) bool {
	return strings.ContainsAny(w, "éèàùç")
}

// skillNames finds the skills a sentence names by "compétences en …",
// "maîtrise de …", "skills in …": up to three words, generic ones left out.
func skillNames(s string) []string {
	var out []string
	for _, m := range skillRE.FindAllStringIndex(s, -1) {
		var words []string
		for _, t := range wordRE.FindAllString(s[m[1]:min(len(s), m[1]+80)], 3) {
			r, _ := utf8.DecodeRuneInString(t)
			if ft := fold(t); !unicode.IsLetter(r) || stopWords[ft] || properNoun(t) {
				break
			}
			words = append(words, t)
		}
		for len(words) > 0 && linkWords[fold(words[len(words)-1])] {
			words = words[:len(words)-1]
		}
		n := joinWords(words)
		if n == "" || genericNames[nameKey(n)] || len(nameWords(n)) == 0 || strings.HasPrefix(fold(n), "l'") {
			continue
		}
		out = append(out, n)
	}
	return out
}
