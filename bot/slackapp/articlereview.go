package slackapp

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/draft"
)

// callbackReview is the list of what drafting from an article proposes.
const callbackReview = "admin_review"

// reviewMeta is the private metadata of the review list: the admin's
// language and the article the changes cite.
type reviewMeta struct {
	Lang   string           `json:"lang"`
	Source knowledge.Source `json:"source"`
}

// changeValue is the value of a proposed change's button: the entry and
// the article's sentences that name it, as many as a button holds.
type changeValue struct {
	Slug      string   `json:"slug"`
	Sentences []string `json:"sentences,omitempty"`
}

// Block ids of the review list's buttons, by the slug they act on.
const (
	blockReviewDraft  = "review_draft:"
	blockReviewChange = "review_change:"
	// maxReviewBlocks leaves room, under Slack's 100 blocks, for the
	// header and the dropped list.
	maxReviewBlocks = 90
)

// changeButtonValue fits a change in a button: the sentences with new
// figures first, then the others, while they fit. It returns the value and
// how many sentences were left out.
func changeButtonValue(c draft.Change) (string, int) {
	var order []string
	for _, f := range c.Figures {
		if !slices.Contains(order, f.Sentence) {
			order = append(order, f.Sentence)
		}
	}
	for _, s := range c.Sentences {
		if !slices.Contains(order, s) {
			order = append(order, s)
		}
	}
	v := changeValue{Slug: c.Slug}
	out, _ := json.Marshal(v)
	left := 0
	for _, s := range order {
		next := changeValue{Slug: c.Slug, Sentences: append(slices.Clone(v.Sentences), s)}
		b, _ := json.Marshal(next)
		if len(b) > maxButtonValue {
			left++
			continue
		}
		v, out = next, b
	}
	return string(out), left
}

func parseChange(value string) (changeValue, error) {
	var v changeValue
	if err := json.Unmarshal([]byte(value), &v); err != nil {
		return v, fmt.Errorf("malformed change: %w", err)
	}
	if !knowledge.ValidSlug(v.Slug) {
		return v, fmt.Errorf("malformed change: slug %q", truncate(v.Slug, 100))
	}
	return v, nil
}

