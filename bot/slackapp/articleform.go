package slackapp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/draft"
)

// callbackArticle is the modal where an admin pastes an article to draft
// entries from.
const callbackArticle = "admin_article"

// Block ids of the article form: the text in articleParts inputs (Slack's
// inputs hold 3000 characters each), then the source fields.
const (
	fieldArticle          = "article" // article_0, article_1, …
	fieldArticleTitle     = "article_title"
	fieldArticlePublisher = "article_publisher"
	fieldArticleDate      = "article_date"
	articleParts          = 4
)

// articleModal is the form to paste an article in.
func articleModal(lang string) slack.ModalViewRequest {
	blocks, _ := trusted(bot.Msg(lang,
		"Paste an article, a study or a job description. careerbot drafts the roles, skills and figures it states, each figure checked against the text, and proposes additions to the entries the knowledge base already holds. Nothing is published until you review it.",
		"Collez un article, une étude ou une fiche de poste. careerbot en tire des brouillons de métiers, de compétences et de repères chiffrés, chaque chiffre vérifié dans le texte, et propose des ajouts aux entrées que la base contient déjà. Rien n'est publié avant votre relecture."))
	for i := 0; i < articleParts; i++ {
		label := bot.Msg(lang, "Article text", "Texte de l'article")
		hint := bot.Msg(lang,
			fmt.Sprintf("Up to %d characters per box: paste a longer article across the %d boxes, cut between paragraphs. They are joined in order.", maxInput, articleParts),
			fmt.Sprintf("Jusqu'à %d caractères par case : collez un article plus long dans les %d cases, coupé entre deux paragraphes. Elles sont mises bout à bout dans l'ordre.", maxInput, articleParts))
		if i > 0 {
			label = bot.Msg(lang, "Article text, continued", "Texte de l'article, suite") + " (" + strconv.Itoa(i+1) + ")"
			hint = ""
		}
		blocks = append(blocks, textInput(fieldArticle+"_"+strconv.Itoa(i), label, hint, "", true, i > 0, maxInput))
	}
	blocks = append(blocks,
		textInput(fieldArticleTitle, bot.Msg(lang, "Title of the article", "Titre de l'article"),
			bot.Msg(lang, "When the text does not give it: the drafts cite it.", "Si le texte ne le donne pas : les brouillons le citent."), "", false, true, knowledge.MaxTitle),
		textInput(fieldArticlePublisher, bot.Msg(lang, "Publisher", "Éditeur"), "", "", false, true, knowledge.MaxTitle),
		textInput(fieldArticleDate, bot.Msg(lang, "Date", "Date"), bot.Msg(lang, "e.g. 2024-03-15", "par exemple 2024-03-15"), "", false, true, 40))
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackArticle, PrivateMetadata: entryMeta{Lang: lang}.encode(),
		Title: plain(bot.Msg(lang, "From an article", "Depuis un article")), Submit: plain(bot.Msg(lang, "Draft", "Rédiger")),
		Close: plain(bot.Msg(lang, "Cancel", "Annuler")), Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// pasted is what the article form gives.
type pasted struct {
	text, title, publisher, date string
}

func readArticleForm(st *slack.ViewState) pasted {
	var p pasted
	if st == nil {
		return p
	}
	v := func(block string) string { return strings.TrimSpace(st.Values[block][block].Value) }
	var parts []string
	for i := 0; i < articleParts; i++ {
		if t := v(fieldArticle + "_" + strconv.Itoa(i)); t != "" {
			parts = append(parts, t)
		}
	}
	p.text = strings.Join(parts, "\n\n")
	p.title, p.publisher, p.date = v(fieldArticleTitle), v(fieldArticlePublisher), v(fieldArticleDate)
	return p
}

// articleName is the name a pasted article is cited by, as a source's
// article: its title made a file name, or the day it was pasted.
func articleName(title string, now time.Time) string {
	if slug := knowledge.Slugify(title); slug != "" {
		return truncateSlug(slug, 70) + ".txt"
	}
	return "article-" + now.Format("2006-01-02-1504") + ".txt"
}

func truncateSlug(slug string, n int) string {
	if len(slug) <= n {
		return slug
	}
	return strings.TrimRight(slug[:n], "-")
}

// onArticleSubmit reads the pasted article and drafts from it in the
// background; the review list then replaces the modal.
func (s *Server) onArticleSubmit(cb slack.InteractionCallback) any {
	ctx, cancel := s.within(2500 * time.Millisecond)
	defer cancel()
	user := cb.User.ID
	meta, err := parseMeta(cb.View.PrivateMetadata)
	lang := meta.Lang
	if err != nil {
		lang = s.userLang(ctx, user)
	}
	if ok, refusal := s.authorize(ctx, user, "entry.draft", "", lang, false); !ok {
		v := resultModal(lang, bot.Msg(lang, "Not allowed", "Non autorisé"), refusal)
		return slack.NewUpdateViewSubmissionResponse(&v)
	}
	p := readArticleForm(cb.View.State)
	first := fieldArticle + "_0"
	if p.text == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: bot.Msg(lang,
			"Paste the article's text here.", "Collez ici le texte de l'article.")})
	}
	a, err := draft.Read(articleName(p.title, s.now()), []byte(p.text))
	if err != nil {
		var ie *draft.InputError
		msg := bot.Msg(lang, "This text cannot be read as an article: paste the article's own text.",
			"Ce texte ne se lit pas comme un article : collez le texte même de l'article.")
		if errors.As(err, &ie) && ie.Problem == draft.InputEmpty {
			msg = bot.Msg(lang, "There is no article text here (only markup, credits or boilerplate): paste the article's own text.",
				"Il n'y a pas ici de texte d'article (seulement du balisage, des crédits ou des mentions types) : collez le texte même de l'article.")
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: msg})
	}
	// What the admin typed wins over what the text seems to give.
	for _, f := range []struct {
		field *string
		value string
	}{{&a.Title, p.title}, {&a.Publisher, p.publisher}, {&a.Date, p.date}} {
		if f.value != "" {
			*f.field = f.value
		}
	}
	viewID := cb.View.ID
	wait := resultModal(lang, bot.Msg(lang, "Drafting…", "Rédaction…"), bot.Msg(lang,
		"⏳ Reading the article and checking every figure against it…", "⏳ Lecture de l'article et vérification de chaque chiffre…"))
	if !s.spawn("draft from an article", func(ctx context.Context) { s.draftArticle(ctx, user, viewID, a, lang) }) {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: bot.Msg(lang,
			"careerbot is restarting: your text is still here. Submit again in a minute.",
			"careerbot redémarre : votre texte est toujours là. Envoyez de nouveau dans une minute.")})
	}
	return slack.NewUpdateViewSubmissionResponse(&wait)
}

