package bot

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// negationRE matches a sentence that says no.
var negationRE = regexp.MustCompile(`\b(?:ne|n'|aucun|aucune|sans|pas|jamais|no|not|none|never|without|nor|isn't|aren't|doesn't|don't|nobody|personne ne)\b`)

// uncertainRE matches a sentence that says the answer is not known yet.
var uncertainRE = regexp.MustCompile(`\b(?:trop tot|too early|difficile a dire|hard to say|incertain|uncertain|personne ne sait|nobody knows|reste a voir|remains to be seen|durera-t-il|will it last)\b`)

// hedgeRE matches a sentence that states what is usual, not what is
// required: "candidates usually hold advanced degrees" answers "Do I need
// a PhD?" with a yes that admits exceptions.
var hedgeRE = regexp.MustCompile(`\b(?:generalement|en general|en regle generale|le plus souvent|souvent|typiquement|la plupart|usually|generally|typically|as a rule|in general|often|mostly)\b`)

// withYesNo puts a yes or a no before an answer to a yes/no question,
// read from the sentence of e that answers it, else from the answer's
// first line: one that says no gives "No", any other "Yes". A sentence
// that holds none of the words asked about beyond e's names answers no
// yes/no question ("Will AI replace lawyers?" is not answered "No" by
// "annotators are no longer only precarious workers"): the answer is
// then given without either.
func withYesNo(ans Answer, u Understanding, e *knowledge.Entry, an analysis) Answer {
	lang := u.Lang
	first := ans.Answer
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	beyond := wanted(an).without(e).andSynonyms(an)
	asked := wanted(an)
	maps.Copy(asked, beyond)
	about := beyond.best(entrySentences(e, lang)) // sentenceAbout
	if about == "" {
		about = first
	}
	if !asked.holdsStem(about) {
		return ans
	}
	word := Msg(lang, "Yes.", "Oui.")
	near, far := negations(about, asked)
	if an.without {
		// Asked of an absence ("sans être ingénieur ?"), a sentence of
		// the entry that states it ("sans formation d'ingénieur") says
		// yes; without one ("degree programmes exist") neither is said.
		// So does the entry's name ("AI-fluent non-technical
		// professional", asked "without a technical background?").
		named, _ := negationsBy(e.TitleIn(lang), asked, absenceRE)
		states := near || named || slices.ContainsFunc(entrySentences(e, lang), func(s string) bool {
			n, _ := negationsBy(s, beyond, absenceRE)
			return n && !isArticleNote(s)
		})
		if !states {
			return ans
		}
		near, far = false, false
	}
	switch {
	case uncertainRE.MatchString(fold(about)):
		word = Msg(lang, "Nobody can say yet.", "Personne ne peut encore le dire.")
	case near, u.Obliges && (oneWayRE.MatchString(fold(about)) || oneWayRE.MatchString(fold(first))):
		// (Asked whether it is required, a sentence that gives it as one
		// way says it is not.)
		word = Msg(lang, "No, not necessarily.", "Non, pas forcément.")
	case far:
		return ans // a no about something else: neither yes nor no
	case hedgeRE.MatchString(fold(about)):
		word = Msg(lang, "Generally, yes.", "En général, oui.")
	}
	ans.Answer = word + " " + ans.Answer
	// The word must not take the main text past its size: its last
	// lines go to More first.
	for WordCount(ans.Answer) > MaxMainWords && strings.Contains(ans.Answer, "\n") {
		i := strings.LastIndexByte(ans.Answer, '\n')
		moved := slices.DeleteFunc([]string{ans.Answer[i+1:], ans.More}, func(s string) bool { return s == "" })
		ans.Answer, ans.More = ans.Answer[:i], strings.Join(moved, "\n")
	}
	return ans
}

// negations reports whether sentence s says no close to a word asked
// about (within three words: "sans formation d'ingénieur", "aucun
// diplôme"), and whether it says no only further from them.
func negations(s string, asked wantedWords) (near, far bool) {
	return negationsBy(s, asked, negationRE)
}

// absenceRE matches the words that state an absence: those of negationRE,
// and "non" of "non-technical", "non technique", which says no only of
// an absence ("a non-technical employee" answers "without a technical
// background?", not "is it technical?").
var absenceRE = regexp.MustCompile(negationRE.String() + `|\bnon\b`)

// negationsBy is negations with the negative words that neg matches; a
// word joined by a hyphen ("non-technical") is two words.
func negationsBy(s string, asked wantedWords, neg *regexp.Regexp) (near, far bool) {
	words := strings.FieldsFunc(fold(s), func(r rune) bool { return r == ' ' || r == '-' })
	isAsked := make([]bool, len(words))
	for i, w := range words {
		w = strings.Trim(w, ",.;:!?()«»\"")
		if j := strings.IndexByte(w, '\''); j >= 0 && j < len(w)-1 {
			w = w[j+1:] // "d'ingenieur"
		}
		st := retrieval.Stem(w)
		isAsked[i] = asked[st] || asked["~"+st]
	}
	for i, w := range words {
		if !neg.MatchString(" " + w + " ") {
			continue
		}
		if slices.Contains(isAsked[max(0, i-3):min(len(words), i+4)], true) {
			near = true
		} else {
			far = true
		}
	}
	return near, far
}

// sentenceAbout returns the sentence of e that answers the question best,
// or "": an is the question's subject analysed with its synonyms.
func sentenceAbout(e *knowledge.Entry, an analysis, lang string) string {
	return wanted(an).without(e).andSynonyms(an).best(entrySentences(e, lang))
}

// oneWayRE matches a sentence that gives something as one way among
// others, or as one person's path: "one way to prepare", "une voie
// pour…", "c'est le parcours de Clément".
var oneWayRE = regexp.MustCompile(`\b(?:one way|a way|one route|one of the ways|one path|une voie|un moyen|une des voies|l'une des voies|un chemin|une facon|une maniere|c'est le parcours (?:de|du|d')|the path of|the route of|par exemple|for example|for instance)\b`)
