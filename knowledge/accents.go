package knowledge

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// ligatures spells out the ligatures œ and æ and straightens the
// typographic apostrophe, before the accents are removed.
var ligatures = strings.NewReplacer("œ", "oe", "Œ", "OE", "æ", "ae", "Æ", "AE", "’", "'")

// unaccent decomposes a text, drops its combining marks and composes what
// is left. A transformer keeps state between calls: each call takes one
// from the pool.
var unaccent = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// FoldAccents removes diacritics: "Métier" becomes "Metier". Ligatures œ and
// æ become oe and ae. Text in ASCII, most words of a question and of the
// knowledge base, is returned as it is.
func FoldAccents(s string) string {
	if isASCII(s) {
		return s
	}
	s = ligatures.Replace(s)
	t := unaccent.Get().(transform.Transformer)
	defer unaccent.Put(t)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