// reviewModal lists the drafts saved and the changes proposed, each with
// its buttons, and what was dropped and why.
func reviewModal(r *draft.Result, lang string) slack.ModalViewRequest {
	a := r.Article
	src := a.Source()
	b, _ := json.Marshal(reviewMeta{Lang: lang, Source: src})
	var blocks []slack.Block
	intro := bot.Msg(lang, "*From* ", "*D'après* ") + Escape(articleSourceLine(src)) + " · " + Escape(a.Lang)
	if miss := a.Missing(); len(miss) > 0 {
		var names []string
		for _, m := range miss {
			names = append(names, sourceFieldName(m, lang))
		}
		list := strings.Join(names, ", ")
		intro += "\n⚠️ " + bot.Msg(lang, "The article does not give its "+list+": fill the drafts' sources before publishing.",
			"Absent de l'article ("+list+") : complétez les sources des brouillons avant de publier.")
	}
	if len(a.Parts) > 0 {
		intro += "\n" + bot.Msg(lang, fmt.Sprintf("%d part(s) left out as not the article's own (requests to a writer, boilerplate, credits, repeats).", len(a.Parts)),
			fmt.Sprintf("%d passage(s) écarté(s), qui ne sont pas l'article lui-même (consignes à un rédacteur, mentions types, crédits, répétitions).", len(a.Parts)))
	}
	intro += "\n" + bot.Msg(lang,
		"Drafts are saved as drafts: careerbot does not use them until you publish them. *Edit / publish* opens one in the entry form; *Discard* archives it.",
		"Les brouillons sont enregistrés comme tels : careerbot ne s'en sert pas avant leur publication. *Modifier / publier* ouvre le formulaire de l'entrée ; *Écarter* l'archive.")
	blocks = append(blocks, slack.NewSectionBlock(mrkdwn(truncate(intro, maxSectionChars)), nil, nil, slack.SectionBlockOptionBlockID("review_intro")))

	more := 0
	room := func(n int) bool {
		if len(blocks)+n > maxReviewBlocks {
			more++
			return false
		}
		return true
	}
	if len(r.Drafts) > 0 {
		blocks = append(blocks, header(bot.Msg(lang, fmt.Sprintf("New entries (%d)", len(r.Drafts)), fmt.Sprintf("Nouvelles entrées (%d)", len(r.Drafts)))))
	}
	for _, d := range r.Drafts {
		if !room(2) {
			continue
		}
		e := d.Entry
		line := kindIcon(e.Kind) + "*" + Escape(e.Title) + "* (`" + Escape(e.Slug) + "`)"
		if figs := figureList(d.Figures); figs != "" {
			line += "\n" + bot.Msg(lang, "Figures: ", "Chiffres : ") + figs
		}
		if e.Period == draft.PeriodToAsk {
			line += "\n⚠️ " + bot.Msg(lang, "The article gives no period: write it in before publishing.", "L'article ne donne pas de période : indiquez-la avant de publier.")
		}
		edit := slack.NewButtonBlockElement(actionAdminReview, e.Slug, plain(bot.Msg(lang, "Edit / publish", "Modifier / publier")))
		edit.Style = slack.StylePrimary
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(truncate(line, maxSectionChars)), nil, nil),
			slack.NewActionBlock(blockReviewDraft+e.Slug, edit, discardButton(actionAdminDiscard, e.Slug, lang)))
	}
	var changes, already []draft.Change
	for _, c := range r.Changes {
		if c.Empty() {
			already = append(already, c)
		} else {
			changes = append(changes, c)
		}
	}
	if len(changes) > 0 {
		blocks = append(blocks, header(bot.Msg(lang, fmt.Sprintf("Additions to existing entries (%d)", len(changes)), fmt.Sprintf("Ajouts à des entrées existantes (%d)", len(changes)))))
	}
	for _, c := range changes {
		if !room(2) {
			continue
		}
		line := kindIcon(c.Kind) + "*" + Escape(c.Title) + "* (`" + Escape(c.Slug) + "`)"
		if c.NewSource != nil {
			line += "\n" + bot.Msg(lang, "The article as a new source.", "L'article comme nouvelle source.")
		}
		if figs := figureList(c.Figures); figs != "" {
			line += "\n" + bot.Msg(lang, "New figures: ", "Nouveaux chiffres : ") + figs
		}
		value, left := changeButtonValue(c)
		if left > 0 {
			line += "\n" + bot.Msg(lang, fmt.Sprintf("%d more sentence(s) naming it are too long to carry: copy them from the article.", left),
				fmt.Sprintf("%d autre(s) phrase(s) qui la nomment sont trop longues à reporter : copiez-les depuis l'article.", left))
		}
		edit := slack.NewButtonBlockElement(actionAdminChange, value, plain(bot.Msg(lang, "Edit / publish", "Modifier / publier")))
		edit.Style = slack.StylePrimary
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(truncate(line, maxSectionChars)), nil, nil),
			slack.NewActionBlock(blockReviewChange+c.Slug, edit, discardButton(actionAdminDiscardChange, c.Slug, lang)))
	}
	if len(already) > 0 && room(1) {
		var slugs []string
		for _, c := range already {
			slugs = append(slugs, "`"+Escape(c.Slug)+"`")
		}
		blocks = append(blocks, slack.NewContextBlock("review_already", mrkdwn(truncate(bot.Msg(lang, "Already cite the article and state its figures: ",
			"Citent déjà l'article et en donnent les chiffres : ")+strings.Join(slugs, ", "), maxSectionChars))))
	}
	if more > 0 {
		blocks = append(blocks, slack.NewContextBlock("review_more", mrkdwn(bot.Msg(lang,
			fmt.Sprintf("%d more not shown here: the drafts are saved, find them with *Edit an entry…* on the Home tab.", more),
			fmt.Sprintf("%d autres ne sont pas affichés ici : les brouillons sont enregistrés, retrouvez-les avec *Modifier une entrée…* dans l'onglet Accueil.", more)))))
	}
	if len(r.Drafts) == 0 && len(changes) == 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(bot.Msg(lang,
			"Nothing new to propose: the knowledge base already holds what this article says, or it states no role, skill or figure.",
			"Rien de nouveau à proposer : la base contient déjà ce que dit cet article, ou il ne donne ni métier, ni compétence, ni chiffre.")), nil, nil))
	}
	if len(r.Dropped) > 0 {
		blocks = append(blocks, header(bot.Msg(lang, fmt.Sprintf("Dropped (%d)", len(r.Dropped)), fmt.Sprintf("Écartés (%d)", len(r.Dropped)))))
		var lines []string
		for _, d := range r.Dropped {
			for _, p := range d.Problems {
				lines = append(lines, "• `"+Escape(whatName(d.What, lang))+"`: "+Escape(problemName(p, lang)))
			}
		}
		dropped, _ := trusted(truncate(strings.Join(lines, "\n"), 3*maxSectionChars))
		blocks = append(blocks, dropped...)
	}
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: callbackReview, PrivateMetadata: string(b),
		Title: plain(bot.Msg(lang, "Drafts to review", "Brouillons à revoir")), Close: plain(bot.Msg(lang, "Close", "Fermer")),
		Blocks: slack.Blocks{BlockSet: blocks}}
}

