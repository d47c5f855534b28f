package bot

import (
	"maps"
	"slices"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

// The figures a question quotes are its amounts, shares and large numbers,
// not the asker's years of experience, a team's size or a year.
func TestQuotedFigures(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"got valued at like 10 billion?", []string{"10000000000"}},
		{"ils gagnent 90 dollars de l'heure ?", []string{"90"}},
		{"RAG ads up 200%?", []string{"200"}},
		{"LinkedIn a 300 cours ?", []string{"300"}},
		{"ER physician, 11 yrs in, a 20-person team", nil},
		{"What changed since 2023?", nil},
	}
	for _, tt := range tests {
		got := slices.Sorted(maps.Keys(quotedFigures(tt.q)))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: %v, want %v", tt.q, got, tt.want)
		}
	}
	e := &knowledge.Entry{Summary: "Mercor a été valorisée à 10 milliards de dollars.", SummaryEN: "Mercor was valued at $10 billion."}
	if !statesAny(e, quotedFigures("valued at 10 billion?")) || statesAny(e, quotedFigures("valued at 12 billion?")) {
		t.Error("statesAny: want the entry to state 10 billion and not 12 billion")
	}
}
