package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
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
	bySlug := map[string]*knowledge.Entry{}
	if a.catalog != nil {
		if v, err := a.catalogs.get(ctx, a.catalog); err == nil {
			bySlug = v.bySlug
		}
	}
	cited := map[int]*knowledge.Entry{}
	for _, c := range ans.Citations {
		e := bySlug[c.Slug]
		if e == nil {
			var err error
			if e, err = a.entries.Get(ctx, c.Slug); err != nil {
				// The store failed after the answer was found: it cannot
				// be checked, so it is not shown.
				a.log.Warn("check an answer's figures", "err", err)
				return Answer{Composer: ans.Composer, Reason: "unavailable", Answer: Unavailable(ans.Lang), Citations: []Citation{}}
			}
		}
		cited[c.N] = e
	}
	checked, left := withCheckedFigures(ans, cited)
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
func withCheckedFigures(ans Answer, cited map[int]*knowledge.Entry) (Answer, []string) {
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
			if len(es) > 0 {
				if p := unsupportedNumber(line, es); p != nil {
					left = append(left, p.Figure.Text)
					continue
				}
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
