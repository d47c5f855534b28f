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

func helpText(lang string) string {
	return bot.Msg(lang,
		"*careerbot* answers questions about AI careers from the knowledge base kept by HR, with its sources.\n"+
			"• `/career <question>`: ask anything, e.g. `/career what does a prompt engineer do?`\n"+
			"• `/role <name>`: a role card, e.g. `/role data scientist`\n"+
			"• `/skill <name>`: a skill, e.g. `/skill python`\n"+
			"• `/training <topic>`: a training path, e.g. `/training coursera`\n"+
			"You can also mention me in a channel (I answer in the thread, and follow-ups there need no new mention) or write to me directly. "+
			"Answers from slash commands are visible only to you until you share them. French works too: `/career aide`.",
		"*careerbot* répond aux questions sur les métiers de l'IA à partir de la base de connaissances tenue par les RH, sources à l'appui.\n"+
			"• `/career <question>` : posez votre question, par exemple `/career que fait un prompt engineer ?`\n"+
			"• `/role <nom>` : la fiche d'un métier, par exemple `/role data scientist`\n"+
			"• `/skill <nom>` : une compétence, par exemple `/skill python`\n"+
			"• `/training <sujet>` : un parcours de formation, par exemple `/training coursera`\n"+
			"Vous pouvez aussi me mentionner dans un canal (je réponds dans le fil, et les questions suivantes n'ont pas besoin de nouvelle mention) ou m'écrire directement. "+
			"Les réponses aux commandes ne sont visibles que par vous tant que vous ne les partagez pas. English works too: `/career help`.")
}

// ephemeral is an immediate reply to a slash command, seen by its author
// only.
func (s *Server) ephemeral(text string) *slack.WebhookMessage {
	return ephemeralBlocks(s.render.Notice(text))
}

// ephemeralBlocks is a reply of blocks, with their notification text, seen
// by its recipient only.
func ephemeralBlocks(blocks []slack.Block, text string) *slack.WebhookMessage {
	return &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: text, Blocks: &slack.Blocks{BlockSet: blocks}}
}

// onCommand acknowledges a slash command at once and answers it in the
// background through its response_url. It returns the immediate reply.
func (s *Server) onCommand(cmd slack.SlashCommand) *slack.WebhookMessage {
	name := strings.ToLower(strings.TrimPrefix(cmd.Command, "/"))
	text := strings.TrimSpace(cmd.Text)
	lang := bot.DetectLang(text)
	var command bot.Command
	switch name {
	case "career":
		switch strings.ToLower(text) {
		case "", "help", "?":
			return s.ephemeral(helpText("en"))
		case "aide":
			return s.ephemeral(helpText("fr"))
		}
		command = bot.CmdAsk
	case "role", "skill", "training":
		if text == "" {
			example := map[string]string{"role": "prompt engineer", "skill": "python", "training": "coursera"}[name]
			return s.ephemeral(bot.Msg(lang,
				"Give a name after the command, for example: /"+name+" "+example,
				"Indiquez un nom après la commande, par exemple : /"+name+" "+example))
		}
		command = bot.Command(name)
	case "career-admin":
		if !s.spawn("admin command", func(ctx context.Context) { s.adminCommand(ctx, cmd, text) }) {
			return s.ephemeral(bot.Msg(lang, "careerbot is restarting. Please try again in a minute.", "careerbot redémarre. Réessayez dans une minute."))
		}
		return s.ephemeral(thinking(lang))
	default:
		return s.ephemeral("careerbot does not handle the command /" + name + ". Type /career help for the commands it knows.")
	}
	if !s.spawn("answer command", func(ctx context.Context) { s.answerCommand(ctx, cmd, command, text) }) {
		return s.ephemeral(bot.Msg(lang, "careerbot is restarting. Please try again in a minute.", "careerbot redémarre. Réessayez dans une minute."))
	}
	return s.ephemeral(thinking(lang))
}

