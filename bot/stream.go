package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/careerbot/careerbot/knowledge"
)

// checkedStream forwards a generated answer as it is written, but only
// what an employee may read: whole sentences that, together with what was
// already shown, pass the answer's checks (citations, figures, language,
// instructions). A sentence that fails holds everything after it back,
// until the final check decides; a text that starts repeating the
// instructions stops the stream for that attempt. When the composer tries
// again, its new text starts from the beginning.
func checkedStream(stream func(string), lang string, cited map[int]*knowledge.Entry, guard leakGuard) func(string) {
	if stream == nil {
		return nil
	}
	var shown string
	stopped := false
	return func(partial string) {
		if shown != "" && !strings.HasPrefix(partial, shown) {
			shown, stopped = "", false // a new attempt
		}
		if stopped {
			return
		}
		end := sentencesEnd(partial)
		if end <= len(shown) {
			return
		}
		text := partial[:end]
		if guard.leaks(text) {
			stopped = true
			return
		}
		if CheckAnswer(text, cited) != nil || DetectLangHint(text, lang) != lang {
			return
		}
		shown = text
		stream(strings.TrimSpace(text))
	}
}

// sentencesEnd is the length of the longest prefix of s made of whole
// sentences: it ends after a '.', '!', '?' or '…' (and any closing marks
// or citations such as "[1]", after a space or not) that a space or a
// line break follows, or after a blank line. A number such as "1.5" or an abbreviation followed
// by a digit does not end a sentence. 0 when s holds no whole sentence.
func sentencesEnd(s string) int {
	end := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		next := i + size
		switch {
		case r == '\n' && strings.HasPrefix(s[next:], "\n"):
			end = next
		case r == '.' || r == '!' || r == '?' || r == '…':
			j := next
			for j < len(s) {
				c, n := utf8.DecodeRuneInString(s[j:])
				if c == ')' || c == '"' || c == '»' || c == '*' || c == '_' || c == '.' {
					j += n
					continue
				}
				if k := citationLen(s[j:]); k > 0 {
					j += k
					continue
				}
				if c == ' ' || c == '\u00a0' || c == '\u202f' {
					// "« oui. »" and "fin. [1]": the mark or citation
					// after a space still belongs to the sentence.
					rest := strings.TrimLeft(s[j:], " \u00a0\u202f")
					if strings.HasPrefix(rest, "»") || citationLen(rest) > 0 {
						j = len(s) - len(rest)
						continue
					}
				}
				break
			}
			if j < len(s) {
				if c, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsSpace(c) {
					end = j
				}
			}
		}
		i = next
	}
	return end
}

// citationLen is the length of the citation mark ("[12]") s starts with,
// or 0.
func citationLen(s string) int {
	k := strings.IndexByte(s, ']')
	if !strings.HasPrefix(s, "[") || k < 2 {
		return 0
	}
	for _, r := range s[1:k] {
		if r < '0' || r > '9' {
			return 0
		}
	}
	return k + 1
}
