package slackapp

import (
	"errors"
	"time"

	"github.com/careerbot/careerbot/knowledge"
)

// Defaults of the administration.
const (
	defaultAdminCacheTTL = time.Minute
	defaultLowConfidence = 0.25
	week                 = 7 * 24 * time.Hour
)

// actor names a Slack user in the audit log and in revisions.
func actor(user string) string { return "slack:" + user }

// isNotFound and isConflict classify curation errors.
func isNotFound(err error) bool { return errors.Is(err, knowledge.ErrNotFound) }
func isConflict(err error) bool { return errors.Is(err, knowledge.ErrConflict) }
