package postgres_test

import (
	"context"
	"testing"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval"
)

// TestStemsAgreeWithPostgreSQL: the French and English stems of the Go
// side are those of the text-search configurations the chunks are indexed
// with (careerbot_fr, careerbot_en: unaccent, then Snowball), word for word.
func TestStemsAgreeWithPostgreSQL(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	words := []string{
		"métiers", "métier", "compétences", "données", "formations", "recrutement", "recruteurs",
		"juriste", "avocate", "infirmière", "comptables", "développeuse", "ingénieurs", "annotateurs",
		"personnalité", "personnalisation", "rémunération", "gagnent", "devenir", "reconversion",
		"intelligence", "générative", "entraîner", "spécialistes", "chercheuses", "enseignants",
		"engineers", "engineering", "lawyers", "nurses", "salaries", "developer", "training",
		"learning", "hiring", "hired", "recruiters", "skills", "governance", "specialists",
		"researchers", "annotators", "companies", "generative", "prompting", "freelancers",
	}
	for _, w := range words {
		var fr, en string
		err := db.Pool.QueryRow(ctx, `SELECT array_to_string(ts_lexize('french_stem', $1), ' '),
			array_to_string(ts_lexize('english_stem', $1), ' ')`, knowledge.FoldAccents(w)).Scan(&fr, &en)
		if err != nil {
			t.Fatalf("stem %q in PostgreSQL: %v", w, err)
		}
		folded := knowledge.FoldAccents(w)
		if got := retrieval.StemFrench(folded); got != fr {
			t.Errorf("StemFrench(%q) = %q, PostgreSQL's french_stem gives %q", folded, got, fr)
		}
		if got := retrieval.StemEnglish(folded); got != en {
			t.Errorf("StemEnglish(%q) = %q, PostgreSQL's english_stem gives %q", folded, got, en)
		}
	}
	// And through the configurations themselves, as the chunks' tsvector is
	// built: each word's lexemes are its two stems.
	for _, w := range words {
		var lexemes []string
		if err := db.Pool.QueryRow(ctx, `SELECT coalesce(array_agg(DISTINCT l ORDER BY l), '{}') FROM unnest(tsvector_to_array(
			to_tsvector('careerbot_fr', $1) || to_tsvector('careerbot_en', $1))) AS l`, w).Scan(&lexemes); err != nil {
			t.Fatalf("tsvector of %q: %v", w, err)
		}
		folded := knowledge.FoldAccents(w)
		want := map[string]bool{retrieval.StemFrench(folded): true, retrieval.StemEnglish(folded): true}
		if len(lexemes) != len(want) || !want[lexemes[0]] || !want[lexemes[len(lexemes)-1]] {
			t.Errorf("the tsvector of %q holds %q, the Go stems are %v", w, lexemes, want)
		}
	}
}
