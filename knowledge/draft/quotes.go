package draft

import (
	"regexp"
	"strings"
)

// Quote is a passage the article quotes, and who says it when the article
// tells.
type Quote struct {
	Text    string // without its quotation marks
	Speaker string // "" when the article does not say
	Start   int    // offset in the article's text
}

// quoteRE matches a quoted passage: « … », “ … ” or " … ", within a line.
var quoteRE = regexp.MustCompile(`«\s*([^»\n]{3,600}?)\s*»|“([^”\n]{3,600}?)”|"([^"\n]{3,600}?)"`)

var (
	nameRE        = `\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+)*`
	saidAfterRE   = regexp.MustCompile(`^[\s,.]*(?:a |avait |ont )?(?:déclaré|déclare|dit|affirme|affirmé|explique|expliqué|souligne|souligné|prévoit|précise|détaille|résume|estime|illustre|étaye|indiqué|indique|suggère|constate|ajoute|assure|conclut|fait remarquer|convient|reconnaît|said|says|told|explains|added|notes)(-t-(?:il|elle)|-(?:il|elle))?(?:\s+(?:également\s+)?(?:à\s+)?(` + nameRE + `))?`)
	saidBeforeRE  = regexp.MustCompile(`(?:[Ss]elon|[Pp]our|[Aa]ccording to)\s+(` + nameRE + `)\s*,?\s*$`)
	pronounSpeech = regexp.MustCompile(`-t-(?:il|elle)|-(?:il|elle)\b`)
)

// quotes finds the quotes of the clean text and their speakers.
func quotes(clean string) []Quote {
	var out []Quote
	for _, m := range quoteRE.FindAllStringSubmatchIndex(clean, -1) {
		s, e := m[2], m[3]
		if s < 0 {
			s, e = m[4], m[5]
		}
		if s < 0 {
			s, e = m[6], m[7]
		}
		text := strings.TrimSpace(clean[s:e])
		if len(strings.Fields(text)) < 2 {
			continue
		}
		out = append(out, Quote{Text: text, Speaker: speaker(clean, m[0], m[1]), Start: s})
	}
	return out
}

// speaker finds who says the quote at clean[s:e]: a verb of saying and a
// name after it ("», déclare Libre", "», a déclaré à BI Alex Libre"),
// "Selon X" before it, or, after "-t-il", the last full name before it in
// its paragraph.
func speaker(clean string, s, e int) string {
	after := clean[e:min(len(clean), e+160)]
	if i := strings.IndexByte(after, '\n'); i >= 0 {
		after = after[:i]
	}
	lineStart := strings.LastIndexByte(clean[:s], '\n') + 1
	before := clean[lineStart:s]
	if m := saidAfterRE.FindStringSubmatch(after); m != nil {
		if m[2] != "" && !pronounSpeech.MatchString(m[1]) {
			return lastName(m[2])
		}
		return "" // "précise-t-il", "a indiqué la directrice": the article names no one here
	}
	if m := saidBeforeRE.FindStringSubmatch(before); m != nil {
		return lastName(m[1])
	}
	return ""
}

// lastName keeps the last two words of a run of capitalised words, which
// may begin with a medium's name ("BI Alex Libre").
func lastName(run string) string {
	f := strings.Fields(run)
	if len(f) > 2 {
		f = f[len(f)-2:]
	}
	return strings.Join(f, " ")
}
