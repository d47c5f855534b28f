package knowledge

import (
	"math/big"
	"regexp"
	"sort"
	"strconv"
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

// numeralRE matches numbers written with digits, as in French and English
// text: 335.000, 335 000 (ordinary or narrow no-break spaces), 335,000,
// 7,7, 1000, 4.
var numeralRE = regexp.MustCompile(`\d{1,3}(?:[  \x{202F}.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`)

// Unit is what a number counts, when the text attaches it to the number.
type Unit string

// The units a number can carry. A number with none is bare.
const (
	UnitNone    Unit = ""
	UnitPercent Unit = "%"
	UnitDollar  Unit = "$"
	UnitEuro    Unit = "€"
	// UnitTimes is a multiplier: "multiplié par quatre", "21 times",
	// "tripled".
	UnitTimes Unit = "×"
	// UnitOrdinal is a rank: "2e", "1er", "third", "Q2".
	UnitOrdinal Unit = "ordinal"
)

// Quantity is one number that a text states.
type Quantity struct {
	// Value is the number in canonical form (see NormalizeNumber), its
	// scale applied: "10 milliards" is "10000000000", "100k$" "100000".
	Value string
	// Written is the canonical form of the number as written, before its
	// scale: "10" for "10 milliards".
	Written string
	Unit    Unit
	// Text is the quantity as written, unit included, and Start and End
	// its byte offsets in the text.
	Text       string
	Start, End int
}

// String writes the quantity for messages: "44 %", "10000000 $", "×12",
// "ordinal 4".
func (q Quantity) String() string {
	switch q.Unit {
	case UnitNone:
		return q.Value
	case UnitTimes:
		return "×" + q.Value
	case UnitOrdinal:
		return "ordinal " + q.Value
	}
	return q.Value + " " + string(q.Unit)
}

// year reports whether q is a bare year, a date rather than a figure.
func (q Quantity) year() bool {
	if q.Unit != UnitNone || len(q.Value) != 4 {
		return false
	}
	return q.Value >= "1900" && q.Value <= "2100"
}

const spaces = `[\s\x{a0}\x{202f}]*`

var (
	ordinalSuffixRE  = regexp.MustCompile(`^(?:e|è|ème|eme|ième|ieme|er|re|ère|nd|rd|th|st)(?:[^\p{L}\p{N}]|$)`)
	percentSuffixRE  = regexp.MustCompile(`(?i)^` + spaces + `(?:%|pour` + spaces + `cents?\b|per` + spaces + `cent\b|percent\b|pourcents?\b)`)
	megaCurrencyRE   = regexp.MustCompile(`^` + spaces + `M` + spaces + `([€$])`)
	scaleSuffixRE    = regexp.MustCompile(`(?i)^` + spaces + `(millions?|milliards?|billions?|trillions?|mille|thousand|mds?|bn|mn|k)(?:[^\p{L}]|$)`)
	currencyScaleRE  = regexp.MustCompile(`(?i)^` + spaces + `(?:(?:de|d['’]|of)` + spaces + `)?(€|\$|euros?|dollars?|usd|eur)(?:[^\p{L}]|$)`)
	currencySuffixRE = regexp.MustCompile(`(?i)^` + spaces + `(€|\$|euros?|dollars?|usd|eur)(?:[^\p{L}]|$)`)
	timesSuffixRE    = regexp.MustCompile(`(?i)^(?:` + spaces + `(?:fois|times|x|×)|-?fold)(?:[^\p{L}]|$)`)
	currencyPrefixRE = regexp.MustCompile(`(?i)(?:€|\$|(?:^|[^\p{L}])(?:usd|eur))` + spaces + `$`)
	timesPrefixRE    = regexp.MustCompile(`(?i)(?:(?:^|[^\p{L}])[x×]|×` + spaces + `|multipli\p{L}*` + spaces + `(?:par|by)` + spaces +
		`(?:(?:près|pres|presque|plus|moins|environ|nearly|almost|about|roughly|more than|over|some)` + spaces + `(?:de` + spaces + `|d['’])?)?)$`)
	ordinalPrefixRE = regexp.MustCompile(`(?:^|[^\p{L}\p{N}])[QTHS]$`)
	wordRE          = regexp.MustCompile(`\p{L}+`)
)

// scales are the words that multiply the number before them, lowercase.
var scales = map[string]int64{
	"million": 1e6, "millions": 1e6, "mn": 1e6,
	"milliard": 1e9, "milliards": 1e9, "billion": 1e9, "billions": 1e9, "md": 1e9, "mds": 1e9, "bn": 1e9,
	"trillion": 1e12, "trillions": 1e12,
	"mille": 1e3, "thousand": 1e3, "k": 1e3,
}

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

// Quantities returns the numbers that text states, in order: numbers in
// digits, glued to letters or not ("Q2", "100k$", "GPT-4"), number words
// in French and English ("quatre", "twenty-one", "un million"), ordinals
// ("2e", "1er", "troisième") and multipliers ("multipliés par quatre",
// "tripled"), each with its unit when one is attached: a percentage, a
// currency, a multiplier or an ordinal, and its scale word (million,
// milliard, billion, k) applied.
func Quantities(text string) []Quantity {
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
// follows it: "T2 2023" is 2 and 2023, not 2202 and 3.
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
		out = append(out, [2]int{s, e})
		at = e
	}
	return out
}

