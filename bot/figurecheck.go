package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/figures"
)

// checkFigures is the last step of a quoted answer: every line that cites
// entries is checked against them, and a line stating a number that none
// of the entries it cites contains is left out, so that no figure reaches
// a screen unchecked. Lines that cite nothing are careerbot's own words
// ("Les métiers les plus proches de votre profil :") and state no fact.
// The citations the text no longer cites are dropped. Generated answers
// are checked as they are written (see CheckAnswer).
func (a *Assistant) checkFigures(ctx context.Context, ans Answer) Answer {
	if len(ans.Citations) == 0 || ans.Composer != "" && ans.Composer != "extractive" {
		return ans
	}
	// The entries the answer was made from, as the catalog view read them
	// for it: no second round trip.
	v := a.catalogs.last()
	cited := map[int]*knowledge.Entry{}
	for _, c := range ans.Citations {
		e, err := a.entryIn(ctx, v, c.Slug)
		if err != nil {
			// The store failed after the answer was found: it cannot be
			// checked, so it is not shown.
			a.log.Warn("check an answer's figures", "err", err)
			return Answer{Composer: ans.Composer, Reason: "unavailable", Answer: Unavailable(ans.Lang), Citations: []Citation{}}
		}
		cited[c.N] = e
	}
	checked, left := withCheckedFigures(ans, cited, a.figures.of)
	for _, q := range left {
		a.log.Warn("left out a line whose figure its citations lack", "figure", q)
	}
	if strings.TrimSpace(checked.Answer) == "" {
		return a.notCovered(ans.Lang, nil, nil)
	}
	return checked
}

// withCheckedFigures returns ans without the lines that state a number the
// entries they cite (cited, by [n]) lack, and those numbers as written.
func withCheckedFigures(ans Answer, cited map[int]*knowledge.Entry, figuresOf func(*knowledge.Entry) *figures.Set) (Answer, []string) {
	var left []string
	keep := func(text string) string {
		var out []string
		for _, line := range strings.Split(text, "\n") {
			var es []*knowledge.Entry
			for _, m := range citeRE.FindAllStringSubmatch(line, -1) {
				n, _ := strconv.Atoi(m[1])
				if e := cited[n]; e != nil {
					es = append(es, e)
				}
			}
			if q, ok := unsupportedIn(line, es, figuresOf); !ok {
				left = append(left, q)
				continue
			}
			out = append(out, line)
		}
		return strings.Join(out, "\n")
	}
	main, more := keep(ans.Answer), keep(ans.More)
	if main == ans.Answer && more == ans.More {
		return ans, nil
	}
	if strings.TrimSpace(main) == "" {
		// What was left out was the answer: the rest, if any, comes up.
		first, rest, _ := strings.Cut(strings.TrimSpace(more), "\n")
		main, more = first, rest
	}
	ans.Answer, ans.More = main, more
	ans.Citations = CitedIn(main+"\n"+more, ans.Citations)
	return ans, left
}

// unsupportedIn reports whether every number line states is stated by one
// of es at least, and the first that none states when not: line is a line
// of an answer that cites es. A line that cites nothing states no fact.
func unsupportedIn(line string, es []*knowledge.Entry, figuresOf func(*knowledge.Entry) *figures.Set) (string, bool) {
	if len(es) == 0 {
		return "", true
	}
	text := citeRE.ReplaceAllString(line, "")
	missing := figuresOf(es[0]).Missing(text)
	for _, e := range es[1:] {
		if len(missing) == 0 {
			break
		}
		set := figuresOf(e)
		kept := missing[:0]
		for _, q := range missing {
			if len(set.Missing(q.Text)) > 0 {
				kept = append(kept, q)
			}
		}
		missing = kept
	}
	if len(missing) > 0 {
		return missing[0].Text, false
	}
	return "", true
}

// entryFigures reads the figures of all of an entry's text.
func entryFigures(e *knowledge.Entry) *figures.Set { return figures.Of(EntryText(e)) }
