package figures

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// numeralRE matches numbers written with digits, as in French and English
// text: 335.000, 335 000 (ordinary or narrow no-break spaces), 335,000,
// 7,7, 1000, 4.
var numeralRE = regexp.MustCompile(`\d{1,3}(?:[  \x{202F}.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`)

// Quantities returns the numbers that text states, in order: numbers in
// digits, glued to letters or not ("Q2", "100k$", "GPT-4"), number words
// in French and English ("quatre", "twenty-one", "un million"), ordinals
// ("2e", "1er", "troisième") and multipliers ("multipliés par quatre",
// "tripled"), each with its unit when one is attached: a percentage, a
// currency, a multiplier or an ordinal, and its scale word (million,
// milliard, billion, k) applied.
func Quantities(text string) []Quantity {
	// A copy: the caller may change it.
	return slices.Clone(quantityCache.Get(text))
}

// quantities is Quantities, computed.
func quantities(text string) []Quantity {
	var out []Quantity
	for _, m := range numerals(text) {
		s, e := m[0], m[1]
		q := Quantity{Written: NormalizeNumber(text[s:e]), Start: s, End: e}
		if loc := ordinalSuffixRE.FindStringIndex(text[e:]); loc != nil && !strings.Contains(text[s:e], ",") && !strings.Contains(text[s:e], ".") {
			q.Unit, q.Value = UnitOrdinal, q.Written
			q.End = e + len(strings.TrimRightFunc(text[e:e+loc[1]], func(r rune) bool { return !unicode.IsLetter(r) }))
		} else {
			attach(text, &q)
		}
		if q.Unit == UnitNone && ordinalPrefixRE.MatchString(text[:s]) {
			q.Unit, q.Value = UnitOrdinal, q.Written
			q.Start = s - 1
		}
		q.Text = text[q.Start:q.End]
		out = append(out, q)
	}
	out = append(out, numberWords(text, out)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// numerals returns the spans of the numbers in digits of text. A group of
// three digits after a space is a group of thousands only when no digit
// follows it: "T2 2023" is 2 and 2023, not 2202 and 3. Digits between
// letters ("B2B") are part of a name.
func numerals(text string) [][2]int {
	var out [][2]int
	for at := 0; at < len(text); {
		m := numeralRE.FindStringIndex(text[at:])
		if m == nil {
			break
		}
		s, e := at+m[0], at+m[1]
		if e < len(text) && text[e] >= '0' && text[e] <= '9' {
			e = s
			for e < len(text) && text[e] >= '0' && text[e] <= '9' {
				e++
			}
		}
		if s > 0 && e < len(text) && isLetterAt(text, s-1, true) && isLetterAt(text, e, false) {
			at = e // "B2B", "P2P": a name, between letters, not a number
			continue
		}
		out = append(out, [2]int{s, e})
		at = e
	}
	return out
}

// isLetterAt reports whether the rune that ends at i (before) or starts
// at i (after) in text is a letter.
func isLetterAt(text string, i int, before bool) bool {
	var r rune
	if before {
		r, _ = utf8.DecodeLastRuneInString(text[:i+1])
	} else {
		r, _ = utf8.DecodeRuneInString(text[i:])
	}
	return unicode.IsLetter(r)
}

// Numbers returns the canonical values of the quantities text states (see
// Quantities), so that the same number written in French or English
// compares equal: "335.000", "335 000" and "335,000" give "335000"; "7,7"
// and "7.7" give "7.7"; "10 milliards" gives "10000000000".
func Numbers(text string) []string {
	var out []string
	for _, q := range Quantities(text) {
		out = append(out, q.Value)
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
