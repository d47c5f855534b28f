package knowledge

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that any file either parses into an entry that survives
// a round trip, or is refused with located errors — never a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validEntry))
	f.Add([]byte("---\nslug: a\n---\n"))
	f.Add([]byte("---\n: : :\n---\n"))
	f.Add([]byte("---\nsources: [1, {a: b}]\nrelations: {requires: [[x]]}\n---\n## x\n"))
	f.Add([]byte("---\ntitle: !!binary aGVsbG8=\n---"))
	f.Add([]byte("\ufeff---\r\nslug: ab\r\n---\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Parse("f.md", data)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Parse error is not a located ErrorList: %v", err)
			}
			for _, fe := range list {
				if !strings.HasPrefix(fe.Error(), "f.md") || fe.Msg == "" {
					t.Fatalf("error without location or message: %q", fe.Error())
				}
			}
			return
		}
		again, err := Parse(e.Slug+".md", Marshal(e))
		if err != nil {
			t.Fatalf("a parsed entry does not parse again after Marshal: %v\n%s", err, Marshal(e))
		}
		if again.ContentHash() != e.ContentHash() {
			t.Fatalf("round trip changed the entry:\n%s\n%s", Marshal(e), Marshal(again))
		}
	})
}

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
