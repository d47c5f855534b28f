package figures

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var (
	canonicalNumber = regexp.MustCompile(`^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$`)
	ambiguousNumber = regexp.MustCompile(`^[1-9][0-9]*\.[0-9]{3}$`)
)

func FuzzNumbers(f *testing.F) {
	for _, s := range []string{"335.000 dollars", "7,7 %", "1,000,000.50", "GPT-3.5", "Q2 2023", "١٢٣", "9999999999999999999999", "0,0010", "1.2340", "0.001",
		"10 milliards de dollars", "100k$", "multipliés par quatre", "vingt et un", "1,5 Md€", "au 2e trimestre"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range Quantities(s) {
			if q.Start < 0 || q.End > len(s) || q.Start >= q.End || q.Text != s[q.Start:q.End] {
				t.Fatalf("Quantities(%q) gave %+v, whose span is not its text", s, q)
			}
		}
		for _, n := range Numbers(s) {
			if n == "" || !utf8.ValidString(n) || strings.ContainsAny(n, ", ") {
				t.Fatalf("Numbers(%q) gave %q", s, n)
			}
			if !canonicalNumber.MatchString(n) {
				t.Fatalf("Numbers(%q) gave %q, which is not in canonical form", s, n)
			}
			// "1.234" is the one canonical form that stays ambiguous: as
			// text, three digits after a separator are thousands.
			if ambiguousNumber.MatchString(n) {
				return
			}
			if NormalizeNumber(n) != n {
				t.Fatalf("NormalizeNumber is not idempotent on %q", n)
			}
		}
	})
}
