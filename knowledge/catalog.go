package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits on entry fields, checked when parsing and when editing.
const (
	MaxTitle   = 200
	MaxSummary = 2000
	MaxBody    = 50000
	MaxList    = 50
	// MaxQuestion bounds each of an entry's questions, in characters.
	MaxQuestion = 400
)

// FieldError is a problem with one field of a catalog file, located by file
// and line: "prompt-engineer.md:4: kind: unknown kind "job"".
type FieldError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in a catalog, in file and line order.
type ErrorList []*FieldError

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Err returns l as an error, or nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		return l[i].Line < l[j].Line
	})
	return l
}

// Parse reads one catalog file. name is used in error messages and, when it
// ends in ".md", must match the entry's slug.
func Parse(name string, data []byte) (*Entry, error) {
	var errs ErrorList
	fail := func(line int, field, format string, args ...any) {
		errs = append(errs, &FieldError{File: name, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if !utf8.Valid(data) {
		fail(0, "", "the file is not valid UTF-8: save it as UTF-8")
		return nil, errs.Err()
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		fail(1, "", "missing front matter: the file must start with a line '---', the YAML fields, then another '---'")
		return nil, errs.Err()
	}
	rest := text[len("---\n"):]
	end := strings.Index(rest, "\n---\n")
	var front, body string
	switch {
	case end >= 0:
		front, body = rest[:end+1], rest[end+len("\n---\n"):]
	case strings.HasSuffix(rest, "\n---"):
		front = rest[:len(rest)-len("---")]
	default:
		fail(1, "", "front matter is not closed: add a line '---' after the YAML fields")
		return nil, errs.Err()
	}
	bodyLine := 2 + strings.Count(front, "\n") + 1

	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(front), &doc); err != nil {
		line, msg := yamlErrorLine(err)
		if line > 0 {
			line++ // the front matter starts on line 2
			if strings.HasPrefix(msg, "did not find expected") {
				line++ // the parser reports the line before the unclosed item
			}
		}
		fail(line, "", "invalid YAML: %s", msg)
		return nil, errs.Err()
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		fail(2, "", "front matter must be YAML fields such as 'slug: prompt-engineer'")
		return nil, errs.Err()
	}
	e := &Entry{Status: StatusPublished}
	lines, problems, decoded := decodeFront(front, doc.Content[0], e)
	for _, p := range problems {
		fail(p.line, p.field, "%s", p.msg)
	}
	if !decoded {
		return nil, errs.Err()
	}
	e.Body = strings.TrimSpace(body)
	e.lines = lines
	for _, p := range Check(e) {
		l := lines[p.Field]
		if p.Field == "body" {
			l = bodyLine
		}
		if l == 0 {
			l = 1
		}
		fail(l, p.Field, "%s", p.Msg)
	}
	if base := path.Base(name); strings.HasSuffix(base, ".md") && e.Slug != "" && strings.TrimSuffix(base, ".md") != e.Slug {
		fail(lines["slug"], "slug", "%q does not match the file name %q: rename the file to %s.md", e.Slug, base, e.Slug)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return e, nil
}

func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
		if i := strings.Index(msg, ":"); i >= 0 {
			msg = strings.TrimSpace(msg[i+1:])
		}
	}
	return line, msg
}

// relationLine is the key under which the line of one relation item is
// kept among the entry's field lines.
func relationLine(kind RelationKind, slug string) string {
	return "relations." + string(kind) + " " + slug
}

// maxQuoted is the most runes of a wrong value that a problem quotes, the
// ellipsis included: 100 of the value, then "…".
const maxQuoted = 101

// Problem is one thing wrong with an entry's fields: what (Code, with
// Count and Max for the sizes), and Msg, which says it in English with what
// to do.
type Problem struct {
	Field string
	Code  ProblemCode
	// Count is the size found and Max the most allowed, for ProblemTooLong
	// (characters) and ProblemTooMany (items).
	Count, Max int
	Msg        string
}

// Check validates an entry's fields on their own (relations to other
// entries are checked by CheckRelations). The messages say what to do.
func Check(e *Entry) []Problem {
	var ps []Problem
	add := func(field string, code ProblemCode, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Code: code, Msg: fmt.Sprintf(format, args...)})
	}
	size := func(field string, code ProblemCode, count, max int, what string) {
		ps = append(ps, Problem{Field: field, Code: code, Count: count, Max: max,
			Msg: fmt.Sprintf(what, count, max)})
	}
	switch {
	case e.Slug == "":
		add("slug", ProblemMissing, "missing: add a slug such as 'prompt-engineer'")
	case !ValidSlug(e.Slug):
		add("slug", ProblemInvalid, "%q is not valid: use 2 to 80 lowercase letters, digits and hyphens", Clip(e.Slug, maxQuoted))
	}
	if !e.Kind.Valid() {
		if e.Kind == "" {
			add("kind", ProblemMissing, "missing: use role, skill, training or insight")
		} else {
			add("kind", ProblemUnknown, "unknown kind %q: use role, skill, training or insight", Clip(string(e.Kind), maxQuoted))
		}
	}
	if !slices.Contains(Languages, e.Lang) {
		if e.Lang == "" {
			add("lang", ProblemMissing, "missing: use fr or en")
		} else {
			add("lang", ProblemUnknown, "unknown language %q: use fr or en", Clip(e.Lang, maxQuoted))
		}
	}
	if !e.Status.Valid() {
		add("status", ProblemUnknown, "unknown status %q: use draft, published or archived", Clip(string(e.Status), maxQuoted))
	}
	text := func(field, v string, required bool, max int) {
		switch {
		case v == "" && required:
			add(field, ProblemMissing, "missing: it is required")
		case utf8.RuneCountInString(v) > max:
			size(field, ProblemTooLong, utf8.RuneCountInString(v), max, "too long (%d characters): keep it under %d")
		case strings.ContainsRune(v, 0):
			add(field, ProblemNUL, "contains a NUL character: remove it")
		}
	}
	text("title", e.Title, true, MaxTitle)
	text("title_en", e.TitleEN, false, MaxTitle)
	text("summary", e.Summary, true, MaxSummary)
	text("summary_en", e.SummaryEN, false, MaxSummary)
	// A figure without its date or period says nothing reliable.
	text("period", e.Period, e.Kind == KindInsight, MaxTitle)
	text("body", e.Body, false, MaxBody)
	if len(e.Aliases) > MaxList {
		size("aliases", ProblemTooMany, len(e.Aliases), MaxList, "too many (%d): keep at most %d")
	}
	if len(e.Tags) > MaxList {
		size("tags", ProblemTooMany, len(e.Tags), MaxList, "too many (%d): keep at most %d")
	}
	if len(e.Questions) > MaxList {
		size("questions", ProblemTooMany, len(e.Questions), MaxList, "too many (%d): keep at most %d")
	}
	for _, q := range e.Questions {
		if n := utf8.RuneCountInString(q); n > MaxQuestion {
			size("questions", ProblemTooLong, n, MaxQuestion, "a question is too long (%d characters): keep each under %d")
			break
		}
	}
	if len(e.Backgrounds) > MaxList {
		size("backgrounds", ProblemTooMany, len(e.Backgrounds), MaxList, "too many (%d): keep at most %d")
	}
	if len(e.Sources) == 0 {
		add("sources", ProblemMissing, "missing: every entry cites at least one source (article, title, publisher, date)")
	}
	return ps
}

