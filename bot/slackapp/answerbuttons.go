package slackapp

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// onShare posts in the channel the answer of a "Share in channel"
// button, and deletes its private copy.
func (s *Server) onShare(ctx context.Context, cb slack.InteractionCallback, a slack.BlockAction) {
	command, text := parseShare(a.Value)
	ans, err := s.assistant.Answer(ctx, bot.Question{Text: text, Command: command, Surface: "slack_share", UserID: cb.User.ID})
	if err != nil {
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, s.ephemeral(errorMessage(err, ans, bot.DetectLang(text))))
		return
	}
	blocks, fb := s.render.Answer(ans, Options{})
	s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, &slack.WebhookMessage{
		ResponseType: slack.ResponseTypeInChannel, Text: fb, Blocks: &slack.Blocks{BlockSet: blocks}})
	if cb.ResponseURL != "" && cb.Container.IsEphemeral {
		// The private copy is no longer needed.
		s.respond(ctx, cb.ResponseURL, "", "", &slack.WebhookMessage{DeleteOriginal: true})
	}
}

// onOpenEntry answers a button that opens an entry (a related entry, a
// suggestion, a popular role) with its card, privately.
func (s *Server) onOpenEntry(ctx context.Context, cb slack.InteractionCallback, a slack.BlockAction) {
	kind, slug, _ := strings.Cut(a.Value, ":")
	command := bot.Command(kind)
	text := slug
	switch command {
	case bot.CmdRole, bot.CmdSkill, bot.CmdTraining:
	default:
		command, text = bot.CmdAsk, strings.ReplaceAll(slug, "-", " ")
	}
	ans, err := s.assistant.Answer(ctx, bot.Question{Text: text, Command: command, Surface: "slack_button", UserID: cb.User.ID})
	var reply *slack.WebhookMessage
	if err != nil {
		reply = s.ephemeral(errorMessage(err, ans, "en"))
	} else {
		reply = ephemeralBlocks(s.render.Answer(ans, Options{Ephemeral: true, Share: shareValue(command, ans.Question)}))
	}
	// Within a private answer the card replaces it; under a shared
	// answer it comes as a private message.
	reply.ReplaceOriginal = cb.Container.IsEphemeral
	s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, reply)
}
