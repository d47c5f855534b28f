package bot

import (
	"slices"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/base"
	"github.com/careerbot/careerbot/knowledge/figures"
)

func TestWithCheckedFigures(t *testing.T) {
	cat, err := knowledge.ReadCatalog(base.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*knowledge.Entry{}
	for _, e := range cat.Entries {
		by[e.Slug] = e
	}
	cited := map[int]*knowledge.Entry{1: by["ai-engineer"], 2: by["mercor-expert-pay"]}
	cs := []Citation{{N: 1, Slug: "ai-engineer"}, {N: 2, Slug: "mercor-expert-pay"}}
	tests := []struct {
		name       string
		in         Answer
		main, more string
		left       []string
		slugs      []string
	}{
		{
			name:  "supported figures stay",
			in:    Answer{Answer: "Son TJM a franchi les 500 €. [1]\nLes experts gagnent 90 dollars de l'heure. [2]", Citations: cs},
			main:  "Son TJM a franchi les 500 €. [1]\nLes experts gagnent 90 dollars de l'heure. [2]",
			slugs: []string{"ai-engineer", "mercor-expert-pay"},
		},
		{
			name:  "a figure its own citation lacks is left out, with the citation",
			in:    Answer{Answer: "Son TJM a franchi les 500 €. [1]\nLes experts gagnent 500 € de l'heure. [2]", Citations: cs},
			main:  "Son TJM a franchi les 500 €. [1]",
			left:  []string{"500 €"},
			slugs: []string{"ai-engineer"},
		},
		{
			name:  "when the answer goes, More's first line comes up",
			in:    Answer{Answer: "Un ingénieur IA gagne 999 000 dollars par an. [1]", More: "Les experts gagnent 90 dollars de l'heure. [2]\nSon TJM a franchi les 500 €. [1]", Citations: cs},
			main:  "Les experts gagnent 90 dollars de l'heure. [2]",
			more:  "Son TJM a franchi les 500 €. [1]",
			left:  []string{"999 000 dollars"},
			slugs: []string{"ai-engineer", "mercor-expert-pay"},
		},
		{
			name:  "a line citing two entries may take each figure from either",
			in:    Answer{Answer: "Les experts gagnent 90 dollars de l'heure, le TJM dépasse 500 €. [1] [2]", Citations: cs},
			main:  "Les experts gagnent 90 dollars de l'heure, le TJM dépasse 500 €. [1] [2]",
			slugs: []string{"ai-engineer", "mercor-expert-pay"},
		},
		{
			name:  "careerbot's own words cite nothing and are kept",
			in:    Answer{Answer: "Trois métiers :\nSon TJM a franchi les 500 €. [1]", Citations: cs[:1]},
			main:  "Trois métiers :\nSon TJM a franchi les 500 €. [1]",
			slugs: []string{"ai-engineer"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, left := withCheckedFigures(tt.in, cited, func(e *knowledge.Entry) *figures.Set { return figures.Of(EntryText(e)) })
			var slugs []string
			for _, c := range got.Citations {
				slugs = append(slugs, c.Slug)
			}
			if got.Answer != tt.main || got.More != tt.more || !slices.Equal(left, tt.left) || !slices.Equal(slugs, tt.slugs) {
				t.Errorf("got main %q more %q left %q cited %q; want %q %q %q %q", got.Answer, got.More, left, slugs, tt.main, tt.more, tt.left, tt.slugs)
			}
		})
	}
}
