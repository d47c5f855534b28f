package knowledge

import "time"

// Downvote is a 👎 on an answer, with the question it answered and the
// reason given, if any.
type Downvote struct {
	Question Question
	Reason   string
	At       time.Time
}

// Popular is an entry and how often answers cited it.
type Popular struct {
	Slug  string
	Title string
	Kind  Kind
	Count int
}
