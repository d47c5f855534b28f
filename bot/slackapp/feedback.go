package slackapp

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

func (s *Server) onVote(ctx context.Context, cb slack.InteractionCallback, a slack.BlockAction) {
	id, lang, err := parseVote(a.Value)
	if err != nil {
		s.log.Warn("slack: vote", "err", err)
		return
	}
	vote := 1
	if a.ActionID == actionFeedbackDown {
		vote = -1
		// The trigger expires three seconds after the click: open first.
		if _, err := s.api.OpenViewContext(ctx, cb.TriggerID, s.reasonModal(id, lang)); err != nil {
			s.log.Warn("slack: open feedback modal", "err", err)
		}
	}
	fctx, cancel := s.dbCall(ctx)
	err = s.store.RecordFeedback(fctx, knowledge.Feedback{QuestionID: id, UserHash: s.userHash(cb.User.ID), Vote: vote})
	cancel()
	if err != nil {
		s.log.Warn("slack: record vote", "question", id, "err", err)
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, s.ephemeral(bot.Msg(lang,
			"Sorry, I couldn't record your vote on this answer (it may be too old). Please try again later.",
			"Désolé, je n'ai pas pu enregistrer votre vote sur cette réponse (elle est peut-être trop ancienne). Réessayez plus tard.")))
		return
	}
	s.cfg.Metrics.Voted(vote)
	s.log.Info("slack: feedback", "question_id", id, "vote", vote)
	if vote == 1 {
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, s.ephemeral(bot.Msg(lang,
			"Thanks for your feedback!", "Merci pour votre retour !")))
	}
}

func (s *Server) reasonModal(id int64, lang string) slack.ModalViewRequest {
	input := slack.NewPlainTextInputBlockElement(
		slack.NewTextBlockObject(slack.PlainTextType, bot.Msg(lang, "Wrong, missing, out of date…", "Faux, incomplet, dépassé…"), false, false),
		actionReason)
	input.Multiline = true
	input.MaxLength = 1000
	block := slack.NewInputBlock(blockReason, plain(bot.Msg(lang, "What was wrong with this answer?", "Qu'est-ce qui n'allait pas dans cette réponse ?")), nil, input)
	block.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackFeedback,
		PrivateMetadata: voteValue(id, lang),
		Title:           plain(bot.Msg(lang, "Feedback", "Votre avis")),
		Submit:          plain(bot.Msg(lang, "Send", "Envoyer")),
		Close:           plain(bot.Msg(lang, "Cancel", "Annuler")),
		Blocks:          slack.Blocks{BlockSet: []slack.Block{block}},
	}
}

// onFeedbackReason stores the reason given in the 👎 modal. An empty
// response closes the modal; errors are shown in it.
func (s *Server) onFeedbackReason(cb slack.InteractionCallback) any {
	id, lang, err := parseVote(cb.View.PrivateMetadata)
	if err != nil {
		s.log.Warn("slack: feedback modal", "err", err)
		return nil
	}
	var reason string
	if cb.View.State != nil {
		reason = strings.TrimSpace(cb.View.State.Values[blockReason][actionReason].Value)
	}
	ctx, cancel := s.within(2 * time.Second)
	defer cancel()
	err = s.store.RecordFeedback(ctx, knowledge.Feedback{QuestionID: id, UserHash: s.userHash(cb.User.ID), Vote: -1, Reason: reason})
	if err != nil {
		s.log.Warn("slack: record feedback reason", "question", id, "err", err)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockReason: bot.Msg(lang,
			"Sorry, your feedback could not be saved. Please try again in a minute.",
			"Désolé, votre retour n'a pas pu être enregistré. Réessayez dans une minute.")})
	}
	return nil
}

// reasonFormBusy keeps the 👎 form open, with its text, when its
// submission could not be worked out.
func reasonFormBusy(metadata string) any {
	_, lang, _ := parseVote(metadata)
	return slack.NewErrorsViewSubmissionResponse(map[string]string{blockReason: busyText(lang)})
}
