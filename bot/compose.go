package bot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/figures"
)

// composition accumulates an answer's lines and citations.
type composition struct {
	lang      string
	lines     []string
	citations []Citation
	used      map[string]bool // sentences already said
}

// cite returns the citation number of e, adding it when new.
func (c *composition) cite(e *knowledge.Entry) int { return citeEntry(&c.citations, e, c.lang) }

func (c *composition) add(text string, n int) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	if c.used == nil {
		c.used = map[string]bool{}
	}
	key := strings.ToLower(text)
	if c.used[key] {
		return
	}
	c.used[key] = true
	c.lines = append(c.lines, fmt.Sprintf("%s [%d]", text, n))
}

func (c *composition) text() string { return strings.Join(c.lines, "\n") }

// addRelations lists a role's or skill's skills and trainings.
func (c *composition) addRelations(e *knowledge.Entry, related []*knowledge.Entry, n int) {
	by := map[string]*knowledge.Entry{}
	for _, r := range related {
		by[r.Slug] = r
	}
	list := func(slugs []string) string {
		var names []string
		for _, s := range slugs {
			if r := by[s]; r != nil {
				names = append(names, r.TitleIn(c.lang))
			}
		}
		return strings.Join(names, ", ")
	}
	if s := list(e.Relations.Requires); s != "" {
		c.add(Msg(c.lang, "Key skills: ", "Compétences clés : ")+s+".", n)
	}
	if s := list(e.Relations.LearnWith); s != "" {
		c.add(learnLabel(c.lang, e)+s+".", n)
	}
}

var bulletRE = regexp.MustCompile(`^\s*([-*+]|\d+[.)])\s+`)

