package slackapp

import (
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

// The entry form's problems are worded by their code, in French as in
// English.
func TestProblemText(t *testing.T) {
	tests := []struct {
		p      knowledge.Problem
		en, fr string
	}{
		{knowledge.Problem{Field: fieldTitle, Code: knowledge.ProblemMissing, Msg: "missing: it is required"},
			"missing: it is required", "obligatoire : à remplir"},
		{knowledge.Problem{Field: fieldSources, Code: knowledge.ProblemMissing, Msg: "missing: every entry cites"},
			"missing: every entry cites", "obligatoire : chaque entrée cite au moins une source (titre | éditeur | date | article)"},
		{knowledge.Problem{Field: fieldKind, Code: knowledge.ProblemMissing, Msg: "missing: use role"},
			"missing: use role", "obligatoire : choisissez un type"},
		{knowledge.Problem{Field: fieldLang, Code: knowledge.ProblemMissing, Msg: "missing: use fr"},
			"missing: use fr", "obligatoire : choisissez une langue"},
		{knowledge.Problem{Field: fieldSlug, Code: knowledge.ProblemMissing, Msg: "missing: add a slug"},
			"missing: add a slug", "obligatoire : un identifiant tel que prompt-engineer"},
		{knowledge.Problem{Field: fieldSlug, Code: knowledge.ProblemInvalid, Msg: "not valid"},
			"not valid", "invalide : de 2 à 80 minuscules, chiffres et tirets"},
		{knowledge.Problem{Field: fieldSummary, Code: knowledge.ProblemTooLong, Count: 901, Max: 900, Msg: "too long (901 characters): keep it under 900"},
			"too long (901 characters): keep it under 900", "trop long (901 caractères) : pas plus de 900"},
		{knowledge.Problem{Field: fieldTags, Code: knowledge.ProblemTooMany, Count: 41, Max: 40, Msg: "too many (41): keep at most 40"},
			"too many (41): keep at most 40", "too many (41): keep at most 40"},
	}
	for _, tt := range tests {
		if got := problemText(tt.p, "en"); got != tt.en {
			t.Errorf("en %+v: %q, want %q", tt.p, got, tt.en)
		}
		if got := problemText(tt.p, "fr"); got != tt.fr {
			t.Errorf("fr %+v: %q, want %q", tt.p, got, tt.fr)
		}
	}
}

// Every problem Check can find on a field of the form has a French
// wording or falls back to the English message, never to nothing.
func TestProblemTextFromCheck(t *testing.T) {
	for _, p := range knowledge.Check(&knowledge.Entry{Kind: "job", Lang: "de", Status: "gone"}) {
		if problemText(p, "fr") == "" {
			t.Errorf("no text for %+v", p)
		}
	}
}
