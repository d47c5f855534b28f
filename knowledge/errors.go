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
