package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/careerbot/careerbot/internal/pgtest"
	"github.com/careerbot/careerbot/retrieval"
	"github.com/careerbot/careerbot/retrieval/local"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// TestTextQuery shows which words of a question its full-text query keeps:
// not the stop words of its language, not the words most chunks hold.
func TestTextQuery(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	_, cat := newIndex(t, db, local.New())
	if _, err := cat.Import(ctx, builtIn(t), "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, "ANALYZE chunks"); err != nil {
		t.Fatal(err)
	}
	var chunks float64
	if err := db.Pool.QueryRow(ctx, "SELECT count(*) FROM chunks").Scan(&chunks); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		question, lang, op string
		maxRows            float64
		want               string
	}{
		// "des", "pour" and "la" are French stop words; "pour" is not an
		// English one.
		{"Des compétences pour la gouvernance", "fr", "|", postgres.CommonWords, "'compet' | 'competent' | 'gouvern'"},
		// "AI" is a French stop word ("ai"), not an English one.
		{"Which AI skills?", "en", "&", postgres.CommonWords, "'ai' & 'skill'"},
		{"Which AI skills?", "fr", "&", postgres.CommonWords, "'skill' & 'which'"},
		// Unknown language: only the words that are stop words in both go.
		{"the AI de la data", "", "|", postgres.CommonWords, "'ai' | 'dat' | 'data' | 'de' | 'la' | 'the'"},
		// Quotes and backslashes never break the query.
		{`O'Reilly c:\temp`, "en", "&", postgres.CommonWords, "'c' & 'o' & 'reilli' & 'reilly' & 'temp'"},
		{"le la de", "fr", "&", postgres.CommonWords, ""},
		// A word that most chunks hold ("ia" in the built-in base) is left
		// out once it is found in more chunks than the limit.
		{"Le psydesigner et l'IA", "fr", "|", chunks / 10, "'psydesign'"},
		{"Le psydesigner et l'IA", "fr", "|", chunks * 10, "'ia' | 'psydesign'"},
	}
	for _, tt := range tests {
		var got *string
		err := db.Pool.QueryRow(ctx, "SELECT careerbot_text_query($1, $2, $3, careerbot_common_lexemes($4))::text",
			tt.question, tt.lang, tt.op, tt.maxRows).Scan(&got)
		if err != nil {
			t.Fatalf("%q: %v", tt.question, err)
		}
		s := ""
		if got != nil {
			s = *got
		}
		if s != tt.want {
			t.Errorf("careerbot_text_query(%q, %q, %q, %v) = %q, want %q", tt.question, tt.lang, tt.op, tt.maxRows, s, tt.want)
		}
	}
}

// A search passes the text query the words most chunks hold as the
// server counts them, read once in a while rather than by every search.
func TestSearchPassesTheCommonWords(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	ix, cat := newIndex(t, db, local.New())
	if _, err := cat.Import(ctx, builtIn(t), "test"); err != nil {
		t.Fatal(err)
	}
	var want []string
	if err := db.Pool.QueryRow(ctx, "SELECT careerbot_common_lexemes($1)", postgres.CommonWords).Scan(&want); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the built-in base has no word in more than CommonWords chunks: the test's premise")
	}
	q := retrieval.Query{Text: "Le psydesigner et l'IA", TextLang: "fr", K: 10}
	if _, err := ix.Search(ctx, q); err != nil {
		t.Fatal(err)
	}
	got, ok := ix.SearchArgs(q)[9].([]string)
	if !ok || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the search passed %v as the common words, want %v", ix.SearchArgs(q)[9], want)
	}
}
