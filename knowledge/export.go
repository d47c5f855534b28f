package knowledge

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// frontMatter is the YAML shape of an entry's header, in file order.
type frontMatter struct {
	Slug    string   `yaml:"slug"`
	Kind    Kind     `yaml:"kind"`
	Lang    string   `yaml:"lang"`
	Status  Status   `yaml:"status,omitempty"`
	Title   string   `yaml:"title"`
	TitleEN string   `yaml:"title_en,omitempty"`
	Aliases []string `yaml:"aliases,omitempty,flow"`
	Tags    []string `yaml:"tags,omitempty,flow"`
	// Backgrounds follow the tags: who the entry suits.
	Backgrounds []string   `yaml:"backgrounds,omitempty,flow"`
	Questions   []string   `yaml:"questions,omitempty"`
	Summary     string     `yaml:"summary"`
	SummaryEN   string     `yaml:"summary_en,omitempty"`
	Period      string     `yaml:"period,omitempty"`
	Sources     []Source   `yaml:"sources"`
	Relations   *relations `yaml:"relations,omitempty"`
}

type relations struct {
	Requires  []string `yaml:"requires,omitempty,flow"`
	LearnWith []string `yaml:"learn_with,omitempty,flow"`
	Related   []string `yaml:"related,omitempty,flow"`
}

// Marshal writes an entry in the catalog file format. Parse(Marshal(e))
// gives back e's content.
func Marshal(e *Entry) []byte {
	fm := frontMatter{
		Slug: e.Slug, Kind: e.Kind, Lang: e.Lang, Title: e.Title, TitleEN: e.TitleEN,
		Aliases: e.Aliases, Tags: e.Tags, Backgrounds: e.Backgrounds, Questions: e.Questions, Summary: e.Summary, SummaryEN: e.SummaryEN,
		Period: e.Period, Sources: e.Sources,
	}
	if e.Status != StatusPublished {
		fm.Status = e.Status
	}
	if !e.Relations.Empty() {
		fm.Relations = &relations{e.Relations.Requires, e.Relations.LearnWith, e.Relations.Related}
	}
	var node yaml.Node
	if err := node.Encode(fm); err != nil {
		// Encoding plain strings and lists cannot fail.
		panic(fmt.Sprintf("marshal entry %s: %v", e.Slug, err))
	}
	// Long texts read and edit best as folded blocks.
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		if (k.Value == "summary" || k.Value == "summary_en") && len(v.Value) > 60 {
			v.Style = yaml.FoldedStyle
		}
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		// Encoding plain strings and lists cannot fail.
		panic(fmt.Sprintf("marshal entry %s: %v", e.Slug, err))
	}
	_ = enc.Close()
	b.WriteString("---\n")
	if body := strings.TrimSpace(e.Body); body != "" {
		b.WriteString(body)
		b.WriteString("\n")
	}
	return b.Bytes()
}

// WriteDir writes each entry to dir/<slug>.md, and the synonyms, when
// there are any, to dir/synonyms.yaml, creating dir if needed.
func WriteDir(dir string, entries []*Entry, synonyms [][]string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if len(synonyms) > 0 {
		p := filepath.Join(dir, SynonymsFile)
		if err := os.WriteFile(p, MarshalSynonyms(synonyms), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Slug+".md")
		if err := os.WriteFile(p, Marshal(e), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	return nil
}
