package knowledge

import "time"

// PendingEvent is a Slack event claimed for an answer that was never
// finished: the replica answering it stopped renewing its lease.
type PendingEvent struct {
	EventID string
	// Request is what the Slack adapter kept to answer the event again.
	Request []byte
	// Attempts counts the claims of the event, this one included.
	Attempts int
	// Age is how long ago the event was first claimed, by the database's
	// clock.
	Age time.Duration
}
