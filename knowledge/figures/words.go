package figures

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

var wordRE = regexp.MustCompile(`\p{L}+`)

// cardinals are number words, accents folded. "un", "une", "a" and "one"
// are not among them: they are mostly articles.
var cardinals = map[string]int64{
	"zero": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
	"onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
	"trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
	"two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
	"twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
	"ninety": 90, "hundred": 100, "thousand": 1000,
}

// ordinals are ordinal number words, accents folded; "premier" and
// "first" are left out, as they seldom state a figure.
var ordinals = map[string]int64{
	"deuxieme": 2, "second": 2, "troisieme": 3, "third": 3, "quatrieme": 4, "fourth": 4, "cinquieme": 5, "fifth": 5,
	"sixieme": 6, "sixth": 6, "septieme": 7, "seventh": 7, "huitieme": 8, "eighth": 8, "neuvieme": 9, "ninth": 9,
	"dixieme": 10, "tenth": 10, "onzieme": 11, "eleventh": 11, "douzieme": 12, "twelfth": 12, "vingtieme": 20,
	"twentieth": 20, "centieme": 100, "hundredth": 100,
}

// multipliers are the verbs that state a multiplication: "doublé",
// "tripled". "Double" and "triple" themselves are left out: mostly
// adjectives ("double casquette", "double cursus").
var multipliers = map[string]int64{}

func init() {
	for stem, n := range map[string]int64{"doubl": 2, "tripl": 3, "quadrupl": 4, "quintupl": 5, "decupl": 10} {
		for _, end := range []string{"ee", "ees", "es", "ed", "ing", "er", "ent", "ait", "aient", "era", "eront"} {
			multipliers[stem+end] = n
		}
	}
}

// numberWords finds the numbers written in words, skipping those inside
// the spans of digits quantities (such as the scale of "335 mille").
func numberWords(text string, digits []Quantity) []Quantity {
	type word struct {
		s, e int
		w    string // lowercase, accents folded
	}
	var words []word
	for _, m := range wordRE.FindAllStringIndex(text, -1) {
		inside := false
		for _, q := range digits {
			if m[0] >= q.Start && m[1] <= q.End {
				inside = true
				break
			}
		}
		if !inside {
			words = append(words, word{m[0], m[1], foldWord(text[m[0]:m[1]])})
		}
	}
	// joined reports whether words i and j (i < j) are next to each other,
	// separated by a space or a hyphen only.
	joined := func(i, j int) bool {
		sep := text[words[i].e:words[j].s]
		return sep == "-" || sep == " " || sep == "\u00a0"
	}
	var out []Quantity
	for i := 0; i < len(words); i++ {
		w := words[i]
		q := Quantity{Start: w.s}
		switch {
		case ordinals[w.w] > 0:
			q.Written, q.Unit, q.End = strconv.FormatInt(ordinals[w.w], 10), UnitOrdinal, w.e
		case strings.HasSuffix(w.w, "fold") && cardinals[strings.TrimSuffix(w.w, "fold")] > 0:
			q.Written, q.Unit, q.End = strconv.FormatInt(cardinals[strings.TrimSuffix(w.w, "fold")], 10), UnitTimes, w.e
		case multipliers[w.w] > 0 || multipliers[w.w+"e"] > 0 && strings.HasSuffix(text[w.s:w.e], "é"):
			// "doublé" folds to "double", the adjective: its accent tells.
			q.Written, q.Unit, q.End = strconv.FormatInt(max(multipliers[w.w], multipliers[w.w+"e"]), 10), UnitTimes, w.e
		case isArticle(text[w.s:w.e]) && i+1 < len(words) && joined(i, i+1) && scales[words[i+1].w] > 0 && words[i+1].w != "k":
			q.Written, q.End = "1", w.e
		case cardinalAt(words[i].w, i > 0 && (words[i-1].w == "pour" || words[i-1].w == "per") && joined(i-1, i)):
			var total, cur int64
			j := i
			for j < len(words) {
				v, ok := cardinals[words[j].w]
				if j > i && !joined(j-1, j) {
					break
				}
				if !ok {
					// "vingt et un", "twenty-one", "trente-et-une"
					if (words[j].w == "et" || words[j].w == "and") && j+1 < len(words) && joined(j, j+1) {
						if n := words[j+1].w; n == "un" || n == "une" || n == "one" {
							cur++
							q.End = words[j+1].e
							j += 2
							continue
						}
					}
					if words[j].w == "un" || words[j].w == "une" || words[j].w == "one" {
						if j > i && cur >= 20 && cur%10 == 0 {
							cur++
							q.End = words[j].e
							j++
							continue
						}
					}
					break
				}
				switch {
				case v == 100:
					cur = max(cur, 1) * 100
				case v == 1000:
					total += max(cur, 1) * 1000
					cur = 0
				case v == 20 && j > i && words[j-1].w == "quatre":
					cur = cur - 4 + 80
				default:
					cur += v
				}
				q.End = words[j].e
				j++
			}
			q.Written = strconv.FormatInt(total+cur, 10)
			i = j - 1
		default:
			continue
		}
		if q.Unit == UnitNone {
			attach(text, &q)
		} else {
			q.Value = q.Written
		}
		q.Text = text[q.Start:q.End]
		for i+1 < len(words) && words[i+1].s < q.End {
			i++ // words of the unit, such as "millions de dollars"
		}
		out = append(out, q)
	}
	return out
}

// cardinalAt reports whether w starts a number in words; "cent" after
// "pour" or "per" is a percentage sign.
func cardinalAt(w string, afterPer bool) bool {
	_, ok := cardinals[w]
	if w == "cents" || (w == "cent" && afterPer) {
		return false
	}
	return ok
}

// isArticle reports whether w is "un", "une", "a" or "one", which count
// as the number 1 only before a scale word: "un million".
func isArticle(w string) bool {
	switch strings.ToLower(w) {
	case "un", "une", "a", "one":
		return true
	}
	return false
}

// foldWord lowercases a word and folds its accents.
func foldWord(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return knowledge.FoldAccents(strings.ToLower(w))
		}
	}
	return strings.ToLower(w)
}
