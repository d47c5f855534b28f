package bot

import (
	"strconv"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/figures"
)

// quotedFigures returns the values of the figures a question quotes: an
// amount or a share ("90 dollars", "75 %"), or a bare number of 100 or
// more that is no year ("10 billion", "300 courses"). A smaller bare
// number is more often the asker's own ("11 yrs in", "a 20-person
// startup") than a figure of the base.
func quotedFigures(text string) map[string]bool {
	var out map[string]bool
	for _, q := range figures.Quantities(text) {
		if q.Unit == figures.UnitNone {
			n, err := strconv.ParseFloat(q.Value, 64)
			if err != nil || n < 100 || isYear(q.Value) {
				continue
			}
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[q.Value] = true
	}
	return out
}

// statesAny reports whether e's text states one of the values.
func statesAny(e *knowledge.Entry, values map[string]bool) bool {
	for _, text := range []string{e.Summary, e.SummaryEN, e.Body} {
		for _, q := range figures.Quantities(text) {
			if values[q.Value] {
				return true
			}
		}
	}
	return false
}
