package knowledge

import "time"

// Turn is one message of a conversation careerbot took part in, such as a
// Slack thread, kept so that follow-ups can be answered in context.
type Turn struct {
	Role  string // "user" or "assistant"
	Text  string
	Slugs []string // the entries an assistant turn cited
	// At is when the message was written; the zero time means when the
	// turn is stored.
	At time.Time
}

// Feedback is an employee's vote on an answer, with an optional reason.
type Feedback struct {
	QuestionID int64
	UserHash   string
	Vote       int // 1 (useful) or -1 (not useful)
	Reason     string
}

// Votes is what a vote changed: the voter's previous vote on the answer
// (0 when it is their first), and the answer's votes since.
type Votes struct {
	Previous int
	Up, Down int
}
