package draft

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/base"
	"github.com/careerbot/careerbot/knowledge/figures"
)

// The five articles the built-in base is written from, and the texts of
// theirs that are not the article's (both kept with the base's tests).
const (
	articlesDir = "../base/testdata/articles"
	quirksFile  = "../base/testdata/quirks.yaml"
)

func sourceArticles(t *testing.T) []*Article {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(articlesDir, "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("want the five articles in %s, found %d (%v)", articlesDir, len(files), err)
	}
	var out []*Article
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Read(f, data)
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		out = append(out, a)
	}
	return out
}

func quirks(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(quirksFile)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string][]string
	if err := yaml.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", quirksFile, err)
	}
	return out
}

func builtin(t *testing.T) []*knowledge.Entry {
	t.Helper()
	c, err := knowledge.ReadCatalog(base.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	return c.Entries
}

// baseFigure is a figure the built-in base takes from its articles: a
// number of an entry's French title, summary or body (years aside), with
// the cited articles that state it with that unit.
type baseFigure struct {
	q        figures.Quantity
	articles []string
	slugs    []string
}

// key identifies a base figure across entries.
func (f baseFigure) key() string {
	return f.q.String() + "|" + strings.Join(f.articles, ",")
}

// baseFigures are the figures of the built-in base, each once.
func baseFigures(entries []*knowledge.Entry, arts map[string]*Article) map[string]*baseFigure {
	out := map[string]*baseFigure{}
	for _, e := range entries {
		for _, text := range []string{e.Title, e.Summary, e.Body} {
			for _, q := range figures.Quantities(text) {
				if year(q) {
					continue
				}
				f := baseFigure{q: figures.Quantity{Value: q.Value, Written: q.Written, Unit: q.Unit}}
				for _, s := range e.Sources {
					if a := arts[s.Article]; a != nil && len(a.Figures().Missing(q.Text)) == 0 {
						f.articles = append(f.articles, a.Name)
					}
				}
				if len(f.articles) == 0 {
					continue
				}
				sort.Strings(f.articles)
				if out[f.key()] == nil {
					out[f.key()] = &f
				}
				out[f.key()].slugs = append(out[f.key()].slugs, e.Slug)
			}
		}
	}
	return out
}

// drafted reports whether a figure drafted from one of the articles is the
// base's figure: the same value with the same unit, any unit for a bare
// number of the base (as the base's own check has it).
func (f baseFigure) drafted(byArticle map[string][]figures.Quantity) bool {
	for _, name := range f.articles {
		for _, q := range byArticle[name] {
			if f.q.Unit == figures.UnitNone && (q.Value == f.q.Value || q.Written == f.q.Value) || q.Value == f.q.Value && q.Unit == f.q.Unit {
				return true
			}
		}
	}
	return false
}

// TestDraftsAgainstTheBuiltInBase runs the extractive drafter on the five
// articles the built-in base was written from, and compares its output with
// the base as the reference: twice, once with an empty catalog (what the
// drafter finds on its own) and once with the base as the catalog (what it
// proposes as changes to existing entries).
func TestDraftsAgainstTheBuiltInBase(t *testing.T) {
	arts := map[string]*Article{}
	list := sourceArticles(t)
	for _, a := range list {
		arts[a.Name] = a
	}
	entries := builtin(t)
	ref := baseFigures(entries, arts)
	var roles []*knowledge.Entry
	for _, e := range entries {
		if e.Kind == knowledge.KindRole {
			roles = append(roles, e)
		}
	}
	qs := quirks(t)

	alone := map[string]*Result{}
	withBase := map[string]*Result{}
	for _, a := range list {
		r, err := Extractive{}.Draft(context.Background(), a, nil)
		if err != nil {
			t.Fatal(err)
		}
		alone[a.Name] = r
		if r, err = (Extractive{}).Draft(context.Background(), a, entries); err != nil {
			t.Fatal(err)
		}
		withBase[a.Name] = r
	}

	// Every drafted figure and quote is in its article, nothing comes from
	// its non-article parts, and every draft passes the check again.
	drafted, figs, quotes := map[string][]figures.Quantity{}, 0, 0
	for _, runs := range []map[string]*Result{alone, withBase} {
		for name, r := range runs {
			a := arts[name]
			clean := normalQuote(a.Clean())
			check := func(what string, f Figure, text string) {
				figs++
				if len(a.Figures().Missing(f.Quantity.Text)) > 0 {
					t.Errorf("%s: %s: figure %s (%q) is not in %s", name, what, f.Quantity, f.Quantity.Text, name)
				}
				if !strings.Contains(clean, normalQuote(f.Sentence)) {
					t.Errorf("%s: %s: sentence %q is not in the article", name, what, f.Sentence)
				}
				for _, q := range qs[name] {
					if strings.Contains(fold(text), fold(q)) {
						t.Errorf("%s: %s holds %q, which is not part of the article", name, what, q)
					}
				}
			}
			for _, d := range r.Drafts {
				if ps := a.Check(d.Entry); len(ps) > 0 {
					t.Errorf("%s: draft %s kept with problems %v", name, d.Entry.Slug, ps)
				}
				text := string(knowledge.Marshal(d.Entry))
				for _, f := range d.Figures {
					check("draft "+d.Entry.Slug, f, text)
					if runs[name] == alone[name] {
						drafted[name] = append(drafted[name], f.Quantity)
					}
				}
				for _, q := range d.Quotes {
					quotes++
					if !strings.Contains(clean, normalQuote(q.Text)) {
						t.Errorf("%s: draft %s quotes %q, not in the article", name, d.Entry.Slug, q.Text)
					}
				}
				if len(figuresOf(d.Entry)) > 0 && len(d.Figures) == 0 {
					t.Errorf("%s: draft %s states figures but lists none with its sentence", name, d.Entry.Slug)
				}
			}
			for _, c := range r.Changes {
				for _, f := range c.Figures {
					check("change to "+c.Slug, f, f.Sentence)
				}
				for _, q := range c.Quotes {
					quotes++
					if !strings.Contains(clean, normalQuote(q.Text)) {
						t.Errorf("%s: change to %s quotes %q, not in the article", name, c.Slug, q.Text)
					}
				}
			}
		}
	}

	// The base's figures, drafted without the base.
	found := 0
	var missed []string
	for _, f := range ref {
		if f.drafted(drafted) {
			found++
			continue
		}
		missed = append(missed, fmt.Sprintf("%s from %s (in %s)", f.q, strings.Join(f.articles, ", "), strings.Join(f.slugs, ", ")))
	}
	sort.Strings(missed)
	figureShare := float64(found) / float64(len(ref))
	t.Logf("base figures drafted from the articles alone: %d of %d (%.0f %%)", found, len(ref), 100*figureShare)
	if figureShare < 0.9 {
		t.Errorf("only %.0f %% of the base's figures are drafted, want at least 90 %%; missed:\n%s", 100*figureShare, strings.Join(missed, "\n"))
	} else if len(missed) > 0 {
		t.Logf("missed: %s", strings.Join(missed, "; "))
	}
	t.Logf("%d drafted figures and %d quotes checked against their article", figs, quotes)

	// The base's roles: matched with the base as the catalog, drafted
	// under a name of theirs without it.
	matched, draftedRoles := 0, 0
	var unmatched, undrafted []string
	for _, role := range roles {
		m := newEntryMatcher(role)
		isMatched, isDrafted := false, false
		for _, r := range withBase {
			for _, c := range r.Changes {
				isMatched = isMatched || c.Slug == role.Slug
			}
			for _, d := range r.Drafts {
				if d.Entry.Kind == knowledge.KindRole && m.same(d.Entry.Title) {
					t.Errorf("with the base, %s is drafted again as %s instead of proposed as a change", role.Slug, d.Entry.Slug)
				}
			}
		}
		for _, r := range alone {
			for _, d := range r.Drafts {
				isDrafted = isDrafted || d.Entry.Kind == knowledge.KindRole && (m.same(d.Entry.Title) || m.in(fold(d.Entry.Title)))
			}
		}
		if isMatched {
			matched++
		} else {
			unmatched = append(unmatched, role.Slug)
		}
		if isDrafted {
			draftedRoles++
		} else {
			undrafted = append(undrafted, role.Slug)
		}
	}
	t.Logf("base roles found with the base as the catalog: %d of %d (%.0f %%); not found: %v", matched, len(roles), 100*float64(matched)/float64(len(roles)), unmatched)
	t.Logf("base roles drafted from the articles alone: %d of %d (%.0f %%); not drafted: %v", draftedRoles, len(roles), 100*float64(draftedRoles)/float64(len(roles)), undrafted)
	if float64(matched) < 0.8*float64(len(roles)) {
		t.Errorf("only %d of the base's %d roles found as changes, want at least 80 %%", matched, len(roles))
	}
	if float64(draftedRoles) < 0.5*float64(len(roles)) {
		t.Errorf("only %d of the base's %d roles drafted from the articles alone, want at least half", draftedRoles, len(roles))
	}
}

func figuresOf(e *knowledge.Entry) []figures.Quantity {
	var out []figures.Quantity
	for _, q := range figures.Quantities(e.Title + "\n" + e.Summary + "\n" + e.Body) {
		if !year(q) {
			out = append(out, q)
		}
	}
	return out
}

// TestFindsTheArticlesNonArticleParts: every text the base's tests list as
// not part of an article is found by the drafter as a non-article part.
func TestFindsTheArticlesNonArticleParts(t *testing.T) {
	arts := map[string]*Article{}
	for _, a := range sourceArticles(t) {
		arts[a.Name] = a
	}
	for name, qs := range quirks(t) {
		a := arts[name]
		for _, q := range qs {
			q = strings.TrimSpace(q)
			at := strings.Index(a.Text, q)
			if at < 0 {
				t.Errorf("%s: %q is not in the article", name, q)
				continue
			}
			covered := false
			for _, p := range a.Parts {
				covered = covered || p.Start < at+len(q) && at < p.End
			}
			if !covered {
				t.Errorf("%s: %q is not found as a non-article part", name, q)
			}
		}
	}
	// The repeated body of 003 is one too.
	repeats := 0
	for _, p := range arts["003_dc7df8bf9684cb75.txt"].Parts {
		if p.Kind == PartRepeat {
			repeats++
		}
	}
	if repeats == 0 {
		t.Error("003 carries its body twice: no repeated text found")
	}
}
