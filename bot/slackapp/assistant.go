package slackapp

import (
	"context"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/bot"
)

// surfaceAssistant is the surface of questions asked in an assistant
// thread: Slack's AI assistant view, whose threads live in careerbot's
// direct message.
const surfaceAssistant = "slack_assistant"

// prompt is a suggested prompt of a new assistant thread.
type prompt struct{ title, message string }

// suggestedPrompts are the prompts a new assistant thread offers, in
// lang: at most four, as Slack allows.
func suggestedPrompts(lang string) []prompt {
	if lang == "fr" {
		return []prompt{
			{"Un métier", "Que fait un prompt engineer ?"},
			{"Les compétences d'un métier", "Quelles compétences faut-il pour devenir data scientist ?"},
			{"Se former", "Comment apprendre Python pour l'IA ?"},
			{"Salaires et marché", "Combien gagne un ingénieur en IA ?"},
		}
	}
	return []prompt{
		{"A role", "What does a prompt engineer do?"},
		{"The skills of a role", "Which skills do I need to become a data scientist?"},
		{"Training", "How can I learn Python for AI?"},
		{"Pay and market", "How much does an AI engineer earn?"},
	}
}

// onAssistantThreadStarted greets a new assistant thread: a title and
// suggested prompts, in the language of the user's Slack client.
func (s *Server) onAssistantThreadStarted(th slackevents.AssistantThread) {
	if th.ChannelID == "" || th.ThreadTimeStamp == "" {
		return
	}
	s.spawn("greet assistant thread", func(ctx context.Context) {
		lang := s.userLang(ctx, th.UserID)
		title := slack.AssistantThreadsSetTitleParameters{ChannelID: th.ChannelID, ThreadTS: th.ThreadTimeStamp,
			Title: bot.Msg(lang, "Questions about AI careers", "Questions sur les métiers de l'IA")}
		if err := s.api.SetAssistantThreadsTitleContext(ctx, title); err != nil {
			s.log.Warn("slack: set assistant thread title", "channel", th.ChannelID, "thread", th.ThreadTimeStamp, "err", err)
		}
		prompts := slack.AssistantThreadsSetSuggestedPromptsParameters{ChannelID: th.ChannelID, ThreadTS: th.ThreadTimeStamp,
			Title: bot.Msg(lang, "Ask about a role, a skill, a training or pay, for example:",
				"Posez une question sur un métier, une compétence, une formation ou les salaires, par exemple :")}
		for _, p := range suggestedPrompts(lang) {
			prompts.AddPrompt(p.title, p.message)
		}
		if err := s.api.SetAssistantThreadsSuggestedPromptsContext(ctx, prompts); err != nil {
			s.log.Warn("slack: set assistant suggested prompts", "channel", th.ChannelID, "thread", th.ThreadTimeStamp, "err", err)
		}
		s.log.Info("slack: assistant thread started", "channel", th.ChannelID, "thread", th.ThreadTimeStamp, "lang", lang,
			"context_channel", th.Context.ChannelID)
	})
}

// onAssistantContextChanged notes that the user of an assistant thread
// moved to another channel. careerbot answers from the knowledge base
// alone, whatever the user is looking at: the context changes nothing in
// its answers, and is only logged.
func (s *Server) onAssistantContextChanged(th slackevents.AssistantThread) {
	s.log.Info("slack: assistant thread context changed", "channel", th.ChannelID, "thread", th.ThreadTimeStamp,
		"context_channel", th.Context.ChannelID, "context_team", th.Context.TeamID)
}

// setStatus shows in m's assistant thread that careerbot is at work, in
// lang. It reports whether Slack took it; Slack clears the status when
// careerbot's reply arrives.
func (s *Server) setStatus(ctx context.Context, m message, lang string) bool {
	err := s.api.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{
		ChannelID: m.channel, ThreadTS: m.reply,
		Status: bot.Msg(lang, "is looking in the knowledge base…", "cherche dans la base de connaissances…"),
		LoadingMessages: []string{
			bot.Msg(lang, "Looking in the knowledge base…", "Recherche dans la base de connaissances…"),
			bot.Msg(lang, "Checking the sources…", "Vérification des sources…"),
		},
	})
	if err != nil {
		s.log.Info("slack: set assistant thread status; posting a placeholder instead", "channel", m.channel, "err", err)
		return false
	}
	return true
}
