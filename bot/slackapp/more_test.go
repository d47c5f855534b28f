package slackapp

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// The main text lists only the sources it cites; More carries the rest of
// the answer as written, with the citations it uses.
func TestMoreButton(t *testing.T) {
	ans := bot.Answer{Lang: "fr", Grounded: true, QuestionID: 7,
		Answer: "Le prompt engineer formule les requêtes [1].",
		More:   "Compétences clés : Rédaction de prompts [2].\nPour s'y former : Autoformation [3].",
		Citations: []bot.Citation{{N: 1, Slug: "prompt-engineer", Title: "Prompt engineer", Kind: knowledge.KindRole},
			{N: 2, Slug: "prompt-writing", Title: "Rédaction de prompts", Kind: knowledge.KindSkill},
			{N: 3, Slug: "self-learning", Title: "Autoformation", Kind: knowledge.KindTraining}}}
	blocks, _ := Renderer{}.Answer(ans, Options{})
	var value string
	var sources string
	for _, b := range blocks {
		switch x := b.(type) {
		case *slack.ActionBlock:
			for _, el := range x.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.ActionID == actionMore {
					value = btn.Value
					if btn.Text.Text != "Plus" {
						t.Errorf("More button says %q to a French asker", btn.Text.Text)
					}
				}
			}
		case *slack.ContextBlock:
			for _, el := range x.ContextElements.Elements {
				if txt, ok := el.(*slack.TextBlockObject); ok {
					sources += txt.Text
				}
			}
		}
	}
	if !strings.Contains(sources, "Prompt engineer") || strings.Contains(sources, "Autoformation") {
		t.Errorf("sources of the main text: %q, want only [1]", sources)
	}
	lang, cites, text, ok := parseAnswerValue(value)
	if !ok || lang != "fr" || text != ans.More || cites[2] != "prompt-writing" || cites[3] != "self-learning" || len(cites) != 2 {
		t.Fatalf("More carries %q %v %q (ok %v)", lang, cites, text, ok)
	}
	long := ans
	long.More = strings.Repeat("Une phrase assez longue pour remplir le bouton [2].\n", 100)
	if v := moreValue(long); len(v) > maxButtonValue || !strings.HasSuffix(v, "[2].") {
		t.Errorf("a long More is cut to %d bytes, at a line: %q", len(v), v[len(v)-20:])
	}
	if _, _, _, ok := parseAnswerValue("xx|1=a|text"); ok {
		t.Error("a forged value is accepted")
	}
}
