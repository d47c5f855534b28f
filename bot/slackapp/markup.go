package slackapp

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Escape makes text from users or the knowledge base inert in Slack
// markup: &, < and > become entities, so no <!channel>, <!here>,
// <!everyone>, <@U…>, <!subteam^…> or <url|label> survives.
func Escape(s string) string {
	s = strings.ReplaceAll(s, "&", "&amp;")
	s = strings.ReplaceAll(s, "<", "&lt;")
	return strings.ReplaceAll(s, ">", "&gt;")
}

var urlPattern = regexp.MustCompile(`(?i)\b(https?://|www\.)[^\s<>|` + "`" + `"]+`)

// Text escapes s and renders the URLs it contains (with a scheme, or
// starting with www.): a link for allowed domains, inline code otherwise.
// When a URL is shown as code, the text's own backticks become ˋ so that
// they cannot pair with the code's and leave the URL outside it.
func (r Renderer) Text(s string) string {
	return r.withURLs(s, func(u string) string {
		if !strings.Contains(u, "://") {
			return "<https://" + Escape(u) + "|" + Escape(u) + ">"
		}
		return "<" + Escape(u) + ">"
	})
}

// withURLs escapes s and renders each URL it contains with link when its
// domain is allowed, as inline code otherwise (the text's own backticks
// then become ˋ). Trailing punctuation stays outside the URL.
func (r Renderer) withURLs(s string, link func(u string) string) string {
	var b strings.Builder
	if strings.Contains(s, "`") && r.hasDisallowedURL(s) {
		s = strings.ReplaceAll(s, "`", "ˋ")
	}
	for {
		loc := urlPattern.FindStringIndex(s)
		if loc == nil {
			b.WriteString(Escape(s))
			return b.String()
		}
		u := s[loc[0]:loc[1]]
		trail := ""
		for len(u) > 0 && strings.ContainsRune(".,;:!?)]'", rune(u[len(u)-1])) {
			trail = u[len(u)-1:] + trail
			u = u[:len(u)-1]
		}
		b.WriteString(Escape(s[:loc[0]]))
		if r.allowed(u) {
			b.WriteString(link(u))
		} else {
			b.WriteString("`" + Escape(u) + "`")
		}
		b.WriteString(Escape(trail))
		s = s[loc[1]:]
	}
}

func (r Renderer) hasDisallowedURL(s string) bool {
	for _, u := range urlPattern.FindAllString(s, -1) {
		if !r.allowed(u) {
			return true
		}
	}
	return false
}

func (r Renderer) allowed(raw string) bool {
	if strings.HasPrefix(strings.ToLower(raw), "www.") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, d := range r.LinkDomains {
		d = strings.ToLower(strings.TrimPrefix(d, "."))
		if d != "" && (host == d || strings.HasSuffix(host, "."+d)) {
			return true
		}
	}
	return false
}

// truncate cuts s to at most n characters, with an ellipsis, at the end
// of a word when one ends in the second half of what is kept.
func truncate(s string, n int) string {
	out := cut(s, n, false, "…")
	if out == s {
		return s
	}
	kept := strings.TrimSuffix(out, "…")
	if i := strings.LastIndexAny(kept, " \n\t"); i > len(kept)/2 {
		return strings.TrimRight(kept[:i], " \n\t,;:-—") + "…"
	}
	return out
}

// clip cuts s to at most n bytes on a character boundary.
func clip(s string, n int) string { return cut(s, n, true, "") }

// cut returns s when it holds at most n characters (n bytes when inBytes),
// or else its longest prefix that leaves room for tail, then tail. It reads
// s once and never cuts inside a character.
func cut(s string, n int, inBytes bool, tail string) string {
	size := utf8.RuneCountInString
	if inBytes {
		size = func(s string) int { return len(s) }
	}
	if size(s) <= n {
		return s
	}
	room := n - size(tail)
	end, chars := 0, 0
	for i := range s { // s[:i] holds chars characters, i bytes
		if (inBytes && i > room) || (!inBytes && chars > room) {
			break
		}
		end = i
		chars++
	}
	return s[:end] + tail
}

// splitSections cuts escaped mrkdwn into pieces of at most max characters,
// at line breaks, then spaces, never inside an entity, a link or code. It
// is linear in the length of s: the text is decoded once, and whether a
// cut falls inside a link or code is read from running counts.
func splitSections(s string, max int) []string {
	if utf8.RuneCountInString(s) <= max {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return []string{s}
	}
	r := []rune(s)
	m := newMarkupState(r)
	var out []string
	st := 0
	for len(r)-st > max {
		cut := -1
		for _, sep := range []rune{'\n', ' '} {
			for i := st + max; i > st+max/2; i-- {
				if r[i] == sep && m.safeCut(r, st, i) {
					cut = i
					break
				}
			}
			if cut > 0 {
				break
			}
		}
		if cut < 0 {
			cut = st + max
			for cut > st+max/2 && !m.safeCut(r, st, cut) {
				cut--
			}
		}
		out = append(out, strings.TrimRight(string(r[st:cut]), " \n"))
		st = skipBlank(r, cut)
	}
	if rest := string(r[st:]); strings.TrimSpace(rest) != "" {
		out = append(out, rest)
	}
	return out
}

// skipBlank returns the index of the first rune of r from i on that is not
// a space or a line break.
func skipBlank(r []rune, i int) int {
	for i < len(r) && (r[i] == ' ' || r[i] == '\n') {
		i++
	}
	return i
}

// markupState holds, for each index i of a text, the links opened and the
// code marks seen before i, so that the state of any span is read in
// constant time.
type markupState struct {
	open []int32 // '<' less '>' in r[:i]
	code []bool  // an odd number of '`' in r[:i]
}

func newMarkupState(r []rune) markupState {
	m := markupState{open: make([]int32, len(r)+1), code: make([]bool, len(r)+1)}
	for i, c := range r {
		m.open[i+1], m.code[i+1] = m.open[i], m.code[i]
		switch c {
		case '<':
			m.open[i+1]++
		case '>':
			m.open[i+1]--
		case '`':
			m.code[i+1] = !m.code[i+1]
		}
	}
	return m
}

// safeCut reports whether the piece of r that starts at st may be cut
// before index i: not inside an &entity;, a <link> or `code` opened in it.
func (m markupState) safeCut(r []rune, st, i int) bool {
	for j := i - 1; j >= st && j >= i-6; j-- {
		if r[j] == ';' {
			break
		}
		if r[j] == '&' {
			return false
		}
	}
	return m.open[i]-m.open[st] <= 0 && m.code[i] == m.code[st]
}

// fallback is the notification text of a message: its first lines.
func fallback(escaped string) string {
	if utf8.RuneCountInString(escaped) <= 300 {
		return escaped
	}
	// Cut where no entity, link or code span is broken. The first piece
	// depends on the first 300 characters only: the rest is not read.
	return splitSections(clip(escaped, 4*301), 299)[0] + "…"
}
