package retrieval

import "testing"

// The cached stem of a word is the one the two algorithms give, on a miss
// and on a hit (internal/memo tests the cache's bound and its concurrent
// use).
func TestStemIsTheAlgorithmsStem(t *testing.T) {
	for _, w := range []string{"métiers", "engineers", "formations", "ingenieurs"} {
		want := stemBoth(w)
		for _, when := range []string{"miss", "hit"} {
			if got := Stem(w); got != want {
				t.Errorf("%s: Stem(%q) = %q, want %q", when, w, got, want)
			}
		}
	}
}
