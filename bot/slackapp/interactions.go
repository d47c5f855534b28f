package slackapp

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
)

// onInteraction handles buttons and modal submissions. It returns the
// immediate response, or nil for an empty acknowledgement.
func (s *Server) onInteraction(cb slack.InteractionCallback) any {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		for _, a := range cb.ActionCallback.BlockActions {
			a := *a
			s.spawn("handle "+a.ActionID, func(ctx context.Context) { s.onAction(ctx, cb, a) })
		}
	case slack.InteractionTypeViewSubmission:
		if cb.View.CallbackID == callbackFeedback {
			return s.onFeedbackReason(cb)
		}
		if strings.HasPrefix(cb.View.CallbackID, "admin_") {
			return s.onAdminView(cb)
		}
	case slack.InteractionTypeBlockSuggestion:
		return s.onSuggestion(cb)
	}
	return nil
}

func (s *Server) onAction(ctx context.Context, cb slack.InteractionCallback, a slack.BlockAction) {
	switch {
	case isAdminAction(a.ActionID):
		s.onAdminAction(ctx, cb, a)
	case a.ActionID == actionBrowseRole:
		s.onBrowseRole(ctx, cb, a)
	case a.ActionID == actionFeedback || a.ActionID == actionFeedbackUp || a.ActionID == actionFeedbackDown:
		s.onVote(ctx, cb, a)
	case a.ActionID == actionShare:
		s.onShare(ctx, cb, a)
	case a.ActionID == actionMore:
		s.onMore(ctx, cb, a)
	case strings.HasPrefix(a.ActionID, actionOpenEntry):
		s.onOpenEntry(ctx, cb, a)
	default:
		s.log.Info("slack: unknown action", "action", a.ActionID)
	}
}

// isAdminAction reports whether an action id belongs to the administration.
func isAdminAction(id string) bool { return strings.HasPrefix(id, "admin_") }

// busyResponse is the response to an interaction careerbot could not work
// out: a form stays open with a message on one of its fields, a search
// gets no option.
func busyResponse(cb slack.InteractionCallback) any {
	switch {
	case cb.Type == slack.InteractionTypeBlockSuggestion:
		return noOptions()
	case cb.View.CallbackID == callbackEntry:
		return entryFormBusy(cb.View.PrivateMetadata)
	case cb.View.CallbackID == callbackFeedback:
		return reasonFormBusy(cb.View.PrivateMetadata)
	}
	return nil
}
