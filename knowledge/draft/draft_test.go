package draft

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

func TestReadRefusesWhatIsNoArticle(t *testing.T) {
	tests := []struct {
		name string
		data string
		want InputProblem
	}{
		{"photo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", InputBinary},
		{"latin1.txt", "caf\xe9", InputBinary},
		{"empty.txt", "", InputEmpty},
		{"blank.md", "  \n\n---\n", InputEmpty},
		{"numbers.txt", "12 34 %", InputEmpty},
		{"only-boilerplate.txt", "Commentaire\nVoir aussi\n", InputEmpty},
		{"page.html", "<html><body><script>var x = 'texte';</script></body></html>", InputEmpty},
	}
	for _, tt := range tests {
		_, err := Read(tt.name, []byte(tt.data))
		var ie *InputError
		if !errors.As(err, &ie) || ie.Problem != tt.want {
			t.Errorf("Read(%s) = %v, want an InputError %q", tt.name, err, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.name) || !strings.Contains(err.Error(), ": give") {
			t.Errorf("Read(%s): %q does not name the file and what to do", tt.name, err)
		}
	}
}

func TestReadHTMLAndMarkdown(t *testing.T) {
	page := `<!doctype html><html><head><title>Les métiers de l'IA</title>
<meta property="og:site_name" content="Le Journal"><meta property="article:published_time" content="2024-03-12T08:00:00Z">
<script>track("47 %")</script><style>p{}</style></head><body><nav>Accueil · 12 rubriques</nav>
<article><h1>Les métiers de l'IA</h1><p>Les offres pour des <b>prompt engineers</b> ont bondi de 47 % en 2024.</p>
<p>« Le métier s'apprend vite », affirme Jeanne Martin.</p></article><footer>© 2024 · 3 mentions légales</footer></body></html>`
	a, err := Read("metiers.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Les métiers de l'IA" || a.Publisher != "Le Journal" || a.Date != "2024-03-12" {
		t.Errorf("title %q, publisher %q, date %q: want the page's head", a.Title, a.Publisher, a.Date)
	}
	for _, no := range []string{"track", "Accueil", "mentions légales", "<b>"} {
		if strings.Contains(a.Text, no) {
			t.Errorf("text holds %q, which is not the article's: %q", no, a.Text)
		}
	}
	if !strings.Contains(a.Text, "prompt engineers ont bondi de 47 % en 2024.") {
		t.Errorf("text lost the article's sentence: %q", a.Text)
	}
	if qs := quotes(a.Clean()); len(qs) != 1 || qs[0].Speaker != "Jeanne Martin" {
		t.Errorf("quotes = %+v, want one by Jeanne Martin", qs)
	}

	md := "---\ntitle: Étude 2024\npublisher: Cabinet X\ndate: \"2024\"\n---\n# Étude 2024\n\nLes **data engineers** sont 30 % plus nombreux [selon l'étude](https://example.com).\n![graphique](chart.png)\n"
	a, err = Read("etude.md", []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Étude 2024" || a.Publisher != "Cabinet X" || a.Date != "2024" || len(a.Missing()) != 0 {
		t.Errorf("front matter: title %q, publisher %q, date %q", a.Title, a.Publisher, a.Date)
	}
	if strings.ContainsAny(a.Text, "*[]()#!") {
		t.Errorf("Markdown marks left in %q", a.Text)
	}
}

const sample = `Le marché des ingénieurs en IA
Make this article seo compatible, create at least 900 words
Selon l'étude, les offres pour des ingénieurs en IA ont bondi de 47 % en 2023, et leur TJM dépasse 500 €.
« Nous recrutons surtout des profils hybrides », a déclaré Marie Curie, directrice du cabinet.
Le métier de psydesigner émerge aussi. (Crédit : Studio)
Aucun commentaire:
`

func TestDraftsAndChanges(t *testing.T) {
	a, err := Read("marche.txt", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Le marché des ingénieurs en IA" {
		t.Errorf("title = %q", a.Title)
	}
	if got := a.Missing(); strings.Join(got, ",") != "publisher,date" {
		t.Errorf("Missing() = %v, want publisher and date asked for", got)
	}
	existing := &knowledge.Entry{Slug: "ai-engineer", Kind: knowledge.KindRole, Lang: "fr", Status: knowledge.StatusPublished,
		Title: "Ingénieur IA", Aliases: []string{"ingénieur en IA"}, Summary: "L'ingénieur IA construit des modèles.",
		Sources: []knowledge.Source{{Article: "autre.txt", Title: "Autre"}}}
	r, err := Extractive{}.Draft(context.Background(), a, []*knowledge.Entry{existing})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Changes) != 1 || r.Changes[0].Slug != "ai-engineer" || r.Changes[0].NewSource == nil || r.Changes[0].NewSource.Article != "marche.txt" {
		t.Fatalf("changes = %+v, want the article as a new source of ai-engineer", r.Changes)
	}
	var figs []string
	for _, f := range r.Changes[0].Figures {
		figs = append(figs, f.Quantity.String())
	}
	if strings.Join(figs, ",") != "47 %,500 €" {
		t.Errorf("change figures = %v, want 47 %% and 500 €", figs)
	}
	var slugs []string
	for _, d := range r.Drafts {
		slugs = append(slugs, string(d.Entry.Kind)+":"+d.Entry.Slug)
		if d.Entry.Status != knowledge.StatusDraft {
			t.Errorf("%s has status %q, want draft", d.Entry.Slug, d.Entry.Status)
		}
		if m := string(knowledge.Marshal(d.Entry)); strings.Contains(m, "900") || strings.Contains(m, "Crédit") || strings.Contains(m, "commentaire") {
			t.Errorf("%s holds text of the non-article parts:\n%s", d.Entry.Slug, m)
		}
		if d.Entry.Kind == knowledge.KindRole && strings.Contains(d.Entry.Slug, "ingenieur") {
			t.Errorf("%s duplicates ai-engineer", d.Entry.Slug)
		}
	}
	want := []string{"role:psydesigner", "insight:selon-l-etude-les-offres-pour-des-ingenieurs"}
	for _, w := range want {
		if !strings.Contains(strings.Join(slugs, " "), w) {
			t.Errorf("drafts %v lack %s", slugs, w)
		}
	}
	var quote *Quote
	for i := range r.Quotes {
		quote = &r.Quotes[i]
	}
	if quote == nil || quote.Speaker != "Marie Curie" {
		t.Errorf("quotes = %+v, want one by Marie Curie", r.Quotes)
	}
	if len(r.Dropped) != 0 {
		t.Errorf("dropped %+v from an extractive draft", r.Dropped)
	}
}

func TestCheckDropsWhatTheArticleDoesNotSay(t *testing.T) {
	a, err := Read("marche.txt", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	entry := func(summary string) *knowledge.Entry {
		return &knowledge.Entry{Slug: "x-draft", Kind: knowledge.KindInsight, Lang: "fr", Status: knowledge.StatusDraft,
			Title: "Ingénieurs en IA", Summary: summary, Period: "2023", Sources: []knowledge.Source{a.Source()}}
	}
	tests := []struct {
		summary string
		want    ProblemCode // "" for none
	}{
		{"Les offres pour des ingénieurs en IA ont bondi de 47 % en 2023.", ""},
		{"Les offres pour des ingénieurs en IA ont bondi de 48 % en 2023.", ProblemFigure},
		{"Les offres pour des ingénieurs en IA ont bondi de 47 millions de dollars.", ProblemFigure},
		{"Leur TJM dépasse 500 dollars.", ProblemFigure},
		{"L'article compte 900 mots.", ProblemFigure},
		{"« Nous recrutons surtout des profils hybrides », selon Marie Curie.", ""},
		{"« Nous recrutons surtout des profils techniques », selon Marie Curie.", ProblemQuote},
		{"Make this article seo compatible.", ProblemNonArticle},
	}
	for _, tt := range tests {
		ps := a.Check(entry(tt.summary))
		switch {
		case tt.want == "" && len(ps) > 0:
			t.Errorf("Check(%q) = %v, want no problem", tt.summary, ps)
		case tt.want != "" && (len(ps) == 0 || ps[0].Code != tt.want):
			t.Errorf("Check(%q) = %v, want a %s problem", tt.summary, ps, tt.want)
		}
	}
	e := entry("Les offres ont bondi de 47 % en 2023.")
	e.Sources = []knowledge.Source{{Article: "autre.txt", Title: "Autre"}}
	if ps := a.Check(e); len(ps) == 0 || ps[0].Field != "sources" {
		t.Errorf("a draft that does not cite its article: %v, want a sources problem", ps)
	}
}
