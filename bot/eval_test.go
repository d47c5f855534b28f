package bot

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

func TestReadEvalFile(t *testing.T) {
	good := "id\tlang\tquestion\texpect\n# a comment\n\nq1\tfr\tQu'est-ce qu'un prompt engineer ?\trequête|prompt\r\nq2\ten\tWhat is the best pizza?\t-\n"
	cases, err := ReadEvalFile("good.tsv", strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].ID != "q1" || cases[0].Line != 4 || cases[1].Expect != nil || !cases[0].Expect.MatchString("une REQUÊTE") {
		t.Errorf("cases = %+v", cases)
	}
	tests := []struct{ name, text, want string }{
		{"fields", "id\tlang\tquestion\texpect\nq1\tfr\tno expectation\n", "bad.tsv:2: expected 4 tab-separated fields (id, lang, question, expect), got 3"},
		{"lang", "q1\tde\tWas ist KI?\t-\n", `bad.tsv:1: lang: "de" is not fr or en`},
		{"expect", "id\tlang\tquestion\texpect\n\nq1\ten\tWhat?\t(unclosed\n", "bad.tsv:3: expect: "},
	}
	for _, tt := range tests {
		_, err := ReadEvalFile("bad.tsv", strings.NewReader(tt.text))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to start with %q", tt.name, err, tt.want)
		}
	}
}

func TestJudge(t *testing.T) {
	entry := &knowledge.Entry{Slug: "darwinx-ai-engineer-daily-rate", Lang: "fr", Title: "TJM des ingénieurs IA",
		Summary: "Le TJM des ingénieurs en IA a franchi les 500 € en 2023."}
	cited := []Citation{{N: 1, Slug: entry.Slug}}
	covered := EvalCase{ID: "c1", Lang: "fr", Question: "Quel est le TJM d'un ingénieur IA ?", Expect: regexp.MustCompile("(?i)500")}
	uncovered := EvalCase{ID: "c2", Lang: "en", Question: "What is the best pizza?"}
	notCovered := Answer{Lang: "en", Answer: "I don't have reliable information on that."}
	tests := []struct {
		name  string
		c     EvalCase
		ans   Answer
		rules []Rule
	}{
		{"right answer", covered, Answer{Lang: "fr", Grounded: true, Answer: "Le TJM a franchi les 500 € [1]", Citations: cited}, nil},
		{"no match", covered, Answer{Lang: "fr", Grounded: true, Answer: "Le TJM a beaucoup progressé [1]", Citations: cited}, []Rule{RuleMatch}},
		{"wrong language", covered, Answer{Lang: "en", Grounded: true, Answer: "The daily rate passed €500 [1]", Citations: cited}, []Rule{RuleLang}},
		{"not covered", covered, Answer{Lang: "fr", Answer: "Je n'ai pas d'information fiable sur ce sujet (500)."}, []Rule{RuleNotCovered}},
		{"unsupported number", covered, Answer{Lang: "fr", Grounded: true, Answer: "Le TJM a franchi les 500 € et 700 € [1]", Citations: cited}, []Rule{RuleNumber}},
		{"unsupported unit", covered, Answer{Lang: "fr", Grounded: true, Answer: "Le TJM a franchi les 500 $ [1]", Citations: cited}, []Rule{RuleNumber}},
		{"uncovered, not covered", uncovered, notCovered, nil},
		{"uncovered, grounded", uncovered, Answer{Lang: "en", Grounded: true, Answer: "Margherita [1]", Citations: cited}, []Rule{RuleUncovered}},
		{"uncovered, with citations", uncovered, Answer{Lang: "en", Answer: "Margherita [1]", Citations: cited}, []Rule{RuleUncovered}},
		{"uncovered, wrong language", uncovered, Answer{Lang: "fr", Answer: "Je n'ai pas d'information fiable."}, []Rule{RuleLang}},
	}
	for _, tt := range tests {
		var got []Rule
		for _, p := range Judge(tt.c, tt.ans, []*knowledge.Entry{entry}) {
			got = append(got, p.Rule)
		}
		if !slices.Equal(got, tt.rules) {
			t.Errorf("%s: rules %v, want %v", tt.name, got, tt.rules)
		}
	}
}

