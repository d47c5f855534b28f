package bot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/figures"
	"github.com/careerbot/careerbot/retrieval"
)

// brief writes a Slack-sized answer: a main text of at most MaxMainWords
// words, said first, and the rest behind "More". Every sentence carries
// the citation of the entry it comes from; a sentence already said, or
// nearly, is not said again; notes about the articles are left out; and
// an entry is listed as a source only once a sentence cites it.
type brief struct {
	lang      string
	main      []string
	more      []string
	citations []Citation
	said      []string
	// figures are the figures said, so that a sentence that only says
	// them again, in other words, is not said.
	figures map[string]bool
	// full is set once a sentence did not fit the main text: what follows
	// goes to More, so the main text keeps its order.
	full bool
}

// cite returns the citation number of e, adding it when new.
func (b *brief) cite(e *knowledge.Entry) int { return citeEntry(&b.citations, e, b.lang) }

// fresh reports whether text says something not said yet and is about the
// subject, not the material.
func (b *brief) fresh(text string) bool {
	if text == "" || isArticleNote(text) || asksItself(text) {
		return false
	}
	for _, s := range answerSentences(text) {
		for _, t := range b.said {
			if restates(s, t) {
				return false
			}
		}
	}
	qs := figuresOf(text)
	if len(qs) == 0 {
		return true
	}
	for _, q := range qs {
		if !b.figures[q] {
			return true
		}
	}
	return false
}

// figuresOf returns the figures of text with their units, as keys: years
// and bare small numbers are not figures of their own.
func figuresOf(text string) []string {
	var out []string
	for _, q := range figures.Quantities(text) {
		if q.Unit != figures.UnitNone {
			out = append(out, q.Value+string(q.Unit))
		}
	}
	return out
}

// remember notes what a sentence said.
func (b *brief) remember(text string) {
	b.said = append(b.said, answerSentences(text)...)
	if b.figures == nil {
		b.figures = map[string]bool{}
	}
	for _, q := range figuresOf(text) {
		b.figures[q] = true
	}
}

func (b *brief) words() int {
	n := 0
	for _, l := range b.main {
		n += WordCount(l)
	}
	return n
}

// say adds text, from e, to the main text when it fits, else to More. It
// reports whether the text was added at all.
func (b *brief) say(text string, e *knowledge.Entry) bool {
	text = endSentence(text)
	if !b.fresh(text) {
		return false
	}
	if b.full || b.words()+WordCount(text) > MaxMainWords {
		b.full = len(b.main) > 0
		if len(b.main) == 0 {
			// A first sentence too long for the main text: say the
			// entry's name in its place, the sentence in More.
			b.main = append(b.main, fmt.Sprintf("*%s* [%d]", e.TitleIn(b.lang), b.cite(e)))
		}
		return b.sayMore(text, e)
	}
	b.main = append(b.main, fmt.Sprintf("%s [%d]", text, b.cite(e)))
	b.remember(text)
	return true
}

// sayMore adds text, from e, to More.
func (b *brief) sayMore(text string, e *knowledge.Entry) bool {
	text = endSentence(text)
	if !b.fresh(text) {
		return false
	}
	b.more = append(b.more, fmt.Sprintf("%s [%d]", text, b.cite(e)))
	b.remember(text)
	return true
}

// plain adds a sentence of careerbot's own, citing nothing, to the main
// text ("Dites-moi votre métier…").
func (b *brief) plain(text string) {
	if !b.full && b.words()+WordCount(text) <= MaxMainWords {
		b.main = append(b.main, text)
	} else {
		b.more = append(b.more, text)
	}
}

// answer returns the grounded answer.
func (b *brief) answer() Answer {
	return Answer{Grounded: true, Answer: strings.Join(b.main, "\n"), More: strings.Join(b.more, "\n"),
		Composer: "extractive", Citations: b.citations}
}

// endSentence ends a list item taken as a sentence ("…Microsoft ;")
// with a full stop.
func endSentence(text string) string {
	text = strings.TrimSpace(text)
	trimmed := strings.TrimRight(text, " ;,:")
	if trimmed != text {
		return trimmed + "."
	}
	return text
}

