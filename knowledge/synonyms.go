package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// SynonymsFile is the catalog file that holds the synonyms: words and
// phrases employees use for the same thing, in French and English.
const SynonymsFile = "synonyms.yaml"

// MaxSynonym is the longest term of a synonym group, in bytes.
const MaxSynonym = 80

// ParseSynonyms reads a synonyms file: a YAML list of groups, each a list
// of two or more terms ("- [caractère, personnalité, personality]"). Its
// problems come with the file and line of the group they are in.
func ParseSynonyms(name string, data []byte) ([][]string, error) {
	if !utf8.Valid(data) {
		return nil, ErrorList{&FieldError{File: name, Line: 1, Field: "synonyms", Msg: "the file is not valid UTF-8: save it as UTF-8"}}
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		line, msg := yamlErrorLine(err)
		return nil, ErrorList{&FieldError{File: name, Line: max(line, 1), Field: "synonyms", Msg: "not valid YAML: " + msg}}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.SequenceNode {
		return nil, ErrorList{&FieldError{File: name, Line: root.Line, Field: "synonyms", Msg: "expected a list of groups, such as - [salaire, rémunération, salary]"}}
	}
	var errs ErrorList
	var out [][]string
	for _, g := range root.Content {
		fail := func(format string, args ...any) {
			errs = append(errs, &FieldError{File: name, Line: g.Line, Field: "synonyms", Msg: fmt.Sprintf(format, args...)})
		}
		if g.Kind != yaml.SequenceNode {
			fail("expected a group of terms in brackets, such as [salaire, rémunération, salary]")
			continue
		}
		var group []string
		for _, t := range g.Content {
			term := strings.TrimSpace(t.Value)
			switch {
			case t.Kind != yaml.ScalarNode || term == "":
				fail("a term is empty or not a word: write each term as text")
			case len(term) > MaxSynonym:
				fail("%q is too long: keep each term under %d bytes", term[:40]+"…", MaxSynonym)
			default:
				group = append(group, term)
			}
		}
		if len(group) < 2 {
			fail("a group needs at least two terms that mean the same")
			continue
		}
		out = append(out, group)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// MarshalSynonyms writes groups in the synonyms file format.
func MarshalSynonyms(groups [][]string) []byte {
	var b strings.Builder
	b.WriteString("# Words and phrases employees use for the same thing, in French and English.\n")
	b.WriteString("# A question that uses one of a group's terms is searched with the others too.\n")
	for _, g := range groups {
		quoted := make([]string, len(g))
		for i, t := range g {
			quoted[i] = yamlQuote(t)
		}
		b.WriteString("- [" + strings.Join(quoted, ", ") + "]\n")
	}
	return []byte(b.String())
}

// yamlQuote writes a term as a YAML flow scalar.
func yamlQuote(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	q := strings.TrimSuffix(string(out), "\n")
	if strings.ContainsAny(q, ",[]{}") && !strings.HasPrefix(q, `"`) && !strings.HasPrefix(q, "'") {
		return fmt.Sprintf("%q", s)
	}
	return q
}
