package slackapp

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/knowledge"
)

// sourceArticle is one of the five articles the built-in base was written
// from (see knowledge/base's tests): French, with a request to an AI
// writer among its lines.
const (
	sourceArticle = "../../knowledge/base/testdata/articles/002_2406b8a41cf77439.txt"
	writerRequest = "Make this article seo compatible"
)

// pasteParts cuts text between lines into parts that fit the article
// form's inputs, as an admin pasting a long article does.
func pasteParts(t *testing.T, text string) []string {
	t.Helper()
	var parts []string
	var cur strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(line) > maxInput {
			parts = append(parts, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteString("\n")
		}
		cur.WriteString(line)
	}
	parts = append(parts, cur.String())
	if len(parts) > articleParts {
		t.Fatalf("the article needs %d parts, the form has %d", len(parts), articleParts)
	}
	return parts
}

// clickInView is a click on a button of v, a modal careerbot sent: Slack
// sends the view back with the click, blocks included.
func clickInView(t *testing.T, user, actionID, value, blockID string, v view) slack.InteractionCallback {
	t.Helper()
	cb := clickAs(user, actionID, value, "VREVIEW")
	var sent slack.View
	if err := json.Unmarshal([]byte(v.raw), &sent); err != nil {
		t.Fatalf("decode the view: %v", err)
	}
	sent.ID, sent.Type = "VREVIEW", slack.VTModal
	cb.View = sent
	cb.ActionCallback.BlockActions[0].BlockID = blockID
	return cb
}

// buttonValues returns the values of the buttons with actionID in v, by
// the block id of their actions block.
func buttonValues(v view, actionID string) map[string]string {
	out := map[string]string{}
	for _, b := range v.Blocks {
		els, _ := b["elements"].([]any)
		for _, el := range els {
			m, _ := el.(map[string]any)
			if m["action_id"] == actionID {
				out[b["block_id"].(string)] = m["value"].(string)
			}
		}
	}
	return out
}

// An admin pastes a source article in the form the Home tab opens, gets
// the review list of drafts and additions, publishes one draft through
// the entry form and discards another: the published entry is in the
// database, the discarded one archived, and the audit log has both.
func TestDraftFromAnArticleInSlack(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) { testDraftFromAnArticle(t, mode) })
	}
}

