package slackapp

import (
	"context"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/bot"
)

// An admin picks, in the gap report of the Home tab, the entry that answers
// a question careerbot could not answer: the question becomes one of the
// entry's questions, as a revision by that admin, and it and its
// paraphrases then cite the entry.
func TestTeachFromGapReport(t *testing.T) {
	e := newAdminEnv(t, "socket")
	ctx := context.Background()
	question := "Un dompteur de tokens, ça existe comme métier ?"
	paraphrases := []string{"c'est quoi un dompteur de tokens ?", "dompteur de tokens : c'est quoi ce job ?"}
	first := func(q string) string {
		ans, err := e.kb.Assistant.Answer(ctx, bot.Question{Text: q, Surface: "slack_dm"})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Grounded || len(ans.Citations) == 0 {
			return ""
		}
		return ans.Citations[0].Slug
	}
	for _, q := range append([]string{question}, paraphrases...) {
		if got := first(q); got != "" {
			t.Fatalf("%q is answered before teaching (cites %s)", q, got)
		}
	}
	e.deliver("Ev0HOMETEACH", &slackevents.AppHomeOpenedEvent{Type: "app_home_opened", User: adminA, Channel: "D0", Tab: "home"}, 0)
	e.settle()
	home := lastView(t, e.slack, "views.publish")
	block := teachBlockID(question)
	if !strings.Contains(home.raw, `"block_id":"`+block+`"`) || !strings.Contains(home.raw, "Answered by…") {
		t.Fatalf("the gap has no “Answered by…” menu named by the question's key:\n%s", home.raw)
	}

	// A non-admin's pick is refused and audited, and changes nothing.
	teach := func(user string) {
		cb := clickAs(user, actionAdminTeach, "", "")
		cb.ActionCallback.BlockActions[0].BlockID = block
		cb.ActionCallback.BlockActions[0].Type = "external_select"
		cb.ActionCallback.BlockActions[0].SelectedOption = slack.OptionBlockObject{Value: "prompt-engineer"}
		e.interact(cb)
		e.settle()
	}
	teach(mallory)
	if !hasAudit(e.audits(mallory), "entry.teach prompt-engineer false") {
		t.Errorf("the refusal is not audited: %v", e.audits(mallory))
	}
	if got := first(question); got != "" {
		t.Fatalf("a non-admin taught the question: it cites %s", got)
	}

	teach(adminA)
	if !hasAudit(e.audits(adminA), "entry.teach prompt-engineer true") {
		t.Errorf("teaching is not audited: %v", e.audits(adminA))
	}
	if got := lastView(t, e.slack, "views.publish"); !strings.Contains(got.raw, "now answers") || strings.Contains(got.raw, `"block_id":"`+block+`"`) {
		t.Errorf("the Home tab does not confirm, or still lists the question:\n%s", got.raw)
	}
	for _, q := range append([]string{question}, paraphrases...) {
		if got := first(q); got != "prompt-engineer" {
			t.Errorf("%q cites %q first after teaching, want prompt-engineer", q, got)
		}
	}
	revs, err := e.kb.Store.History(ctx, "prompt-engineer")
	if err != nil {
		t.Fatal(err)
	}
	last := revs[len(revs)-1]
	if last.Action != "teach" || last.Author != "slack:"+adminA || !strings.Contains(strings.Join(last.Entry.Questions, "\n"), question) {
		t.Errorf("last revision %s by %s, questions %q: want a teach by slack:%s with the question", last.Action, last.Author, last.Entry.Questions, adminA)
	}
}