// Catalog is a set of entries read from files, by slug.
type Catalog struct {
	Entries []*Entry
	// Synonyms are the groups of the catalog's synonyms file; nil when the
	// folder has none (the stored ones are then kept).
	Synonyms [][]string
	files    map[string]string // slug → file name
}

// ReadCatalog parses every .md file under root in fsys (README.md files
// excepted) and checks the catalog as a whole, relations included: each
// must point to an entry of the catalog. It returns every problem found,
// each with its file and line, or the catalog when there is none.
func ReadCatalog(fsys fs.FS, root string) (*Catalog, error) {
	c, err := ReadCatalogFiles(fsys, root)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRelations(nil); err != nil {
		return nil, err
	}
	return c, nil
}

// ReadCatalogFiles is ReadCatalog without the check of relations, for a
// catalog whose entries may relate to entries stored elsewhere: the caller
// checks them with CheckRelations and the slugs it knows.
func ReadCatalogFiles(fsys fs.FS, root string) (*Catalog, error) {
	var errs ErrorList
	c := &Catalog{files: map[string]string{}}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Name() == SynonymsFile {
			groups, ok, err := readPart(fsys, p, ParseSynonyms, &errs)
			if ok {
				c.Synonyms = append(c.Synonyms, groups...)
			}
			return err
		}
		if !strings.HasSuffix(p, ".md") || strings.EqualFold(d.Name(), "README.md") {
			return nil
		}
		e, ok, err := readPart(fsys, p, Parse, &errs)
		if !ok {
			return err
		}
		if prev, dup := c.files[e.Slug]; dup {
			errs = append(errs, &FieldError{File: p, Line: 2, Field: "slug", Msg: fmt.Sprintf("%q is already used by %s: slugs must be unique", e.Slug, prev)})
			return nil
		}
		c.files[e.Slug] = p
		c.Entries = append(c.Entries, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	if len(errs) == 0 && len(c.Entries) == 0 {
		return nil, fmt.Errorf("read catalog: no entry (.md file) found in %s", root)
	}
	sort.Slice(c.Entries, func(i, j int) bool { return c.Entries[i].Slug < c.Entries[j].Slug })
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// readPart reads the catalog file p and parses it: the file's problems
// join errs (ok is false, err nil), other errors are returned.
func readPart[T any](fsys fs.FS, p string, parse func(string, []byte) (T, error), errs *ErrorList) (T, bool, error) {
	var zero T
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return zero, false, fmt.Errorf("read %s: %w", p, err)
	}
	v, err := parse(p, data)
	var list ErrorList
	if errors.As(err, &list) {
		*errs = append(*errs, list...)
		return zero, false, nil
	} else if err != nil {
		return zero, false, err
	}
	return v, true, nil
}

// NewCatalog returns a catalog of entries made elsewhere than in files
// (drafted, generated), each known by its slug's file name.
func NewCatalog(entries []*Entry) *Catalog {
	c := &Catalog{Entries: entries, files: map[string]string{}}
	for _, e := range entries {
		c.files[e.Slug] = e.Slug + ".md"
	}
	return c
}

// File returns the file an entry was read from.
func (c *Catalog) File(slug string) string { return c.files[slug] }

// CheckRelations reports relations that point to neither an entry of the
// catalog nor one of the known slugs (entries already stored elsewhere),
// each at the line of its item when the entry was parsed from a file.
func (c *Catalog) CheckRelations(known map[string]bool) error {
	var errs ErrorList
	for _, e := range c.Entries {
		for _, r := range e.Relations.All() {
			line := e.lines[relationLine(r.Kind, r.Slug)]
			if line == 0 {
				line = e.Line("relations")
			}
			if c.files[r.Slug] == "" && !known[r.Slug] {
				errs = append(errs, &FieldError{File: c.file(e), Line: line, Field: "relations." + string(r.Kind),
					Msg: fmt.Sprintf("%q is not an entry: create it or fix the slug", r.Slug)})
			}
			if r.Slug == e.Slug {
				errs = append(errs, &FieldError{File: c.file(e), Line: line, Field: "relations." + string(r.Kind),
					Msg: "an entry cannot relate to itself"})
			}
		}
	}
	return errs.Err()
}

// file names the file of e in errors: the one it was read from, or its
// slug's file name for an entry added to the catalog otherwise.
func (c *Catalog) file(e *Entry) string {
	if f := c.files[e.Slug]; f != "" {
		return f
	}
	return e.Slug + ".md"
}