func testDraftFromAnArticle(t *testing.T, mode string) {
	e := newAdminEnv(t, mode)
	ctx := context.Background()
	data, err := os.ReadFile(sourceArticle)
	if err != nil {
		t.Fatal(err)
	}

	// The Home tab's button, for admins only.
	open := func(user string) view {
		e.deliver("Ev0HOMEART"+user, &slackevents.AppHomeOpenedEvent{Type: "app_home_opened", User: user, Channel: "D0", Tab: "home"}, 0)
		e.settle()
		return lastView(t, e.slack, "views.publish")
	}
	if home := open(adminA); !strings.Contains(home.raw, actionAdminArticle) || !strings.Contains(home.raw, "New from an article") {
		t.Fatalf("the admin's home lacks the article button: %s", home.raw)
	}
	if home := open(mallory); strings.Contains(home.raw, actionAdminArticle) {
		t.Fatalf("a non-admin's home shows the article button")
	}

	// Paste.
	e.interact(clickAs(adminA, actionAdminArticle, "", ""))
	e.settle()
	form := lastView(t, e.slack, "views.open")
	if form.CallbackID != callbackArticle || !strings.Contains(form.raw, "paste a longer article across the 4 boxes") {
		t.Fatalf("opened %q: %s", form.CallbackID, form.raw)
	}
	st := form.state()
	// Nothing pasted: said on the first box.
	if resp := e.submit(adminA, form, st); resp.ResponseAction != slack.RAErrors || !strings.Contains(resp.Errors[fieldArticle+"_0"], "Paste the article") {
		t.Fatalf("empty form answered %+v", resp)
	}
	parts := pasteParts(t, string(data))
	if len(parts) < 2 {
		t.Fatalf("the article fits one box (%d parts): the test wants it across several", len(parts))
	}
	for i, p := range parts {
		setText(st, fieldArticle+"_"+strconv.Itoa(i), p)
	}
	setText(st, fieldArticleTitle, "Les nouveaux métiers de l'IA")
	setText(st, fieldArticlePublisher, "Example Presse")
	setText(st, fieldArticleDate, "2023-05-10")
	resp := e.submit(adminA, form, st)
	if resp.ResponseAction != slack.RAUpdate || len(resp.Errors) > 0 {
		t.Fatalf("submission answered %+v", resp)
	}
	e.settle()

	// Review.
	review := lastView(t, e.slack, "views.update")
	if review.CallbackID != callbackReview {
		t.Fatalf("after drafting: %q %s", review.CallbackID, review.raw)
	}
	for _, want := range []string{"Les nouveaux métiers de l'IA · Example Presse · 2023-05-10", "New entries", "Additions to existing entries", "Edit / publish", "Discard", "left out as not the article's own"} {
		if !strings.Contains(review.raw, want) {
			t.Errorf("review list lacks %q", want)
		}
	}
	drafts := buttonValues(review, actionAdminReview)
	changes := buttonValues(review, actionAdminChange)
	t.Logf("%d drafts, %d additions proposed", len(drafts), len(changes))
	if len(drafts) < 2 || len(changes) == 0 {
		t.Fatalf("drafts %v, changes %v: want at least two drafts and one addition", drafts, changes)
	}
	var insight, other string
	for _, slug := range drafts {
		en := e.entry(slug)
		if en.Status != knowledge.StatusDraft || en.UpdatedBy != "slack:"+adminA || en.Sources[0].Publisher != "Example Presse" {
			t.Fatalf("draft %s saved as %s by %s citing %+v", slug, en.Status, en.UpdatedBy, en.Sources)
		}
		if m := string(knowledge.Marshal(en)); strings.Contains(m, writerRequest) {
			t.Errorf("draft %s holds the request to an AI writer:\n%s", slug, m)
		}
		if en.Kind == knowledge.KindInsight && insight == "" {
			insight = slug
		} else if other == "" {
			other = slug
		}
	}
	if insight == "" || other == "" {
		t.Fatalf("drafts %v: want an insight and another", drafts)
	}

	// Publish the insight: the entry form, set to publish, then the
	// form's save.
	e.interact(clickInView(t, adminA, actionAdminReview, insight, blockReviewDraft+insight, review))
	e.settle()
	entryForm := lastView(t, e.slack, "views.push")
	if entryForm.CallbackID != callbackEntry || !strings.Contains(entryForm.raw, "Draft from an article") {
		t.Fatalf("pushed %q: %s", entryForm.CallbackID, entryForm.raw)
	}
	est := entryForm.state()
	if got := est.Values[fieldStatus][fieldStatus].SelectedOption.Value; got != string(knowledge.StatusPublished) {
		t.Fatalf("the draft's form saves as %q, want published", got)
	}
	if e.entry(insight).Period == "à préciser" {
		setText(est, fieldPeriod, "2023")
	}
	if resp := e.submit(adminA, entryForm, est); len(resp.Errors) > 0 {
		t.Fatalf("publishing refused: %v", resp.Errors)
	}
	e.settle()
	if saved := lastView(t, e.slack, "views.update"); !strings.Contains(saved.raw, "It is published") {
		t.Fatalf("after publishing: %s", saved.raw)
	}
	if got := e.entry(insight); got.Status != knowledge.StatusPublished || got.Revision != 2 {
		t.Fatalf("published draft: %s revision %d", got.Status, got.Revision)
	}

	// Discard the other: archived, and the list says so.
	e.interact(clickInView(t, adminA, actionAdminDiscard, other, blockReviewDraft+other, review))
	e.settle()
	if got := e.entry(other); got.Status != knowledge.StatusArchived {
		t.Fatalf("discarded draft is %s", got.Status)
	}
	updated := lastView(t, e.slack, "views.update")
	if updated.ID != "VREVIEW" || updated.CallbackID != callbackReview || !strings.Contains(updated.raw, "Discarded: `"+other+"`") ||
		len(buttonValues(updated, actionAdminDiscard)) != len(drafts)-1 {
		t.Fatalf("review list after the discard: %s", updated.raw)
	}
	// A published entry is not discarded.
	e.interact(clickInView(t, adminA, actionAdminDiscard, insight, blockReviewDraft+insight, review))
	e.settle()
	if got := e.entry(insight); got.Status != knowledge.StatusPublished {
		t.Fatalf("a published entry was discarded: %s", got.Status)
	}

	// An addition to an existing entry opens it with the article as a
	// new source and the sentences naming it.
	var block, value string
	for block, value = range changes {
		break
	}
	slug := strings.TrimPrefix(block, blockReviewChange)
	before := e.entry(slug)
	e.interact(clickInView(t, adminA, actionAdminChange, value, block, review))
	e.settle()
	changeForm := lastView(t, e.slack, "views.push")
	if changeForm.CallbackID != callbackEntry || !strings.Contains(changeForm.raw, "Addition from an article") ||
		!strings.Contains(changeForm.raw, "Les nouveaux métiers de l'IA | Example Presse | 2023-05-10 | les-nouveaux-metiers-de-l-ia.txt") {
		t.Fatalf("the addition's form: %s", changeForm.raw)
	}
	e.interact(clickInView(t, adminA, actionAdminDiscardChange, slug, block, review))
	e.settle()
	if got := e.entry(slug); got.Revision != before.Revision {
		t.Fatalf("discarding an addition changed %s: revision %d → %d", slug, before.Revision, got.Revision)
	}

	audit := e.audits(adminA)
	for _, want := range []string{"entry.article  true", "entry.draft  true", "entry.review " + insight + " true",
		"entry.publish " + insight + " true", "entry.discard " + other + " true", "entry.discard " + slug + " true"} {
		if !hasAudit(audit, want) {
			t.Errorf("audit log lacks %q: %v", want, audit)
		}
	}
	var detail string
	if err := e.kb.DB.Pool.QueryRow(ctx, `SELECT detail FROM audit_log WHERE action = 'entry.discard' AND entry_slug = $1`, other).Scan(&detail); err != nil ||
		!strings.Contains(detail, "draft archived") {
		t.Errorf("discard detail %q (%v)", detail, err)
	}
}

