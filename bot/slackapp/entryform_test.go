package slackapp

import (
	"reflect"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

// The entry form's sources field keeps every part of a source, its link
// included, and says which line is wrong and how.
func TestFormSources(t *testing.T) {
	sources := []knowledge.Source{
		{Title: "Les métiers de l'IA", Publisher: "Presse française", Date: "2023", Article: "004_a01adb1aae4e0b7f.txt", URL: "https://www.example.com/ia"},
		{Title: "Upwork", Publisher: "Presse IT", Date: "2023", Quote: "« Le prompt engineer… »"},
		{Title: "Plain", Publisher: "P", Date: "2024"},
	}
	got, problem := parseSources(sourcesText(sources), "en")
	if problem != "" || !reflect.DeepEqual(got, sources) {
		t.Fatalf("round trip: %+v (%s), want %+v", got, problem, sources)
	}
	tests := []struct {
		text, lang, want string
	}{
		{"T | P | 2023 | a.txt | | www.example.com", "en", `Line 1: the link "www.example.com" is not a web address`},
		{"T | P | 2023\nT | P | 2023 | a.txt | | javascript:alert(1)", "fr", "Ligne 2 : le lien doit être une adresse web complète"},
		{"a | b | c | d | e | f | g", "en", "Line 1 has 7 parts"},
	}
	for _, tt := range tests {
		if _, problem := parseSources(tt.text, tt.lang); !strings.HasPrefix(problem, tt.want) {
			t.Errorf("parseSources(%q) = %q, want it to start with %q", tt.text, problem, tt.want)
		}
	}
}
