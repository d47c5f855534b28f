package slackapp

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// resultModal says what happened, with buttons to go on.
func resultModal(lang, title, text string, buttons ...slack.BlockElement) slack.ModalViewRequest {
	blocks, _ := trusted(text)
	if len(buttons) > 0 {
		blocks = append(blocks, slack.NewActionBlock("result_actions", buttons...))
	}
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: callbackResult, PrivateMetadata: entryMeta{Lang: lang}.encode(),
		Title: plain(title), Close: plain(bot.Msg(lang, "Close", "Fermer")), Blocks: slack.Blocks{BlockSet: blocks}}
}

func entryButtons(slug, lang string) []slack.BlockElement {
	return []slack.BlockElement{
		slack.NewButtonBlockElement(actionAdminEdit, slug, plain(bot.Msg(lang, "Edit", "Modifier"))),
		slack.NewButtonBlockElement(actionAdminHistory, slug, plain(bot.Msg(lang, "History", "Historique"))),
	}
}

// showView replaces a modal, or says the same in a direct message when
// there is no modal to replace.
func (s *Server) showView(ctx context.Context, user, viewID string, view slack.ModalViewRequest) {
	ctx, cancel := detached(ctx)
	defer cancel()
	if viewID != "" {
		if _, err := s.api.UpdateViewContext(ctx, view, "", "", viewID); err == nil {
			return
		} else {
			s.log.Warn("slack: update modal", "user", user, "err", err)
		}
	}
	var text []string
	for _, b := range view.Blocks.BlockSet {
		if sec, ok := b.(*slack.SectionBlock); ok && sec.Text != nil {
			text = append(text, sec.Text.Text)
		}
	}
	blocks, fb := trusted(strings.Join(text, "\n"))
	if _, _, err := s.api.PostMessageContext(ctx, user, slack.MsgOptionText(fb, false), slack.MsgOptionBlocks(blocks...)); err != nil {
		s.log.Error("slack: post result", "user", user, "err", err)
	}
}

// openView shows a modal: pushed on (push) or in place of (update) the one
// the click came from, or newly opened.
func (s *Server) openView(ctx context.Context, cb slack.InteractionCallback, inModal, push bool, v slack.ModalViewRequest) {
	var err error
	switch {
	case inModal && push:
		_, err = s.api.PushViewContext(ctx, cb.TriggerID, v)
	case inModal:
		_, err = s.api.UpdateViewContext(ctx, v, "", "", cb.View.ID)
	default:
		_, err = s.api.OpenViewContext(ctx, cb.TriggerID, v)
	}
	if err != nil {
		s.log.Warn("slack: open admin modal", "user", cb.User.ID, "err", err)
	}
}
