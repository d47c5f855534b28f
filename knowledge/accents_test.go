package knowledge

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldAccentsAsBefore is FoldAccents as it was written first, with no
// shortcut for ASCII and a transformer made for each call: what the
// faster one must give.
func foldAccentsAsBefore(s string) string {
	s = strings.NewReplacer("œ", "oe", "Œ", "OE", "æ", "ae", "Æ", "AE", "’", "'").Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

func TestFoldAccents(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Métier d’œuvre", "Metier d'oeuvre"},
		{"", ""},
		{"data engineer", "data engineer"},
		{"ÉCOLE Æther", "ECOLE AEther"},
		{"e\u0301te\u0301", "ete"},               // combining accents
		{"naïve café", "naive cafe"},             // precomposed
		{"日本語 ok", "日本語 ok"},                     // no accents to remove
		{"bad \xff byte é", "bad \ufffd byte e"}, // invalid UTF-8 replaced
	}
	for _, tt := range tests {
		if got := FoldAccents(tt.in); got != tt.want {
			t.Errorf("FoldAccents(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got, before := FoldAccents(tt.in), foldAccentsAsBefore(tt.in); got != before {
			t.Errorf("FoldAccents(%q) = %q, first version %q", tt.in, got, before)
		}
	}
}

func FuzzFoldAccents(f *testing.F) {
	for _, s := range []string{"Métier d’œuvre", "data engineer", "e\u0301", "\xff\xfe", "Œuvre à l'IA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, before := FoldAccents(s), foldAccentsAsBefore(s); got != before {
			t.Errorf("FoldAccents(%q) = %q, first version %q", s, got, before)
		}
	})
}
