package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/draft"
	"github.com/careerbot/careerbot/knowledge/figures"
)

const articlesDir = "../../knowledge/base/testdata/articles"

// TestKBDraftWritesFilesThatImport drafts from the five source articles
// into a folder against the built-in base: the roles the base holds are
// proposed as changes, not drafted again; the files are drafts that pass
// the base's own figure check against their article and that kb import
// takes.
func TestKBDraftWritesFilesThatImport(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	files, _ := filepath.Glob(filepath.Join(articlesDir, "*.txt"))
	if len(files) != 5 {
		t.Fatalf("want the five source articles, found %v", files)
	}
	out := t.TempDir()
	args := append([]string{"kb", "draft", "--offline", "--out", out, "--publisher", "Presse française", "--date", "2023"}, files...)
	stdout := c.mustRun(args...)
	for _, want := range []string{
		"change to chatgpt (skill, ChatGPT):\n    new source 003_dc7df8bf9684cb75.txt", "already in prompt-engineer", "left out (request to a writer)", "left out (image credit)",
		"left out (repeated text)", "the article does not give its title: pass --title", "wrote ",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("kb draft's output lacks %q:\n%s", want, stdout)
		}
	}
	cat, err := knowledge.ReadCatalogFiles(os.DirFS(out), ".")
	if err != nil {
		t.Fatalf("the drafts do not read as a catalog: %v", err)
	}
	figs := map[string]*figures.Set{}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		a, err := draft.Read(f, data)
		if err != nil {
			t.Fatal(err)
		}
		figs[a.Name] = a.Figures()
	}
	for _, e := range cat.Entries {
		if e.Status != knowledge.StatusDraft {
			t.Errorf("%s: status %q, want draft", e.Slug, e.Status)
		}
		for _, s := range []string{"prompt-engineer", "data-scientist", "psydesigner", "data-engineer"} {
			if e.Slug == s || strings.HasPrefix(e.Slug, s+"-") && e.Kind == knowledge.KindRole {
				t.Errorf("%s is drafted again, though the base holds %s", e.Slug, s)
			}
		}
		for _, p := range draft.Unsupported(e, figs) {
			t.Errorf("%s.md: %s", e.Slug, p)
		}
	}
	if imp := c.mustRun("kb", "import", out); !strings.Contains(imp, "created") {
		t.Errorf("kb import of the drafts: %s", imp)
	}
	list := c.mustRun("kb", "list", "--status", "draft")
	if strings.Count(list, "\n") < 2 {
		t.Errorf("no draft listed after the import:\n%s", list)
	}
}

// TestKBDraftSave saves drafts in the database, where they stay drafts;
// drafting the same article again proposes changes to them, no duplicate.
func TestKBDraftSave(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	art := filepath.Join(dir, "metiers.md")
	text := "---\ntitle: Les nouveaux métiers de l'IA\npublisher: Le Journal\ndate: \"2024\"\n---\n" +
		"Le métier de psydesigner émerge dans les cabinets de conseil.\n" +
		"Selon l'étude, les offres pour des psydesigners ont bondi de 47 % en 2024.\n" +
		"« Nous formons la personnalité des assistants », explique Jean Dupont.\n"
	if err := os.WriteFile(art, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := c.mustRun("kb", "draft", "--offline", "--save", art)
	if !strings.Contains(out, "draft role psydesigner") || !strings.Contains(out, "saved ") || !strings.Contains(out, "by Jean Dupont") {
		t.Fatalf("kb draft --save:\n%s", out)
	}
	show := c.mustRun("kb", "show", "psydesigner")
	if !strings.Contains(show, "status: draft") || !strings.Contains(show, "article: metiers.md") || !strings.Contains(show, "Le Journal") {
		t.Errorf("the saved draft:\n%s", show)
	}
	again := c.mustRun("kb", "draft", "--offline", "--out", t.TempDir(), art)
	if !strings.Contains(again, "change to psydesigner") || !strings.Contains(again, "figures already in selon-l-etude") || strings.Contains(again, "draft role psydesigner") {
		t.Errorf("drafting again proposes a duplicate:\n%s", again)
	}
}

func TestKBDraftBadInput(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.txt", "Le métier de psydesigner émerge.\n")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"kb", "draft", "--out", dir, filepath.Join(dir, "missing.txt")}, "missing.txt does not exist: give the path of an article file"},
		{[]string{"kb", "draft", "--out", dir, write("photo.jpg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00")}, "photo.jpg is not a text file"},
		{[]string{"kb", "draft", "--out", dir, write("empty.txt", "\n  \n")}, "empty.txt holds no article text"},
		{[]string{"kb", "draft", "--out", dir, dir}, "is a folder: give article files"},
		{[]string{"kb", "draft", good}, "say where the drafts go: --out DIR"},
		{[]string{"kb", "draft", "--out", dir}, "give at least one article file"},
	}
	for _, tt := range tests {
		code, _, errs := c.run("", tt.args...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("careerbot %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(tt.args, " "), code, errs, tt.want)
		}
	}
}

// TestKBDraftWithChatModel: with an API configured, kb draft asks the chat
// model and prints what its check dropped; --offline does not ask it.
func TestKBDraftWithChatModel(t *testing.T) {
	c, srv := llmCLI(t)
	dir := t.TempDir()
	art := filepath.Join(dir, "metiers.txt")
	const sentence = "Selon l'étude, les offres pour des psydesigners ont bondi de 47 % en 2024."
	if err := os.WriteFile(art, []byte("Le métier de psydesigner émerge.\n"+sentence+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.ChatFunc(func(r openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Reply{Text: `{"entries": [
			{"kind": "insight", "slug": "offres-psydesigners", "title": "Offres de psydesigners : +47 %", "summary": "` + sentence + `", "period": "2024",
			 "figures": [{"figure": "47 %", "sentence": "` + sentence + `"}]},
			{"kind": "insight", "slug": "offres-psydesigners-2025", "title": "Offres de psydesigners : +60 % en 2025", "summary": "Les offres bondiront de 60 % en 2025.", "period": "2025"}
		], "changes": []}`}
	})
	out := t.TempDir()
	stdout := c.mustRun("kb", "draft", "--out", out, "--title", "Étude", "--publisher", "Le Journal", "--date", "2024", art)
	for _, want := range []string{"drafting with test-chat", "draft insight offres-psydesigners", "dropped offres-psydesigners-2025: title: states 60 %", "wrote 1 draft(s)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("kb draft with a chat model lacks %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "offres-psydesigners-2025.md")); err == nil {
		t.Error("the dropped draft was written")
	}
	n := len(srv.ChatRequests())
	stdout = c.mustRun("kb", "draft", "--offline", "--out", t.TempDir(), art)
	if len(srv.ChatRequests()) != n || strings.Contains(stdout, "drafting with") {
		t.Errorf("--offline asked the chat model:\n%s", stdout)
	}
}
