package knowledge

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// FoldAccents removes diacritics: "Métier" becomes "Metier". Ligatures œ and
// æ become oe and ae.
func FoldAccents(s string) string {
	s = strings.NewReplacer("œ", "oe", "Œ", "OE", "æ", "ae", "Æ", "AE", "’", "'").Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

// numberRE matches numbers as written in French and English text: 335.000,
// 335 000 (ordinary or narrow no-break spaces), 335,000, 7,7, 1000, 4.
var numberRE = regexp.MustCompile(`(^|[^\p{L}\p{N}])(\d{1,3}(?:[  \x{202F}.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)`)

// Numbers returns the numbers that text states, normalised so that the
// same number written in French or English compares equal: "335.000",
// "335 000" and "335,000" give "335000"; "7,7" and "7.7" give "7.7".
// Digits glued to letters ("Q2", "GPT4") are not numbers.
func Numbers(text string) []string {
	var out []string
	for _, m := range numberRE.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[4], m[5]
		// A number followed directly by a letter is part of a word ("3D").
		if end < len(text) {
			r := []rune(text[end:min(end+4, len(text))])
			if len(r) > 0 && unicode.IsLetter(r[0]) {
				continue
			}
		}
		out = append(out, NormalizeNumber(text[start:end]))
	}
	return out
}

// NormalizeNumber puts one number into its canonical form: no thousands
// separators, "." as the decimal mark, no leading zeros, no trailing zero
// decimals. A group of exactly three digits after a separator counts as
// thousands ("1.000" is one thousand) unless the whole part is zero
// ("0.001"); any other last group is decimals.
func NormalizeNumber(s string) string {
	var groups []string
	var seps []rune
	cur := strings.Builder{}
	for _, r := range s {
		if r >= '0' && r <= '9' {
			cur.WriteRune(r)
			continue
		}
		groups = append(groups, cur.String())
		seps = append(seps, r)
		cur.Reset()
	}
	groups = append(groups, cur.String())
	whole, frac := groups[0], ""
	for i := 1; i < len(groups); i++ {
		last := i == len(groups)-1
		space := seps[i-1] != '.' && seps[i-1] != ','
		thousands := len(groups[i]) == 3 && strings.Trim(whole, "0") != ""
		if thousands || space || !last {
			whole += groups[i]
			continue
		}
		frac = groups[i]
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		return whole
	}
	return whole + "." + frac
}
