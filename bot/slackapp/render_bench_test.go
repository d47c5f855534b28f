package slackapp

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/careerbot/careerbot/bot"
)

// longAnswer is an answer of about n bytes of prose with links, entities,
// code and line breaks, as a chat model that ignores its length limit
// writes it.
func longAnswer(n int) string {
	parts := []string{"A data scientist", "analyses data", "R&D teams", "<@U123>", "see https://coursera.org/learn/ml", "`pip install x`",
		"*bold*", "évaluation des modèles", "\n", "• a bullet line\n", "[1]", "salaire 55 000 €"}
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(parts[rng.IntN(len(parts))])
		b.WriteByte(' ')
	}
	return b.String()
}

// BenchmarkSplitSections shows that cutting a text into sections is linear
// in its length: 1MB takes about ten times 100KB.
func BenchmarkSplitSections(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"100KB", 100 << 10}, {"1MB", 1 << 20}} {
		text := Renderer{}.Text(longAnswer(size.n))
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				splitSections(text, maxSectionChars)
			}
		})
	}
}

// BenchmarkRender renders answers of 100KB and 1MB: linear in the length
// up to what one message can show, and no more past it.
func BenchmarkRender(b *testing.B) {
	r := Renderer{LinkDomains: []string{"coursera.org"}}
	for _, size := range []struct {
		name string
		n    int
	}{{"10KB", 10 << 10}, {"100KB", 100 << 10}, {"1MB", 1 << 20}} {
		ans := bot.Answer{Answer: longAnswer(size.n), Lang: "en", QuestionID: 1}
		b.Run(size.name, func(b *testing.B) {
			for b.Loop() {
				r.Answer(ans, Options{})
			}
		})
	}
}

// splitSectionsByRescan is the former splitSections, which decoded the
// rest of the text again at every cut: the reference the linear one must
// agree with.
func splitSectionsByRescan(s string, max int) []string {
	safe := func(r []rune, i int) bool {
		for j := i - 1; j >= 0 && j >= i-6; j-- {
			if r[j] == ';' {
				break
			}
			if r[j] == '&' {
				return false
			}
		}
		open, code := 0, false
		for _, c := range r[:i] {
			switch c {
			case '<':
				open++
			case '>':
				open--
			case '`':
				code = !code
			}
		}
		return open <= 0 && !code
	}
	var out []string
	for utf8.RuneCountInString(s) > max {
		r := []rune(s)
		cut := -1
		for _, sep := range []rune{'\n', ' '} {
			for i := max; i > max/2; i-- {
				if r[i] == sep && safe(r, i) {
					cut = i
					break
				}
			}
			if cut > 0 {
				break
			}
		}
		if cut < 0 {
			cut = max
			for cut > max/2 && !safe(r, cut) {
				cut--
			}
		}
		out = append(out, strings.TrimRight(string(r[:cut]), " \n"))
		s = strings.TrimLeft(string(r[cut:]), " \n")
	}
	if strings.TrimSpace(s) != "" {
		out = append(out, s)
	}
	return out
}

// The linear splitSections cuts where the former one did, on texts full of
// links, entities, code spans, unbroken runs and line breaks.
func TestSplitSectionsAgreesWithRescan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"word", " ", " ", "\n", "&amp;", "&lt;", "<https://coursera.org|c>", "`code with spaces`", "`", "<", ">",
		strings.Repeat("x", 70), "é", "🙂", "  ", "\n\n"}
	for n := 0; n < 300; n++ {
		var b strings.Builder
		for target := rng.IntN(8000); b.Len() < target; {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		for _, max := range []int{20, 75, 299, 3000} {
			text := b.String()
			if got, want := splitSections(text, max), splitSectionsByRescan(text, max); !slices.Equal(got, want) {
				t.Fatalf("splitSections(%q, %d)\n got %q\nwant %q", text, max, got, want)
			}
			if got, want := fallback(text), fallbackByRescan(text); got != want {
				t.Fatalf("fallback(%q) = %q, want %q", text, got, want)
			}
		}
	}
}

func fallbackByRescan(escaped string) string {
	if utf8.RuneCountInString(escaped) <= 300 {
		return escaped
	}
	return splitSectionsByRescan(escaped, 299)[0] + "…"
}