// attach reads the unit and scale around the number at q.Start:q.End,
// whose Written value is set, and sets Value, Unit and the span.
func attach(text string, q *Quantity) {
	scale := int64(1)
	rest := text[q.End:]
	switch {
	case percentSuffixRE.MatchString(rest):
		q.Unit = UnitPercent
		q.End += len(percentSuffixRE.FindString(rest))
	case megaCurrencyRE.MatchString(rest):
		m := megaCurrencyRE.FindStringSubmatch(rest)
		scale, q.Unit = 1e6, currencyUnit(m[1])
		q.End += len(m[0])
	case scaleSuffixRE.MatchString(rest):
		m := scaleSuffixRE.FindStringSubmatchIndex(rest)
		scale = scales[strings.ToLower(rest[m[2]:m[3]])]
		q.End += m[3]
		if c := currencyScaleRE.FindStringSubmatchIndex(text[q.End:]); c != nil {
			q.Unit = currencyUnit(text[q.End+c[2] : q.End+c[3]])
			q.End += c[3]
		}
	case currencySuffixRE.MatchString(rest):
		m := currencySuffixRE.FindStringSubmatchIndex(rest)
		q.Unit = currencyUnit(rest[m[2]:m[3]])
		q.End += m[3]
	case timesSuffixRE.MatchString(rest):
		q.Unit = UnitTimes
		q.End += len(strings.TrimRightFunc(timesSuffixRE.FindString(rest), func(r rune) bool { return !unicode.IsLetter(r) && r != '×' }))
	}
	before := text[:q.Start]
	if q.Unit == UnitNone || q.Unit == UnitDollar || q.Unit == UnitEuro {
		if loc := currencyPrefixRE.FindStringIndex(before); loc != nil && q.Unit == UnitNone {
			q.Unit = currencyUnit(strings.TrimLeftFunc(before[loc[0]:], func(r rune) bool { return !unicode.IsLetter(r) && r != '$' && r != '€' }))
			q.Start = loc[0] + len(before[loc[0]:]) - len(strings.TrimLeftFunc(before[loc[0]:], func(r rune) bool { return !unicode.IsLetter(r) && r != '$' && r != '€' }))
		}
	}
	if q.Unit == UnitNone {
		if loc := timesPrefixRE.FindStringIndex(before); loc != nil {
			q.Unit = UnitTimes
			if strings.ContainsAny(before[loc[0]:], "x×") && !strings.Contains(strings.ToLower(before[loc[0]:]), "multipli") {
				q.Start = loc[0] + strings.IndexAny(before[loc[0]:], "x×")
			}
		}
	}
	q.Value = scaled(q.Written, scale)
}

func currencyUnit(s string) Unit {
	switch s = strings.ToLower(s); {
	case s == "€" || strings.HasPrefix(s, "eur"):
		return UnitEuro
	default:
		return UnitDollar
	}
}

