package slackapp

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// onVote records a click on an answer's feedback buttons: one vote per
// person and answer, a second click changing or keeping it, never counted
// twice. 👎 asks why. The message then shows the votes on its buttons.
func (s *Server) onVote(ctx context.Context, cb slack.InteractionCallback, a slack.BlockAction) {
	vote, id, lang, err := parseClick(a)
	if err != nil {
		s.log.Warn("slack: vote", "err", err)
		return
	}
	if vote == -1 {
		// The trigger expires three seconds after the click: open first.
		if _, err := s.api.OpenViewContext(ctx, cb.TriggerID, s.reasonModal(id, lang)); err != nil {
			s.log.Warn("slack: open feedback modal", "err", err)
		}
	}
	votes, err := s.store.RecordFeedback(ctx, knowledge.Feedback{QuestionID: id, UserHash: s.seeUser(ctx, cb.User.ID), Vote: vote})
	if err != nil {
		s.log.Warn("slack: record vote", "question", id, "err", err)
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, s.ephemeral(bot.Msg(lang,
			"Sorry, I couldn't record your vote on this answer (it may be too old). Please try again later.",
			"Désolé, je n'ai pas pu enregistrer votre vote sur cette réponse (elle est peut-être trop ancienne). Réessayez plus tard.")))
		return
	}
	if votes.Previous == vote {
		s.log.Info("slack: feedback kept", "question_id", id, "vote", vote)
		return // counted already: the message says so
	}
	s.cfg.Metrics.Voted(vote)
	s.log.Info("slack: feedback", "question_id", id, "vote", vote, "changed", votes.Previous != 0)
	s.showVotes(ctx, cb, id, lang, votes)
	if vote == 1 {
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, s.ephemeral(bot.Msg(lang,
			"Thanks for your feedback!", "Merci pour votre retour !")))
	}
}

// parseClick reads a click on feedback buttons: Slack's feedback buttons
// ("up:ID:LANG"), or the 👍 and 👎 buttons of answers posted before them.
func parseClick(a slack.BlockAction) (vote int, id int64, lang string, err error) {
	value := a.Value
	switch a.ActionID {
	case actionFeedbackUp:
		vote = 1
	case actionFeedbackDown:
		vote = -1
	default:
		var dir string
		dir, value, _ = strings.Cut(a.Value, ":")
		switch dir {
		case "up":
			vote = 1
		case "down":
			vote = -1
		default:
			return 0, 0, "en", errors.New("malformed feedback value " + strconv.Quote(a.Value))
		}
	}
	id, lang, err = parseVote(value)
	return vote, id, lang, err
}

// showVotes updates the voted message, when Slack sent it along, so that
// its feedback buttons give the votes.
func (s *Server) showVotes(ctx context.Context, cb slack.InteractionCallback, id int64, lang string, votes knowledge.Votes) {
	blocks := cb.Message.Blocks.BlockSet
	replaced := false
	for i, b := range blocks {
		if k := blockKind(b.ID()); k == "feedback" {
			blocks[i] = feedbackBlock(id, lang, &votes)
			replaced = true
		}
	}
	if !replaced || cb.ResponseURL == "" {
		return
	}
	s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, &slack.WebhookMessage{
		ReplaceOriginal: true, Text: cb.Message.Text, Blocks: &slack.Blocks{BlockSet: blocks}})
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
	_, err = s.store.RecordFeedback(ctx, knowledge.Feedback{QuestionID: id, UserHash: s.seeUser(ctx, cb.User.ID), Vote: -1, Reason: reason})
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