// draftArticle drafts from a, saves the drafts (status draft: answers do
// not use them) and shows the review list in place of the modal.
func (s *Server) draftArticle(ctx context.Context, user, viewID string, a *draft.Article, lang string) {
	resolved := false
	defer func() {
		if !resolved {
			s.showView(ctx, user, viewID, resultModal(lang, bot.Msg(lang, "Not drafted", "Pas rédigé"), bot.Msg(lang,
				"⚠️ Sorry, something went wrong while drafting. Nothing was saved: try again in a minute.",
				"⚠️ Désolé, un problème est survenu pendant la rédaction. Rien n'a été enregistré : réessayez dans une minute.")))
		}
	}()
	fail := func(what string, err error) {
		s.log.Error("slack: draft from an article: "+what, "article", a.Name, "err", err)
		s.audit(ctx, user, "entry.draft", "", true, "failed: "+truncate(err.Error(), 400))
		resolved = true
		s.showView(ctx, user, viewID, resultModal(lang, bot.Msg(lang, "Not drafted", "Pas rédigé"), "⚠️ "+unavailable(lang)))
	}
	existing, err := s.cfg.Curation.Entries(ctx, "", "")
	if err != nil {
		fail("read the entries", err)
		return
	}
	var d draft.Drafter = draft.Extractive{}
	if s.cfg.Drafter != nil {
		d = s.cfg.Drafter
	}
	r, err := d.Draft(ctx, a, existing)
	if err != nil {
		fail("draft", err)
		return
	}
	// The catalog's own checks last: a draft the format refuses is
	// listed with the dropped ones.
	var entries []*knowledge.Entry
	kept := r.Drafts[:0]
	for _, dr := range r.Drafts {
		if ps := knowledge.Check(dr.Entry); len(ps) > 0 {
			var problems []draft.Problem
			for _, p := range ps {
				problems = append(problems, draft.Problem{Code: draft.ProblemEntry, Field: p.Field, Msg: p.Msg})
			}
			r.Dropped = append(r.Dropped, draft.Dropped{What: dr.Entry.Slug, Problems: problems})
			continue
		}
		kept = append(kept, dr)
		entries = append(entries, dr.Entry)
	}
	r.Drafts = kept
	if len(entries) > 0 {
		if err := s.cfg.Curation.SaveDrafts(ctx, entries, actor(user)); err != nil {
			fail("save the drafts", err)
			return
		}
	}
	changes := 0
	for _, c := range r.Changes {
		if !c.Empty() {
			changes++
		}
	}
	s.audit(ctx, user, "entry.draft", "", true, fmt.Sprintf("%s: %d draft(s) saved, %d change(s) proposed, %d dropped", a.Name, len(r.Drafts), changes, len(r.Dropped)))
	resolved = true
	s.showView(ctx, user, viewID, reviewModal(r, lang))
}
