package slackapp

import (
	"context"
	"time"
)

// DefaultDatabaseTimeout is how long one call to the Store may take on the
// way of an event before the asker is told the knowledge base is
// unavailable.
const DefaultDatabaseTimeout = 3 * time.Second

// dbCall returns ctx bounded by Config.DatabaseTimeout, for one call to the
// Store: a locked or stalled database fails it instead of holding the
// event.
func (s *Server) dbCall(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.cfg.DatabaseTimeout)
}

// dbDetached is dbCall for the calls that settle an answer (its lease, its
// "answered" mark), which must run even after the work context was
// cancelled at shutdown.
func (s *Server) dbDetached() (context.Context, context.CancelFunc) {
	parent := s.work
	if parent == nil {
		parent = context.Background()
	}
	return context.WithTimeout(context.WithoutCancel(parent), s.cfg.DatabaseTimeout)
}
