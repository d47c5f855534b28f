package slackapp

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// adminHelp is the help of /career-admin, with the commands as registered.
func (s *Server) adminHelp(lang string) string {
	return s.names.rename(bot.Msg(lang,
		"*/career-admin* keeps the knowledge base (admins only).\n"+
			"• `/career-admin stats`: entries by kind and status; questions, grounded rate and votes this week\n"+
			"• `/career-admin gaps`: the questions careerbot could not answer this week, most asked first\n"+
			"• `/career-admin export`: the whole catalog as a zip of Markdown files, sent to you in a direct message\n"+
			"• `/career-admin help`: this help\n"+
			"To create, edit, archive or restore entries, open careerbot's *Home* tab. See docs/hr-guide.md.",
		"*/career-admin* tient la base de connaissances (administrateurs seulement).\n"+
			"• `/career-admin stats` : les entrées par type et statut ; questions, taux de réponses sourcées et votes de la semaine\n"+
			"• `/career-admin gaps` : les questions restées sans réponse cette semaine, les plus posées d'abord\n"+
			"• `/career-admin export` : tout le catalogue en zip de fichiers Markdown, envoyé en message direct\n"+
			"• `/career-admin aide` : cette aide\n"+
			"Pour créer, modifier, archiver ou restaurer des entrées, ouvrez l'onglet *Accueil* de careerbot. Voir docs/hr-guide.md."))
}

// adminCommand answers /career-admin in the background.
func (s *Server) adminCommand(ctx context.Context, cmd slack.SlashCommand, text string) {
	if cmd.TriggerID != "" {
		ok, err := s.store.ClaimEvent(ctx, "command:"+cmd.TriggerID, cmd.ChannelID, "")
		if err != nil {
			s.log.Warn("slack: claim command", "err", err)
		} else if !ok {
			return
		}
	}
	fields := strings.Fields(strings.ToLower(text))
	sub := "help"
	if len(fields) > 0 {
		sub = fields[0]
	}
	lang := s.userLang(ctx, cmd.UserID)
	switch sub {
	case "aide", "statistiques", "lacunes", "exporter":
		lang = "fr"
	}
	names := map[string]string{"help": "help", "aide": "help", "?": "help", "stats": "stats", "statistiques": "stats",
		"gaps": "gaps", "lacunes": "gaps", "export": "export", "exporter": "export"}
	name, known := names[sub]
	if !known {
		name = "unknown"
	}
	// The "thinking" reply is replaced whatever happens, a panic included.
	resolved := false
	reply := func(m *slack.WebhookMessage) {
		resolved = true
		s.respond(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, replacing(m))
	}
	defer func() {
		if !resolved {
			s.respond(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, replacing(s.ephemeral(bot.Msg(lang,
				"Sorry, something went wrong with this command. Please try again.",
				"Désolé, un problème est survenu avec cette commande. Réessayez."))))
		}
	}()
	ok, refusal := s.authorize(ctx, cmd.UserID, "command."+name, "", lang, true)
	if !ok {
		reply(s.ephemeralTrusted(refusal))
		return
	}
	switch name {
	case "help":
		reply(s.ephemeralTrusted(s.adminHelp(lang)))
	case "stats":
		st, err := s.cfg.Curation.Stats(ctx, s.now().Add(-week))
		if err != nil {
			s.log.Error("slack: stats", "err", err)
			reply(s.ephemeral(unavailable(lang)))
			return
		}
		reply(s.ephemeralTrusted(statsText(st, lang)))
	case "gaps":
		gaps, err := s.cfg.Curation.Gaps(ctx, s.now().Add(-week), 10)
		if err != nil {
			s.log.Error("slack: gaps", "err", err)
			reply(s.ephemeral(unavailable(lang)))
			return
		}
		reply(ephemeralBlocks(gapsBlocks(gaps, lang)))
	case "export":
		reply(s.ephemeral(s.export(ctx, cmd.UserID, lang)))
	default:
		reply(s.ephemeral(s.names.rename(bot.Msg(lang,
			fmt.Sprintf("/career-admin has no subcommand %q. Use stats, gaps, export or help.", truncate(sub, 40)),
			fmt.Sprintf("/career-admin n'a pas de sous-commande %q. Utilisez stats, gaps, export ou aide.", truncate(sub, 40))))))
	}
}
