package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/internal/pgtest"
)

// cli runs careerbot against one test database.
type cli struct {
	t   *testing.T
	env map[string]string
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	db := pgtest.New(t)
	return &cli{t: t, env: map[string]string{"DATABASE_URL": db.URL, "CAREERBOT_LOG_LEVEL": "error"}}
}

// run executes careerbot with args and returns its exit status, stdout and
// stderr.
func (c *cli) run(stdin string, args ...string) (int, string, string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(k string) string { return c.env[k] })
	return code, out.String(), errb.String()
}

func (c *cli) mustRun(args ...string) string {
	c.t.Helper()
	code, out, errs := c.run("", args...)
	if code != 0 {
		c.t.Fatalf("careerbot %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

func TestAskJSON(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	tests := []struct {
		question string
		lang     string
		grounded bool
		reason   string
	}{
		{"Qu'est-ce qu'un prompt engineer ?", "fr", true, ""},
		{"What is a prompt engineer?", "en", true, ""},
		{"Quelle est la recette de la tarte tatin ?", "fr", false, "out_of_scope"},
		// The base has no figure for data scientists: the contract says so.
		{"Combien gagne un data scientist à Lyon ?", "fr", false, "no_figure"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			var got askJSON
			if err := json.Unmarshal([]byte(c.mustRun("ask", "--json", tt.question)), &got); err != nil {
				t.Fatal(err)
			}
			if got.Lang != tt.lang || got.Grounded != tt.grounded || got.Composer != "extractive" || got.Question != tt.question {
				t.Errorf("got lang %q grounded %v composer %q question %q", got.Lang, got.Grounded, got.Composer, got.Question)
			}
			if got.Reason != tt.reason {
				t.Errorf("reason = %q, want %q", got.Reason, tt.reason)
			}
			switch {
			case tt.reason == "no_figure":
				if len(got.Citations) == 0 {
					t.Errorf("the nearest figure is not cited: %+v", got)
				}
			case tt.grounded:
				if len(got.Citations) == 0 || got.Citations[0].Slug != "prompt-engineer" || got.Citations[0].N != 1 || len(got.Citations[0].Sources) == 0 {
					t.Errorf("citations = %+v", got.Citations)
				}
				if !strings.Contains(got.Answer, "[1]") {
					t.Errorf("answer does not cite [1]: %s", got.Answer)
				}
			case len(got.Citations) != 0:
				t.Errorf("an uncovered question has citations: %+v", got.Citations)
			}
		})
	}
}

func TestAskBadInput(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	tests := []struct {
		question string
		want     string
	}{
		{"", "Your question is empty"},
		{"   \t ", "Your question is empty"},
		{"?!", "Your question is empty"},
		{strings.Repeat("Quel salaire ? ", 2700), "trop longue (40499 caractères)"},
		{"\x00\xff", "Your question is empty"},
	}
	for _, tt := range tests {
		code, out, errs := c.run("", "ask", tt.question)
		if code != 2 || !strings.Contains(errs, tt.want) || out != "" {
			t.Errorf("ask %.30q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.question, code, out, errs, tt.want)
		}
	}
}

// TestMalformedCatalogChangesNothing shows that a malformed file is refused
// with file:line and that the database stays exactly as it was.
func TestMalformedCatalogChangesNothing(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	dir := t.TempDir()
	c.mustRun("kb", "export", dir)
	before := c.mustRun("kb", "list", "--json")
	beforeRevs := c.mustRun("kb", "show", "--json", "data-scientist")

	// One good change and one broken file: neither may land.
	edit(t, filepath.Join(dir, "data-scientist.md"), "summary: ", "summary: Modifié. ")
	edit(t, filepath.Join(dir, "prompt-engineer.md"), "kind: role", "kind: job")
	code, _, errs := c.run("", "kb", "import", dir)
	want := fmt.Sprintf("%s/prompt-engineer.md:3: kind: unknown kind \"job\": use role, skill, training or insight", dir)
	if code != 1 || !strings.Contains(errs, want) || !strings.Contains(errs, "nothing was imported") {
		t.Fatalf("exit %d, stderr:\n%s\nwant exit 1 and %s", code, errs, want)
	}
	if after := c.mustRun("kb", "list", "--json"); after != before {
		t.Error("kb list changed after a refused import")
	}
	if after := c.mustRun("kb", "show", "--json", "data-scientist"); after != beforeRevs {
		t.Error("data-scientist changed after a refused import")
	}
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), old, new, 1)
	if s == string(b) {
		t.Fatalf("%s has no %q", path, old)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExportImportRoundTrip: import, export, import again gives identical
// files and changes nothing.
func TestExportImportRoundTrip(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	a, b := t.TempDir(), t.TempDir()
	c.mustRun("kb", "export", a)
	out := c.mustRun("kb", "import", a)
	if !strings.Contains(out, "0 created, 0 updated") {
		t.Errorf("re-importing an export changed entries: %s", out)
	}
	c.mustRun("kb", "export", b)
	fa, _ := filepath.Glob(filepath.Join(a, "*.md"))
	if len(fa) < 60 {
		t.Fatalf("exported %d files", len(fa))
	}
	for _, f := range fa {
		x, _ := os.ReadFile(f)
		y, err := os.ReadFile(filepath.Join(b, filepath.Base(f)))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between exports", filepath.Base(f))
		}
	}
}

func TestKBListAndShowJSON(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	var list []map[string]any
	if err := json.Unmarshal([]byte(c.mustRun("kb", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range list {
		for _, k := range []string{"slug", "kind", "lang", "title", "status", "sources"} {
			if _, ok := e[k]; !ok {
				t.Fatalf("entry %v lacks %q", e["slug"], k)
			}
		}
		if len(e["sources"].([]any)) == 0 {
			t.Errorf("%s has no source", e["slug"])
		}
		kinds[e["kind"].(string)]++
	}
	if kinds["role"] < 15 || kinds["skill"] < 15 || kinds["training"] < 8 || kinds["insight"] < 25 {
		t.Errorf("kinds = %v, want at least 15 roles, 15 skills, 8 trainings, 25 insights", kinds)
	}
	var show map[string]any
	if err := json.Unmarshal([]byte(c.mustRun("kb", "show", "--json", "data-scientist")), &show); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"slug", "kind", "lang", "title", "summary", "body", "sources", "relations", "revision"} {
		if _, ok := show[k]; !ok {
			t.Errorf("kb show --json lacks %q", k)
		}
	}
	if code, _, errs := c.run("", "kb", "show", "no-such-entry"); code != 1 || !strings.Contains(errs, `no entry "no-such-entry"`) {
		t.Errorf("kb show of an unknown slug: exit %d, %s", code, errs)
	}
}

func TestChat(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	in := strings.Join([]string{
		"Qu'est-ce qu'un prompt engineer ?",
		"et ça paie combien ?",
		"/role data scientist",
		"/role boulanger",
		"/skill python",
		"/nope",
		"",
		"/quit",
		"never read",
	}, "\n")
	code, out, errs := c.run(in, "chat")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Prompt engineer", "[1]", "Sources :",
		"335", // the follow-up carries the thread's entry to its pay figures
		"Data scientist", "Je ne connais pas le métier « boulanger »",
		"Python", "Unknown command /nope",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "never read") {
		t.Error("chat went on after /quit")
	}
}

func TestConfigErrorsNameTheVariable(t *testing.T) {
	c := newCLI(t)
	c.env["CAREERBOT_LOG_FORMAT"] = "xml"
	c.env["SLACK_BOT_TOKEN"] = "not-a-token"
	c.env["CAREERBOT_MAX_ANSWERS"] = "0"
	code, _, errs := c.run("", "ask", "bonjour")
	if code != 2 || !strings.Contains(errs, "CAREERBOT_LOG_FORMAT must be text or json") || !strings.Contains(errs, "SLACK_BOT_TOKEN must be a bot token") ||
		!strings.Contains(errs, "CAREERBOT_MAX_ANSWERS must be a positive number") {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
	if strings.Contains(errs, "not-a-token") {
		t.Error("a token value was printed")
	}
}

// A source whose article is a web address links there: ask --json gives it
// as the source's url, as answers link it.
func TestAskJSONSourceURL(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	dir := t.TempDir()
	c.mustRun("kb", "export", dir)
	edit(t, dir+"/psydesigner.md", "  - article: ", "  - article: https://example.com/psydesigner\n    title: Un article en ligne\n    publisher: Example\n    date: \"2024\"\n  - article: ")
	c.mustRun("kb", "import", dir)
	var got askJSON
	if err := json.Unmarshal([]byte(c.mustRun("ask", "--json", "Qu'est-ce qu'un psydesigner ?")), &got); err != nil {
		t.Fatal(err)
	}
	linked := false
	for _, cit := range got.Citations {
		for _, s := range cit.Sources {
			linked = linked || cit.Slug == "psydesigner" && s.URL == "https://example.com/psydesigner"
		}
	}
	if !linked {
		t.Errorf("no psydesigner source has the article's address as its url: %+v", got.Citations)
	}
}
