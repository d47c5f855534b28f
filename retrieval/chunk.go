package retrieval

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/careerbot/careerbot/knowledge"
)

// MaxChunkRunes is the size above which a section is split at paragraph
// boundaries.
const MaxChunkRunes = 1200

// Chunk is a searchable piece of an entry.
type Chunk struct {
	Ordinal int
	Lang    string
	// Heading names the entry and the section: "Prompt engineer · Le métier".
	Heading string
	// Text is the section's text, shown in answers.
	Text string
}

// EmbedText is the text given to the embedder: heading and text together.
func (c Chunk) EmbedText() string { return c.Heading + "\n" + c.Text }

// Hash identifies the chunk's content, so an unchanged chunk is never
// embedded twice by the same model.
func (c Chunk) Hash() string {
	sum := sha256.Sum256([]byte(c.Lang + "\x00" + c.EmbedText()))
	return hex.EncodeToString(sum[:16])
}

// ChunkEntry splits an entry into chunks: one for the summary in the
// entry's language, one for the English summary when there is one, and one
// per "##" section of the body (long sections split at paragraphs).
func ChunkEntry(e *knowledge.Entry) []Chunk {
	var out []Chunk
	add := func(lang, heading, text string) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		out = append(out, Chunk{Ordinal: len(out), Lang: lang, Heading: heading, Text: text})
	}
	names := e.Title
	if len(e.Aliases) > 0 {
		names += " (" + strings.Join(e.Aliases, ", ") + ")"
	}
	add(e.Lang, names, e.Summary)
	if e.SummaryEN != "" && e.Lang != "en" {
		en := e.TitleEN
		if en == "" {
			en = e.Title
		}
		if len(e.Aliases) > 0 {
			en += " (" + strings.Join(e.Aliases, ", ") + ")"
		}
		add("en", en, e.SummaryEN)
	}
	for _, s := range Sections(e.Body) {
		heading := e.Title
		if s.Heading != "" {
			heading += " · " + s.Heading
		}
		for _, part := range splitParagraphs(s.Text, MaxChunkRunes) {
			add(e.Lang, heading, part)
		}
	}
	// Each question an employee asks for the entry is a chunk of its own,
	// so that a question worded like it finds the entry.
	for _, q := range e.Questions {
		add(questionLang(q, e.Lang), e.Title+QuestionHeading, q)
	}
	return out
}

// QuestionHeading ends the heading of a chunk that is one of the
// questions an entry answers, not a passage of its text.
const QuestionHeading = " · ?"

// englishMarks are words that mark a question as English.
var englishMarks = map[string]bool{"what": true, "how": true, "which": true, "who": true, "why": true, "is": true,
	"are": true, "do": true, "does": true, "can": true, "should": true, "the": true, "i": true, "my": true,
	"much": true, "need": true, "job": true, "jobs": true, "any": true, "there": true, "where": true, "when": true}

// questionLang returns the language of a short question: English when it
// has English words and no French letters, else the entry's.
func questionLang(q, entryLang string) string {
	lower := strings.ToLower(q)
	if strings.ContainsAny(lower, "éèêàâùûôîçœ") {
		return "fr"
	}
	for _, w := range strings.FieldsFunc(lower, func(r rune) bool { return r < 'a' || r > 'z' }) {
		if englishMarks[w] {
			return "en"
		}
	}
	return entryLang
}

// Section is a "##" section of an entry's body.
type Section struct {
	Heading string
	Text    string
}

// Sections splits a Markdown body at its "##" headings. Text before the
// first heading is a section with no heading.
func Sections(body string) []Section {
	var out []Section
	cur := Section{}
	var b strings.Builder
	flush := func() {
		cur.Text = strings.TrimSpace(b.String())
		if cur.Text != "" || cur.Heading != "" {
			out = append(out, cur)
		}
		b.Reset()
	}
	for _, line := range strings.Split(body, "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			flush()
			cur = Section{Heading: strings.TrimSpace(h)}
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	flush()
	return out
}

func splitParagraphs(text string, max int) []string {
	if utf8.RuneCountInString(text) <= max {
		return []string{text}
	}
	var out []string
	var b strings.Builder
	for _, p := range strings.Split(text, "\n\n") {
		if b.Len() > 0 && utf8.RuneCountInString(b.String())+utf8.RuneCountInString(p) > max {
			out = append(out, b.String())
			b.Reset()
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}
