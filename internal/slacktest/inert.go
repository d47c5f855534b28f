package slacktest

import (
	"net/url"
	"regexp"
	"strings"
)

// Unsafe returns what would make Slack act on s, text an app sent, or ""
// when s is inert: a mention or broadcast (<!channel>, <!here>,
// <!everyone>, <@U…>, <!subteam^…>, <#C…>), a link (<url> or <url|label>)
// to a domain outside linkDomains, or, outside `code`, a URL or www.
// address Slack would turn into a link to such a domain.
func Unsafe(s string, linkDomains []string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		rest := s[i+1:]
		end := strings.IndexByte(rest, '>')
		if end < 0 {
			end = len(rest)
		}
		inner := rest[:end]
		if k := strings.IndexByte(inner, '|'); k >= 0 {
			inner = inner[:k]
		}
		if !strings.HasPrefix(inner, "http://") && !strings.HasPrefix(inner, "https://") {
			return "markup <" + clip(rest[:end]) + ">"
		}
		if !allowedURL(inner, linkDomains) {
			return "link to an unapproved domain: " + clip(inner)
		}
	}
	for _, m := range bareLink.FindAllStringIndex(s, -1) {
		if inCode(s, m[0]) {
			continue
		}
		u := s[m[0]:m[1]]
		if !strings.Contains(u, "://") {
			u = "https://" + u
		}
		if !allowedURL(u, linkDomains) && !insideLink(s, m[0]) {
			return "address Slack would link, to an unapproved domain: " + clip(s[m[0]:m[1]])
		}
	}
	return ""
}

var bareLink = regexp.MustCompile(`(?i)\b(https?://|www\.)[\p{L}\p{N}][^\s<>|` + "`" + `"]*`)

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

func allowedURL(raw string, domains []string) bool {
	raw = strings.TrimRight(raw, ".,;:!?)]'")
	u, err := url.Parse(raw)
	if err != nil || u.User != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, d := range domains {
		d = strings.ToLower(strings.TrimPrefix(d, "."))
		if d != "" && (host == d || strings.HasSuffix(host, "."+d)) {
			return true
		}
	}
	return false
}

// inCode reports whether byte i of s is inside a `code` span.
func inCode(s string, i int) bool {
	return strings.Count(s[:i], "`")%2 == 1
}

// insideLink reports whether byte i of s is inside <…>, a link checked
// above.
func insideLink(s string, i int) bool {
	open := strings.LastIndexByte(s[:i], '<')
	return open >= 0 && !strings.Contains(s[open:i], ">")
}

// Displayed returns the text Slack shows and parses as mrkdwn in decoded
// JSON: every "text" string, except those of plain_text objects (button
// labels, titles), which Slack never turns into links or mentions. Button
// values and metadata are never shown.
func Displayed(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok {
				if k == "text" && x["type"] != "plain_text" {
					out = append(out, s)
				}
				continue
			}
			out = append(out, Displayed(e)...)
		}
	case []map[string]any:
		for _, e := range x {
			out = append(out, Displayed(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, Displayed(e)...)
		}
	}
	return out
}