func discardButton(action, slug, lang string) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(action, slug, plain(bot.Msg(lang, "Discard", "Écarter")))
	b.Style = slack.StyleDanger
	return b
}

func articleSourceLine(s knowledge.Source) string {
	var parts []string
	for _, p := range []string{s.Title, s.Publisher, s.Date} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	parts = append(parts, s.Article)
	return strings.Join(parts, " · ")
}

func sourceFieldName(field, lang string) string {
	switch field {
	case "title":
		return bot.Msg(lang, "title", "titre")
	case "publisher":
		return bot.Msg(lang, "publisher", "éditeur")
	case "date":
		return "date"
	}
	return field
}

// figureList shows the first figures of a draft or change.
func figureList(figs []draft.Figure) string {
	var out []string
	for _, f := range figs {
		q := f.Quantity.String()
		if !slices.Contains(out, q) {
			out = append(out, q)
		}
	}
	if len(out) > 6 {
		out = append(out[:6], "…")
	}
	return Escape(strings.Join(out, ", "))
}

// whatName says what a dropped item is, in the admin's language.
func whatName(what, lang string) string {
	if lang != "fr" {
		return what
	}
	for _, p := range []struct{ en, fr string }{
		{"figure of change to ", "chiffre de l'ajout à "}, {"quote of the change to ", "citation de l'ajout à "},
		{"figure of ", "chiffre de "}, {"quote of ", "citation de "}, {"change to ", "ajout à "},
	} {
		if rest, ok := strings.CutPrefix(what, p.en); ok {
			return p.fr + rest
		}
	}
	return what
}

// problemName says why an item was dropped, in the admin's language.
func problemName(p draft.Problem, lang string) string {
	if lang != "fr" {
		return truncate(p.Msg, 300)
	}
	var why string
	switch p.Code {
	case draft.ProblemFigure:
		why = "un chiffre que l'article ne donne pas, ou pas avec cette unité"
	case draft.ProblemSentence:
		why = "une phrase qui n'est pas, mot pour mot, celle de l'article"
	case draft.ProblemQuote:
		why = "une citation qui n'est pas, mot pour mot, dans l'article"
	case draft.ProblemNonArticle:
		why = "du texte pris hors de l'article (consigne à un rédacteur, mentions types, crédits, passage répété)"
	case draft.ProblemTranslation:
		why = "une traduction qui donne un chiffre plus souvent que le texte français"
	default:
		why = "un champ que le format du catalogue refuse (" + p.Field + ")"
	}
	if p.Text != "" {
		why += " : « " + truncate(p.Text, 120) + " »"
	}
	return why
}

