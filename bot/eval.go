package bot

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

// EvalCase is one question of an evaluation file.
type EvalCase struct {
	ID string
	// Class is the kind of question ("transition", "paraphrase", …), for
	// the report by class; empty in files without a class column.
	Class    string
	Lang     string
	Question string
	// Expect matches a right answer; nil means the question is not covered
	// and must be answered as such.
	Expect *regexp.Regexp
	// Entries are the slugs, one of which a right answer cites first;
	// empty when any entry will do.
	Entries []string
	// Dialogue groups the turns of one conversation ("d01" for d01.1,
	// d01.2…), asked in order with the earlier turns as history; empty for
	// a question asked on its own.
	Dialogue string
	Line     int
}

// evalColumns are the columns of an evaluation file, in the order of the
// long format; the short format has only the required ones.
var evalColumns = []string{"id", "class", "lang", "question", "expect", "entries"}

var requiredColumns = []string{"id", "lang", "question", "expect"}

// ReadEvalFile parses a tab-separated evaluation file. Its header line
// names the columns: id, lang, question and expect (a case-insensitive RE2
// expression, or "-" for a question the knowledge base does not cover),
// and optionally class and entries (slugs separated by "|", or "-"). A
// file with no header has the four required columns in that order. An id
// such as "d01.2" is the second turn of dialogue d01.
func ReadEvalFile(name string, r io.Reader) ([]EvalCase, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var out []EvalCase
	cols := requiredColumns
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 && strings.HasPrefix(text, "id\t") {
			header, err := readHeader(name, text)
			if err != nil {
				return nil, err
			}
			cols = header
			continue
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != len(cols) {
			return nil, fmt.Errorf("%s:%d: expected %d tab-separated fields (%s), got %d", name, line, len(cols), strings.Join(cols, ", "), len(f))
		}
		field := map[string]string{}
		for i, c := range cols {
			field[c] = f[i]
		}
		c := EvalCase{ID: field["id"], Class: field["class"], Lang: field["lang"], Question: field["question"], Line: line}
		if c.Lang != "fr" && c.Lang != "en" {
			return nil, fmt.Errorf("%s:%d: lang: %q is not fr or en", name, line, c.Lang)
		}
		if x := field["expect"]; x != "-" {
			re, err := regexp.Compile("(?i)" + x)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: expect: %v", name, line, err)
			}
			c.Expect = re
		}
		if x := field["entries"]; x != "" && x != "-" {
			c.Entries = strings.Split(x, "|")
		}
		if d, _, ok := strings.Cut(c.ID, "."); ok {
			c.Dialogue = d
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// readHeader returns the columns a header line names, refusing unknown
// and missing ones.
func readHeader(name, text string) ([]string, error) {
	cols := strings.Split(text, "\t")
	seen := map[string]bool{}
	for _, c := range cols {
		if !slices.Contains(evalColumns, c) {
			return nil, fmt.Errorf("%s:1: unknown column %q (the columns are %s)", name, c, strings.Join(evalColumns, ", "))
		}
		seen[c] = true
	}
	for _, c := range requiredColumns {
		if !seen[c] {
			return nil, fmt.Errorf("%s:1: the header has no %q column", name, c)
		}
	}
	return cols, nil
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
	// RuleEntry: the answer cites first an entry other than the expected
	// ones.
	RuleEntry Rule = "entry"
	// RuleForm: the answer breaks a rule of form (see CheckForm).
	RuleForm Rule = "form"
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

// FormProblems returns the rules of form the answer breaks.
func (r EvalResult) FormProblems() []Problem {
	var out []Problem
	for _, p := range r.Problems {
		if p.Rule == RuleForm {
			out = append(out, p)
		}
	}
	return out
}

// Evaluate answers c, after the turns of history, through the same path as
// any question, and judges the answer (see Judge) against the entries it
// cites.
func (a *Assistant) Evaluate(ctx context.Context, c EvalCase, history []Turn) EvalResult {
	res := EvalResult{Case: c}
	ans, err := a.Answer(ctx, Question{Text: c.Question, Surface: "eval", History: history})
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

// EvaluateAll evaluates cases in order, calling each with every verdict:
// the turns of a dialogue are asked one after the other, each with the
// earlier turns and their answers as its conversation.
func (a *Assistant) EvaluateAll(ctx context.Context, cases []EvalCase, each func(EvalResult)) {
	var dialogue string
	var history []Turn
	for _, c := range cases {
		if c.Dialogue == "" || c.Dialogue != dialogue {
			history = nil
		}
		dialogue = c.Dialogue
		r := a.Evaluate(ctx, c, history)
		if c.Dialogue != "" {
			history = append(history, Turn{Role: "user", Text: c.Question}, Turn{Role: "assistant", Text: r.Answer.Answer, Slugs: r.Answer.ThreadSlugs()})
		}
		each(r)
	}
}

// Judge returns what is wrong with ans as an answer to c, given the entries
// it cites: the language must be the question's; an uncovered question
// must be answered as not grounded, with no citation; a covered one
// grounded, with at least one citation (the first one among c.Entries when
// it names some), matching the expectation, stating no number that the
// cited entries lack (with the same unit, see figures.Set.Missing),
// and keeping the rules of form (see CheckForm).
func Judge(c EvalCase, ans Answer, cited []*knowledge.Entry) []Problem {
	var ps []Problem
	if ans.Lang != c.Lang {
		ps = append(ps, Problem{RuleLang, fmt.Sprintf("answered in %q, asked in %q", ans.Lang, c.Lang)})
	}
	if c.Expect == nil {
		// An answer that says the base lacks the figure may give the
		// nearest one it has, cited.
		if ans.Grounded || len(ans.Citations) > 0 && ans.Reason != "no_figure" {
			ps = append(ps, Problem{RuleUncovered, "answered as covered, but the knowledge base does not cover it"})
		}
		return ps
	}
	if !ans.Grounded || len(ans.Citations) == 0 {
		ps = append(ps, Problem{RuleNotCovered, "answered as not covered"})
	}
	text := ans.Answer
	if ans.More != "" {
		text += "\n" + ans.More
	}
	if !c.Expect.MatchString(text) {
		ps = append(ps, Problem{RuleMatch, fmt.Sprintf("does not match %q", strings.TrimPrefix(c.Expect.String(), "(?i)"))})
	}
	if len(c.Entries) > 0 && len(ans.Citations) > 0 && !slices.Contains(c.Entries, ans.Citations[0].Slug) {
		ps = append(ps, Problem{RuleEntry, fmt.Sprintf("cites %s first, not %s", ans.Citations[0].Slug, strings.Join(c.Entries, " or "))})
	}
	if p := unsupportedNumber(text, cited); p != nil {
		ps = append(ps, Problem{RuleNumber, p.Error()})
	}
	if ans.Grounded {
		for _, f := range CheckForm(ans.Answer, ans.More, ans.Citations) {
			ps = append(ps, Problem{RuleForm, "form: " + f.Error()})
		}
	}
	return ps
}

// EntryRank is the place, from 1, of the first of c.Entries among the
// answer's citations, or 0 when it cites none of them.
func (r EvalResult) EntryRank() int {
	for i, ci := range r.Answer.Citations {
		if slices.Contains(r.Case.Entries, ci.Slug) {
			return i + 1
		}
	}
	return 0
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
	if r.Answer.More != "" {
		fmt.Fprintf(w, "    more:   %s\n", strings.ReplaceAll(r.Answer.More, "\n", "\n            "))
	}
}
