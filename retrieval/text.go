package retrieval

import (
	"slices"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"

	"github.com/careerbot/careerbot/knowledge"
)

// Tokens normalises text into stemmed content words: lowercase, accents
// folded, French and English stopwords removed, each word reduced to its
// Stem.
func Tokens(text string) []string {
	// A copy: the caller may change it.
	return slices.Clone(tokenCache.Get(text))
}

// Words returns the content words of text, lowercase with accents folded,
// and their stems, one for one: Tokens' stems with the words they come
// from.
func Words(text string) (words, stems []string) {
	text = knowledge.FoldAccents(strings.ToLower(text))
	all := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	words = make([]string, 0, len(all))
	stems = make([]string, 0, len(all))
	for _, w := range all {
		if stopwords[w] || len(w) < 2 && !unicode.IsDigit(rune(w[0])) {
			continue
		}
		words = append(words, w)
		stems = append(stems, Stem(w))
	}
	return words, stems
}

// Stem is the matching key of a word: its French Snowball stem, stemmed
// again by the English algorithm, so that "métiers" and "métier",
// "engineers" and "engineer", "formations" and "trainings" with
// "formation" and "training" meet whatever the language of the text they
// come from. Each step is the algorithm PostgreSQL's french_stem and
// english_stem dictionaries run on unaccented words (StemFrench,
// StemEnglish): the full-text half of the search applies both to every word
// of the question and of the chunks; the vectors and the analysis of a
// question need one key per word, and this is it.
func Stem(w string) string {
	return stems.Get(w)
}

func stemBoth(w string) string { return StemEnglish(StemFrench(w)) }

// StemFrench is the French Snowball stem of a lowercase, unaccented word,
// as PostgreSQL's french_stem gives it.
func StemFrench(w string) string { return french.Stem(w, true) }

// StemEnglish is the English (Porter2) Snowball stem of a lowercase word,
// as PostgreSQL's english_stem gives it.
func StemEnglish(w string) string { return english.Stem(w, true) }
