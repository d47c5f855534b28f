package retrieval

import (
	"strings"
	"testing"
)

// TestLexiconStemsHaveOneConcept: a stem (or phrase of stems) that two
// concepts share would belong to either, depending on the order in which
// the map of concepts is read, so that two processes, such as the import
// and the answers, would read a word differently.
func TestLexiconStemsHaveOneConcept(t *testing.T) {
	owner := map[string]string{}
	for concept, forms := range lexicon {
		for _, f := range forms {
			k := strings.Join(Tokens(f), " ")
			if k == "" {
				continue
			}
			if other, ok := owner[k]; ok && other != concept {
				t.Errorf("%q (from %q) belongs to both %s and %s", k, f, other, concept)
			}
			owner[k] = concept
		}
	}
}
