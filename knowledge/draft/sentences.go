package draft

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence is one sentence of an article's clean text, or one line that is
// not a sentence (a heading, a list item).
type sentence struct {
	Text       string
	Start, End int
	Para       int // index of the paragraph (line) it is in
}

// abbreviations end with a dot that ends no sentence.
var abbreviations = map[string]bool{"M": true, "Mme": true, "Mmes": true, "MM": true, "Dr": true, "Pr": true, "St": true, "Mr": true, "Mrs": true, "Ms": true, "p": true, "n°": true, "cf": true, "vs": true}

// sentences splits text into sentences: at a line break, and after ".",
// "!" or "?" followed by a space and not closing an abbreviation or a
// quote that goes on.
func sentences(text string) []sentence {
	var out []sentence
	para := 0
	add := func(s, e int) {
		raw := text[s:e]
		t := strings.TrimSpace(raw)
		if !strings.ContainsFunc(t, unicode.IsLetter) {
			return
		}
		lead := strings.Index(raw, t)
		t = strings.TrimPrefix(t, "- ")
		out = append(out, sentence{Text: t, Start: s + lead + (len(strings.TrimSpace(raw)) - len(t)), End: s + lead + len(strings.TrimSpace(raw)), Para: para})
	}
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			add(start, i)
			start = i + 1
			para++
		case r == '.' || r == '!' || r == '?':
			next := i + size
			if next < len(text) && text[next] == ' ' && !abbreviation(text[start:i]) {
				add(start, next)
				start = next
			}
		}
		i += size
	}
	add(start, len(text))
	return out
}

// abbreviation reports whether s ends with an abbreviation that takes a dot.
func abbreviation(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	w := strings.TrimLeft(f[len(f)-1], "(«\"“")
	return abbreviations[w]
}
