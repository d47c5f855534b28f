package bot

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzNormalize checks that any input is either refused with a message or
// turned into clean, bounded text with no Slack markup, control characters
// or invalid UTF-8.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Qu'est-ce qu'un prompt engineer ?", "<!channel> <@U1|x>", "\x00\xff", strings.Repeat("a", 2000),
		"\u202eevil", "🤖🤖🤖", "<<<>>>", "<!subteam^S1|@hr> salaire", "'; DROP TABLE entries; --"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Normalize(s)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Msg == "" || (ie.Lang != "fr" && ie.Lang != "en") {
				t.Fatalf("Normalize(%q) error %v is not a localised InputError", s, err)
			}
			return
		}
		if !utf8.ValidString(out) || utf8.RuneCountInString(out) > MaxQuestionRunes || out != strings.TrimSpace(out) {
			t.Fatalf("Normalize(%q) = %q", s, out)
		}
		for _, r := range out {
			if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
				t.Fatalf("Normalize(%q) kept control character %U", s, r)
			}
		}
		if strings.Contains(out, "<!") || strings.Contains(out, "<@") {
			t.Fatalf("Normalize(%q) kept Slack markup: %q", s, out)
		}
		if lang := DetectLang(out); lang != "fr" && lang != "en" {
			t.Fatalf("DetectLang(%q) = %q", out, lang)
		}
		_ = analyse(out)
		_ = isInjection(out)
	})
}