// asA writes "as a lawyer", "as an accountant", "en tant que juriste".
// asker opens a sentence about the asker: by their job ("En tant que
// juriste"), by their field ("Pour quelqu'un qui travaille au service
// RH"), or by what they studied when they said no job ("Avec une
// formation en droit"). Words keep their accents and capitals.
func asker(lang string, u Understanding) string {
	switch {
	case u.Studied != "" && u.Studied == u.Background && schoolNameRE.MatchString(u.Studied):
		// "As a business school student", "En école de commerce".
		if lang == "fr" {
			return "En " + asWritten(u.Text, u.Studied)
		}
		return asA(lang, asWritten(u.Text, u.Studied)+" student")
	case u.Studied != "" && u.Studied == u.Background:
		return Msg(lang, "With a degree in ", "Avec une formation en ") + asWritten(u.Text, u.Studied)
	case strings.HasPrefix(u.Field, "pour ") || strings.HasPrefix(u.Field, "for ") || strings.HasPrefix(u.Field, "with "):
		// Jobs asked for others ("Pour les linguistes", "For nurses"), a
		// background ("With a background in marketing").
		return strings.ToUpper(u.Field[:1]) + asWritten(u.Text, u.Field)[1:]
	case strings.HasPrefix(u.Field, "working "):
		return Msg(lang, "For someone ", "Pour quelqu'un ") + asWritten(u.Text, u.Field)
	case u.Field != "":
		return Msg(lang, "For someone who ", "Pour quelqu'un qui ") + asWritten(u.Text, u.Field)
	}
	return asA(lang, asWritten(u.Text, u.Background))
}

// askerYou opens a sentence whose subject is "you": "As a lawyer, you
// already bring…", "Working in sales, you…", "Comme vous travaillez au
// service RH, vous…".
func askerYou(lang string, u Understanding) string {
	if u.Field == "" || u.Studied == u.Background {
		return asker(lang, u)
	}
	field := asWritten(u.Text, u.Field)
	if lang != "fr" {
		if rest, ok := strings.CutPrefix(field, "working "); ok {
			return "Working " + rest
		}
		if strings.HasPrefix(field, "with ") || strings.HasPrefix(field, "for ") {
			return asker(lang, u)
		}
		if rest, ok := strings.CutPrefix(field, "teaches "); ok {
			return "As someone who teaches " + rest
		}
		return "As someone who " + field
	}
	if strings.HasPrefix(field, "pour ") {
		return asker(lang, u)
	}
	for he, you := range map[string]string{"travaille ": "travaillez ", "fait ": "faites ", "s'occupe ": "vous occupez ", "vient ": "venez ", "a ": "avez ", "enseigne ": "enseignez ",
		"gère ": "gérez ", "dirige ": "dirigez ", "encadre ": "encadrez ", "pilote ": "pilotez ", "manage ": "managez "} {
		if rest, ok := strings.CutPrefix(field, he); ok {
			return "Comme vous " + you + rest
		}
	}
	return asker(lang, u)
}

