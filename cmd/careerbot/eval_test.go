package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalCommand runs careerbot eval on a small file: every question gets
// its verdict and answer, the run ends with "N passed, M failed", and
// --min sets the exit status.
func TestEvalCommand(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	dir := t.TempDir()
	file := filepath.Join(dir, "questions.tsv")
	questions := "id\tlang\tquestion\texpect\n" +
		"e1\tfr\tQu'est-ce qu'un prompt engineer ?\trequête|prompt\n" +
		"e2\ten\tWhat is the best pizza topping?\t-\n" +
		"e3\ten\tWhat does a data engineer do?\tno answer says this\n"
	if err := os.WriteFile(file, []byte(questions), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := c.run("", "eval", file)
	if code != 0 {
		t.Fatalf("eval without --min: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"PASS e1 [fr] Qu'est-ce qu'un prompt engineer ?\n    answer: Le prompt engineer formule ",
		"PASS e2 [en] What is the best pizza topping?\n    answer: (not covered) ",
		"FAIL e3 [en] What does a data engineer do?\n    problem: does not match \"no answer says this\"\n    answer: A data engineer ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "\n2 passed, 1 failed\n") || !strings.Contains(out, "answers given as covered that keep the rules of form: 2/2") {
		t.Errorf("output does not end with the counts:\n%s", out)
	}
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"eval", "--min", "0.9", file}, 1, "pass rate 0.67 is below --min 0.90"},
		{[]string{"eval", "--min", "0.6", file}, 0, ""},
		{[]string{"eval", "--min", "1.5", file}, 2, "--min must be a ratio between 0 and 1"},
		{[]string{"eval", filepath.Join(dir, "missing.tsv")}, 2, "missing.tsv"},
	}
	for _, tt := range tests {
		code, _, errs := c.run("", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.msg) {
			t.Errorf("careerbot %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tt.args, " "), code, errs, tt.code, tt.msg)
		}
	}
	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("id\tlang\tquestion\texpect\nb1\tfr\tno expectation\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := c.run("", "eval", bad); code != 2 || !strings.Contains(errs, bad+":2: expected 4 tab-separated fields") {
		t.Errorf("a malformed file: exit %d, stderr %q; want exit 2 and its file:line", code, errs)
	}
}

// TestEmptyKnowledgeBase: on a database where nothing was imported, eval
// refuses to score "not covered" answers as a result, and the commands
// that answer warn once, with the fix.
func TestEmptyKnowledgeBase(t *testing.T) {
	c := newCLI(t)
	c.env["CAREERBOT_LOG_LEVEL"] = "warn"
	dir := t.TempDir()
	file := filepath.Join(dir, "questions.tsv")
	if err := os.WriteFile(file, []byte("id\tlang\tquestion\texpect\ne1\tfr\tQu'est-ce qu'un prompt engineer ?\tprompt\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := c.run("", "eval", file)
	if code != 1 || !strings.Contains(errs, "the knowledge base has no published entry") || !strings.Contains(errs, "careerbot kb import") || strings.Contains(out, "e1") {
		t.Errorf("eval on an empty base: exit %d, stdout %q, stderr %q; want exit 1, no verdict and the fix", code, out, errs)
	}
	code, out, errs = c.run("", "ask", "Qu'est-ce qu'un prompt engineer ?")
	if code != 0 || strings.Count(errs, "no published entry") != 1 || !strings.Contains(errs, "kb import") {
		t.Errorf("ask on an empty base: exit %d, stderr %q; want one warning with the fix", code, errs)
	}
	if !strings.Contains(out, "Je n'ai pas d'information fiable") {
		t.Errorf("ask on an empty base: %q", out)
	}
	// The import, which fills the empty base, is not told to run itself.
	if code, _, errs := c.run("", "kb", "import"); code != 0 || strings.Contains(errs, "no published entry") {
		t.Errorf("kb import on an empty base: exit %d, stderr %q; want no warning", code, errs)
	}
	if _, _, errs := c.run("", "ask", "Qu'est-ce qu'un prompt engineer ?"); strings.Contains(errs, "no published entry") {
		t.Errorf("the warning stays after an import: %q", errs)
	}
}
