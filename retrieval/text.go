package retrieval

import (
	"strings"
	"unicode"

	"github.com/careerbot/careerbot/knowledge"
)

// Tokens normalises text into stemmed content words: lowercase, accents
// folded, French and English stopwords removed, light stemming.
func Tokens(text string) []string {
	text = knowledge.FoldAccents(strings.ToLower(text))
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := make([]string, 0, len(words))
	for _, w := range words {
		if stopwords[w] || len(w) < 2 && !unicode.IsDigit(rune(w[0])) {
			continue
		}
		out = append(out, Stem(w))
	}
	return out
}

// Stem strips common French and English inflections so that "métiers",
// "métier", "engineers" and "engineer" share a stem. It is deliberately
// light and idempotent: the same word in a question and an entry must meet.
func Stem(w string) string {
	if len(w) <= 4 || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return w
	}
	if strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") {
		w = w[:len(w)-1]
	}
	for _, suf := range suffixes {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

var suffixes = []string{
	"issement", "ement", "ation", "ition", "aient", "euse", "eur", "ive", "ing", "ies", "ied",
	"ait", "ent", "ons", "ez", "ee", "ed", "er", "e", "y",
}