// openDraft opens a draft in the entry form, set to be published when
// saved: the form's save is the one of every edit.
func (s *Server) openDraft(ctx context.Context, cb slack.InteractionCallback, slug, lang string, inModal bool) {
	e, err := s.cfg.Curation.Get(ctx, slug)
	if err != nil {
		s.actionFailed(ctx, cb, err, slug, lang)
		return
	}
	notice := bot.Msg(lang,
		"📝 *Draft from an article.* Check its text and figures against the article, fill what it asks for, then *Save*: it is published.",
		"📝 *Brouillon tiré d'un article.* Vérifiez le texte et les chiffres dans l'article, complétez ce qu'il demande, puis *Enregistrer* : il est publié.")
	switch e.Status {
	case knowledge.StatusPublished:
		notice = ""
	case knowledge.StatusArchived:
		notice = bot.Msg(lang, "🗄️ This draft was discarded (archived). Saving it as published brings it back.",
			"🗄️ Ce brouillon a été écarté (archivé). L'enregistrer comme publié le rétablit.")
	}
	v := s.entryModal(ctx, e, entryMeta{Slug: slug, Base: e.Revision, Lang: lang}, notice)
	publishOnSave(&v, lang)
	s.openView(ctx, cb, inModal, true, v)
}

// publishOnSave sets the entry form's status to "publish".
func publishOnSave(v *slack.ModalViewRequest, lang string) {
	for _, b := range v.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == fieldStatus {
			if radio, ok := in.Element.(*slack.RadioButtonsBlockElement); ok {
				radio.InitialOption = statusOption(knowledge.StatusPublished, lang)
			}
		}
	}
}

// openChange opens an existing entry in the entry form with what the
// article adds to it: the article as a source, its sentences at the end
// of the body, for the admin to rewrite and save.
func (s *Server) openChange(ctx context.Context, cb slack.InteractionCallback, c changeValue, lang string, inModal bool) {
	e, err := s.cfg.Curation.Get(ctx, c.Slug)
	if err != nil {
		s.actionFailed(ctx, cb, err, c.Slug, lang)
		return
	}
	var m reviewMeta
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &m)
	src := m.Source
	if src.Article != "" && !slices.ContainsFunc(e.Sources, func(s knowledge.Source) bool { return s.Article == src.Article }) {
		e.Sources = append(e.Sources, src)
	}
	if len(c.Sentences) > 0 {
		title := src.Title
		if title == "" {
			title = src.Article
		}
		e.Body = strings.TrimSpace(e.Body + "\n\n## " + title + "\n\n" + strings.Join(c.Sentences, "\n\n"))
	}
	notice := bot.Msg(lang,
		"📝 *Addition from an article:* it is cited as a new source and the sentences that name this entry are at the end of the body. Rewrite them in the entry's words (summary included if a figure belongs there), then *Save*.",
		"📝 *Ajout tiré d'un article :* il est cité comme nouvelle source et les phrases qui nomment cette entrée sont à la fin du texte. Reformulez-les dans les mots de l'entrée (résumé compris si un chiffre y a sa place), puis *Enregistrer*.")
	s.openView(ctx, cb, inModal, true, s.entryModal(ctx, e, entryMeta{Slug: c.Slug, Base: e.Revision, Lang: lang}, notice))
}

