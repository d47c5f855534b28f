package slackapp

import "strings"

// Markdown renders s as the standard markdown of Slack's streamed
// messages (markdown_text), as inert as Text makes mrkdwn: &, < and > are
// entities, so no mention or broadcast survives; URLs of allowed domains
// are links, others inline code.
func (r Renderer) Markdown(s string) string {
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
		target := u
		if !strings.Contains(u, "://") {
			target = "https://" + u
		}
		if r.allowed(u) {
			b.WriteString("[" + markdownLabel(u) + "](" + strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(Escape(target)) + ")")
		} else {
			b.WriteString("`" + Escape(u) + "`")
		}
		b.WriteString(Escape(trail))
		s = s[loc[1]:]
	}
}

// markdownLabel escapes the characters that would end a link's label.
func markdownLabel(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`).Replace(Escape(s))
}
