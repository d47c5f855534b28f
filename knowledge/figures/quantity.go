package figures

// Unit is what a number counts, when the text attaches it to the number.
type Unit string

// The units a number can carry. A number with none is bare.
const (
	UnitNone    Unit = ""
	UnitPercent Unit = "%"
	UnitDollar  Unit = "$"
	UnitEuro    Unit = "€"
	// UnitTimes is a multiplier: "multiplié par quatre", "21 times",
	// "tripled".
	UnitTimes Unit = "×"
	// UnitOrdinal is a rank: "2e", "1er", "third", "Q2".
	UnitOrdinal Unit = "ordinal"
)

// Quantity is one number that a text states.
type Quantity struct {
	// Value is the number in canonical form (see NormalizeNumber), its
	// scale applied: "10 milliards" is "10000000000", "100k$" "100000".
	Value string
	// Written is the canonical form of the number as written, before its
	// scale: "10" for "10 milliards".
	Written string
	Unit    Unit
	// Text is the quantity as written, unit included, and Start and End
	// its byte offsets in the text.
	Text       string
	Start, End int
}

// String writes the quantity for messages: "44 %", "10000000 $", "×12",
// "ordinal 4".
func (q Quantity) String() string {
	switch q.Unit {
	case UnitNone:
		return q.Value
	case UnitTimes:
		return "×" + q.Value
	case UnitOrdinal:
		return "ordinal " + q.Value
	}
	return q.Value + " " + string(q.Unit)
}

// year reports whether q is a bare year, a date rather than a figure.
func (q Quantity) year() bool {
	if q.Unit != UnitNone || len(q.Value) != 4 {
		return false
	}
	return q.Value >= "1900" && q.Value <= "2100"
}
