package slackapp

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// helpText is the help of /career, with the commands as registered.
func (s *Server) helpText(lang string) string {
	return s.names.rename(bot.Msg(lang,
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
			"Les réponses aux commandes ne sont visibles que par vous tant que vous ne les partagez pas. English works too: `/career help`."))
}

// onCommand acknowledges a slash command at once and answers it in the
// background through its response_url. It returns the immediate reply.
func (s *Server) onCommand(cmd slack.SlashCommand) *slack.WebhookMessage {
	name := s.names.base(cmd.Command)
	text := strings.TrimSpace(cmd.Text)
	// The reply cannot wait for users.info: the locale is known if it was
	// read lately, else the text says it; a bare name says nothing, and
	// the "thinking" reply is then the hourglass alone.
	cached, known := s.langs.get(cmd.UserID, s.now())
	lang, sure := commandLang(name, text, cached, known)
	var command bot.Command
	switch name {
	case cmdCareer:
		switch strings.ToLower(text) {
		case "", "help", "?":
			return s.ephemeral(s.helpText("en"))
		case "aide":
			return s.ephemeral(s.helpText("fr"))
		}
		command = bot.CmdAsk
	case cmdRole, cmdSkill, cmdTraining:
		if text == "" {
			example := map[string]string{cmdRole: "prompt engineer", cmdSkill: "python", cmdTraining: "coursera"}[name]
			return s.ephemeral(bot.Msg(lang,
				"Give a name after the command, for example: "+s.names.slash(name)+" "+example,
				"Indiquez un nom après la commande, par exemple : "+s.names.slash(name)+" "+example))
		}
		command = bot.Command(name)
	case cmdAdmin:
		if !s.spawn("admin command", func(ctx context.Context) { s.adminCommand(ctx, cmd, text) }) {
			return s.ephemeral(bot.Msg(lang, "careerbot is restarting. Please try again in a minute.", "careerbot redémarre. Réessayez dans une minute."))
		}
		return s.ephemeral(thinkingIf(lang, sure))
	default:
		return s.ephemeral("careerbot does not handle the command " + cmd.Command + ". Type " + s.names.slash(cmdCareer) + " help for the commands it knows.")
	}
	if !s.spawn("answer command", func(ctx context.Context) { s.answerCommand(ctx, cmd, command, text) }) {
		return s.ephemeral(bot.Msg(lang, "careerbot is restarting. Please try again in a minute.", "careerbot redémarre. Réessayez dans une minute."))
	}
	return s.ephemeral(thinkingIf(lang, sure))
}

// commandLang is the language of a slash command's replies: the text's
// for a question, with the user's locale (if known) when the text gives
// no clue; the user's locale for a bare name. sure is false when neither
// says.
func commandLang(name, text, locale string, known bool) (lang string, sure bool) {
	if !known {
		locale = "en"
	}
	switch {
	case name == cmdCareer || name == cmdAdmin:
		return bot.DetectLangHint(text, locale), known || bot.DetectLangHint(text, "fr") == bot.DetectLangHint(text, "en")
	case known:
		return locale, true
	}
	return bot.DetectLang(text), false
}

// thinkingIf is the "thinking" reply in lang, or the hourglass alone when
// the language is a guess.
func thinkingIf(lang string, sure bool) string {
	if !sure {
		return "⏳"
	}
	return thinking(lang)
}

func (s *Server) answerCommand(ctx context.Context, cmd slack.SlashCommand, command bot.Command, text string) {
	locale := s.userLang(ctx, cmd.UserID)
	lang := bot.DetectLangHint(text, locale)
	if command != bot.CmdAsk {
		lang = locale // a name says nothing of the asker's language
	}
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
	ans, err := s.assistant.Answer(ctx, bot.Question{Text: text, Command: command, Surface: "slack_command", UserID: cmd.UserID, Lang: locale})
	var reply *slack.WebhookMessage
	if err != nil {
		reply = s.ephemeral(errorMessage(err, ans, lang))
	} else {
		ans.Answer = s.names.rename(ans.Answer) // "try /role…" names the commands as registered
		reply = ephemeralBlocks(s.render.Answer(ans, Options{Ephemeral: true, Share: true}))
	}
	resolved = true
	s.respond(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, replacing(reply))
}
