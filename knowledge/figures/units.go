package figures

import (
	"math/big"
	"regexp"
	"strings"
	"unicode"
)

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
)

// scales are the words that multiply the number before them, lowercase.
var scales = map[string]int64{
	"million": 1e6, "millions": 1e6, "mn": 1e6,
	"milliard": 1e9, "milliards": 1e9, "billion": 1e9, "billions": 1e9, "md": 1e9, "mds": 1e9, "bn": 1e9,
	"trillion": 1e12, "trillions": 1e12,
	"mille": 1e3, "thousand": 1e3, "k": 1e3,
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