// asWritten gives back the words of phrase, folded by analysis ("service
// rh", "infirmiere"), as text writes them ("service RH", "infirmière"),
// in lower case unless written in capitals.
func asWritten(text, phrase string) string {
	written := map[string]string{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’'
	}) {
		if strings.ToUpper(w) != w || len([]rune(w)) > 5 {
			w = strings.ToLower(w)
		}
		written[strings.TrimSpace(fold(w))] = w
	}
	var words []string
	for _, w := range strings.Fields(phrase) {
		if strings.ContainsFunc(w, unicode.IsDigit) {
			// "étudiant en M2", "dev depuis 10 ans": an answer states no
			// number its citations lack, not even the asker's.
			continue
		}
		if x, ok := written[w]; ok {
			w = x
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

func asA(lang, background string) string {
	if lang == "fr" {
		if r, _ := utf8.DecodeRuneInString(background); strings.ContainsRune("aeiouyéèêàâîôAEIOUYÉ", r) {
			return "En tant qu'" + background
		}
		return "En tant que " + background
	}
	if anBefore(background) {
		return "As an " + background
	}
	return "As a " + background
}

// anBefore reports whether English writes "an" before phrase: before a
// vowel sound, "an engineer", "an MBA student", but "a UX designer", "a
// user researcher".
func anBefore(phrase string) bool {
	word, _, _ := strings.Cut(phrase, " ")
	if word == "" {
		return false
	}
	if len(word) > 1 && strings.ToUpper(word) == word {
		return strings.ContainsRune("AEFHILMNORSX", rune(word[0]))
	}
	w := strings.ToLower(word)
	for _, yoo := range []string{"uni", "use", "usu", "uti", "eu", "one"} {
		if strings.HasPrefix(w, yoo) {
			return false
		}
	}
	return strings.ContainsRune("aeiou", rune(w[0]))
}

// list writes names as a sentence's list: "A, B et C", "A, B and C".
func list(lang string, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + Msg(lang, " and ", " et ") + names[len(names)-1]
}

// firstSentence returns the first sentence of e's summary in lang that
// speaks of the subject, not of the articles.
func firstSentence(e *knowledge.Entry, lang string) string {
	s, _ := e.SummaryIn(lang)
	for _, x := range sentences(s) {
		if x = statement(x); !isArticleNote(x) {
			return x
		}
	}
	return ""
}

// entrySentences returns the sentences of e in lang: its summary, then,
// for the entry's own language, its body.
func entrySentences(e *knowledge.Entry, lang string) []string {
	s, inLang := e.SummaryIn(lang)
	out := sentences(s)
	if inLang && lang == e.Lang {
		for _, sec := range retrieval.Sections(e.Body) {
			// "## Source" says where the facts come from, which the
			// citation already tells: it answers nothing.
			if !sourceHeading(sec.Heading) {
				out = append(out, sentences(sec.Text)...)
			}
		}
	}
	for i, x := range out {
		out[i] = statement(x)
	}
	return out
}

// sourceHeading reports whether an entry's section heading introduces
// its source rather than what it says.
func sourceHeading(h string) bool {
	switch strings.ToLower(h) {
	case "source", "sources":
		return true
	}
	return false
}

// statement returns a sentence that states a fact and then asks a
// question, or notes what the articles lack, without that last clause:
// "Fin mars, une dépêche Bloomberg évoquait 335 000 dollars par an ; le
// métier durera-t-il ?" answers what it pays with its first clause, and
// "… propose 300 cours consacrés à l'IA ; les articles n'en détaillent ni
// les intitulés ni les prix." how many courses there are. Any other
// sentence is returned as it is.
func statement(s string) string {
	i := strings.LastIndex(s, "; ")
	if i < 0 {
		return s
	}
	head, tail := strings.TrimSpace(s[:i]), s[i+2:]
	if !strings.HasSuffix(s, "?") && !isArticleNote(tail) || isArticleNote(head) {
		return s
	}
	if WordCount(head) < 6 || strings.Count(head, "«") != strings.Count(head, "»") || strings.Count(head, "\"")%2 != 0 ||
		strings.Count(head, "(") != strings.Count(head, ")") {
		return s
	}
	return head + "."
}

// CitedIn returns the citations that text cites with [n], in order.
func CitedIn(text string, cs []Citation) []Citation {
	var out []Citation
	for _, c := range cs {
		if strings.Contains(text, "["+strconv.Itoa(c.N)+"]") {
			out = append(out, c)
		}
	}
	return out
}

// learnLabel opens the line of trainings for e: how to get to a job, how
// to learn a skill.
func learnLabel(lang string, e *knowledge.Entry) string {
	if e.Kind == knowledge.KindRole {
		return Msg(lang, "How to get there: ", "Pour s'y former : ")
	}
	return Msg(lang, "To learn it: ", "Pour l'apprendre : ")
}

// newBrief starts the answer to u: a follow-up's brief knows what the
// thread's last answer said, so that it says the rest ("et il faut quel
// diplôme ?" after a definition is not given the definition again).
func newBrief(u Understanding) *brief {
	b := &brief{lang: u.Lang}
	if u.Said != "" {
		b.said = answerSentences(u.Said)
	}
	return b
}

// asksItself reports whether a sentence of an entry is a question of its
// own ("Le métier durera-t-il ?"), outside a quotation: it answers
// nothing.
func asksItself(s string) bool {
	s = strings.TrimSpace(citeRE.ReplaceAllString(s, ""))
	return strings.HasSuffix(s, "?") && !strings.ContainsAny(s, "«»“”\"")
}
