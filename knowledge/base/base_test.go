package base

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/draft"
	"github.com/careerbot/careerbot/knowledge/figures"
	"go.yaml.in/yaml/v3"
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

// quirks are, for each article, the texts in it that are not part of the
// article: a request to an AI writer, blog boilerplate, image credits, an
// editor's note, a box label glued to the text (testdata/quirks.yaml). The
// base must not copy them, and no figure of the base may come from them.
var quirks = func() map[string][]string {
	b, err := os.ReadFile("testdata/quirks.yaml")
	if err != nil {
		panic(err)
	}
	var out map[string][]string
	if err := yaml.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("testdata/quirks.yaml: %v", err))
	}
	return out
}()

// withoutQuirks returns an article's text with its quirks blanked out.
func withoutQuirks(name, text string) string {
	qs := append([]string(nil), quirks[name]...)
	sort.Slice(qs, func(i, j int) bool { return len(qs[i]) > len(qs[j]) })
	for _, q := range qs {
		text = strings.ReplaceAll(text, q, "\n")
	}
	return text
}

// articleFigures reads the figures of every article, quirks left out.
func articleFigures(t *testing.T) map[string]*figures.Set {
	t.Helper()
	out := map[string]*figures.Set{}
	for name, text := range articles(t) {
		out[name] = figures.Of(withoutQuirks(name, text))
	}
	return out
}

// unsupported returns a problem for each number of the entry that no
// article it cites states (see draft.Unsupported, the check drafts pass
// too).
func unsupported(e *knowledge.Entry, figs map[string]*figures.Set) []string {
	var out []string
	for _, p := range draft.Unsupported(e, figs) {
		out = append(out, p.String())
	}
	return out
}

// TestNumbersComeFromCitedArticles checks that every number an entry states
// appears in an article it cites, with the same unit and, in French, about
// the same thing.
func TestNumbersComeFromCitedArticles(t *testing.T) {
	figs := articleFigures(t)
	for _, e := range catalog(t).Entries {
		for _, p := range unsupported(e, figs) {
			t.Errorf("%s.md: %s", e.Slug, p)
		}
	}
}

// TestNoArticleQuirks checks that the quirks listed are the articles' own
// text, and that none of them made it into the base.
func TestNoArticleQuirks(t *testing.T) {
	arts := articles(t)
	for name, qs := range quirks {
		for _, q := range qs {
			if !strings.Contains(arts[name], q) {
				t.Errorf("quirk %q is not in %s", q, name)
			}
		}
	}
	fold := func(s string) string {
		return strings.Join(strings.Fields(knowledge.FoldAccents(strings.ToLower(s))), " ")
	}
	for _, e := range catalog(t).Entries {
		text := fold(string(knowledge.Marshal(e)))
		for _, qs := range quirks {
			for _, q := range qs {
				if strings.Contains(text, fold(q)) {
					t.Errorf("%s.md contains %q, which is not part of the articles", e.Slug, strings.TrimSpace(q))
				}
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

// TestRolesLeadSomewhere checks that relations point to entries of the
// right kind, and that "how do I become …" has an answer for every role:
// at least one skill it requires, and a training that leads to it or to one
// of those skills.
func TestRolesLeadSomewhere(t *testing.T) {
	c := catalog(t)
	by := map[string]*knowledge.Entry{}
	for _, e := range c.Entries {
		by[e.Slug] = e
	}
	kind := func(slug string) knowledge.Kind {
		if e := by[slug]; e != nil {
			return e.Kind
		}
		return ""
	}
	for _, e := range c.Entries {
		for _, s := range e.Relations.Requires {
			if kind(s) != knowledge.KindSkill {
				t.Errorf("%s requires %s, which is a %s, not a skill", e.Slug, s, kind(s))
			}
		}
		for _, s := range e.Relations.LearnWith {
			if kind(s) != knowledge.KindTraining {
				t.Errorf("%s learn_with %s, which is a %s, not a training", e.Slug, s, kind(s))
			}
		}
		if e.Kind != knowledge.KindRole {
			continue
		}
		if len(e.Relations.Requires) == 0 {
			t.Errorf("%s: a role needs at least one skill in relations.requires", e.Slug)
		}
		trained := len(e.Relations.LearnWith) > 0
		for _, s := range e.Relations.Requires {
			if skill := by[s]; skill != nil && len(skill.Relations.LearnWith) > 0 {
				trained = true
			}
		}
		if !trained {
			t.Errorf("%s: no training leads to the role or to a skill it requires (relations.learn_with)", e.Slug)
		}
	}
}

// TestNumberCheckCatchesMutations changes one figure at a time in copies of
// the base's entries: an equivalent way of writing it must still pass the
// number check, a wrong figure must not.
func TestNumberCheckCatchesMutations(t *testing.T) {
	figs := articleFigures(t)
	if len(figs["002_2406b8a41cf77439.txt"].Missing("700")) == 0 {
		t.Error("700, from the request to an AI writer at the top of 002, counts as a figure of the article")
	}
	mutations := []struct {
		english           bool
		from, same, wrong string
	}{
		{false, "47 %", "47 pour cent", "44 %"},
		{false, "quatre", "4", "douze"},
		{false, "100 000 dollars", "100k$", "700 dollars"},
		{false, "deuxième trimestre 2023", "2e trimestre 2023", "4e trimestre 2022"},
		{false, "10 milliards", "dix milliards", "10 millions"},
		{true, "47%", "47 percent", "44%"},
		{true, "four", "4", "twelve"},
		{true, "$100,000", "$100k", "$700"},
		{true, "second quarter of 2023", "2nd quarter of 2023", "fourth quarter of 2022"},
		{true, "10 billion", "ten billion", "10 million"},
	}
	fields := func(e *knowledge.Entry, english bool) []*string {
		if english {
			return []*string{&e.TitleEN, &e.SummaryEN}
		}
		return []*string{&e.Title, &e.Summary, &e.Body}
	}
	caught, total := 0, 0
	for _, m := range mutations {
		re := regexp.MustCompile(`(^|[^\p{L}\p{N}])` + regexp.QuoteMeta(m.from) + `($|[^\p{L}\p{N}])`)
		n := 0
		for _, e := range catalog(t).Entries {
			for i := range fields(e, m.english) {
				text := *fields(e, m.english)[i]
				for _, loc := range re.FindAllStringSubmatchIndex(text, -1) {
					at, end := loc[3], loc[4]
					mutate := func(to string) []string {
						c := *e
						*fields(&c, m.english)[i] = text[:at] + to + text[end:]
						return unsupported(&c, figs)
					}
					n++
					if p := mutate(m.same); len(p) > 0 {
						t.Errorf("%s.md with %q for %q: %v, want no problem", e.Slug, m.same, m.from, p)
					}
					total++
					if p := mutate(m.wrong); len(p) > 0 {
						caught++
					} else {
						t.Errorf("%s.md with %q for %q: no problem found", e.Slug, m.wrong, m.from)
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("no entry states %q: the mutation tests nothing", m.from)
		}
	}
	t.Logf("%d of %d mutated entries caught", caught, total)
}
