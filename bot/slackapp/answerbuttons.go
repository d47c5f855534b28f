package slackapp

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// shareValue is the value of the "Share in channel" button: the answer as
// its asker sees it (see answerValue), so that the channel gets that very
// answer, never a new one. Only answers from the knowledge base that fit
// in a button are shared.
func shareValue(ans bot.Answer) (string, bool) {
	cited := bot.CitedIn(ans.Answer, ans.Citations)
	if !ans.Grounded || len(cited) == 0 {
		return "", false
	}
	v := answerValue(ans.Lang, cited, ans.Answer)
	return v, len(v) <= maxButtonValue
}

// onShare posts in the channel the answer a "Share in channel" button
// carries, saying who shared it, and deletes its private copy.
func (s *Server) onShare(ctx context.Context, cb slack.InteractionCallback, a slack.BlockAction) {
	lang, cites, text, ok := parseAnswerValue(a.Value)
	if !ok {
		// A button posted before answers were carried in it.
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, s.ephemeral(bot.Msg(s.userLang(ctx, cb.User.ID),
			"This button is out of date: ask your question again, then share the new answer.",
			"Ce bouton n'est plus valable : posez à nouveau votre question, puis partagez la nouvelle réponse.")))
		return
	}
	blocks, fb := s.render.Answer(s.storedAnswer(ctx, lang, cites, text), Options{SharedBy: cb.User.ID})
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
		reply = ephemeralBlocks(s.render.Answer(ans, Options{Ephemeral: true, Share: true}))
	}
	// Within a private answer the card replaces it; under a shared
	// answer it comes as a private message.
	reply.ReplaceOriginal = cb.Container.IsEphemeral
	s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, reply)
}
