package bot

import (
	"slices"
	"strings"

	"github.com/careerbot/careerbot/retrieval"
)

// synonymGroups returns, for each synonym term text holds (the longest
// first, without overlaps), its group and where its stems are. A word of
// talk between a term's words does not part them ("forment elles-mêmes
// leurs salariés").
func (v *catalogView) synonymGroups(text string) (toks []string, found []synonymHit) {
	toks = retrieval.Tokens(text)
	all := make([]int, len(toks)) // where each of toks is
	var at []int                  // where each of toks but the words of talk is
	for i, t := range toks {
		all[i] = i
		if !talkWords[t] {
			at = append(at, i)
		}
	}
	taken := make([]bool, len(toks))
	for _, t := range v.synonyms {
		if saysNothing(t.stems) {
			continue
		}
		pos := at
		if len(t.stems) == 1 || slices.ContainsFunc(t.stems, func(s string) bool { return talkWords[s] }) {
			pos = all // the term's own words of talk are its words
		}
		k := len(t.stems)
		for i := 0; i+k <= len(pos); i++ {
			from, to := pos[i], pos[i+k-1]+1
			if slices.Contains(taken[from:to], true) || !sameStems(toks, pos[i:i+k], t.stems) {
				continue
			}
			for j := from; j < to; j++ {
				taken[j] = true
			}
			found = append(found, synonymHit{group: t.group, from: from, to: to, gaps: to-from > k})
		}
	}
	return toks, found
}

// sameStems reports whether the words of toks at positions pos are stems.
func sameStems(toks []string, pos []int, stems []string) bool {
	for j, p := range pos {
		if toks[p] != stems[j] {
			return false
		}
	}
	return true
}

// saysNothing reports whether every stem of a term only says what is
// asked, or is a company or a job in general: its synonyms would search
// for what most entries hold ("entreprise", "société", "travail").
func saysNothing(stems []string) bool {
	for _, s := range stems {
		if c := conceptOf(s); !genericWords[s] && c != "company" && c != "job" {
			return false
		}
	}
	return true
}

// synonymHit is a synonym term found in a text: its group, and the span
// of its stems.
type synonymHit struct {
	group, from, to int
	gaps            bool // words of talk lie inside the span, not the term's
}

// stems returns the stems of the term h found in toks, without the words
// of talk inside its span.
func (h synonymHit) stems(toks []string) []string {
	span := toks[h.from:h.to]
	if !h.gaps {
		return span
	}
	var out []string
	for _, t := range span {
		if !talkWords[t] {
			out = append(out, t)
		}
	}
	return out
}

// synonymsOf returns the other terms of the synonym groups whose terms
// text uses, as written in the groups.
func (v *catalogView) synonymsOf(text string) []string {
	toks, found := v.synonymGroups(text)
	var out []string
	for _, h := range found {
		own := strings.Join(h.stems(toks), " ")
		for _, t := range v.groups[h.group] {
			if strings.Join(retrieval.Tokens(t), " ") != own && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// alternatives returns, for each stem of text that is part of a synonym
// term, the stems of the group's other terms.
func (v *catalogView) alternatives(text string) map[string][]string {
	toks, found := v.synonymGroups(text)
	out := map[string][]string{}
	for _, h := range found {
		for _, t := range v.groups[h.group] {
			for _, s := range retrieval.Tokens(t) {
				for _, own := range h.stems(toks) {
					if s != own && !slices.Contains(out[own], s) {
						out[own] = append(out[own], s)
					}
				}
			}
		}
	}
	return out
}
