package draft

import (
	"regexp"
	"sort"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

// PartKind is what a non-article part of a text is.
type PartKind string

// The kinds of non-article part.
const (
	// PartWriterRequest is a request to an AI writer left in the text
	// ("Make this article seo compatible…").
	PartWriterRequest PartKind = "request to a writer"
	// PartBoilerplate is a blog's or site's own text: comment prompts,
	// "Voir aussi", a "Source :" line, an editor's bracketed note.
	PartBoilerplate PartKind = "boilerplate"
	// PartCredit is an image credit: "(Crédit : Upwork)".
	PartCredit PartKind = "image credit"
	// PartLabel is a box label glued to the text: "ImportantL’accélération".
	PartLabel PartKind = "box label"
	// PartRepeat is a passage that repeats an earlier one word for word.
	PartRepeat PartKind = "repeated text"
)

// Part is a span of a text that is not the article's own.
type Part struct {
	Kind       PartKind
	Start, End int
	Text       string
}

var (
	writerRequestRE = regexp.MustCompile(`(?i)\b(?:make this article|seo[- ]compatible|seo[- ]friendly|subheadings|at least \d+ words|create at least|rewrite this|write (?:an|this) article|be in (?:french|english)|as an ai language model)\b`)
	creditRE        = regexp.MustCompile(`(?i)\(\s*(?:crédits?|credits?|photo|image|illustration)\s*:[^)\n]{1,80}\)`)
	creditLineRE    = regexp.MustCompile(`(?im)^[ \t]*(?:crédits? photo|photo credits?|crédit image|image credits?)\s*:.*$`)
	editorNoteRE    = regexp.MustCompile(`\[\s*(?:Avis|Note|NDLR|N\.d\.l\.r\.|Editor['’]s note)[^\]\n]{0,200}\]`)
	sourceLineRE    = regexp.MustCompile(`(?im)^[ \t]*source\s*:[^\n]{1,80}$`)
	labelRE         = regexp.MustCompile(`(?m)(?:^|[\s.])((?:Important|Encadré|À retenir|A retenir|À lire aussi|A lire aussi|Lire aussi|Publicité|Advertisement))\p{Lu}`)
)

// boilerplateLines are whole lines that blogs and news sites add around
// an article, accents folded and lowercase.
var boilerplateLines = map[string]bool{
	"commentaire": true, "commentaires": true, "aucun commentaire": true, "aucun commentaire:": true,
	"enregistrer un commentaire": true, "publier un commentaire": true, "laisser un commentaire": true,
	"voir aussi": true, "lire aussi": true, "a lire aussi": true, "sur le meme sujet": true, "partager": true,
	"partager cet article": true, "newsletter": true, "abonnez-vous": true, "publicite": true,
	"comments": true, "no comments:": true, "post a comment": true, "leave a comment": true, "see also": true,
	"read more": true, "related articles": true, "share this article": true, "advertisement": true,
}

// nonArticle finds the parts of text that are not the article's own.
func nonArticle(text, lang string) []Part {
	var parts []Part
	add := func(kind PartKind, s, e int) {
		parts = append(parts, Part{Kind: kind, Start: s, End: e, Text: text[s:e]})
	}
	at := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		s, e := at, at+len(strings.TrimRight(line, "\n"))
		at += len(line)
		l := strings.TrimSpace(text[s:e])
		if l == "" {
			continue
		}
		if boilerplateLines[knowledge.FoldAccents(strings.ToLower(l))] {
			add(PartBoilerplate, s, e)
			continue
		}
		// A request to a writer is in English, whatever the article's
		// language, and is a line of its own.
		if writerRequestRE.MatchString(l) && (lang != "en" || len(l) < 300) {
			add(PartWriterRequest, s, e)
		}
	}
	for _, m := range creditRE.FindAllStringIndex(text, -1) {
		add(PartCredit, m[0], m[1])
	}
	for _, m := range creditLineRE.FindAllStringIndex(text, -1) {
		add(PartCredit, m[0], m[1])
	}
	for _, m := range editorNoteRE.FindAllStringIndex(text, -1) {
		add(PartBoilerplate, m[0], m[1])
	}
	for _, m := range sourceLineRE.FindAllStringIndex(text, -1) {
		add(PartBoilerplate, m[0], m[1])
	}
	for _, m := range labelRE.FindAllStringSubmatchIndex(text, -1) {
		add(PartLabel, m[2], m[3])
	}
	parts = append(parts, repeats(text)...)
	sort.Slice(parts, func(i, j int) bool { return parts[i].Start < parts[j].Start })
	return parts
}

// minRepeat is the shortest paragraph whose second copy counts as a
// repeated body.
const minRepeat = 80

// repeats finds the paragraphs (lines) that repeat an earlier one word for
// word: a page that carries its body twice.
func repeats(text string) []Part {
	seen := map[string]bool{}
	var out []Part
	at := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		s := at
		at += len(line)
		key := strings.Join(strings.Fields(line), " ")
		if len(key) < minRepeat {
			continue
		}
		if seen[key] {
			out = append(out, Part{Kind: PartRepeat, Start: s, End: s + len(strings.TrimRight(line, "\n")), Text: strings.TrimRight(line, "\n")})
			continue
		}
		seen[key] = true
	}
	return out
}

// blank returns text with each part replaced by spaces, line breaks kept,
// so that offsets stay those of text.
func blank(text string, parts []Part) string {
	b := []byte(text)
	for _, p := range parts {
		for i := p.Start; i < p.End; i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}
