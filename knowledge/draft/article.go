package draft

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/figures"
)

// Article is one article read for drafting.
type Article struct {
	// Name is the file name, which drafts cite as their source's article.
	Name string
	// Text is the article as text: HTML stripped, Markdown marks removed.
	Text string
	// Lang is the language of the text, "fr" or "en".
	Lang string
	// Title, Publisher and Date are what the text gives of them; "" when
	// it does not (the caller then asks for them).
	Title, Publisher, Date string
	// Parts are the parts of Text that are not the article's own.
	Parts []Part

	clean string       // Text with Parts blanked out
	figs  *figures.Set // the figures of clean
}

// Clean returns the article's text with its non-article parts blanked out,
// at the same offsets as Text.
func (a *Article) Clean() string { return a.clean }

// Figures returns the figures the article states, its non-article parts
// left out.
func (a *Article) Figures() *figures.Set { return a.figs }

// Source returns the source that drafts from the article cite.
func (a *Article) Source() knowledge.Source {
	return knowledge.Source{Article: a.Name, Title: a.Title, Publisher: a.Publisher, Date: a.Date}
}

// Missing lists the source fields the text does not give: "title",
// "publisher", "date".
func (a *Article) Missing() []string {
	var out []string
	for _, f := range []struct{ name, v string }{{"title", a.Title}, {"publisher", a.Publisher}, {"date", a.Date}} {
		if f.v == "" {
			out = append(out, f.name)
		}
	}
	return out
}

// InputProblem is what makes a file unusable as an article.
type InputProblem string

// The problems of an input file.
const (
	InputBinary InputProblem = "binary"
	InputEmpty  InputProblem = "empty"
	InputHTML   InputProblem = "html"
)

// InputError is a file that cannot be drafted from.
type InputError struct {
	Name    string
	Problem InputProblem
	Err     error // for InputHTML
}

func (e *InputError) Error() string {
	switch e.Problem {
	case InputBinary:
		return fmt.Sprintf("%s is not a text file (it holds binary data or is not UTF-8): give a plain text, Markdown or HTML article saved as UTF-8", e.Name)
	case InputEmpty:
		return fmt.Sprintf("%s holds no article text: give a file with the article's text", e.Name)
	}
	return fmt.Sprintf("%s: its HTML does not read (%v): save the page again or paste its text into a .txt file", e.Name, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// Read reads an article from the content of the file name: plain text,
// Markdown (with or without front matter giving title, publisher and date)
// or HTML.
func Read(name string, data []byte) (*Article, error) {
	name = filepath.Base(name)
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, &InputError{Name: name, Problem: InputBinary}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	a := &Article{Name: name}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if looksLikeHTML(name, data) {
		t, meta, err := htmlText(data)
		if err != nil {
			return nil, &InputError{Name: name, Problem: InputHTML, Err: err}
		}
		text = t
		a.Title, a.Publisher, a.Date = meta.title, meta.publisher, meta.date
	} else {
		text = frontMatter(text, a)
		text = markdownText(text, a)
	}
	if !strings.ContainsFunc(text, unicode.IsLetter) {
		return nil, &InputError{Name: name, Problem: InputEmpty}
	}
	a.Text = text
	a.Lang = language(text)
	a.Parts = nonArticle(text, a.Lang)
	a.clean = blank(text, a.Parts)
	if !strings.ContainsFunc(a.clean, unicode.IsLetter) {
		return nil, &InputError{Name: name, Problem: InputEmpty}
	}
	a.figs = figures.Of(a.clean)
	a.readMeta()
	return a, nil
}

// frontMatter reads and removes a Markdown file's YAML front matter.
func frontMatter(text string, a *Article) string {
	if !strings.HasPrefix(text, "---\n") {
		return text
	}
	end := strings.Index(text[4:], "\n---\n")
	if end < 0 {
		return text
	}
	var fm struct {
		Title     string `yaml:"title"`
		Publisher string `yaml:"publisher"`
		Source    string `yaml:"source"`
		Date      string `yaml:"date"`
	}
	if yaml.Unmarshal([]byte(text[4:4+end]), &fm) != nil {
		return text
	}
	a.Title, a.Publisher, a.Date = fm.Title, fm.Publisher, fm.Date
	if a.Publisher == "" {
		a.Publisher = fm.Source
	}
	return text[4+end+len("\n---\n"):]
}

var (
	mdImageRE    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLinkRE     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdEmphasisRE = regexp.MustCompile(`(\*\*|__)([^*_\n]+)(\*\*|__)`)
	mdHeadingRE  = regexp.MustCompile(`(?m)^#{1,6}[ \t]+`)
	mdQuoteRE    = regexp.MustCompile(`(?m)^>[ \t]?`)
)

// markdownText removes Markdown's marks: images, link targets, bold, the
// '#' of headings (the first level-1 heading is the title) and of quotes.
func markdownText(text string, a *Article) string {
	if a.Title == "" {
		for _, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(l, "# ") {
				a.Title = strings.TrimSpace(l[2:])
				break
			}
		}
	}
	text = mdImageRE.ReplaceAllString(text, "")
	text = mdLinkRE.ReplaceAllString(text, "$1")
	text = mdEmphasisRE.ReplaceAllString(text, "$2")
	text = mdHeadingRE.ReplaceAllString(text, "")
	text = mdQuoteRE.ReplaceAllString(text, "")
	return text
}

var (
	publishedRE = regexp.MustCompile(`(?i)(?:publié|mis à jour|published|updated)\s+(?:le\s+|on\s+)?(\d{1,2}(?:er)?\s+\p{L}+\s+\d{4}|\d{4}-\d{2}-\d{2}|\p{L}+\s+\d{1,2},\s+\d{4})`)
	sourceRE    = regexp.MustCompile(`(?im)^(?:source|publisher|éditeur|publié par|published by)\s*:\s*(.{2,80})$`)
)

// readMeta finds the title, publisher and date the text gives: a short
// first line that is not a list item is the title, a "Source : …" line the
// publisher, a "Publié le …" the date.
func (a *Article) readMeta() {
	if a.Title == "" {
		for _, l := range strings.Split(a.clean, "\n") {
			l = strings.TrimSpace(l)
			if l == "" {
				continue
			}
			if n := utf8.RuneCountInString(l); n <= 150 && !strings.HasPrefix(l, "- ") && !strings.HasSuffix(l, ":") {
				a.Title = strings.TrimSuffix(l, ".")
			}
			break
		}
	}
	if a.Publisher == "" {
		if m := sourceRE.FindStringSubmatch(a.Text); m != nil {
			a.Publisher = strings.TrimSpace(m[1])
		}
	}
	if a.Date == "" {
		if m := publishedRE.FindStringSubmatch(a.Text); m != nil {
			a.Date = m[1]
		}
	}
}

// language tells French from English by their commonest words.
func language(text string) string {
	fr, en := 0, 0
	for _, w := range strings.Fields(strings.ToLower(text)) {
		switch strings.Trim(w, ".,;:!?«»\"()") {
		case "le", "la", "les", "des", "est", "et", "une", "du", "dans", "pour", "qui":
			fr++
		case "the", "and", "is", "of", "to", "in", "that", "for", "with", "are":
			en++
		}
	}
	if en > fr {
		return "en"
	}
	return "fr"
}
