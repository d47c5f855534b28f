package knowledge

import "errors"

// Errors that stores wrap, so that callers tell them apart with errors.Is
// whatever the store.
var (
	// ErrNotFound: no entry (or revision) has the requested slug (or
	// number).
	ErrNotFound = errors.New("entry not found")
	// ErrConflict: the entry was changed since the revision an edit
	// started from.
	ErrConflict = errors.New("entry changed since it was opened")
)

// ProblemCode says what is wrong with a field of an entry (a Problem of
// Check), so that callers can word it themselves, in another language say.
type ProblemCode string

// The problems Check finds.
const (
	// ProblemMissing: a required field is empty.
	ProblemMissing ProblemCode = "missing"
	// ProblemInvalid: the slug is not 2 to 80 lowercase letters, digits and
	// hyphens.
	ProblemInvalid ProblemCode = "invalid"
	// ProblemUnknown: a kind, language or status careerbot does not know.
	ProblemUnknown ProblemCode = "unknown"
	// ProblemTooLong: Problem.Count characters, more than Problem.Max.
	ProblemTooLong ProblemCode = "too_long"
	// ProblemTooMany: Problem.Count items, more than Problem.Max.
	ProblemTooMany ProblemCode = "too_many"
	// ProblemNUL: the text holds a NUL character.
	ProblemNUL ProblemCode = "nul"
)
