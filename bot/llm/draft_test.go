package llm_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot/llm"
	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/draft"
	"github.com/careerbot/careerbot/retrieval/modelapi"
)

const draftArticle = `Le marché des ingénieurs en IA
Make this article seo compatible, create at least 900 words
Selon l'étude, les offres pour des ingénieurs en IA ont bondi de 47 % en 2023, et leur TJM dépasse 500 €.
« Nous recrutons surtout des profils hybrides », a déclaré Marie Curie, directrice du cabinet.
Le métier de psydesigner émerge aussi.
`

// TestDraftDropsWhatTheArticleDoesNotSay: the chat model returns drafts
// with one invented figure and one altered quote; both are dropped and
// reported, the rest is kept, and the role the catalog holds becomes a
// change.
func TestDraftDropsWhatTheArticleDoesNotSay(t *testing.T) {
	srv := openaitest.New(t)
	const good = "Selon l'étude, les offres pour des ingénieurs en IA ont bondi de 47 % en 2023, et leur TJM dépasse 500 €."
	invented := strings.Replace(good, "47 %", "48 %", 1)
	reply := map[string]any{
		"entries": []map[string]any{
			{"kind": "insight", "slug": "offres-ingenieurs-ia-2023", "title": "Les offres d'ingénieurs en IA en hausse de 47 %",
				"title_en": "AI engineer job posts up 47%", "summary": good, "period": "2023",
				"figures": []map[string]string{{"figure": "47 %", "sentence": good}, {"figure": "500 €", "sentence": good}}},
			{"kind": "insight", "slug": "tjm-ingenieurs-ia", "title": "Le TJM des ingénieurs en IA dépasse 500 €",
				"summary": "Le TJM des ingénieurs en IA dépasse 500 €.", "period": "2023",
				"figures": []map[string]string{{"figure": "500 €", "sentence": good}, {"figure": "48 %", "sentence": invented}}},
			{"kind": "role", "slug": "psydesigner", "title": "Psydesigner", "summary": "Le métier de psydesigner émerge aussi.",
				"quote":   map[string]string{"text": "Nous recrutons surtout des profils techniques", "speaker": "Marie Curie"},
				"related": []string{"offres-ingenieurs-ia-2023", "ai-engineer", "no-such-entry"}},
			{"kind": "role", "slug": "ai-engineer", "title": "Ingénieur IA", "summary": "Un doublon.",
				"figures": []map[string]string{{"figure": "47 %", "sentence": good}}},
		},
		"changes": []map[string]any{},
	}
	body, _ := json.Marshal(reply)
	srv.Chat(openaitest.Reply{Text: string(body)})

	a, err := draft.Read("marche.txt", []byte(draftArticle))
	if err != nil {
		t.Fatal(err)
	}
	existing := []*knowledge.Entry{{Slug: "ai-engineer", Kind: knowledge.KindRole, Lang: "fr", Status: knowledge.StatusPublished,
		Title: "Ingénieur IA", Summary: "L'ingénieur IA construit des modèles.", Sources: []knowledge.Source{{Article: "autre.txt", Title: "Autre"}}}}
	d := llm.NewDrafter(modelapi.NewClient(modelapi.ClientConfig{APIKey: "sk-test", BaseURL: srv.URL}), llm.DraftConfig{Model: "test-chat"})
	r, err := d.Draft(context.Background(), a, existing)
	if err != nil {
		t.Fatal(err)
	}

	reqs := srv.ChatRequests()
	if len(reqs) != 1 {
		t.Fatalf("%d chat requests, want 1", len(reqs))
	}
	if sys := reqs[0].System(); !strings.Contains(sys, "appear in the article as written, with the same unit") || !strings.Contains(sys, "Write titles and summaries in French") {
		t.Errorf("system prompt lacks the drafting rules:\n%s", sys)
	}
	user := reqs[0].Last()
	if !strings.Contains(user, "- ai-engineer (role): Ingénieur IA") || !strings.Contains(user, "<article-") || !strings.Contains(user, "psydesigner émerge") {
		t.Errorf("user message lacks the catalog or the fenced article:\n%s", user)
	}
	if strings.Contains(user, "Make this article seo compatible") {
		t.Errorf("the article's non-article part was sent to the model:\n%s", user)
	}

	var kept []string
	for _, dr := range r.Drafts {
		kept = append(kept, dr.Entry.Slug)
		if dr.Entry.Status != knowledge.StatusDraft {
			t.Errorf("%s: status %q, want draft", dr.Entry.Slug, dr.Entry.Status)
		}
	}
	if strings.Join(kept, ",") != "offres-ingenieurs-ia-2023,tjm-ingenieurs-ia,psydesigner" {
		t.Errorf("kept drafts %v, want the two insights and the role", kept)
	}
	var dropped []string
	for _, dr := range r.Dropped {
		for _, p := range dr.Problems {
			dropped = append(dropped, dr.What+": "+string(p.Code)+": "+p.Text)
		}
	}
	want := []string{
		"figure of tjm-ingenieurs-ia: sentence: " + invented,
		"figure of tjm-ingenieurs-ia: figure: 48 %",
		"quote of psydesigner: quote: Nous recrutons surtout des profils techniques",
	}
	if strings.Join(dropped, "\n") != strings.Join(want, "\n") {
		t.Errorf("dropped:\n%s\nwant:\n%s", strings.Join(dropped, "\n"), strings.Join(want, "\n"))
	}
	for _, dr := range r.Drafts {
		switch dr.Entry.Slug {
		case "tjm-ingenieurs-ia":
			if len(dr.Figures) != 1 || dr.Figures[0].Quantity.String() != "500 €" {
				t.Errorf("tjm-ingenieurs-ia keeps figures %+v, want 500 € alone", dr.Figures)
			}
			if strings.Contains(dr.Entry.Body, "48") {
				t.Errorf("the body quotes the invented figure: %s", dr.Entry.Body)
			}
		case "psydesigner":
			if dr.Entry.Sources[0].Quote != "" || len(dr.Quotes) != 0 {
				t.Errorf("psydesigner keeps the altered quote: %+v", dr.Entry.Sources)
			}
			if strings.Join(dr.Entry.Relations.Related, ",") != "offres-ingenieurs-ia-2023,ai-engineer" {
				t.Errorf("psydesigner relates to %v, want the draft and the catalog's entry only", dr.Entry.Relations.Related)
			}
		}
	}
	if len(r.Changes) != 1 || r.Changes[0].Slug != "ai-engineer" || r.Changes[0].NewSource == nil || len(r.Changes[0].Figures) != 1 {
		t.Errorf("changes = %+v, want ai-engineer with the article as a source and 47 %%", r.Changes)
	}
}

// TestDraftRefusesAReplyThatIsNotJSON: a reply that is not the JSON asked
// for is an error saying so, not an empty draft.
func TestDraftRefusesAReplyThatIsNotJSON(t *testing.T) {
	srv := openaitest.New(t)
	srv.Chat(openaitest.Reply{Text: "Voici quelques idées d'entrées…"})
	a, err := draft.Read("marche.txt", []byte(draftArticle))
	if err != nil {
		t.Fatal(err)
	}
	d := llm.NewDrafter(modelapi.NewClient(modelapi.ClientConfig{BaseURL: srv.URL}), llm.DraftConfig{Model: "test-chat"})
	if _, err := d.Draft(context.Background(), a, nil); err == nil || !strings.Contains(err.Error(), "not the JSON asked for") {
		t.Errorf("Draft with a prose reply: %v, want an error saying the reply is not JSON", err)
	}
}