// A non-admin's forged clicks and submissions of the article flow are
// refused and audited, and write nothing.
func TestArticleFlowRefusedToNonAdmins(t *testing.T) {
	e := newAdminEnv(t, "http")
	before := e.entry("prompt-engineer")
	for _, c := range []struct{ action, value string }{
		{actionAdminArticle, ""}, {actionAdminReview, "prompt-engineer"}, {actionAdminDiscard, "prompt-engineer"},
		{actionAdminChange, `{"slug":"prompt-engineer","sentences":["x"]}`}, {actionAdminDiscardChange, "prompt-engineer"},
	} {
		e.interact(clickAs(mallory, c.action, c.value, ""))
	}
	st := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{fieldArticle + "_0": {fieldArticle + "_0": {Value: "Le métier de psydesigner progresse de 47 %."}}}}
	resp := e.submit(mallory, view{CallbackID: callbackArticle, PrivateMetadata: `{"lang":"en"}`}, st)
	if resp.ResponseAction != slack.RAUpdate || resp.View == nil || !strings.Contains(resp.View.Blocks.BlockSet[0].(*slack.SectionBlock).Text.Text, "Only careerbot's admins") {
		t.Fatalf("forged submission answered %+v", resp)
	}
	e.settle()
	if n := len(e.slack.Calls("views.open", "views.push", "views.update")); n != 0 {
		t.Fatalf("%d views opened for a non-admin", n)
	}
	if after := e.entry("prompt-engineer"); after.Revision != before.Revision || after.Status != knowledge.StatusPublished {
		t.Fatalf("entry changed by a non-admin: revision %d → %d, %s", before.Revision, after.Revision, after.Status)
	}
	if drafts, err := e.kb.Store.Entries(context.Background(), "", knowledge.StatusDraft); err != nil || len(drafts) != 0 {
		t.Fatalf("drafts saved for a non-admin: %d (%v)", len(drafts), err)
	}
	got := e.audits(mallory)
	for _, want := range []string{"entry.article  false", "entry.review prompt-engineer false", "entry.discard prompt-engineer false",
		"entry.change prompt-engineer false", "entry.discard_change prompt-engineer false", "entry.draft  false"} {
		if !hasAudit(got, want) {
			t.Errorf("audit log lacks %q: %v", want, got)
		}
	}
}

// The article form and the review list speak French to a French admin.
func TestArticleFlowInFrench(t *testing.T) {
	e := newAdminEnv(t, "socket")
	e.slack.SetLocale(adminA, "fr-FR")
	e.interact(clickAs(adminA, actionAdminArticle, "", ""))
	e.settle()
	form := lastView(t, e.slack, "views.open")
	for _, want := range []string{"Depuis un article", "Texte de l'article", "collez un article plus long dans les 4 cases", "Rédiger"} {
		if !strings.Contains(form.raw, want) {
			t.Errorf("French form lacks %q: %s", want, form.raw)
		}
	}
	st := form.state()
	setText(st, fieldArticle+"_0", "Selon l'étude, le métier de psydesigner progresse de 47 % en 2023. Le psydesigner gagne 500 € de plus que la moyenne.\nCrédit photo : Jean Dupont, 900 images.")
	if resp := e.submit(adminA, form, st); len(resp.Errors) > 0 {
		t.Fatalf("submission refused: %v", resp.Errors)
	}
	e.settle()
	review := lastView(t, e.slack, "views.update")
	for _, want := range []string{"Brouillons à revoir", "Nouvelles entrées", "Modifier / publier", "Écarter", "Absent de l'article (éditeur, date)"} {
		if !strings.Contains(review.raw, want) {
			t.Errorf("French review lacks %q: %s", want, review.raw)
		}
	}
}
