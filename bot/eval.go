package bot

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
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

// Rule names the rule an answer breaks.
type Rule string

// The rules of a verdict.
const (
	// RuleError: the question could not be answered at all.
	RuleError Rule = "error"
	// RuleLang: the answer is not in the question's language.
	RuleLang Rule = "lang"
	// RuleUncovered: a question the base does not cover was answered as
	// covered (grounded, or with citations).
	RuleUncovered Rule = "uncovered"
	// RuleNotCovered: a covered question was answered as not covered.
	RuleNotCovered Rule = "not_covered"
	// RuleMatch: the answer does not match the expectation.
	RuleMatch Rule = "match"
	// RuleNumber: the answer states a number no cited entry contains.
	RuleNumber Rule = "number"
)

// Problem is one reason an answer fails.
type Problem struct {
	Rule Rule
	Msg  string
}

func (p Problem) String() string { return p.Msg }

// EvalResult is the verdict on one case.
type EvalResult struct {
	Case   EvalCase
	Answer Answer
	// Problems is empty when the answer passes.
	Problems []Problem
}

// UnsupportedNumber reports whether the answer states a number that no
// cited entry contains.
func (r EvalResult) UnsupportedNumber() bool {
	for _, p := range r.Problems {
		if p.Rule == RuleNumber {
			return true
		}
	}
	return false
}

// Passed reports whether the answer is right.
func (r EvalResult) Passed() bool { return len(r.Problems) == 0 }

// Evaluate answers c through the same path as any question and judges the
// answer (see Judge) against the entries it cites.
func (a *Assistant) Evaluate(ctx context.Context, c EvalCase) EvalResult {
	res := EvalResult{Case: c}
	ans, err := a.Answer(ctx, Question{Text: c.Question, Surface: "eval"})
	res.Answer = ans
	if err != nil {
		res.Problems = append(res.Problems, Problem{RuleError, "error: " + err.Error()})
		return res
	}
	var cited []*knowledge.Entry
	for _, ci := range ans.Citations {
		e, err := a.entries.Get(ctx, ci.Slug)
		if err != nil {
			res.Problems = append(res.Problems, Problem{RuleError, fmt.Sprintf("cites %s, which cannot be read: %v", ci.Slug, err)})
			return res
		}
		cited = append(cited, e)
	}
	res.Problems = Judge(c, ans, cited)
	return res
}

// Judge returns what is wrong with ans as an answer to c, given the entries
// it cites: the language must be the question's; an uncovered question
// must be answered as not grounded, with no citation; a covered one
// grounded, with at least one citation, matching the expectation, and
// stating no number that the cited entries lack (with the same unit, see
// knowledge.Figures.Missing).
func Judge(c EvalCase, ans Answer, cited []*knowledge.Entry) []Problem {
	var ps []Problem
	if ans.Lang != c.Lang {
		ps = append(ps, Problem{RuleLang, fmt.Sprintf("answered in %q, asked in %q", ans.Lang, c.Lang)})
	}
	if c.Expect == nil {
		if ans.Grounded || len(ans.Citations) > 0 {
			ps = append(ps, Problem{RuleUncovered, "answered as covered, but the knowledge base does not cover it"})
		}
		return ps
	}
	if !ans.Grounded || len(ans.Citations) == 0 {
		ps = append(ps, Problem{RuleNotCovered, "answered as not covered"})
	}
	if !c.Expect.MatchString(ans.Answer) {
		ps = append(ps, Problem{RuleMatch, fmt.Sprintf("does not match %q", strings.TrimPrefix(c.Expect.String(), "(?i)"))})
	}
	if p := unsupportedNumber(ans.Answer, cited); p != "" {
		ps = append(ps, Problem{RuleNumber, p})
	}
	return ps
}

// answerLine is how many characters of a passing answer a report shows.
const answerLine = 160

// WriteVerdict writes r for a person reading an evaluation run: the
// verdict, the case and its question on one line, then the answer on the
// next, cut to one line for a passing answer unless full is set; a failing
// answer also gets its problems, and is always written in full.
func (r EvalResult) WriteVerdict(w io.Writer, full bool) {
	verdict := "PASS"
	if !r.Passed() {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "%s %s [%s] %s\n", verdict, r.Case.ID, r.Case.Lang, r.Case.Question)
	for _, p := range r.Problems {
		fmt.Fprintf(w, "    problem: %s\n", p.Msg)
	}
	answer := r.Answer.Answer
	if !r.Answer.Grounded {
		answer = "(not covered) " + answer
	}
	if r.Passed() && !full {
		line, _, cut := strings.Cut(answer, "\n")
		if runes := []rune(line); len(runes) > answerLine {
			line, cut = string(runes[:answerLine-1]), true
		}
		if cut {
			line += "…"
		}
		fmt.Fprintf(w, "    answer: %s\n", line)
		return
	}
	fmt.Fprintf(w, "    answer: %s\n", strings.ReplaceAll(answer, "\n", "\n            "))
}
