package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/careerbot/careerbot/knowledge"
)

// Question is a generated question with the filters a benchmark may apply
// to it.
type Question struct {
	Text string
	Lang string
	// Kind and FilterLang are a plausible filter for the question.
	Kind       knowledge.Kind
	FilterLang string
}

// Questions returns n questions about the generated catalogs, about two in
// three in French, the same for the same arguments.
func Questions(n int, seed uint64) []Question {
	r := rand.New(rand.NewPCG(seed, 7))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	kinds := []knowledge.Kind{knowledge.KindRole, knowledge.KindSkill, knowledge.KindTraining, knowledge.KindInsight}
	out := make([]Question, n)
	for i := range out {
		var q Question
		role := r.IntN(len(roles))
		if r.IntN(3) < 2 {
			q.Lang = "fr"
			switch r.IntN(4) {
			case 0:
				q.Text = fmt.Sprintf("Que fait un %s avec %s ?", roles[role], pick(tools))
			case 1:
				q.Text = fmt.Sprintf("Comment le %s %s %s ?", roles[role], pick(verbs), pick(subjects))
			case 2:
				q.Text = fmt.Sprintf("Quelles compétences pour travailler sur %s avec %s ?", pick(subjects), pick(tools))
			default:
				q.Text = fmt.Sprintf("%s : %s, rémunération et évolution", pick(headings), roles[role])
			}
		} else {
			q.Lang = "en"
			switch r.IntN(3) {
			case 0:
				q.Text = fmt.Sprintf("What does an %s do with %s?", enRoles[role], pick(tools))
			case 1:
				q.Text = fmt.Sprintf("How do I become a %s working on %s?", enRoles[role], pick(enSubjects))
			default:
				q.Text = fmt.Sprintf("Which skills does a %s need for %s?", enRoles[role], pick(enSubjects))
			}
		}
		q.Kind = kinds[r.IntN(len(kinds))]
		if r.IntN(2) == 0 {
			q.FilterLang = q.Lang
		}
		out[i] = q
	}
	return out
}
