package bot

import (
	"maps"
	"strings"
	"unicode"

	"github.com/careerbot/careerbot/knowledge"
)

// instructed is a Composer that can say what instructions its model
// receives, so that an answer repeating them (a model talked into
// revealing them) is refused.
type instructed interface {
	Instructions(lang string) string
}

// shingleWords is the length of the word runs compared: long enough that
// an answer never shares one with the instructions by chance.
const shingleWords = 8

// repeatsInstructions reports whether text quotes the instructions: at
// least two runs of shingleWords words of them.
func repeatsInstructions(text, instructions string) bool {
	return sharesRuns(text, shingles(instructions))
}

// sharesRuns reports whether text has at least two of the runs of words
// rules holds.
func sharesRuns(text string, rules map[string]bool) bool {
	found := 0
	for s := range shingles(text) {
		if rules[s] {
			found++
			if found >= 2 {
				return true
			}
		}
	}
	return false
}

func shingles(s string) map[string]bool {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := map[string]bool{}
	for i := 0; i+shingleWords <= len(words); i++ {
		out[strings.Join(words[i:i+shingleWords], " ")] = true
	}
	return out
}

// leakGuard is the instructions check of one answer, worked out once for
// all its attempts and streamed sentences: the runs of words of the
// composer's instructions, in every language, and the ruleTopics that the
// cited entries speak of themselves.
type leakGuard struct {
	rules map[string]bool
	known []bool // by index in ruleTopics
}

func (a *Assistant) leakGuard(cited map[int]*knowledge.Entry) leakGuard {
	g := leakGuard{rules: map[string]bool{}}
	if in, ok := a.composer.(instructed); ok {
		for _, l := range knowledge.Languages {
			maps.Copy(g.rules, shingles(in.Instructions(l)))
		}
	}
	var source strings.Builder
	for _, e := range cited {
		source.WriteString(EntryText(e))
		source.WriteString("\n")
	}
	g.known = topicsNamed(foldedWords(source.String()))
	return g
}

// leaks reports whether a generated text tells the composer's
// instructions: it quotes them, or it speaks of them in its own words, in
// any language (see talksAboutRules).
func (g leakGuard) leaks(text string) bool {
	return sharesRuns(text, g.rules) || namesNewTopics(foldedWords(text), g.known)
}

// ruleTopics are what an assistant's instructions speak of and an answer
// about careers does not, in French and English. Each is a list of
// phrases, folded (no accents, lower case); a word that ends in '*'
// matches any word it begins. A topic is named when one of its phrases
// is in the text, word for word.
var ruleTopics = [][]string{
	{"excerpt*", "extrait*"}, // the excerpts it was given
	{"rule", "rules", "regle", "regles", "consigne*", "my instructions", "mes instructions", "these instructions", "ces instructions"}, // its rules
	{"bracket*", "crochet*"},                         // how it cites
	{"tag", "tags", "balise*", "fence*", "delimit*"}, // how the data is fenced
	{"system prompt", "system message", "prompt systeme", "message systeme", "instructions systeme"},                              // where they live
	{"i am careerbot", "je suis careerbot", "you are careerbot", "tu es careerbot", "vous etes careerbot"},                        // who it is told it is
	{"no other knowledge", "aucune autre connaissance", "autres connaissances", "connaissances exterieures", "outside knowledge"}, // what it may not use
	{"never follow", "jamais suivre", "ne suis jamais", "n'obei*", "never obey"},                                                  // what it may not do
}

// talksAboutRules reports whether text names two or more ruleTopics that
// source (the cited entries) does not: an answer that describes its own
// instructions, whatever its words or language.
func talksAboutRules(text, source string) bool {
	return namesNewTopics(foldedWords(text), topicsNamed(foldedWords(source)))
}

// topicsNamed reports, for each of ruleTopics, whether words name it.
func topicsNamed(words []string) []bool {
	named := make([]bool, len(ruleTopics))
	for i, topic := range ruleTopics {
		named[i] = namesTopic(words, topic)
	}
	return named
}

// namesNewTopics reports whether words name two or more ruleTopics that
// known does not hold.
func namesNewTopics(words []string, known []bool) bool {
	n := 0
	for i, topic := range ruleTopics {
		if !known[i] && namesTopic(words, topic) {
			n++
		}
	}
	return n >= 2
}

func foldedWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(knowledge.FoldAccents(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

func namesTopic(words []string, beginnings []string) bool {
	for _, b := range beginnings {
		parts := strings.Fields(b)
		for i := 0; i+len(parts) <= len(words); i++ {
			ok := true
			for k, p := range parts {
				w := words[i+k]
				if prefix, wild := strings.CutSuffix(p, "*"); wild && !strings.HasPrefix(w, prefix) || !wild && w != p {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}
