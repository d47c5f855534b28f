package slackapp

import "strings"

// Markdown renders s as the standard markdown of Slack's streamed
// messages (markdown_text), as inert as Text makes mrkdwn: &, < and > are
// entities, so no mention or broadcast survives; URLs of allowed domains
// are links, others inline code.
func (r Renderer) Markdown(s string) string {
	return r.withURLs(s, func(u string) string {
		target := u
		if !strings.Contains(u, "://") {
			target = "https://" + u
		}
		return "[" + markdownLabel(u) + "](" + strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(Escape(target)) + ")"
	})
}

// markdownLabel escapes the characters that would end a link's label.
func markdownLabel(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`).Replace(Escape(s))
}
