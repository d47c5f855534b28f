package knowledge

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Marshal writes an entry in the catalog file format: its front matter
// (Entry's yaml tags, the status left out when published), then its body.
// Parse(Marshal(e)) gives back e's content.
func Marshal(e *Entry) []byte {
	fm := *e
	if fm.Status == StatusPublished {
		fm.Status = ""
	}
	var node yaml.Node
	if err := node.Encode(&fm); err != nil {
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