// sentences splits Markdown text into sentences and list items. Lines of
// one paragraph or list item are joined first.
func sentences(text string) []string {
	var blocks []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			blocks = append(blocks, cur.String())
			cur.Reset()
		}
	}
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			flush()
			continue
		case bulletRE.MatchString(line):
			flush()
			trimmed = strings.TrimSpace(bulletRE.ReplaceAllString(line, ""))
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(trimmed)
	}
	flush()
	var out []string
	for _, b := range blocks {
		b = strings.ReplaceAll(b, "**", "")
		start := 0
		// A quotation is never cut: a mark inside one does not end the
		// sentence that quotes it.
		quoted := 0
		straight := false
		for i := 0; i < len(b); i++ {
			closing := 0 // the length of a closing quotation mark at i
			switch {
			case strings.HasPrefix(b[i:], "«"), strings.HasPrefix(b[i:], "“"):
				quoted++
			case strings.HasPrefix(b[i:], "»"), strings.HasPrefix(b[i:], "”"):
				quoted = max(0, quoted-1)
				closing = len("»")
			case b[i] == '"':
				straight = !straight
				if !straight {
					closing = 1
				}
			}
			if quoted > 0 || straight {
				continue
			}
			// A quotation that ends its sentence ("… parameters." The
			// work…) ends it too.
			if closing > 0 && endsWithMark(b[:i]) && i+closing+1 < len(b) && b[i+closing] == ' ' && sentenceEnd(b, i+closing-1) {
				out = append(out, strings.TrimSpace(b[start:i+closing]))
				start = i + closing + 1
				continue
			}
			if (b[i] == '.' || b[i] == '!' || b[i] == '?') && i+2 < len(b) && b[i+1] == ' ' && sentenceEnd(b, i) {
				out = append(out, strings.TrimSpace(b[start:i+1]))
				start = i + 2
			}
		}
		if s := strings.TrimSpace(b[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// endsWithMark reports whether s, spaces trimmed, ends with a mark that
// ends a sentence.
func endsWithMark(s string) bool {
	s = strings.TrimRight(s, " ")
	return s != "" && strings.ContainsRune(".!?", rune(s[len(s)-1]))
}

// abbreviations are the words, lowercase and without their final dot, after
// which a dot does not end a sentence.
var abbreviations = map[string]bool{
	"m": true, "mm": true, "mme": true, "mmes": true, "mlle": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "pr": true, "prof": true, "st": true, "ste": true, "jr": true, "sr": true,
	"e.g": true, "i.e": true, "cf": true, "vs": true, "p": true, "n°": true,
	"env": true, "av": true, "apr": true, "j.-c": true,
}

// sentenceEnd reports whether the mark at b[i], followed by a space, ends
// a sentence: the next word starts with a capital letter, a digit or a
// quote, and a dot is not that of an abbreviation ("M.", "Mme", "e.g.",
// "etc.") or an initial ("J. Smith"). A sentence after "etc." starts with
// a capital letter other than a name's initial.
func sentenceEnd(b string, i int) bool {
	next, _ := utf8.DecodeRuneInString(b[i+2:])
	if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune("«\"“", next) {
		return false
	}
	if b[i] != '.' {
		return true
	}
	j := i
	for j > 0 && b[j-1] != ' ' && b[j-1] != '(' {
		j--
	}
	word := strings.ToLower(strings.TrimLeft(b[j:i], "«\"“"))
	if j >= 3 && strings.ToLower(b[j-3:j]) == "p. " && word == "ex" {
		return false
	}
	if word == "etc" {
		// "Python, etc. Les recruteurs…" ends a sentence; "etc. 2023" does
		// not start one.
		return unicode.IsUpper(next)
	}
	if abbreviations[word] {
		return false
	}
	// An initial: one capital letter.
	if r, size := utf8.DecodeRuneInString(b[j:i]); size == i-j && unicode.IsUpper(r) {
		return false
	}
	return true
}

var citeRE = regexp.MustCompile(`\[(\d+)\]`)

// AnswerCode names what is wrong with a generated answer.
type AnswerCode string

// The problems CheckAnswer finds.
const (
	// AnswerUnknownCitation: the answer cites [n] with no excerpt n.
	AnswerUnknownCitation AnswerCode = "unknown_citation"
	// AnswerNoCitation: the answer cites no excerpt.
	AnswerNoCitation AnswerCode = "no_citation"
	// AnswerUnsupportedNumber: the answer states a number that no entry it
	// cites contains, with the same unit.
	AnswerUnsupportedNumber AnswerCode = "unsupported_number"
)

// AnswerProblem is what is wrong with a generated answer: its code, and
// what it found.
type AnswerProblem struct {
	Code AnswerCode
	// Citation is the unknown [n], Figure the unsupported quantity.
	Citation int
	Figure   figures.Quantity
}

func (p *AnswerProblem) Error() string {
	switch p.Code {
	case AnswerUnknownCitation:
		return fmt.Sprintf("cites [%d], which is not one of the excerpts", p.Citation)
	case AnswerNoCitation:
		return "cites no excerpt"
	}
	return fmt.Sprintf("states %s, which no cited entry contains", p.Figure)
}

// CheckAnswer verifies a generated answer against its citations: every [n]
// refers to a citation, and every number in the answer appears in the text
// of an entry it cites. It returns what is wrong, or nil.
func CheckAnswer(answer string, cited map[int]*knowledge.Entry) *AnswerProblem {
	used := map[int]bool{}
	for _, m := range citeRE.FindAllStringSubmatch(answer, -1) {
		n, _ := strconv.Atoi(m[1])
		if cited[n] == nil {
			return &AnswerProblem{Code: AnswerUnknownCitation, Citation: n}
		}
		used[n] = true
	}
	if len(used) == 0 {
		return &AnswerProblem{Code: AnswerNoCitation}
	}
	entries := make([]*knowledge.Entry, 0, len(used))
	for n := range used {
		entries = append(entries, cited[n])
	}
	return unsupportedNumber(answer, entries)
}

// unsupportedNumber returns a problem when answer, its [n] marks left out,
// states a number that none of the cited entries contains, with the same
// unit when the answer gives one (see figures.Set.Missing), or nil.
func unsupportedNumber(answer string, cited []*knowledge.Entry) *AnswerProblem {
	var text strings.Builder
	for _, e := range cited {
		text.WriteString(EntryText(e))
		text.WriteString("\n")
	}
	if missing := figures.Of(text.String()).Missing(citeRE.ReplaceAllString(answer, "")); len(missing) > 0 {
		return &AnswerProblem{Code: AnswerUnsupportedNumber, Figure: missing[0]}
	}
	return nil
}

// EntryText is all of an entry's text, as checked for numbers.
func EntryText(e *knowledge.Entry) string {
	return strings.Join([]string{e.Title, e.TitleEN, strings.Join(e.Aliases, ", "), e.Summary, e.SummaryEN, e.Period, e.Body}, "\n")
}
