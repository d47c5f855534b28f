package retrieval

import (
	"reflect"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

func TestChunkEntry(t *testing.T) {
	e := &knowledge.Entry{
		Slug: "data-engineer", Kind: knowledge.KindRole, Lang: "fr",
		Title: "Data engineer", TitleEN: "Data engineer", Aliases: []string{"ingénieur des données"},
		Summary: "Il bâtit le réservoir de données.", SummaryEN: "Builds the data reservoir.",
		Body: "Intro.\n\n## Le métier\nPréparer les données.\n\n## Comment y accéder\nDes cursus existent.",
	}
	got := ChunkEntry(e)
	want := []Chunk{
		{0, "fr", "Data engineer (ingénieur des données)", "Il bâtit le réservoir de données."},
		{1, "en", "Data engineer (ingénieur des données)", "Builds the data reservoir."},
		{2, "fr", "Data engineer", "Intro."},
		{3, "fr", "Data engineer · Le métier", "Préparer les données."},
		{4, "fr", "Data engineer · Comment y accéder", "Des cursus existent."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ChunkEntry =\n%+v\nwant\n%+v", got, want)
	}
	if got[0].Hash() == got[1].Hash() || got[0].Hash() != ChunkEntry(e)[0].Hash() {
		t.Error("Hash must differ between chunks and be stable")
	}
}

func TestLongSectionsSplitAtParagraphs(t *testing.T) {
	para := strings.Repeat("mot ", 200)
	e := &knowledge.Entry{Title: "T", Lang: "fr", Summary: "s", Body: "## Long\n" + para + "\n\n" + para + "\n\n" + para}
	chunks := ChunkEntry(e)
	if len(chunks) != 4 {
		t.Fatalf("got %d chunks, want summary + 3 parts", len(chunks))
	}
	for _, c := range chunks[1:] {
		if len([]rune(c.Text)) > MaxChunkRunes {
			t.Errorf("chunk of %d runes exceeds %d", len([]rune(c.Text)), MaxChunkRunes)
		}
	}
}

func TestTokensAndStems(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Qu'est-ce qu'un prompt engineer ?", []string{"prompt", "engin"}},
		{"Les métiers de l'IA", []string{"meti", "ia"}},
		{"Data engineers, 2024", []string{"dat", "engin", "2024"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestInflectionsMeet: the forms of a word, French or English, and its
// counterpart in the other language where they are spelt alike, share one
// Stem.
func TestInflectionsMeet(t *testing.T) {
	for _, forms := range [][]string{
		{"métiers", "métier"},
		{"engineers", "engineer", "engineering"},
		{"formations", "formation", "format"},
		{"trainings", "training", "train"},
		{"données", "donnée"},
		{"salaires", "salaire"},
		{"recrutements", "recrutement", "recruter"},
		{"juristes", "juriste"},
		{"annotateurs", "annotateur", "annotation", "annotators", "annotator"},
		{"compétences", "compétence"},
		{"spécialistes", "spécialiste"},
		{"specialists", "specialist"},
		{"analystes", "analyste", "analysts", "analyst"},
		{"developers", "developer"},
		{"développeurs", "développeur"},
		{"designers", "designer", "design"},
		{"chercheurs", "chercheur"},
		{"skills", "skill"},
		{"learning", "learn"},
	} {
		want := Tokens(forms[0])
		for _, f := range forms[1:] {
			if got := Tokens(f); !reflect.DeepEqual(got, want) {
				t.Errorf("Tokens(%q) = %q, want %q as for %q", f, got, want, forms[0])
			}
		}
	}
}

func TestConcepts(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"salaire", "pay"},
		{"salary", "pay"},
		{"rémunération", "pay"},
		{"TJM", "pay"},
		{"machine learning", "ml"},
		{"apprentissage automatique", "ml"},
		{"IA générative", "genai"},
		{"generative AI", "genai"},
		{"grosses boîtes", "bigtech"},
	}
	for _, tt := range tests {
		got := Concepts(Tokens(tt.in))
		found := false
		for _, c := range got {
			found = found || c == tt.want
		}
		if !found {
			t.Errorf("Concepts(%q) = %v, want it to contain %q", tt.in, got, tt.want)
		}
	}
}
