package bot

import (
	"slices"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// TestMentionsTypos: a word one typo away from a name's word names the
// entry, unless the base itself uses that word: "réponses" is a word of
// the base, not a misspelt "responsable".
func TestMentionsTypos(t *testing.T) {
	caio := &knowledge.Entry{Slug: "chief-ai-officer", Kind: knowledge.KindRole, Title: "Directeur de l'IA", Aliases: []string{"responsable IA"}, Summary: "Il dirige les équipes."}
	annot := &knowledge.Entry{Slug: "expert-data-annotator", Kind: knowledge.KindRole, Title: "Annotateur de données expert", Summary: "Il corrige les réponses des modèles."}
	v := newCatalogView("v1", []*knowledge.Entry{caio, annot}, nil)
	tests := []struct {
		q    string
		want string // slug of the first mention, "" for none
	}{
		{"Corriger les réponses d'une IA, ça paie combien ?", ""},
		{"Que fait un reaponsable IA ?", "chief-ai-officer"},
		{"Que fait un responsable IA ?", "chief-ai-officer"},
	}
	for _, tt := range tests {
		got := ""
		if ms := v.mentions(tt.q); len(ms) > 0 {
			got = ms[0].entry.Slug
		}
		if got != tt.want {
			t.Errorf("mentions(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestSynonymsAcrossWordsOfTalk: a word of talk between a term's words
// does not part them, and is not given the term's synonyms.
func TestSynonymsAcrossWordsOfTalk(t *testing.T) {
	groups := [][]string{{"forment leurs salariés", "train their employees"}, {"juste prix", "fair price"}}
	v := newCatalogView("v1", nil, groups)
	tests := []struct {
		q    string
		want []string
	}{
		{"les boîtes forment leurs salariés ?", []string{"train their employees"}},
		{"les boîtes forment elles-mêmes leurs salariés ?", []string{"train their employees"}},
		{"c'est quoi le juste prix ?", []string{"fair price"}},
		{"les boîtes forment souvent leurs salariés ?", nil},
	}
	for _, tt := range tests {
		if got := v.synonymsOf(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("synonymsOf(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	alt := v.alternatives("les boîtes forment elles-mêmes leurs salariés ?")
	if _, ok := alt[retrieval.Stem("mêmes")]; ok {
		t.Errorf("alternatives gave the word of talk %q synonyms: %q", "mêmes", alt)
	}
}

// What one does suits first, how one works after: a freelance
// videographer is a videographer before a freelancer.
func TestFitsByJobBeforeStatus(t *testing.T) {
	creator := &knowledge.Entry{Slug: "ai-content-creator", Kind: knowledge.KindRole, Title: "Créateur de contenu IA", Backgrounds: []string{"vidéaste", "videographer"}}
	freelance := &knowledge.Entry{Slug: "freelance-ai-expert", Kind: knowledge.KindRole, Title: "Expert IA freelance", Backgrounds: []string{"freelance", "indépendant"}}
	v := newCatalogView("v1", []*knowledge.Entry{freelance, creator}, nil)
	for bg, want := range map[string][]string{
		"freelance videographer": {"ai-content-creator", "freelance-ai-expert"},
		"vidéaste indépendant":   {"ai-content-creator", "freelance-ai-expert"},
		"freelance":              {"freelance-ai-expert"},
	} {
		var got []string
		for _, e := range v.fitRoles(bg) {
			got = append(got, e.Slug)
		}
		if !slices.Equal(got, want) {
			t.Errorf("fitRoles(%q) = %v, want %v", bg, got, want)
		}
	}
}

// A synonym of a background suits as a whole: "ingénieur commercial", a
// synonym of "commercial", makes no engineer.
func TestFitsBySynonymsWhole(t *testing.T) {
	sales := &knowledge.Entry{Slug: "ai-sales-engineer", Kind: knowledge.KindRole, Title: "Ingénieur commercial IA", Backgrounds: []string{"ingénieur commercial"}}
	engineer := &knowledge.Entry{Slug: "ai-engineer", Kind: knowledge.KindRole, Title: "Ingénieur IA", Backgrounds: []string{"ingénieur"}}
	v := newCatalogView("v1", []*knowledge.Entry{engineer, sales}, [][]string{{"commercial", "ingénieur commercial", "vendeur"}})
	var got []string
	for _, e := range v.fitRoles("commercial dans l'immobilier") {
		got = append(got, e.Slug)
	}
	if !slices.Equal(got, []string{"ai-sales-engineer"}) {
		t.Errorf("fitRoles = %v, want [ai-sales-engineer]", got)
	}
}

// Who does a thing is not doing it, though they stem alike: "AI training"
// does not name the "AI trainer"; "engineering" is what engineers do.
// checkFirstMention fails t unless the first entry that q names in v is
// want ("" for none).
func checkFirstMention(t *testing.T, v *catalogView, q, want string) {
	t.Helper()
	got := ""
	if ms := v.mentions(q); len(ms) > 0 {
		got = ms[0].entry.Slug
	}
	if got != want {
		t.Errorf("mentions(%q) = %q, want %q", q, got, want)
	}
}

// A one-word name that stems to a common word is named by the word
// itself: "openings" does not name OpenAI.
func TestMentionsProperAlias(t *testing.T) {
	chat := &knowledge.Entry{Slug: "chatgpt", Kind: knowledge.KindSkill, Title: "ChatGPT", Aliases: []string{"OpenAI", "chatbot OpenAI"}}
	v := newCatalogView("v1", []*knowledge.Entry{chat}, nil)
	for q, want := range map[string]string{
		"are there many openings for that?":  "",
		"Qui a créé le chatbot d'OpenAI ?":   "chatgpt",
		"Is OpenAI hiring prompt engineers?": "chatgpt",
	} {
		checkFirstMention(t, v, q, want)
	}
}

func TestMentionsDoerAndDoing(t *testing.T) {
	annot := &knowledge.Entry{Slug: "expert-data-annotator", Kind: knowledge.KindRole, Title: "Annotateur de données expert", Aliases: []string{"AI trainer", "data labeler"}}
	data := &knowledge.Entry{Slug: "data-engineer", Kind: knowledge.KindRole, Title: "Data engineer"}
	v := newCatalogView("v1", []*knowledge.Entry{annot, data}, nil)
	for q, want := range map[string]string{
		"Where can I find AI training?": "",
		"What does an AI trainer do?":   "expert-data-annotator",
		"Are data labelers well paid?":  "expert-data-annotator",
		"Is data labeling a job?":       "",
		"What is data engineering?":     "data-engineer",
		"Que fait un data engineer ?":   "data-engineer",
	} {
		checkFirstMention(t, v, q, want)
	}
}
