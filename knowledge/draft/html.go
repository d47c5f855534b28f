package draft

import (
	"bytes"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// looksLikeHTML reports whether data is an HTML page or fragment rather than
// text that mentions a tag.
func looksLikeHTML(name string, data []byte) bool {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".html") || strings.HasSuffix(lower, ".htm") {
		return true
	}
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 2048)]))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<article", "<p>", "<div", "<h1"} {
		if bytes.HasPrefix(head, []byte(p)) {
			return true
		}
	}
	return false
}

// htmlMeta is what a page's head says of its article.
type htmlMeta struct {
	title, publisher, date string
}

// htmlText turns an HTML page into text: one line per block (paragraph,
// heading, list item), the script, style, navigation, header, footer,
// aside and form elements left out, and the page's title, site name and
// publication date read from its head.
func htmlText(data []byte) (string, htmlMeta, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return "", htmlMeta{}, err
	}
	var meta htmlMeta
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form, atom.Iframe, atom.Svg, atom.Figcaption:
				return
			case atom.Title:
				if n.FirstChild != nil && meta.title == "" {
					meta.title = strings.TrimSpace(n.FirstChild.Data)
				}
				return
			case atom.Meta:
				key, content := "", ""
				for _, a := range n.Attr {
					switch a.Key {
					case "property", "name":
						key = strings.ToLower(a.Val)
					case "content":
						content = strings.TrimSpace(a.Val)
					}
				}
				switch key {
				case "og:title":
					meta.title = content
				case "og:site_name", "publisher", "article:publisher":
					meta.publisher = content
				case "article:published_time", "date", "dc.date":
					meta.date = content
				}
			case atom.Time:
				for _, a := range n.Attr {
					if a.Key == "datetime" && meta.date == "" {
						meta.date = strings.TrimSpace(a.Val)
					}
				}
			case atom.Br:
				b.WriteByte('\n')
			}
		}
		if n.Type == html.TextNode {
			t := strings.Join(strings.Fields(n.Data), " ")
			if t == "" {
				t = " "
			} else {
				if strings.TrimLeftFunc(n.Data, unicode.IsSpace) != n.Data {
					t = " " + t
				}
				if strings.TrimRightFunc(n.Data, unicode.IsSpace) != n.Data {
					t += " "
				}
			}
			b.WriteString(t)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && block[n.DataAtom] {
			b.WriteByte('\n')
		}
	}
	walk(doc)
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	if len(meta.date) > 10 && meta.date[4] == '-' {
		meta.date = meta.date[:10] // 2024-03-12T08:00:00Z
	}
	return strings.Join(lines, "\n"), meta, nil
}

// block are the elements that end a line of text.
var block = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Blockquote: true, atom.Tr: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Pre: true,
	atom.Dt: true, atom.Dd: true, atom.Figure: true, atom.Table: true, atom.Ul: true, atom.Ol: true,
}
