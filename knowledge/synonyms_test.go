package knowledge

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseSynonyms(t *testing.T) {
	groups, err := ParseSynonyms("synonyms.yaml", []byte("# comment\n- [salaire, rémunération, salary]\n- [\"ESN\", SSII]\n"))
	if err != nil || len(groups) != 2 || !slices.Equal(groups[1], []string{"ESN", "SSII"}) {
		t.Fatalf("groups %q, err %v", groups, err)
	}
	if back, err := ParseSynonyms("s.yaml", MarshalSynonyms(groups)); err != nil || !slices.EqualFunc(back, groups, slices.Equal[[]string]) {
		t.Errorf("MarshalSynonyms does not read back: %q %v", back, err)
	}
	for _, tt := range []struct{ text, want string }{
		{"- [salaire]\n", "synonyms.yaml:1: synonyms: a group needs at least two terms"},
		{"- [a, b]\n- salaire\n", "synonyms.yaml:2: synonyms: expected a group of terms in brackets"},
		{"groups: x\n", "synonyms.yaml:1: synonyms: expected a list of groups"},
		{"- [a, b\n", "synonyms.yaml:"},
		{"- [a, \"" + strings.Repeat("x", MaxSynonym+1) + "\"]\n", "synonyms.yaml:1: synonyms: \"xxx"},
	} {
		if _, err := ParseSynonyms("synonyms.yaml", []byte(tt.text)); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: %v, want it to start with %q", tt.text, err, tt.want)
		}
	}
}

// A malformed synonyms file stops the import like a malformed entry, at
// its line; a folder without one has no synonyms to replace the stored.
func TestCatalogSynonyms(t *testing.T) {
	fsys := fstest.MapFS{"prompt-engineer.md": {Data: []byte(validEntry)}, "synonyms.yaml": {Data: []byte("- [a, b]\n- [c]\n")}}
	if _, err := ReadCatalogFiles(fsys, "."); err == nil || !strings.Contains(err.Error(), "synonyms.yaml:2: synonyms:") {
		t.Errorf("malformed synonyms: %v", err)
	}
	delete(fsys, "synonyms.yaml")
	c, err := ReadCatalogFiles(fsys, ".")
	if err != nil || c.Synonyms != nil {
		t.Errorf("no synonyms file: %v, %q", err, c.Synonyms)
	}
}
