package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func askCites(t *testing.T, c *cli, question, slug string) bool {
	t.Helper()
	var a askJSON
	if err := json.Unmarshal([]byte(c.mustRun("ask", "--json", question)), &a); err != nil {
		t.Fatal(err)
	}
	for _, cit := range a.Citations {
		if cit.Slug == slug {
			return true
		}
	}
	return false
}

func TestArchiveRestoreHistory(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	q := "Qu'est-ce qu'un psydesigner ?"
	if !askCites(t, c, q, "psydesigner") {
		t.Fatal("psydesigner not cited before archiving")
	}
	if out := c.mustRun("kb", "archive", "psydesigner"); !strings.Contains(out, "archived psydesigner (revision 2)") {
		t.Errorf("archive: %s", out)
	}
	if askCites(t, c, q, "psydesigner") {
		t.Error("an archived entry is still cited")
	}
	if out := c.mustRun("kb", "restore", "psydesigner"); !strings.Contains(out, "restored psydesigner (revision 3)") {
		t.Errorf("restore: %s", out)
	}
	if !askCites(t, c, q, "psydesigner") {
		t.Error("a restored entry is not cited")
	}
	hist := c.mustRun("kb", "history", "psydesigner")
	for _, want := range []string{"1 ", "import", "archive", "restore", "status", "created"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
	// An edit is revision 4; bringing back revision 1's content makes
	// revision 5, and the edit stays in the history.
	dir := t.TempDir()
	c.mustRun("kb", "export", dir)
	edit(t, dir+"/psydesigner.md", "summary: >-\n  ", "summary: >-\n  Texte modifié. ")
	c.mustRun("kb", "import", dir)
	if show := c.mustRun("kb", "show", "psydesigner"); !strings.Contains(show, "Texte modifié.") {
		t.Fatal("the edit did not land")
	}
	if out := c.mustRun("kb", "restore", "psydesigner", "--revision", "1"); !strings.Contains(out, "revision 5") {
		t.Errorf("restore --revision 1: %s", out)
	}
	if show := c.mustRun("kb", "show", "psydesigner"); strings.Contains(show, "Texte modifié.") {
		t.Error("restoring revision 1 kept the edit")
	}
	var revs []struct {
		Revision int
		Action   string
		Entry    struct{ Summary string }
	}
	if err := json.Unmarshal([]byte(c.mustRun("kb", "history", "--json", "psydesigner")), &revs); err != nil || len(revs) != 5 {
		t.Fatalf("history --json: %d revisions, err %v", len(revs), err)
	}
	if revs[3].Action != "import" || !strings.HasPrefix(revs[3].Entry.Summary, "Texte modifié.") || revs[4].Action != "restore" {
		t.Errorf("history = %+v", revs)
	}
	for _, args := range [][]string{{"kb", "archive", "nope"}, {"kb", "restore", "psydesigner", "--revision", "9"}, {"kb", "history", "nope"}} {
		code, _, errs := c.run("", args...)
		if code != 1 || !strings.Contains(errs, "not found") || !strings.Contains(errs, "careerbot kb list") {
			t.Errorf("%v: exit %d, %s", args, code, errs)
		}
	}
}

func TestGaps(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	if out := c.mustRun("kb", "gaps"); !strings.Contains(out, "no unanswered question") {
		t.Errorf("gaps on a fresh base: %s", out)
	}
	for range 2 {
		c.mustRun("ask", "Combien gagne un boulanger ?")
	}
	c.mustRun("ask", "What is the best pizza topping?")
	c.mustRun("ask", "Qu'est-ce qu'un data engineer ?")
	var gaps []map[string]any
	if err := json.Unmarshal([]byte(c.mustRun("kb", "gaps", "--json")), &gaps); err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 2 || gaps[0]["text"] != "Combien gagne un boulanger ?" || gaps[0]["count"].(float64) != 2 {
		t.Errorf("gaps = %v", gaps)
	}
}

// firstCited returns the slug an answer cites first, or "".
func firstCited(t *testing.T, c *cli, question string) string {
	t.Helper()
	var a askJSON
	if err := json.Unmarshal([]byte(c.mustRun("ask", "--json", question)), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Citations) == 0 {
		return ""
	}
	return a.Citations[0].Slug
}

func TestTeach(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	q := "Un dompteur de tokens, ça existe comme métier ?"
	paraphrases := []string{"c'est quoi un dompteur de tokens ?", "dompteur de tokens : c'est quoi ce job ?"}
	for _, x := range append([]string{q}, paraphrases...) {
		if got := firstCited(t, c, x); got != "" {
			t.Fatalf("%q is answered before teaching (cites %s): pick a question the base cannot answer", x, got)
		}
	}
	if gaps := c.mustRun("kb", "gaps"); !strings.Contains(gaps, q) {
		t.Fatalf("the unanswered question is not in the gap report:\n%s", gaps)
	}
	if out := c.mustRun("kb", "teach", "prompt-engineer", q); !strings.Contains(out, "taught prompt-engineer") || !strings.Contains(out, "(revision 2)") {
		t.Errorf("teach: %s", out)
	}
	for _, x := range append([]string{q}, paraphrases...) {
		if got := firstCited(t, c, x); got != "prompt-engineer" {
			t.Errorf("%q cites %q first after teaching, want prompt-engineer", x, got)
		}
	}
	hist := c.mustRun("kb", "history", "prompt-engineer")
	if !strings.Contains(hist, "teach") || !strings.Contains(hist, "cli") || !strings.Contains(hist, "questions") {
		t.Errorf("history does not show who taught what:\n%s", hist)
	}
	if gaps := c.mustRun("kb", "gaps"); strings.Contains(gaps, q) {
		t.Errorf("a taught question is still in the gap report:\n%s", gaps)
	}
	if show := c.mustRun("kb", "show", "prompt-engineer"); !strings.Contains(show, q) {
		t.Errorf("kb show does not list the taught question:\n%s", show)
	}
	// Teaching it again changes nothing.
	if out := c.mustRun("kb", "teach", "prompt-engineer", q); !strings.Contains(out, "(revision 2)") {
		t.Errorf("teaching twice: %s", out)
	}
	if code, _, stderr := c.run("", "kb", "teach", "no-such-entry", q); code == 0 || !strings.Contains(stderr, "careerbot kb list") {
		t.Errorf("teaching an unknown entry: exit %d, %s", code, stderr)
	}
}
