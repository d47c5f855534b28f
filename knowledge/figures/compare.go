package figures

// Set is the quantities a source text states, with the words around
// each, to check that another text states only figures of the source.
type Set struct {
	quantities []Quantity
	near       []map[string]bool // see contexts
}

// Of reads the quantities of source.
func Of(source string) *Set {
	qs := Quantities(source)
	return &Set{quantities: qs, near: contexts(source, qs)}
}

// Missing returns the quantities of text that the source does not state.
// A bare number is stated when the source has it, with or without a unit;
// a number with a unit only when the source has it with the same unit: a
// percentage as a percentage, an amount in its currency and at its scale,
// a multiplier as a multiplier, an ordinal as an ordinal.
func (f *Set) Missing(text string) []Quantity {
	var out []Quantity
	for _, q := range Quantities(text) {
		if !f.states(q) {
			out = append(out, q)
		}
	}
	return out
}

// MissingInContext is Missing, and also reports a quantity of text that
// the source states only about something else: when none of the words next
// to it in text is next to its value in the source, while at least two are
// next to another figure of the source with the same unit ("44 %" said of
// the executives who expect productivity gains, when the source's 44 % plan
// to use more AI and its 47 % expect the gains). The words next to a
// figure are those of its clause up to the neighbouring figures of the same
// unit; two figures with hardly a word between them ("de 7,7 % à 13 %")
// share theirs. Years are dates, not figures, and are checked for value
// only. text and source must be in the same language.
func (f *Set) MissingInContext(text string) []Quantity {
	qs := Quantities(text)
	near := contexts(text, qs)
	var out []Quantity
	for i, q := range qs {
		if !f.states(q) {
			out = append(out, q)
			continue
		}
		if q.year() || len(near[i]) == 0 {
			continue
		}
		same, other := 0, 0
		for j, s := range f.quantities {
			switch {
			case s.year():
			case f.same(s, q):
				same = max(same, overlap(near[i], f.near[j]))
			case s.Unit == q.Unit:
				other = max(other, overlap(near[i], f.near[j]))
			}
		}
		if same == 0 && other >= 2 {
			out = append(out, q)
		}
	}
	return out
}

func overlap(a, b map[string]bool) int {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return n
}

// states reports whether the source states q.
func (f *Set) states(q Quantity) bool {
	for _, s := range f.quantities {
		if f.same(s, q) {
			return true
		}
	}
	return false
}

// same reports whether the source's quantity s states q: the same value
// and unit, or, for a bare q, the same value whatever the unit or scale.
func (f *Set) same(s, q Quantity) bool {
	if q.Unit == UnitNone {
		return s.Value == q.Value || s.Written == q.Value
	}
	return s.Value == q.Value && s.Unit == q.Unit
}
