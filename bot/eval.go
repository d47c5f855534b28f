package bot

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// EvalCase is one question of an evaluation file.
type EvalCase struct {
	ID       string
	Lang     string
	Question string
	// Expect matches a right answer; nil means the question is not covered
	// and must be answered as such.
	Expect *regexp.Regexp
	Line   int
}

// ReadEvalFile parses a tab-separated evaluation file: a header line, then
// id, lang, question and expect (a case-insensitive RE2 expression, or "-"
// for a question the knowledge base does not cover).
func ReadEvalFile(name string, r io.Reader) ([]EvalCase, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var out []EvalCase
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 && strings.HasPrefix(text, "id\t") || strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("%s:%d: expected 4 tab-separated fields (id, lang, question, expect), got %d", name, line, len(f))
		}
		c := EvalCase{ID: f[0], Lang: f[1], Question: f[2], Line: line}
		if c.Lang != "fr" && c.Lang != "en" {
			return nil, fmt.Errorf("%s:%d: lang: %q is not fr or en", name, line, c.Lang)
		}
		if f[3] != "-" {
			re, err := regexp.Compile("(?i)" + f[3])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: expect: %v", name, line, err)
			}
			c.Expect = re
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// EvalResult is the verdict on one case.
type EvalResult struct {
	Case   EvalCase
	Answer Answer
	// Problems is empty when the answer passes.
	Problems []string
}

// UnsupportedNumber reports whether the answer states a number that no
// cited entry contains.
func (r EvalResult) UnsupportedNumber() bool {
	for _, p := range r.Problems {
		if strings.Contains(p, "which no cited entry contains") {
			return true
		}
	}
	return false
}

// Passed reports whether the answer is right.
func (r EvalResult) Passed() bool { return len(r.Problems) == 0 }

// Evaluate answers c and judges the answer: the expectation must match, the
// language must be the question's, an uncovered question must be answered
// as not grounded with no citation, a covered one grounded with at least one
// citation, and every number in the answer must appear in a cited entry.
func (a *Assistant) Evaluate(ctx context.Context, c EvalCase) EvalResult {
	res := EvalResult{Case: c}
	ans, err := a.Answer(ctx, Question{Text: c.Question, Surface: "eval"})
	res.Answer = ans
	if err != nil {
		res.Problems = append(res.Problems, "error: "+err.Error())
		return res
	}
	if ans.Lang != c.Lang {
		res.Problems = append(res.Problems, fmt.Sprintf("answered in %q, asked in %q", ans.Lang, c.Lang))
	}
	if c.Expect == nil {
		if ans.Grounded || len(ans.Citations) > 0 {
			res.Problems = append(res.Problems, "answered as covered, but the knowledge base does not cover it")
		}
		return res
	}
	if !ans.Grounded || len(ans.Citations) == 0 {
		res.Problems = append(res.Problems, "answered as not covered")
	}
	if !c.Expect.MatchString(ans.Answer) {
		res.Problems = append(res.Problems, fmt.Sprintf("does not match %q", strings.TrimPrefix(c.Expect.String(), "(?i)")))
	}
	if p := a.checkNumbers(ctx, ans); p != "" {
		res.Problems = append(res.Problems, p)
	}
	return res
}

// checkNumbers verifies that every number in the answer appears in a cited
// entry.
func (a *Assistant) checkNumbers(ctx context.Context, ans Answer) string {
	var text strings.Builder
	for _, c := range ans.Citations {
		e, err := a.entries.Get(ctx, c.Slug)
		if err != nil {
			return "cites " + c.Slug + ", which cannot be read: " + err.Error()
		}
		text.WriteString(EntryText(e))
		text.WriteString("\n")
	}
	return numbersMissing(citeRE.ReplaceAllString(ans.Answer, ""), text.String())
}