// scaled multiplies the canonical number n by scale.
func scaled(n string, scale int64) string {
	if scale == 1 {
		return n
	}
	r, ok := new(big.Rat).SetString(n)
	if !ok {
		return n
	}
	r.Mul(r, new(big.Rat).SetInt64(scale))
	if r.IsInt() {
		return r.Num().String()
	}
	return NormalizeNumber(r.FloatString(12))
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

// Figures are the quantities a source text states, with the words around
// each, to check that another text states only figures of the source.
type Figures struct {
	quantities []Quantity
	near       []map[string]bool // see contexts
}

// NewFigures reads the quantities of source.
func NewFigures(source string) *Figures {
	qs := Quantities(source)
	return &Figures{quantities: qs, near: contexts(source, qs)}
}

// Missing returns the quantities of text that the source does not state.
// A bare number is stated when the source has it, with or without a unit;
// a number with a unit only when the source has it with the same unit: a
// percentage as a percentage, an amount in its currency and at its scale,
// a multiplier as a multiplier, an ordinal as an ordinal.
func (f *Figures) Missing(text string) []Quantity {
	var out []Quantity
	for _, q := range Quantities(text) {
		if !f.states(q) {
			out = append(out, q)
		}
	}
	return out
}

// MissingInContext is Missing, and also reports a quantity of text that
// the source states only about something else: when none of the words next
// to it in text is next to its value in the source, while at least two are
// next to another figure of the source with the same unit ("44 %" said of
// the executives who expect productivity gains, when the source's 44 % plan
// to use more AI and its 47 % expect the gains). The words next to a
// figure are those of its clause up to the neighbouring figures of the same
// unit; two figures with hardly a word between them ("de 7,7 % à 13 %")
// share theirs. Years are dates, not figures, and are checked for value
// only. text and source must be in the same language.
func (f *Figures) MissingInContext(text string) []Quantity {
	qs := Quantities(text)
	near := contexts(text, qs)
	var out []Quantity
	for i, q := range qs {
		if !f.states(q) {
			out = append(out, q)
			continue
		}
		if q.year() || len(near[i]) == 0 {
			continue
		}
		same, other := 0, 0
		for j, s := range f.quantities {
			switch {
			case s.year():
			case f.same(s, q):
				same = max(same, overlap(near[i], f.near[j]))
			case s.Unit == q.Unit:
				other = max(other, overlap(near[i], f.near[j]))
			}
		}
		if same == 0 && other >= 2 {
			out = append(out, q)
		}
	}
	return out
}

func overlap(a, b map[string]bool) int {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return n
}

// states reports whether the source states q.
func (f *Figures) states(q Quantity) bool {
	for _, s := range f.quantities {
		if f.same(s, q) {
			return true
		}
	}
	return false
}

// same reports whether the source's quantity s states q: the same value
// and unit, or, for a bare q, the same value whatever the unit or scale.
func (f *Figures) same(s, q Quantity) bool {
	if q.Unit == UnitNone {
		return s.Value == q.Value || s.Written == q.Value
	}
	return s.Value == q.Value && s.Unit == q.Unit
}

// contextWords is how many words on each side of a quantity make its
// context.
const contextWords = 8

// contexts returns, for each quantity of qs, the stems of the words next
// to it: those of its clause between it and its neighbouring figures of the
// same unit (years are not figures), at most contextWords on each side, the
// words of quantities left out. Two figures of the same unit with at most
// pairWords words between them share their words.
func contexts(text string, qs []Quantity) []map[string]bool {
	type word struct {
		s    int
		stem string
	}
	var words []word
	for _, m := range wordRE.FindAllStringIndex(text, -1) {
		w := foldWord(text[m[0]:m[1]])
		if len(w) < 3 || contextStopwords[w] || cardinals[w] > 0 || ordinals[w] > 0 || scales[w] > 0 {
			continue
		}
		inside := false
		for _, q := range qs {
			if m[0] >= q.Start && m[1] <= q.End {
				inside = true
				break
			}
		}
		if !inside {
			if same := contextSynonyms[w]; same != "" {
				w = same
			}
			if r := []rune(w); len(r) > 5 {
				w = string(r[:5])
			}
			words = append(words, word{m[0], w})
		}
	}
	between := func(a, b int) int {
		n := 0
		for _, w := range words {
			if w.s >= a && w.s < b {
				n++
			}
		}
		return n
	}
	near := make([]map[string]bool, len(qs))
	for i, q := range qs {
		from, to := clause(text, q.Start, q.End)
		lo, hi := from, to
		for j := i - 1; j >= 0; j-- {
			if !qs[j].year() && qs[j].Unit == q.Unit {
				lo = max(lo, qs[j].End)
				break
			}
		}
		for j := i + 1; j < len(qs); j++ {
			if !qs[j].year() && qs[j].Unit == q.Unit {
				hi = min(hi, max(qs[j].Start, q.End))
				break
			}
		}
		var left, right []string
		for _, w := range words {
			switch {
			case w.s >= lo && w.s < q.Start:
				left = append(left, w.stem)
			case w.s >= q.End && w.s < hi:
				right = append(right, w.stem)
			}
		}
		m := map[string]bool{}
		for _, w := range left[max(0, len(left)-contextWords):] {
			m[w] = true
		}
		for _, w := range right[:min(len(right), contextWords)] {
			m[w] = true
		}
		near[i] = m
	}
	// A pair such as "de 7,7 % à 13 %": each figure is about what the other
	// is about.
	out := make([]map[string]bool, len(qs))
	for i := range qs {
		out[i] = map[string]bool{}
		for w := range near[i] {
			out[i][w] = true
		}
	}
	for i := range qs {
		if qs[i].year() {
			continue
		}
		j := i + 1
		for j < len(qs) && qs[j].year() {
			j++
		}
		if j == len(qs) || qs[j].Unit != qs[i].Unit || between(qs[i].End, qs[j].Start) > pairWords {
			continue
		}
		if clauseStart(text, qs[i]) != clauseStart(text, qs[j]) {
			continue
		}
		for w := range near[j] {
			out[i][w] = true
		}
		for w := range near[i] {
			out[j][w] = true
		}
	}
	return out
}

func clauseStart(text string, q Quantity) int {
	from, _ := clause(text, q.Start, q.End)
	return from
}

// pairWords is how many words at most may stand between two figures of a
// pair.
const pairWords = 2

// contextSynonyms are words of the same meaning that stems do not bring
// together.
var contextSynonyms = map[string]string{"ans": "annee", "an": "annee"}

// clause returns the bounds of the clause around text[s:e]: it ends at
// ".", ";", "!" or "?" followed by a space or a line break, at a blank line
// and at the start of a list item or heading; a line break within a
// paragraph is a space.
func clause(text string, s, e int) (int, int) {
	end := func(i int) bool {
		switch c := text[i]; {
		case c == '\n':
			return i+1 == len(text) || strings.IndexByte("\n-*+#", text[i+1]) >= 0
		case strings.IndexByte(".;!?", c) >= 0:
			return i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n'
		}
		return false
	}
	from := 0
	for i := s - 1; i >= 0; i-- {
		if end(i) {
			from = i + 1
			break
		}
	}
	to := len(text)
	for i := e; i < len(text); i++ {
		if end(i) {
			to = i
			break
		}
	}
	return from, to
}

// contextStopwords are French and English words, accents folded, too
// common to tie a figure to what it counts.
var contextStopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`les des une aux par pour avec sans sous sur dans chez entre vers que qui quoi dont
		cet cette ces ses son sa leur leurs lui elle elles ils nous vous pas plus moins tres aussi comme mais donc
		ont est sont ete etre avoir fait font peut selon depuis tout tous toute toutes meme deja encore
		the and for with from into over about are was were been has have had that this these those its their they
		than also which who more most very not but can will would could should may per out`) {
		contextStopwords[w] = true
	}
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
			return FoldAccents(strings.ToLower(w))
		}
	}
	return strings.ToLower(w)
}