func (s *Server) answerCommand(ctx context.Context, cmd slack.SlashCommand, command bot.Command, text string) {
	lang := bot.DetectLang(text)
	if cmd.TriggerID != "" {
		// A Socket Mode envelope redelivered to this or another replica.
		ok, err := s.store.ClaimEvent(ctx, "command:"+cmd.TriggerID, cmd.ChannelID, "")
		if err != nil {
			s.log.Warn("slack: claim command", "err", err)
		} else if !ok {
			s.cfg.Metrics.Duplicate("command")
			return
		}
	}
	// The "thinking" reply is replaced whatever happens, a panic included.
	resolved := false
	defer func() {
		if !resolved {
			s.respond(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, replacing(s.ephemeral(somethingWrong(lang))))
		}
	}()
	ans, err := s.assistant.Answer(ctx, bot.Question{Text: text, Command: command, Surface: "slack_command", UserID: cmd.UserID})
	var reply *slack.WebhookMessage
	if err != nil {
		reply = s.ephemeral(errorMessage(err, ans, lang))
	} else {
		reply = ephemeralBlocks(s.render.Answer(ans, Options{Ephemeral: true, Share: shareValue(command, ans.Question)}))
	}
	resolved = true
	s.respond(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, replacing(reply))
}

// replacing makes reply take the place of the "thinking" reply.
func replacing(reply *slack.WebhookMessage) *slack.WebhookMessage {
	reply.ReplaceOriginal = true
	return reply
}

// respond posts reply to a response_url, or as an ephemeral message
// when there is none or it fails.
func (s *Server) respond(ctx context.Context, responseURL, channel, user string, reply *slack.WebhookMessage) {
	ctx, cancel := detached(ctx)
	defer cancel()
	if responseURL != "" {
		err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, s.hooks, reply)
		if err == nil {
			return
		}
		s.log.Warn("slack: post to response_url", "err", err)
	}
	opts := []slack.MsgOption{slack.MsgOptionText(reply.Text, false), slack.MsgOptionDisableLinkUnfurl()}
	if reply.Blocks != nil {
		opts = append(opts, slack.MsgOptionBlocks(reply.Blocks.BlockSet...))
	}
	var err error
	switch {
	case channel != "" && reply.ResponseType == slack.ResponseTypeInChannel:
		_, _, err = s.api.PostMessageContext(ctx, channel, opts...)
	case channel != "":
		_, err = s.api.PostEphemeralContext(ctx, channel, user, opts...)
	default: // a direct message from the app
		_, _, err = s.api.PostMessageContext(ctx, user, opts...)
	}
	if err != nil {
		s.log.Error("slack: reply", "channel", channel, "err", err)
	}
}

// shareValue is the value of the "Share in channel" button: the request
// to answer again for the channel.
func shareValue(c bot.Command, text string) string {
	return clip(string(c)+"|"+text, maxButtonValue)
}

func parseShare(v string) (bot.Command, string) {
	c, text, _ := strings.Cut(v, "|")
	switch bot.Command(c) {
	case bot.CmdRole, bot.CmdSkill, bot.CmdTraining:
		return bot.Command(c), text
	}
	return bot.CmdAsk, text
}

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
	case a.ActionID == actionFeedbackUp || a.ActionID == actionFeedbackDown:
		s.onVote(ctx, cb, a)
	case a.ActionID == actionShare:
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
	case strings.HasPrefix(a.ActionID, actionOpenEntry):
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
	default:
		s.log.Info("slack: unknown action", "action", a.ActionID)
	}
}

// voteValue is the value of the feedback buttons: the question id and the
// answer's language.
func voteValue(id int64, lang string) string { return strconv.FormatInt(id, 10) + ":" + lang }

func parseVote(v string) (int64, string, error) {
	idText, lang, _ := strings.Cut(v, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return 0, "en", errors.New("malformed feedback value " + strconv.Quote(v))
	}
	if lang != "fr" {
		lang = "en"
	}
	return id, lang, nil
}

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
	if err := s.store.RecordFeedback(ctx, knowledge.Feedback{QuestionID: id, UserHash: s.userHash(cb.User.ID), Vote: vote}); err != nil {
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
