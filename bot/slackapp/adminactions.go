package slackapp

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// Action ids of the administration. Every one starts with "admin_": the
// router sends them to onAdminAction, which checks the user is an admin.
const (
	actionAdminNew     = "admin_new"     // value: a question to prefill the entry with, or ""
	actionAdminEdit    = "admin_edit"    // value: slug
	actionAdminPick    = "admin_pick"    // external select of every entry: opens it for editing
	actionAdminHistory = "admin_history" // value: slug
	actionAdminArchive = "admin_archive" // value: slug
	actionAdminRestore = "admin_restore" // value: slug, or slug:revision
	// actionAdminTeach is the "Answered by…" menu of a gap: the entry
	// picked learns the question, named by its block id (see teachBlockID).
	actionAdminTeach = "admin_teach"
	// The drafting from an article: the Home tab's button opens the form
	// to paste the article; the review list's buttons open a draft (value:
	// slug) or a proposed change (value: changeValue) in the entry form,
	// or discard them (value: slug).
	actionAdminArticle       = "admin_article"
	actionAdminReview        = "admin_review"
	actionAdminChange        = "admin_change"
	actionAdminDiscard       = "admin_discard"
	actionAdminDiscardChange = "admin_discard_change"
)

// onAdminAction handles the administration's buttons and menus, after
// checking on the server that the user is an admin.
func (s *Server) onAdminAction(ctx context.Context, cb slack.InteractionCallback, a slack.BlockAction) {
	user := cb.User.ID
	lang := s.userLang(ctx, user)
	if m, err := parseMeta(cb.View.PrivateMetadata); err == nil && cb.View.PrivateMetadata != "" {
		lang = m.Lang
	}
	slug, value := a.Value, a.Value
	if a.ActionID == actionAdminPick || a.ActionID == actionAdminTeach {
		slug = a.SelectedOption.Value
	}
	revision := 0
	if a.ActionID == actionAdminRestore {
		if before, after, ok := strings.Cut(value, ":"); ok {
			slug = before
			n, err := strconv.Atoi(after)
			if err != nil || n <= 0 {
				slug = "" // malformed: refused below
			}
			revision = n
		}
	}
	var change changeValue
	if a.ActionID == actionAdminChange {
		c, err := parseChange(value)
		change, slug = c, c.Slug
		if err != nil {
			slug = "" // malformed: refused below
		}
	}
	if a.ActionID == actionAdminNew || a.ActionID == actionAdminArticle {
		slug = ""
	}
	name := strings.TrimPrefix(a.ActionID, "admin_")
	auditSlug := slug
	if !knowledge.ValidSlug(auditSlug) {
		auditSlug = ""
	}
	write := a.ActionID == actionAdminArchive || a.ActionID == actionAdminRestore || a.ActionID == actionAdminTeach ||
		a.ActionID == actionAdminDiscard || a.ActionID == actionAdminDiscardChange
	ok, refusal := s.authorize(ctx, user, "entry."+name, auditSlug, lang, !write)
	if !ok {
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, user, s.ephemeralTrusted(refusal))
		return
	}
	inModal := cb.View.ID != "" && cb.View.Type == slack.VTModal
	if a.ActionID != actionAdminNew && a.ActionID != actionAdminArticle && !knowledge.ValidSlug(slug) {
		s.log.Warn("slack: admin action with a malformed value", "action", a.ActionID, "value", truncate(value, 100))
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, user, s.ephemeral(bot.Msg(lang,
			"This button is out of date: open the Home tab again.", "Ce bouton n'est plus valable : rouvrez l'onglet Accueil.")))
		return
	}
	switch a.ActionID {
	case actionAdminNew:
		e := &knowledge.Entry{Kind: knowledge.KindRole, Lang: "fr", Status: knowledge.StatusPublished}
		notice := ""
		if q := strings.TrimSpace(value); q != "" {
			e.Lang = bot.DetectLang(q)
			e.Title = truncate(strings.Join(strings.Fields(q), " "), knowledge.MaxTitle)
			notice = bot.Msg(lang, "From the question: “", "À partir de la question : « ") + Escape(truncate(q, 1000)) + bot.Msg(lang, "”", " »") +
				bot.Msg(lang, "\nRewrite the title as the name of a role, skill, training or figure.", "\nReformulez le titre en nom de métier, de compétence, de formation ou de repère.")
		}
		s.openView(ctx, cb, inModal, false, s.entryModal(ctx, e, entryMeta{Lang: lang}, notice))
	case actionAdminEdit, actionAdminPick:
		e, err := s.cfg.Curation.Get(ctx, slug)
		if err != nil {
			s.actionFailed(ctx, cb, err, slug, lang)
			return
		}
		s.openView(ctx, cb, inModal, false, s.entryModal(ctx, e, entryMeta{Slug: slug, Base: e.Revision, Lang: lang}, ""))
	case actionAdminTeach:
		s.teach(ctx, cb, a.BlockID, slug, lang)
	case actionAdminArticle:
		s.openView(ctx, cb, inModal, false, articleModal(lang))
	case actionAdminReview:
		s.openDraft(ctx, cb, slug, lang, inModal)
	case actionAdminChange:
		s.openChange(ctx, cb, change, lang, inModal)
	case actionAdminDiscard:
		s.discardDraft(ctx, cb, slug, lang)
	case actionAdminDiscardChange:
		s.discardChange(ctx, cb, slug, lang)
	case actionAdminHistory:
		v, err := s.historyModal(ctx, slug, lang)
		if err != nil {
			s.actionFailed(ctx, cb, err, slug, lang)
			return
		}
		s.openView(ctx, cb, inModal, true, v)
	case actionAdminArchive, actionAdminRestore:
		var rev int
		var err error
		if a.ActionID == actionAdminArchive {
			rev, err = s.cfg.Curation.ArchiveEntry(ctx, slug, actor(user))
		} else {
			rev, err = s.cfg.Curation.RestoreEntry(ctx, slug, revision, actor(user))
		}
		detail := fmt.Sprintf("revision %d", rev)
		if revision > 0 {
			detail = fmt.Sprintf("content of revision %d, now revision %d", revision, rev)
		}
		if err != nil {
			detail = "failed: " + truncate(err.Error(), 400)
		}
		s.audit(ctx, user, "entry."+name, slug, true, detail)
		if err != nil {
			s.actionFailed(ctx, cb, err, slug, lang)
			return
		}
		var text string
		if a.ActionID == actionAdminArchive {
			text = bot.Msg(lang, fmt.Sprintf("🗄️ `%s` is archived (revision %d): careerbot no longer uses it. Restore brings it back.", slug, rev),
				fmt.Sprintf("🗄️ `%s` est archivée (révision %d) : careerbot ne s'en sert plus. Restaurer la rétablit.", slug, rev))
		} else {
			text = bot.Msg(lang, fmt.Sprintf("✅ `%s` is published again (revision %d): careerbot answers from it now.", slug, rev),
				fmt.Sprintf("✅ `%s` est de nouveau publiée (révision %d) : careerbot s'en sert dès maintenant.", slug, rev))
			if revision > 0 {
				text += bot.Msg(lang, fmt.Sprintf(" Its content is that of revision %d.", revision), fmt.Sprintf(" Son contenu est celui de la révision %d.", revision))
			}
		}
		if inModal {
			s.showView(ctx, user, cb.View.ID, resultModal(lang, bot.Msg(lang, "Done", "Fait"), text, entryButtons(slug, lang)...))
			s.publishHome(ctx, user, "")
		} else {
			s.publishHome(ctx, user, text)
		}
	default:
		s.log.Info("slack: unknown admin action", "action", a.ActionID)
	}
}

func (s *Server) actionFailed(ctx context.Context, cb slack.InteractionCallback, err error, slug, lang string) {
	var text string
	switch {
	case isNotFound(err):
		text = bot.Msg(lang, fmt.Sprintf("There is no entry `%s` (or no such revision). Open the Home tab again.", slug),
			fmt.Sprintf("Il n'y a pas d'entrée `%s` (ou pas cette révision). Rouvrez l'onglet Accueil.", slug))
	case isConflict(err):
		text = bot.Msg(lang, fmt.Sprintf("`%s` was changed at the same moment by someone else: open its history and try again.", slug),
			fmt.Sprintf("`%s` a été modifiée au même moment par quelqu'un d'autre : ouvrez son historique et réessayez.", slug))
	default:
		s.log.Error("slack: admin action", "slug", slug, "err", err)
		text = unavailable(lang)
	}
	if cb.View.ID != "" && cb.View.Type == slack.VTModal {
		s.showView(ctx, cb.User.ID, cb.View.ID, resultModal(lang, bot.Msg(lang, "Not done", "Pas fait"), "⚠️ "+text))
		return
	}
	s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, s.ephemeralTrusted("⚠️ "+text))
}
