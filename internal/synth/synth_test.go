package synth

import (
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

// Generated entries pass the checks of a real import, so a catalog written
// to files imports with `careerbot kb import` like one written by HR.
func TestEntriesAreValid(t *testing.T) {
	c := Catalog(2_000, 10, 1)
	kinds := map[knowledge.Kind]int{}
	for _, e := range c.Entries {
		kinds[e.Kind]++
		if ps := knowledge.Check(e); len(ps) > 0 {
			t.Fatalf("%s: %+v", e.Slug, ps)
		}
	}
	for _, k := range []knowledge.Kind{knowledge.KindRole, knowledge.KindSkill, knowledge.KindTraining, knowledge.KindInsight} {
		if kinds[k] == 0 {
			t.Errorf("no %s among %d entries", k, len(c.Entries))
		}
	}
}
