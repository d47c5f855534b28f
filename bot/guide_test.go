package bot

import (
	"slices"
	"testing"
)

func TestBestOfSaysWhatASentencePointsTo(t *testing.T) {
	ss := []string{
		"An AI sales engineer sells AI technologies to companies.",
		"Clément, 31, uses his dual technical and commercial profile to explain AI to clients.",
		"He graduated in computer science from EPFL, then studied at HEC to gain sales skills.",
		"The job grew with AI software publishers.",
	}
	tests := []struct {
		name  string
		words string
		n     int
		want  []int
	}{
		{"a sentence that points back comes after the one it points to", "sales skills graduated", 1, []int{1, 2}},
		{"once, when both are chosen", "clement graduated", 2, []int{1, 2}},
		{"a sentence that points nowhere comes alone", "publishers", 1, []int{3}},
		{"nothing when no sentence has the words", "salary", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for _, i := range tt.want {
				want = append(want, ss[i])
			}
			if got := bestOf(ss, stemSet(tt.words), tt.n); !slices.Equal(got, want) {
				t.Errorf("bestOf(%q, %d) = %q, want %q", tt.words, tt.n, got, want)
			}
		})
	}
}
