package slackapp

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// onEntrySubmit checks and saves the entry form. Problems come back inline
// at once; the save itself runs in the background and its outcome replaces
// the modal.
func (s *Server) onEntrySubmit(cb slack.InteractionCallback) any {
	ctx, cancel := s.within(2500 * time.Millisecond)
	defer cancel()
	user := cb.User.ID
	meta, err := parseMeta(cb.View.PrivateMetadata)
	lang := meta.Lang
	if err != nil {
		lang = s.userLang(ctx, user)
	}
	ok, refusal := s.authorize(ctx, user, "entry.save", meta.Slug, lang, false)
	if !ok {
		v := resultModal(lang, bot.Msg(lang, "Not allowed", "Non autorisé"), refusal)
		return slack.NewUpdateViewSubmissionResponse(&v)
	}
	if err != nil {
		s.log.Warn("slack: entry form", "user", user, "err", err)
		v := resultModal(lang, bot.Msg(lang, "Form expired", "Formulaire périmé"), bot.Msg(lang,
			"This form cannot be read any more. Open the entry again from the Home tab.",
			"Ce formulaire n'est plus lisible. Rouvrez l'entrée depuis l'onglet Accueil."))
		return slack.NewUpdateViewSubmissionResponse(&v)
	}
	e, errs := readForm(cb.View.State, meta)
	var old *knowledge.Entry
	if meta.Slug != "" {
		old, err = s.cfg.Curation.Get(ctx, meta.Slug)
		if err != nil {
			s.log.Warn("slack: entry form: read the entry", "slug", meta.Slug, "err", err)
			return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldTitle: unavailable(lang)})
		}
	}
	if errs = s.validate(ctx, e, meta, errs); len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	action := "create"
	switch {
	case old == nil:
	case old.Status != knowledge.StatusPublished && e.Status == knowledge.StatusPublished:
		action = "publish"
	case old.Status != knowledge.StatusArchived && e.Status == knowledge.StatusArchived:
		action = "archive"
	default:
		action = "update"
	}
	viewID := cb.View.ID
	saving := resultModal(lang, bot.Msg(lang, "Saving…", "Enregistrement…"), bot.Msg(lang, "⏳ Saving *", "⏳ Enregistrement de *")+Escape(e.Title)+"*…")
	if !s.spawn("save entry", func(ctx context.Context) { s.saveEntry(ctx, user, viewID, e, action, meta) }) {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldTitle: bot.Msg(lang,
			"careerbot is restarting: your text is still here. Save again in a minute.",
			"careerbot redémarre : votre texte est toujours là. Enregistrez de nouveau dans une minute.")})
	}
	return slack.NewUpdateViewSubmissionResponse(&saving)
}

// saveEntry saves an entry from the form and shows the outcome in place of
// the modal. An edit of a stale revision is kept in the history, not
// applied, and the admin chooses what to do with it.
func (s *Server) saveEntry(ctx context.Context, user, viewID string, e *knowledge.Entry, action string, meta entryMeta) {
	lang := meta.Lang
	// The "Saving…" modal is replaced whatever happens, a panic included.
	resolved := false
	defer func() {
		if resolved {
			return
		}
		notice := bot.Msg(lang,
			"⚠️ Sorry, something went wrong while saving. Check the entry's history (Home tab) to see whether it was saved; your text is below.",
			"⚠️ Désolé, un problème est survenu pendant l'enregistrement. Vérifiez dans l'historique de l'entrée (onglet Accueil) si elle a été enregistrée ; votre texte est ci-dessous.")
		view := resultModal(lang, bot.Msg(lang, "Not saved", "Pas enregistré"), notice)
		func() {
			defer func() { _ = recover() }() // the plain notice, then
			view = s.entryModal(ctx, e, meta, notice)
		}()
		s.showView(ctx, user, viewID, view)
	}()
	rev, err := s.cfg.Curation.SaveEntry(ctx, e, action, actor(user), meta.Base)
	var view slack.ModalViewRequest
	switch {
	case err == nil:
		s.audit(ctx, user, "entry."+action, e.Slug, true, fmt.Sprintf("revision %d, %s", rev, e.Status))
		text := bot.Msg(lang, "✅ *", "✅ *") + Escape(e.Title) + "* (`" + Escape(e.Slug) + "`) " + bot.Msg(lang,
			fmt.Sprintf("is saved as revision %d.", rev), fmt.Sprintf("est enregistrée en révision %d.", rev))
		switch e.Status {
		case knowledge.StatusPublished:
			text += bot.Msg(lang, " It is published: careerbot answers from it now.", " Elle est publiée : careerbot s'en sert dès maintenant.")
		case knowledge.StatusDraft:
			text += bot.Msg(lang, " It is a draft: careerbot does not use it until you publish it.", " C'est un brouillon : careerbot ne s'en sert pas tant qu'elle n'est pas publiée.")
		default:
			text += bot.Msg(lang, " It is archived: careerbot does not use it.", " Elle est archivée : careerbot ne s'en sert pas.")
		}
		view = resultModal(lang, bot.Msg(lang, "Saved", "Enregistré"), text, entryButtons(e.Slug, lang)...)
		s.spawn("publish home", func(ctx context.Context) { s.publishHome(ctx, user, "") })
	case isConflict(err):
		view = s.conflictView(ctx, user, e, meta)
	default:
		s.log.Error("slack: save entry", "slug", e.Slug, "err", err)
		s.audit(ctx, user, "entry."+action, e.Slug, true, "failed: "+truncate(err.Error(), 500))
		// The form comes back with the admin's text.
		view = s.entryModal(ctx, e, meta, bot.Msg(lang,
			"⚠️ Sorry, saving failed (the database did not answer). Your text is below: save again in a minute.",
			"⚠️ Désolé, l'enregistrement a échoué (la base de données n'a pas répondu). Votre texte est ci-dessous : enregistrez de nouveau dans une minute."))
	}
	resolved = true
	s.showView(ctx, user, viewID, view)
}

