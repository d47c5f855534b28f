package knowledge

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const validEntry = `---
slug: prompt-engineer
kind: role
lang: fr
title: Prompt engineer
title_en: Prompt engineer
aliases: [ingénieur prompt, prompt designer]
tags: [ia-generative]
summary: Le prompt engineer formule les requêtes envoyées aux IA.
summary_en: A prompt engineer phrases the requests sent to AI.
sources:
  - article: 004_a01adb1aae4e0b7f.txt
    title: "Les nouveaux métiers de l'IA"
    publisher: Presse française
    date: "2023"
relations:
  requires: [prompt-writing]
  learn_with: [self-learning]
---
## Le métier
Poser les bonnes questions aux IA.
`

// A source's url is kept, and is what answers link to; an article that is
// a web address is linked too.
func TestSourceLink(t *testing.T) {
	text := strings.Replace(validEntry, `    date: "2023"`, "    date: \"2023\"\n    url: https://www.lemonde.fr/metiers-ia?id=1", 1)
	e, err := Parse("prompt-engineer.md", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Sources[0].Link(); got != "https://www.lemonde.fr/metiers-ia?id=1" {
		t.Errorf("link %q", got)
	}
	tests := []struct {
		s    Source
		want string
	}{
		{Source{Article: "004_a01adb1aae4e0b7f.txt"}, ""},
		{Source{Article: "https://example.com/a"}, "https://example.com/a"},
		{Source{Article: "javascript:alert(1)"}, ""},
		{Source{Article: "https://user:pw@example.com/a"}, ""},
		{Source{Article: "https://example.com/a", URL: "https://example.org/b"}, "https://example.org/b"},
	}
	for _, tt := range tests {
		if got := tt.s.Link(); got != tt.want {
			t.Errorf("%+v: link %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestParseValid(t *testing.T) {
	e, err := Parse("prompt-engineer.md", []byte(validEntry))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := &Entry{
		Slug: "prompt-engineer", Kind: KindRole, Lang: "fr", Status: StatusPublished,
		Title: "Prompt engineer", TitleEN: "Prompt engineer",
		Aliases: []string{"ingénieur prompt", "prompt designer"}, Tags: []string{"ia-generative"},
		Summary:   "Le prompt engineer formule les requêtes envoyées aux IA.",
		SummaryEN: "A prompt engineer phrases the requests sent to AI.",
		Sources:   []Source{{Article: "004_a01adb1aae4e0b7f.txt", Title: "Les nouveaux métiers de l'IA", Publisher: "Presse française", Date: "2023"}},
		Relations: Relations{Requires: []string{"prompt-writing"}, LearnWith: []string{"self-learning"}},
		Body:      "## Le métier\nPoser les bonnes questions aux IA.",
	}
	e.lines = nil
	if !reflect.DeepEqual(e, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", e, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		text string
		want string // the whole first error line
	}{
		{"no front matter", "a.md", "# Title\n", "a.md:1: missing front matter: the file must start with a line '---', the YAML fields, then another '---'"},
		{"unclosed", "a.md", "---\nslug: a\n", "a.md:1: front matter is not closed: add a line '---' after the YAML fields"},
		{"unknown kind", "prompt-engineer.md", strings.Replace(validEntry, "kind: role", "kind: job", 1),
			`prompt-engineer.md:3: kind: unknown kind "job": use role, skill, training or insight`},
		{"missing title", "prompt-engineer.md", strings.Replace(validEntry, "title: Prompt engineer\n", "", 1),
			"prompt-engineer.md:1: title: missing: it is required"},
		{"unknown field", "prompt-engineer.md", strings.Replace(validEntry, "tags:", "tagz:", 1),
			"prompt-engineer.md:8: tagz: unknown field: use one of slug, kind, lang, status, title, title_en, aliases, tags, backgrounds, questions, summary, summary_en, period, sources, relations"},
		{"list expected", "prompt-engineer.md", strings.Replace(validEntry, "aliases: [ingénieur prompt, prompt designer]", "aliases: ingénieur prompt", 1),
			"prompt-engineer.md:7: aliases: must be a list, such as [a, b]"},
		{"bad yaml", "prompt-engineer.md", strings.Replace(validEntry, "tags: [ia-generative]", "tags: [ia-generative", 1),
			"prompt-engineer.md:8: invalid YAML: did not find expected ',' or ']'"},
		{"slug and file", "other.md", validEntry,
			`other.md:2: slug: "prompt-engineer" does not match the file name "other.md": rename the file to prompt-engineer.md`},
		{"bad slug", "x.md", strings.Replace(validEntry, "slug: prompt-engineer", "slug: Prompt Engineer", 1),
			`x.md:2: slug: "Prompt Engineer" is not valid: use 2 to 80 lowercase letters, digits and hyphens`},
		{"no source", "prompt-engineer.md", validEntry[:strings.Index(validEntry, "sources:")] + validEntry[strings.Index(validEntry, "relations:"):],
			"prompt-engineer.md:1: sources: missing: every entry cites at least one source (article, title, publisher, date)"},
		{"bad relation", "prompt-engineer.md", strings.Replace(validEntry, "requires: [prompt-writing]", "requires: [Prompt Writing]", 1),
			`prompt-engineer.md:17: relations.requires: "Prompt Writing" is not a slug (lowercase letters, digits and hyphens)`},
		{"source url not a web address", "prompt-engineer.md", strings.Replace(validEntry, `    date: "2023"`, "    date: \"2023\"\n    url: www.lemonde.fr/metiers-ia", 1),
			`prompt-engineer.md:16: sources.url: "www.lemonde.fr/metiers-ia" is not a web address: write it in full, such as https://www.example.com/article`},
		{"source url with a space", "prompt-engineer.md", strings.Replace(validEntry, `    date: "2023"`, "    date: \"2023\"\n    url: https://example.com/les métiers", 1),
			`prompt-engineer.md:16: sources.url: "https://example.com/les métiers" has a space or one of < > | ": encode them (%20, %3C…)`},
		{"set twice", "prompt-engineer.md", strings.Replace(validEntry, "tags: [ia-generative]", "tags: [ia-generative]\ntags: [x]", 1),
			"prompt-engineer.md:9: tags: set twice (first on line 8): keep one"},
		{"text expected", "prompt-engineer.md", strings.Replace(validEntry, "title: Prompt engineer\n", "title: [a, b]\n", 1),
			"prompt-engineer.md:5: title: must be text"},
		{"empty item", "prompt-engineer.md", strings.Replace(validEntry, "aliases: [ingénieur prompt, prompt designer]", "aliases: [a, '  ']", 1),
			"prompt-engineer.md:7: aliases: every item must be non-empty text"},
		{"source not a mapping", "prompt-engineer.md", strings.Replace(validEntry, "sources:\n", "sources:\n  - an article\n", 1),
			"prompt-engineer.md:12: sources: each source must have article, title, publisher and date"},
		{"unknown source field", "prompt-engineer.md", strings.Replace(validEntry, `    date: "2023"`, "    date: \"2023\"\n    author: Le Monde", 1),
			"prompt-engineer.md:16: sources.author: unknown field: use article, title, publisher, date, quote or url"},
		{"unknown relation", "prompt-engineer.md", strings.Replace(validEntry, "  requires: [prompt-writing]", "  requires: [prompt-writing]\n  needs: [python]", 1),
			"prompt-engineer.md:18: relations.needs: unknown relation: use requires, learn_with or related"},
		{"relation not a list", "prompt-engineer.md", strings.Replace(validEntry, "requires: [prompt-writing]", "requires: prompt-writing", 1),
			"prompt-engineer.md:17: relations.requires: must be a list of slugs, such as [python, pytorch]"},
		{"not utf8", "a.md", "---\nslug: \xff\n---\n", "a.md: the file is not valid UTF-8: save it as UTF-8"},
		// A figure needs the date or period it describes.
		{"insight without period", "prompt-engineer.md", strings.Replace(validEntry, "kind: role", "kind: insight", 1),
			"prompt-engineer.md:1: period: missing: it is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, []byte(tt.text))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Parse error = %v, want an ErrorList", err)
			}
			if got := strings.Split(err.Error(), "\n")[0]; got != tt.want {
				t.Errorf("first error:\n got %s\nwant %s\n(all: %v)", got, tt.want, err)
			}
		})
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	e, err := Parse("prompt-engineer.md", []byte(validEntry))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse("prompt-engineer.md", Marshal(e))
	if err != nil {
		t.Fatalf("Parse(Marshal(e)): %v\n%s", err, Marshal(e))
	}
	e.lines, again.lines = nil, nil
	if !reflect.DeepEqual(e, again) {
		t.Errorf("round trip changed the entry:\n%+v\n%+v", e, again)
	}
	if string(Marshal(again)) != string(Marshal(e)) {
		t.Error("Marshal is not stable")
	}
	if e.ContentHash() != again.ContentHash() {
		t.Error("content hash changed on a round trip")
	}
}

func TestReadCatalogRelations(t *testing.T) {
	block := strings.Replace(validEntry, "relations:\n  requires: [prompt-writing]\n  learn_with: [self-learning]\n",
		"relations:\n  requires:\n    - prompt-writing\n    - prompt-engineer\n  learn_with: [self-learning]\n", 1)
	tests := []struct {
		name, file string
		want       []string
	}{
		// Each error is at the line of its item.
		{"flow list", validEntry, []string{
			`prompt-engineer.md:17: relations.requires: "prompt-writing" is not an entry: create it or fix the slug`,
			`prompt-engineer.md:18: relations.learn_with: "self-learning" is not an entry: create it or fix the slug`,
		}},
		{"block list", block, []string{
			`prompt-engineer.md:18: relations.requires: "prompt-writing" is not an entry: create it or fix the slug`,
			`prompt-engineer.md:19: relations.requires: an entry cannot relate to itself`,
			`prompt-engineer.md:20: relations.learn_with: "self-learning" is not an entry: create it or fix the slug`,
		}},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{
			"prompt-engineer.md": {Data: []byte(tt.file)},
			"README.md":          {Data: []byte("not an entry")},
		}
		_, err := ReadCatalog(fsys, ".")
		if err == nil || err.Error() != strings.Join(tt.want, "\n") {
			t.Errorf("%s: error =\n%v\nwant\n%s", tt.name, err, strings.Join(tt.want, "\n"))
		}
		// Without the relation check, the files read; the slugs stored
		// elsewhere satisfy the check.
		c, err := ReadCatalogFiles(fsys, ".")
		if err != nil {
			t.Fatalf("%s: ReadCatalogFiles: %v", tt.name, err)
		}
		if err := c.CheckRelations(map[string]bool{"prompt-writing": true, "self-learning": true}); (err == nil) != (tt.name == "flow list") {
			t.Errorf("%s: CheckRelations with known slugs: %v", tt.name, err)
		}
	}
	if err := mustCatalog(t, fstest.MapFS{"prompt-engineer.md": {Data: []byte(validEntry)}}).CheckRelations(map[string]bool{"prompt-writing": true, "self-learning": true}); err != nil {
		t.Errorf("CheckRelations with known slugs: %v", err)
	}
}

// mustCatalog reads a catalog whose relations may point outside it.
func mustCatalog(t *testing.T, fsys fstest.MapFS) *Catalog {
	t.Helper()
	c := &Catalog{files: map[string]string{}}
	for name, f := range fsys {
		if !strings.HasSuffix(name, ".md") || name == "README.md" {
			continue
		}
		e, err := Parse(name, f.Data)
		if err != nil {
			t.Fatal(err)
		}
		c.Entries = append(c.Entries, e)
		c.files[e.Slug] = name
	}
	return c
}

func TestReadCatalogDuplicateSlug(t *testing.T) {
	dup := strings.Replace(validEntry, "relations:\n  requires: [prompt-writing]\n  learn_with: [self-learning]\n", "", 1)
	fsys := fstest.MapFS{
		"prompt-engineer.md":     {Data: []byte(dup)},
		"sub/prompt-engineer.md": {Data: []byte(dup)},
	}
	_, err := ReadCatalog(fsys, ".")
	if err == nil || !strings.Contains(err.Error(), `sub/prompt-engineer.md:2: slug: "prompt-engineer" is already used by prompt-engineer.md`) {
		t.Errorf("error = %v, want a duplicate slug error", err)
	}
}

func TestFoldAccentsAndSlugify(t *testing.T) {
	if got := FoldAccents("Métier d’œuvre"); got != "Metier d'oeuvre" {
		t.Errorf("FoldAccents = %q", got)
	}
	if got := Slugify("Ingénieur déployé sur le terrain !"); got != "ingenieur-deploye-sur-le-terrain" {
		t.Errorf("Slugify = %q", got)
	}
}
