package bot

import (
	"fmt"
	"io"
	"sort"
)

// EvalReport adds up the verdicts of an evaluation run: by class, the
// rules of form over the answers given as covered, and where the expected
// entry stands among the citations.
type EvalReport struct {
	Total, Passed, Unsupported int
	// Covered counts the answers given as covered, FormPassed those of
	// them that keep every rule of form.
	Covered, FormPassed int
	// WithEntry counts the cases that name their entries, Top1 and Top3
	// those whose answer cites one first, or among its first three.
	WithEntry, Top1, Top3 int
	classes               map[string]*classCount
}

type classCount struct{ total, passed int }

// Add counts one verdict.
func (rep *EvalReport) Add(r EvalResult) {
	rep.Total++
	if r.Passed() {
		rep.Passed++
	}
	if r.UnsupportedNumber() {
		rep.Unsupported++
	}
	if r.Answer.Grounded {
		rep.Covered++
		if len(r.FormProblems()) == 0 {
			rep.FormPassed++
		}
	}
	if len(r.Case.Entries) > 0 {
		rep.WithEntry++
		switch rank := r.EntryRank(); {
		case rank == 1:
			rep.Top1++
			rep.Top3++
		case rank > 1 && rank <= 3:
			rep.Top3++
		}
	}
	if r.Case.Class != "" {
		if rep.classes == nil {
			rep.classes = map[string]*classCount{}
		}
		c := rep.classes[r.Case.Class]
		if c == nil {
			c = &classCount{}
			rep.classes[r.Case.Class] = c
		}
		c.total++
		if r.Passed() {
			c.passed++
		}
	}
}

// Ratio is the share of cases passed, 1 for an empty run.
func (rep *EvalReport) Ratio() float64 {
	if rep.Total == 0 {
		return 1
	}
	return float64(rep.Passed) / float64(rep.Total)
}

// Write prints the report: one line per class when the cases have one,
// the form and entry figures when they apply, then "N passed, M failed".
func (rep *EvalReport) Write(w io.Writer) {
	if len(rep.classes) > 0 {
		names := make([]string, 0, len(rep.classes))
		for n := range rep.classes {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintln(w, "by class:")
		for _, n := range names {
			c := rep.classes[n]
			fmt.Fprintf(w, "  %-15s %3d/%-3d %5.1f %%\n", n, c.passed, c.total, percent(c.passed, c.total))
		}
	}
	if rep.Covered > 0 {
		fmt.Fprintf(w, "answers given as covered that keep the rules of form: %d/%d (%.1f %%)\n", rep.FormPassed, rep.Covered, percent(rep.FormPassed, rep.Covered))
	}
	if rep.WithEntry > 0 {
		fmt.Fprintf(w, "expected entry cited first: %d/%d (%.1f %%), among the first three: %d/%d (%.1f %%)\n",
			rep.Top1, rep.WithEntry, percent(rep.Top1, rep.WithEntry), rep.Top3, rep.WithEntry, percent(rep.Top3, rep.WithEntry))
	}
	fmt.Fprintf(w, "answers stating a number their citations lack: %d\n", rep.Unsupported)
	fmt.Fprintf(w, "%d passed, %d failed\n", rep.Passed, rep.Total-rep.Passed)
}

func percent(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}