// discardDraft archives a draft of the review list; only drafts can be
// discarded so.
func (s *Server) discardDraft(ctx context.Context, cb slack.InteractionCallback, slug, lang string) {
	user := cb.User.ID
	e, err := s.cfg.Curation.Get(ctx, slug)
	if err == nil && e.Status != knowledge.StatusDraft {
		s.audit(ctx, user, "entry.discard", slug, true, "refused: the entry is "+string(e.Status)+", not a draft")
		s.reviewNotice(ctx, cb, blockReviewDraft+slug, lang, bot.Msg(lang,
			fmt.Sprintf("`%s` is %s, not a draft: only drafts are discarded here. Archive it from its form if it must go.", slug, statusName(e.Status, lang)),
			fmt.Sprintf("`%s` est %s, pas un brouillon : seuls les brouillons s'écartent ici. Archivez-la depuis son formulaire s'il le faut.", slug, statusName(e.Status, lang))), false)
		return
	}
	rev := 0
	if err == nil {
		rev, err = s.cfg.Curation.ArchiveEntry(ctx, slug, actor(user))
	}
	if err != nil {
		s.audit(ctx, user, "entry.discard", slug, true, "failed: "+truncate(err.Error(), 400))
		s.actionFailed(ctx, cb, err, slug, lang)
		return
	}
	s.audit(ctx, user, "entry.discard", slug, true, fmt.Sprintf("draft archived as revision %d", rev))
	s.reviewNotice(ctx, cb, blockReviewDraft+slug, lang, bot.Msg(lang,
		fmt.Sprintf("🗑️ Discarded: `%s` is archived (revision %d), careerbot never uses it.", slug, rev),
		fmt.Sprintf("🗑️ Écarté : `%s` est archivé (révision %d), careerbot ne s'en sert jamais.", slug, rev)), true)
}

// discardChange records that the admin turned down a proposed change;
// nothing was written to the entry.
func (s *Server) discardChange(ctx context.Context, cb slack.InteractionCallback, slug, lang string) {
	var m reviewMeta
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &m)
	s.audit(ctx, cb.User.ID, "entry.discard", slug, true, "proposed change from "+truncate(m.Source.Article, 100)+" discarded")
	s.reviewNotice(ctx, cb, blockReviewChange+slug, lang, bot.Msg(lang,
		fmt.Sprintf("🗑️ Discarded: `%s` stays as it is.", slug), fmt.Sprintf("🗑️ Écarté : `%s` reste telle quelle.", slug)), true)
}

// reviewNotice shows text in the review list in place of the buttons of
// blockID (when done) or under them, or in a modal of its own when the
// list is not at hand.
func (s *Server) reviewNotice(ctx context.Context, cb slack.InteractionCallback, blockID, lang, text string, done bool) {
	if cb.View.CallbackID == callbackReview && cb.View.ID != "" {
		var blocks []slack.Block
		found := false
		for _, b := range cb.View.Blocks.BlockSet {
			if ab, ok := b.(*slack.ActionBlock); ok && ab.BlockID == blockID {
				found = true
				id := "" // a notice under the buttons may come more than once
				if done {
					id = strings.Replace(blockID, "review_", "reviewed_", 1)
				} else {
					blocks = append(blocks, b)
				}
				blocks = append(blocks, slack.NewContextBlock(id, mrkdwn(text)))
				continue
			}
			blocks = append(blocks, b)
		}
		if found {
			v := slack.ModalViewRequest{Type: slack.VTModal, CallbackID: callbackReview, PrivateMetadata: cb.View.PrivateMetadata,
				Title: plain(bot.Msg(lang, "Drafts to review", "Brouillons à revoir")), Close: plain(bot.Msg(lang, "Close", "Fermer")),
				Blocks: slack.Blocks{BlockSet: blocks}}
			if _, err := s.api.UpdateViewContext(ctx, v, "", "", cb.View.ID); err == nil {
				return
			} else {
				s.log.Warn("slack: update the review list", "user", cb.User.ID, "err", err)
			}
		}
	}
	s.openView(ctx, cb, cb.View.ID != "" && cb.View.Type == slack.VTModal, true, resultModal(lang, bot.Msg(lang, "Done", "Fait"), text))
}