// conflictView keeps an edit made on a stale revision in the history (not
// applied) and tells the admin what changed meanwhile and what to do.
func (s *Server) conflictView(ctx context.Context, user string, e *knowledge.Entry, meta entryMeta) slack.ModalViewRequest {
	lang := meta.Lang
	// A new entry whose slug someone else created in the meantime is kept
	// in that entry's history the same way.
	created := meta.Slug == ""
	kept, err := s.cfg.Curation.KeepConflict(ctx, e, actor(user), meta.Base)
	if err != nil {
		s.log.Error("slack: keep conflicting edit", "slug", e.Slug, "err", err)
		s.audit(ctx, user, "entry.conflict", e.Slug, true, "could not keep the edit: "+truncate(err.Error(), 400))
		// Nothing is lost: the form comes back with the admin's text.
		if created {
			return s.entryModal(ctx, e, meta, bot.Msg(lang,
				fmt.Sprintf("⚠️ Someone created an entry with the slug `%s` while you were writing yours, and I could not keep your version in its history. Your text is below: choose another slug, or edit that entry from the Home tab.", e.Slug),
				fmt.Sprintf("⚠️ Quelqu'un a créé une entrée d'identifiant `%s` pendant que vous écriviez la vôtre, et je n'ai pas pu garder votre version dans son historique. Votre texte est ci-dessous : choisissez un autre identifiant, ou modifiez cette entrée depuis l'onglet Accueil.", e.Slug)))
		}
		return s.entryModal(ctx, e, meta, bot.Msg(lang,
			"⚠️ Someone saved this entry while you were editing it, and I could not keep your version in the history. Your text is below: check the current version (History), then save again.",
			"⚠️ Quelqu'un a enregistré cette entrée pendant que vous la modifiiez, et je n'ai pas pu garder votre version dans l'historique. Votre texte est ci-dessous : consultez la version actuelle (Historique), puis enregistrez de nouveau."))
	}
	var who, changed string
	cur := 0
	if revs, err := s.cfg.Curation.History(ctx, e.Slug); err == nil {
		var base, latest *knowledge.Revision
		for i := range revs {
			r := &revs[i]
			if r.Number == meta.Base {
				base = r
			}
			if r.Action != "conflict" {
				latest = r
			}
		}
		if latest != nil {
			who, cur = author(latest.Author), latest.Number
			if base != nil {
				changed = strings.Join(knowledge.Changed(base.Entry, latest.Entry), ", ")
			}
		}
	}
	detail := fmt.Sprintf("edit of revision %d kept as revision %d, not applied", meta.Base, kept)
	text := bot.Msg(lang,
		fmt.Sprintf("⚠️ *Someone saved this entry while you were editing it.* You started from revision %d; %s saved revision %d", meta.Base, who, cur),
		fmt.Sprintf("⚠️ *Quelqu'un a enregistré cette entrée pendant que vous la modifiiez.* Vous êtes parti de la révision %d ; %s a enregistré la révision %d", meta.Base, who, cur))
	if created {
		detail = fmt.Sprintf("new entry on a slug created meanwhile, kept as revision %d, not applied", kept)
		text = bot.Msg(lang,
			fmt.Sprintf("⚠️ *Someone created an entry with the slug `%s` while you were writing yours.* %s saved it as revision %d", Escape(e.Slug), who, cur),
			fmt.Sprintf("⚠️ *Quelqu'un a créé une entrée d'identifiant `%s` pendant que vous écriviez la vôtre.* %s l'a enregistrée en révision %d", Escape(e.Slug), who, cur))
	}
	s.audit(ctx, user, "entry.conflict", e.Slug, true, detail)
	if changed != "" {
		text += bot.Msg(lang, " (changed: "+changed+")", " (modifié : "+changed+")")
	}
	text += bot.Msg(lang,
		fmt.Sprintf(".\n\nNothing is lost: *your version is kept in the history as revision %d*, not applied. careerbot still answers from revision %d.\n• *Apply my version* makes yours the current one (the other stays in the history).\n• *Edit the current version* opens it, to bring your changes in by hand.", kept, cur),
		fmt.Sprintf(".\n\nRien n'est perdu : *votre version est gardée dans l'historique en révision %d*, sans être appliquée. careerbot répond toujours à partir de la révision %d.\n• *Appliquer ma version* en fait la version actuelle (l'autre reste dans l'historique).\n• *Modifier la version actuelle* l'ouvre, pour y reporter vos changements.", kept, cur))
	apply := slack.NewButtonBlockElement(actionAdminRestore, e.Slug+":"+strconv.Itoa(kept), plain(bot.Msg(lang, "Apply my version", "Appliquer ma version")))
	apply.Style = slack.StylePrimary
	return resultModal(lang, bot.Msg(lang, "Edit conflict", "Conflit de modification"), text,
		apply,
		slack.NewButtonBlockElement(actionAdminEdit, e.Slug, plain(bot.Msg(lang, "Edit the current version", "Modifier la version actuelle"))),
		slack.NewButtonBlockElement(actionAdminHistory, e.Slug, plain(bot.Msg(lang, "History", "Historique"))))
}

// entryFormBusy keeps the entry form open, with the admin's text, when its
// submission could not be worked out.
func entryFormBusy(metadata string) any {
	lang := "en"
	if m, err := parseMeta(metadata); err == nil {
		lang = m.Lang
	}
	return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldTitle: busyText(lang)})
}
