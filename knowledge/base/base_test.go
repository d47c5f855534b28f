package base

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

// articles reads the source articles the base is written from.
func articles(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("testdata/articles/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no articles in testdata/articles: %v", err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = string(b)
	}
	return out
}

func catalog(t *testing.T) *knowledge.Catalog {
	t.Helper()
	c, err := knowledge.ReadCatalog(FS, ".")
	if err != nil {
		t.Fatalf("the built-in catalog does not read (every relation must point to an entry):\n%v", err)
	}
	return c
}

func TestCounts(t *testing.T) {
	want := map[knowledge.Kind]int{knowledge.KindRole: 15, knowledge.KindSkill: 15, knowledge.KindTraining: 8, knowledge.KindInsight: 25}
	got := map[knowledge.Kind]int{}
	for _, e := range catalog(t).Entries {
		got[e.Kind]++
	}
	for k, n := range want {
		if got[k] < n {
			t.Errorf("%d %s entries, want at least %d", got[k], k, n)
		}
	}
	t.Logf("entries by kind: %v", got)
}

func TestEveryEntryCitesAnArticle(t *testing.T) {
	arts := articles(t)
	for _, e := range catalog(t).Entries {
		if len(e.Sources) == 0 {
			t.Errorf("%s: no source", e.Slug)
		}
		for _, s := range e.Sources {
			if arts[s.Article] == "" {
				t.Errorf("%s: source %q is not one of the articles in testdata/articles", e.Slug, s.Article)
			}
			if s.Title == "" || s.Publisher == "" || s.Date == "" {
				t.Errorf("%s: source %q lacks a title, publisher or date", e.Slug, s.Article)
			}
		}
	}
}

// TestNumbersComeFromCitedArticles checks that every number an entry states
// appears in an article it cites.
func TestNumbersComeFromCitedArticles(t *testing.T) {
	arts := articles(t)
	for _, e := range catalog(t).Entries {
		allowed := map[string]bool{}
		for _, s := range e.Sources {
			for _, n := range knowledge.Numbers(arts[s.Article]) {
				allowed[n] = true
			}
		}
		fields := map[string]string{
			"title": e.Title, "title_en": e.TitleEN, "aliases": strings.Join(e.Aliases, ", "),
			"summary": e.Summary, "summary_en": e.SummaryEN, "period": e.Period, "body": e.Body,
		}
		for field, text := range fields {
			for _, n := range knowledge.Numbers(text) {
				if !allowed[n] {
					t.Errorf("%s.md: %s: states %s, which no cited article contains", e.Slug, field, n)
				}
			}
		}
	}
}

// TestNoArticleQuirks checks that nothing of the articles' non-article text
// (a request to an AI writer, blog boilerplate, image credits) made it into
// the base.
func TestNoArticleQuirks(t *testing.T) {
	quirks := []string{
		"seo compatible", "Make this article", "at least 700 words", "subheadings",
		"Voir aussi", "Crédit : Upwork", "(Crédit", "Avis du carnet", "Laisser un commentaire",
		"CommentaireL", "ImportantL",
	}
	for _, e := range catalog(t).Entries {
		text := strings.ToLower(string(knowledge.Marshal(e)))
		for _, q := range quirks {
			if strings.Contains(text, strings.ToLower(q)) {
				t.Errorf("%s.md contains %q, which is not part of the articles", e.Slug, q)
			}
		}
	}
}

func TestEnglishSummaries(t *testing.T) {
	for _, e := range catalog(t).Entries {
		if e.Lang == "fr" && (e.TitleEN == "" || e.SummaryEN == "") {
			t.Errorf("%s: a French entry needs title_en and summary_en so English questions are answered in English", e.Slug)
		}
	}
}

func TestRolesLeadSomewhere(t *testing.T) {
	c := catalog(t)
	kinds := map[string]knowledge.Kind{}
	for _, e := range c.Entries {
		kinds[e.Slug] = e.Kind
	}
	for _, e := range c.Entries {
		for _, s := range e.Relations.Requires {
			if kinds[s] != knowledge.KindSkill {
				t.Errorf("%s requires %s, which is a %s, not a skill", e.Slug, s, kinds[s])
			}
		}
		for _, s := range e.Relations.LearnWith {
			if kinds[s] != knowledge.KindTraining {
				t.Errorf("%s learn_with %s, which is a %s, not a training", e.Slug, s, kinds[s])
			}
		}
	}
}
