package slackapp

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// authorize checks that user may perform an admin action and returns the
// refusal to show otherwise. Refusals are recorded in the audit log, and so
// are allowed attempts when logAllowed (writes log their outcome instead).
func (s *Server) authorize(ctx context.Context, user, action, slug, lang string, logAllowed bool) (bool, string) {
	if s.cfg.Curation == nil {
		return false, bot.Msg(lang, "Knowledge base administration is not set up on this careerbot.",
			"L'administration de la base de connaissances n'est pas activée sur ce careerbot.")
	}
	ok, err := s.admins.contains(ctx, user)
	detail := ""
	refusal := ""
	switch {
	case err != nil:
		s.log.Warn("slack: admin check", "user", user, "err", err)
		detail = "admin check failed: " + err.Error()
		refusal = bot.Msg(lang, "Sorry, I couldn't check whether you are an admin (Slack did not answer). Please try again in a minute.",
			"Désolé, je n'ai pas pu vérifier si vous êtes administrateur (Slack n'a pas répondu). Réessayez dans une minute.")
	case !ok:
		detail = "not an admin"
		refusal = s.refusal(lang)
	}
	allowed := ok && err == nil
	if !allowed || logAllowed {
		s.audit(ctx, user, action, slug, allowed, detail)
	}
	return allowed, refusal
}

// audit records an admin action's outcome.
func (s *Server) audit(ctx context.Context, user, action, slug string, allowed bool, detail string) {
	ctx, cancel := detached(ctx)
	defer cancel()
	if err := s.cfg.Curation.Audit(ctx, actor(user), action, slug, allowed, detail); err != nil {
		s.log.Error("slack: audit", "user", user, "action", action, "err", err)
	}
}

// refusal tells a non-admin who may administer the knowledge base. It is
// mrkdwn: the admins are mentioned (ids checked at start), which notifies
// no one in a message only the asker sees.
func (s *Server) refusal(lang string) string {
	var who []string
	for _, id := range s.admins.ids {
		if ValidUserID(id) {
			who = append(who, "<@"+id+">")
		}
	}
	if g := s.admins.group; ValidGroupID(g) {
		who = append(who, bot.Msg(lang, "the members of ", "les membres de ")+"<!subteam^"+g+">")
	}
	if len(who) == 0 {
		return bot.Msg(lang,
			"Only careerbot's admins can do this, and none is set up yet: ask whoever runs careerbot to set CAREERBOT_ADMINS or CAREERBOT_ADMIN_GROUP.",
			"Seuls les administrateurs de careerbot peuvent faire cela, et aucun n'est encore désigné : demandez à qui gère careerbot de renseigner CAREERBOT_ADMINS ou CAREERBOT_ADMIN_GROUP.")
	}
	list := strings.Join(who, bot.Msg(lang, ", ", ", "))
	return bot.Msg(lang,
		"Only careerbot's admins can change the knowledge base or see its reports: "+list+". Ask them if something is wrong or missing.",
		"Seuls les administrateurs de careerbot peuvent modifier la base de connaissances ou voir ses rapports : "+list+". Adressez-vous à eux si quelque chose est faux ou manque.")
}

// onAdminView refuses, on the server, the submission of any admin view by
// a non-admin, whatever its callback id; and handles the admin's.
func (s *Server) onAdminView(cb slack.InteractionCallback) any {
	switch cb.View.CallbackID {
	case callbackEntry:
		return s.onEntrySubmit(cb)
	case callbackArticle:
		return s.onArticleSubmit(cb)
	}
	ctx, cancel := s.within(2500 * time.Millisecond)
	defer cancel()
	lang := "en"
	if m, err := parseMeta(cb.View.PrivateMetadata); err == nil {
		lang = m.Lang
	}
	if ok, refusal := s.authorize(ctx, cb.User.ID, "view."+strings.TrimPrefix(cb.View.CallbackID, "admin_"), "", lang, false); !ok {
		v := resultModal(lang, bot.Msg(lang, "Not allowed", "Non autorisé"), refusal)
		return slack.NewUpdateViewSubmissionResponse(&v)
	}
	return nil // the history and result views have nothing to submit
}