func TestWriteVerdict(t *testing.T) {
	c := EvalCase{ID: "c1", Lang: "en", Question: "What does a data engineer do?", Expect: regexp.MustCompile("(?i)reservoir")}
	long := "*Data engineer* — A data engineer builds the data reservoir " + strings.Repeat("that data scientists interpret ", 10) + "[1]\nKey skills: Data preparation. [1]"
	pass := EvalResult{Case: c, Answer: Answer{Lang: "en", Grounded: true, Answer: long}}
	var b bytes.Buffer
	pass.WriteVerdict(&b, false)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 || lines[0] != "PASS c1 [en] What does a data engineer do?" || !strings.HasPrefix(lines[1], "    answer: *Data engineer*") || !strings.HasSuffix(lines[1], "…") {
		t.Errorf("a passing verdict:\n%s", b.String())
	}
	b.Reset()
	pass.WriteVerdict(&b, true)
	if !strings.Contains(b.String(), "Key skills: Data preparation.") {
		t.Errorf("a passing verdict in full lacks the whole answer:\n%s", b.String())
	}
	fail := EvalResult{Case: c, Answer: Answer{Lang: "en", Answer: "I don't have reliable information on that.\nYou can ask HR."},
		Problems: []Problem{{RuleNotCovered, "answered as not covered"}, {RuleMatch, `does not match "reservoir"`}}}
	b.Reset()
	fail.WriteVerdict(&b, false)
	want := "FAIL c1 [en] What does a data engineer do?\n" +
		"    problem: answered as not covered\n" +
		"    problem: does not match \"reservoir\"\n" +
		"    answer: (not covered) I don't have reliable information on that.\n" +
		"            You can ask HR.\n"
	if b.String() != want {
		t.Errorf("a failing verdict:\n%s\nwant\n%s", b.String(), want)
	}
}

func TestReadEvalFileClassesAndDialogues(t *testing.T) {
	text := "id\tclass\tlang\tquestion\texpect\tentries\n" +
		"g1\tpay\tfr\tÇa paie combien, prompt engineer ?\t335\tprompt-engineer|prompt-engineer-salary-bloomberg\n" +
		"d01.1\tfollowup\ten\tWhat is a psydesigner?\tpsy\tpsydesigner\n" +
		"d01.2\tfollowup\ten\tand what does it pay?\t-\t-\n"
	cases, err := ReadEvalFile("g.tsv", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 3 || cases[0].Class != "pay" || !slices.Equal(cases[0].Entries, []string{"prompt-engineer", "prompt-engineer-salary-bloomberg"}) ||
		cases[0].Dialogue != "" || cases[1].Dialogue != "d01" || cases[2].Dialogue != "d01" || cases[2].Entries != nil || cases[2].Expect != nil {
		t.Errorf("cases = %+v", cases)
	}
	for _, tt := range []struct{ text, want string }{
		{"id\tlang\tquestion\texpect\tcolour\n", `bad.tsv:1: unknown column "colour"`},
		{"id\tclass\tlang\tquestion\n", `bad.tsv:1: the header has no "expect" column`},
		{"id\tclass\tlang\tquestion\texpect\tentries\ng1\tpay\tfr\tCombien ?\t335\n", "bad.tsv:2: expected 6 tab-separated fields (id, class, lang, question, expect, entries), got 5"},
	} {
		if _, err := ReadEvalFile("bad.tsv", strings.NewReader(tt.text)); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("error %v, want it to start with %q", err, tt.want)
		}
	}
}

func TestJudgeEntryAndForm(t *testing.T) {
	entry := &knowledge.Entry{Slug: "psydesigner", Lang: "fr", Title: "Psydesigner", Summary: "Le psydesigner conçoit les réponses des IA."}
	c := EvalCase{ID: "g1", Lang: "fr", Expect: regexp.MustCompile("(?i)psy"), Entries: []string{"psydesigner"}}
	right := Answer{Lang: "fr", Grounded: true, Answer: "Le psydesigner conçoit les réponses des IA [1].", Citations: []Citation{{N: 1, Slug: "psydesigner"}}}
	wrongFirst := Answer{Lang: "fr", Grounded: true, Answer: "Le psydesigner conçoit les réponses des IA [1].", Citations: []Citation{{N: 1, Slug: "prompt-engineer"}}}
	uncited := Answer{Lang: "fr", Grounded: true, Answer: "Le psydesigner conçoit les réponses des IA [1].", Citations: []Citation{{N: 1, Slug: "psydesigner"}, {N: 2, Slug: "prompt-engineer"}}}
	for _, tt := range []struct {
		name  string
		ans   Answer
		rules []Rule
	}{
		{"right", right, nil},
		{"wrong entry first", wrongFirst, []Rule{RuleEntry}},
		{"uncited source", uncited, []Rule{RuleForm}},
	} {
		var got []Rule
		for _, p := range Judge(c, tt.ans, []*knowledge.Entry{entry}) {
			got = append(got, p.Rule)
		}
		if !slices.Equal(got, tt.rules) {
			t.Errorf("%s: rules %v, want %v", tt.name, got, tt.rules)
		}
	}
	var rep EvalReport
	rep.Add(EvalResult{Case: c, Answer: right})
	rep.Add(EvalResult{Case: c, Answer: wrongFirst, Problems: []Problem{{RuleEntry, "x"}}})
	var b bytes.Buffer
	rep.Write(&b)
	for _, want := range []string{"expected entry cited first: 1/2 (50.0 %), among the first three: 1/2", "1 passed, 1 failed"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}
