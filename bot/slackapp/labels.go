package slackapp

import (
	"strings"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

func unavailable(lang string) string {
	return bot.Msg(lang, "Sorry, the knowledge base cannot be read right now. Please try again in a minute.",
		"Désolé, la base de connaissances est illisible pour le moment. Réessayez dans une minute.")
}

func kindName(k knowledge.Kind, lang string) string {
	switch k {
	case knowledge.KindRole:
		return bot.Msg(lang, "Roles", "Métiers")
	case knowledge.KindSkill:
		return bot.Msg(lang, "Skills", "Compétences")
	case knowledge.KindTraining:
		return bot.Msg(lang, "Trainings", "Formations")
	case knowledge.KindInsight:
		return bot.Msg(lang, "Insights", "Repères")
	}
	return Escape(string(k))
}

func statusName(st knowledge.Status, lang string) string {
	switch st {
	case knowledge.StatusPublished:
		return bot.Msg(lang, "published", "publiée")
	case knowledge.StatusDraft:
		return bot.Msg(lang, "draft", "brouillon")
	case knowledge.StatusArchived:
		return bot.Msg(lang, "archived", "archivée")
	}
	return Escape(string(st))
}

// author shows who made a revision: a Slack user as a mention (which
// notifies no one in a view), anything else as text.
func author(a string) string {
	if id, ok := strings.CutPrefix(a, "slack:"); ok && ValidUserID(id) {
		return "<@" + id + ">"
	}
	return Escape(a)
}

func actionName(a, lang string) string {
	names := map[string][2]string{
		"create": {"created", "création"}, "update": {"edited", "modification"}, "import": {"imported", "import"},
		"archive": {"archived", "archivage"}, "restore": {"restored", "restauration"}, "publish": {"published", "publication"},
		"conflict": {"conflicting edit, not applied", "modification en conflit, non appliquée"},
	}
	if n, ok := names[a]; ok {
		return bot.Msg(lang, n[0], n[1])
	}
	return Escape(a)
}

// busyText keeps a form open when careerbot could not work out its
// response.
func busyText(lang string) string {
	return bot.Msg(lang, "Sorry, careerbot is busy or something went wrong: your text is still here. Please try again in a moment.",
		"Désolé, careerbot est occupé ou un problème est survenu : votre texte est toujours là. Réessayez dans un instant.")
}
