package slackapp

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// Callback ids of the administration's modals. Every view whose callback id
// starts with "admin_" is checked on the server when submitted.
const (
	callbackEntry   = "admin_entry"
	callbackHistory = "admin_history_view"
	callbackResult  = "admin_result"
)

// Block ids (and action ids) of the entry form: the fields of the catalog
// format, so that knowledge.Check's problems land on their field.
const (
	fieldKind      = "kind"
	fieldLang      = "lang"
	fieldSlug      = "slug"
	fieldTitle     = "title"
	fieldTitleEN   = "title_en"
	fieldAliases   = "aliases"
	fieldTags      = "tags"
	fieldSummary   = "summary"
	fieldSummaryEN = "summary_en"
	fieldPeriod    = "period"
	fieldBody      = "body" // body_0, body_1, …: Slack inputs hold 3000 characters
	fieldRequires  = "requires"
	fieldLearnWith = "learn_with"
	fieldRelated   = "related"
	fieldSources   = "sources"
	fieldStatus    = "status"
)

// maxInput is the most a Slack plain-text input holds; bodyPart leaves room
// to add text to each part of a long body.
const (
	maxInput = 3000
	bodyPart = 2500
)

// entryMeta is the private metadata of the entry form.
type entryMeta struct {
	// Slug is the entry edited; empty for a new one.
	Slug string `json:"slug,omitempty"`
	// Base is the revision the edit started from.
	Base int    `json:"base,omitempty"`
	Lang string `json:"lang"`
}

func (m entryMeta) encode() string {
	b, _ := json.Marshal(m)
	return string(b)
}

func parseMeta(s string) (entryMeta, error) {
	var m entryMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return m, fmt.Errorf("malformed form metadata: %w", err)
	}
	if m.Slug != "" && !knowledge.ValidSlug(m.Slug) {
		return m, fmt.Errorf("malformed form metadata: slug %q", truncate(m.Slug, 100))
	}
	if m.Lang != "fr" {
		m.Lang = "en"
	}
	return m, nil
}

func selectOption(value, text string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(text), nil)
}

func textInput(id, label, hint, value string, multiline, optional bool, max int) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(nil, id)
	el.Multiline = multiline
	el.MaxLength = max
	el.InitialValue = value
	b := slack.NewInputBlock(id, plain(label), nil, el)
	if hint != "" {
		b.Hint = slack.NewTextBlockObject(slack.PlainTextType, truncate(hint, 2000), false, false)
	}
	b.Optional = optional
	return b
}

func kindOption(k knowledge.Kind, lang string) *slack.OptionBlockObject {
	names := map[knowledge.Kind][2]string{
		knowledge.KindRole: {"Role", "Métier"}, knowledge.KindSkill: {"Skill", "Compétence"},
		knowledge.KindTraining: {"Training", "Formation"}, knowledge.KindInsight: {"Insight (market figure)", "Repère (chiffre du marché)"},
	}
	n := names[k]
	return selectOption(string(k), kindIcon(k)+bot.Msg(lang, n[0], n[1]))
}

func statusOption(st knowledge.Status, lang string) *slack.OptionBlockObject {
	switch st {
	case knowledge.StatusDraft:
		return selectOption(string(st), bot.Msg(lang, "Save as draft (not used in answers)", "Brouillon (pas utilisé dans les réponses)"))
	case knowledge.StatusArchived:
		return selectOption(string(st), bot.Msg(lang, "Keep archived", "Laisser archivée"))
	}
	return selectOption(string(knowledge.StatusPublished), bot.Msg(lang, "Publish: answerable at once", "Publier : utilisée aussitôt"))
}

// splitBody cuts a body into parts that fit Slack inputs, at paragraph
// breaks when it can.
func splitBody(body string) []string {
	if utf8.RuneCountInString(body) <= bodyPart {
		return []string{body}
	}
	var parts []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
	}
	for _, para := range strings.Split(body, "\n\n") {
		for utf8.RuneCountInString(para) > bodyPart {
			flush()
			r := []rune(para)
			cut := bodyPart
			if i := strings.LastIndex(string(r[:bodyPart]), "\n"); i > 0 {
				cut = utf8.RuneCountInString(string(r[:bodyPart])[:i])
			}
			parts = append(parts, strings.TrimRight(string(r[:cut]), "\n"))
			para = strings.TrimLeft(string(r[cut:]), "\n")
		}
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+2+utf8.RuneCountInString(para) > bodyPart {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteString("\n\n")
		}
		cur.WriteString(para)
	}
	flush()
	return parts
}

func sourcesText(ss []knowledge.Source) string {
	var lines []string
	for _, s := range ss {
		fields := []string{s.Title, s.Publisher, s.Date, s.Article}
		if s.Quote != "" {
			fields = append(fields, s.Quote)
		}
		lines = append(lines, strings.Join(fields, " | "))
	}
	return strings.Join(lines, "\n")
}

// parseSources reads one source per line: title | publisher | date |
// article (file or URL) | quote.
func parseSources(text, lang string) ([]knowledge.Source, string) {
	var out []knowledge.Source
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "|")
		for j := range f {
			f[j] = strings.TrimSpace(f[j])
		}
		if len(f) > 5 {
			return nil, bot.Msg(lang,
				fmt.Sprintf("Line %d has %d parts: write title | publisher | date | article or URL | quote (optional), without other |.", i+1, len(f)),
				fmt.Sprintf("La ligne %d a %d parties : écrivez titre | éditeur | date | article ou URL | citation (facultative), sans autre |.", i+1, len(f)))
		}
		for len(f) < 5 {
			f = append(f, "")
		}
		s := knowledge.Source{Title: f[0], Publisher: f[1], Date: f[2], Article: f[3], Quote: f[4]}
		if s.Title == "" && s.Article == "" {
			return nil, bot.Msg(lang, fmt.Sprintf("Line %d needs at least a title or an article (file or URL).", i+1),
				fmt.Sprintf("La ligne %d demande au moins un titre ou un article (fichier ou URL).", i+1))
		}
		out = append(out, s)
	}
	return out, ""
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' }) {
		x = strings.TrimSpace(x)
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// relationOptions shows related entries by title.
func (s *Server) relationOptions(ctx context.Context, slugs []string, lang string) []*slack.OptionBlockObject {
	var out []*slack.OptionBlockObject
	for _, slug := range slugs {
		text := slug
		if e, err := s.cfg.Curation.Get(ctx, slug); err == nil {
			text = kindIcon(e.Kind) + e.TitleIn(lang)
		}
		out = append(out, selectOption(slug, text))
	}
	return out
}

func (s *Server) relationInput(ctx context.Context, id, label, hint string, slugs []string, lang string) *slack.InputBlock {
	zero := 0
	el := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plain(bot.Msg(lang, "Type to search…", "Tapez pour chercher…")), id)
	el.MinQueryLength = &zero
	el.InitialOptions = s.relationOptions(ctx, slugs, lang)
	b := slack.NewInputBlock(id, plain(label), plain(hint), el)
	b.Optional = true
	return b
}

// entryModal is the form that creates (meta.Slug empty) or edits an entry.
// notice, when set, comes first (mrkdwn written by careerbot).
func (s *Server) entryModal(ctx context.Context, e *knowledge.Entry, meta entryMeta, notice string) slack.ModalViewRequest {
	lang := meta.Lang
	var blocks []slack.Block
	if notice != "" {
		n, _ := trusted(notice)
		blocks = append(blocks, n...)
	}
	if meta.Slug != "" {
		blocks = append(blocks, slack.NewContextBlock("entry_info", mrkdwn(fmt.Sprintf("`%s` · %s %d · %s",
			Escape(meta.Slug), bot.Msg(lang, "revision", "révision"), meta.Base, statusName(e.Status, lang)))))
		buttons := []slack.BlockElement{slack.NewButtonBlockElement(actionAdminHistory, meta.Slug, plain(bot.Msg(lang, "History", "Historique")))}
		if e.Status == knowledge.StatusArchived {
			buttons = append(buttons, slack.NewButtonBlockElement(actionAdminRestore, meta.Slug, plain(bot.Msg(lang, "Restore (publish)", "Restaurer (publier)"))))
		} else {
			archive := slack.NewButtonBlockElement(actionAdminArchive, meta.Slug, plain(bot.Msg(lang, "Archive", "Archiver")))
			archive.Style = slack.StyleDanger
			archive.Confirm = slack.NewConfirmationBlockObject(plain(bot.Msg(lang, "Archive this entry?", "Archiver cette entrée ?")),
				plain(bot.Msg(lang, "careerbot stops using it in answers. Restore brings it back.", "careerbot cesse de l'utiliser. Restaurer la rétablit.")),
				plain(bot.Msg(lang, "Archive", "Archiver")), plain(bot.Msg(lang, "Cancel", "Annuler")))
			buttons = append(buttons, archive)
		}
		blocks = append(blocks, slack.NewActionBlock("entry_actions", buttons...))
	}

	var kinds []*slack.OptionBlockObject
	for _, k := range knowledge.Kinds {
		kinds = append(kinds, kindOption(k, lang))
	}
	kindSel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(bot.Msg(lang, "Choose", "Choisir")), fieldKind, kinds...)
	if e.Kind.Valid() {
		kindSel.InitialOption = kindOption(e.Kind, lang)
	}
	langs := []*slack.OptionBlockObject{selectOption("fr", "Français"), selectOption("en", "English")}
	langSel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(bot.Msg(lang, "Choose", "Choisir")), fieldLang, langs...)
	if e.Lang == "fr" {
		langSel.InitialOption = langs[0]
	} else if e.Lang == "en" {
		langSel.InitialOption = langs[1]
	}
	blocks = append(blocks,
		slack.NewInputBlock(fieldKind, plain(bot.Msg(lang, "Kind", "Type")), nil, kindSel),
		slack.NewInputBlock(fieldLang, plain(bot.Msg(lang, "Language of the title, summary and body", "Langue du titre, du résumé et du texte")), nil, langSel))
	if meta.Slug == "" {
		blocks = append(blocks, textInput(fieldSlug, bot.Msg(lang, "Slug", "Identifiant (slug)"),
			bot.Msg(lang, "Lowercase letters, digits and hyphens, e.g. prompt-engineer. Leave empty to make it from the title. It cannot change later.",
				"Minuscules, chiffres et tirets, par exemple prompt-engineer. Laissez vide pour le tirer du titre. Il ne change plus ensuite."),
			e.Slug, false, true, 80))
	}
	blocks = append(blocks,
		textInput(fieldTitle, bot.Msg(lang, "Title", "Titre"), "", e.Title, false, false, knowledge.MaxTitle),
		textInput(fieldTitleEN, bot.Msg(lang, "English title (when the language is French)", "Titre anglais (si la langue est le français)"), "", e.TitleEN, false, true, knowledge.MaxTitle),
		textInput(fieldAliases, bot.Msg(lang, "Aliases", "Autres noms"), bot.Msg(lang, "Other names people use, one per line or separated by commas.",
			"Les autres noms employés, un par ligne ou séparés par des virgules."), strings.Join(e.Aliases, "\n"), true, true, maxInput),
		textInput(fieldSummary, bot.Msg(lang, "Summary", "Résumé"), bot.Msg(lang, "Two or three sentences, figures included: careerbot quotes them.",
			"Deux ou trois phrases, chiffres compris : careerbot les cite."), e.Summary, true, false, knowledge.MaxSummary),
		textInput(fieldSummaryEN, bot.Msg(lang, "English summary", "Résumé en anglais"), bot.Msg(lang, "So that English questions get English answers.",
			"Pour répondre en anglais aux questions posées en anglais."), e.SummaryEN, true, true, knowledge.MaxSummary))
	for i, part := range s.bodyParts(e.Body) {
		label := bot.Msg(lang, "Body (Markdown, ## sections)", "Texte (Markdown, sections ##)")
		if i > 0 {
			label = bot.Msg(lang, "Body, continued", "Texte, suite") + " (" + strconv.Itoa(i+1) + ")"
		}
		blocks = append(blocks, textInput(fieldBody+"_"+strconv.Itoa(i), label, "", part, true, true, maxInput))
	}
	blocks = append(blocks,
		s.relationInput(ctx, fieldRequires, bot.Msg(lang, "Skills it requires", "Compétences requises"), bot.Msg(lang, "For a role: the skills it needs.", "Pour un métier : les compétences nécessaires."), e.Relations.Requires, lang),
		s.relationInput(ctx, fieldLearnWith, bot.Msg(lang, "Trainings to learn it", "Formations pour y parvenir"), bot.Msg(lang, "Trainings that lead to this role or skill.", "Les formations qui y mènent."), e.Relations.LearnWith, lang),
		s.relationInput(ctx, fieldRelated, bot.Msg(lang, "Related entries", "Entrées liées"), bot.Msg(lang, "Any other entry, such as the insight that gives a role's pay.", "Toute autre entrée, comme le repère qui donne la rémunération d'un métier."), e.Relations.Related, lang),
		textInput(fieldSources, bot.Msg(lang, "Sources", "Sources"), bot.Msg(lang, "One per line: title | publisher | date | article file or URL | quote (optional).",
			"Une par ligne : titre | éditeur | date | fichier de l'article ou URL | citation (facultative)."), sourcesText(e.Sources), true, false, maxInput),
		textInput(fieldPeriod, bot.Msg(lang, "Period (required for insights)", "Période (obligatoire pour un repère)"), bot.Msg(lang, "The date or period a figure describes, e.g. Q2 2023.", "La date ou la période d'un chiffre, par exemple T2 2023."), e.Period, false, true, knowledge.MaxTitle),
		textInput(fieldTags, bot.Msg(lang, "Tags", "Étiquettes"), bot.Msg(lang, "Free labels, separated by commas.", "Libres, séparées par des virgules."), strings.Join(e.Tags, ", "), false, true, maxInput))
	statuses := []*slack.OptionBlockObject{statusOption(knowledge.StatusPublished, lang), statusOption(knowledge.StatusDraft, lang)}
	initial := statuses[0]
	switch e.Status {
	case knowledge.StatusDraft:
		initial = statuses[1]
	case knowledge.StatusArchived:
		statuses = append(statuses, statusOption(knowledge.StatusArchived, lang))
		initial = statuses[2]
	}
	radio := slack.NewRadioButtonsBlockElement(fieldStatus, statuses...)
	radio.InitialOption = initial
	blocks = append(blocks, slack.NewInputBlock(fieldStatus, plain(bot.Msg(lang, "When saved", "À l'enregistrement")), nil, radio))

	title := bot.Msg(lang, "New entry", "Nouvelle entrée")
	if meta.Slug != "" {
		title = bot.Msg(lang, "Edit entry", "Modifier l'entrée")
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackEntry, PrivateMetadata: meta.encode(),
		Title: plain(title), Submit: plain(bot.Msg(lang, "Save", "Enregistrer")), Close: plain(bot.Msg(lang, "Cancel", "Annuler")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// bodyParts are the inputs of a body: its parts, and an empty one to
// write on when the last is well filled.
func (s *Server) bodyParts(body string) []string {
	parts := splitBody(body)
	if utf8.RuneCountInString(parts[len(parts)-1]) > bodyPart*3/4 {
		parts = append(parts, "")
	}
	return parts
}

// readForm reads the entry form. Problems it finds itself (malformed
// sources) are returned by block id.
func readForm(st *slack.ViewState, meta entryMeta) (*knowledge.Entry, map[string]string) {
	e := &knowledge.Entry{Slug: meta.Slug}
	errs := map[string]string{}
	if st == nil {
		return e, errs
	}
	v := func(block string) slack.BlockAction { return st.Values[block][block] }
	text := func(block string) string { return strings.TrimSpace(v(block).Value) }
	if meta.Slug == "" {
		e.Slug = strings.ToLower(text(fieldSlug))
	}
	e.Kind = knowledge.Kind(v(fieldKind).SelectedOption.Value)
	e.Lang = v(fieldLang).SelectedOption.Value
	e.Status = knowledge.Status(v(fieldStatus).SelectedOption.Value)
	if e.Status == "" {
		e.Status = knowledge.StatusPublished
	}
	e.Title = text(fieldTitle)
	e.TitleEN = text(fieldTitleEN)
	e.Aliases = splitList(v(fieldAliases).Value)
	e.Tags = splitList(v(fieldTags).Value)
	e.Summary = text(fieldSummary)
	e.SummaryEN = text(fieldSummaryEN)
	e.Period = text(fieldPeriod)
	var parts []string
	for i := 0; ; i++ {
		block, ok := st.Values[fieldBody+"_"+strconv.Itoa(i)]
		if !ok {
			break
		}
		if p := strings.TrimSpace(block[fieldBody+"_"+strconv.Itoa(i)].Value); p != "" {
			parts = append(parts, p)
		}
	}
	e.Body = strings.Join(parts, "\n\n")
	rel := func(block string) []string {
		var out []string
		for _, o := range v(block).SelectedOptions {
			if !slices.Contains(out, o.Value) {
				out = append(out, o.Value)
			}
		}
		return out
	}
	e.Relations = knowledge.Relations{Requires: rel(fieldRequires), LearnWith: rel(fieldLearnWith), Related: rel(fieldRelated)}
	sources, problem := parseSources(v(fieldSources).Value, meta.Lang)
	if problem != "" {
		errs[fieldSources] = problem
	}
	e.Sources = sources
	return e, errs
}

// problemText says what is wrong with a field in the admin's language.
func problemText(p knowledge.Problem, lang string) string {
	if lang != "fr" {
		return p.Msg
	}
	switch p.Code {
	case knowledge.ProblemMissing:
		switch p.Field {
		case fieldSources:
			return "obligatoire : chaque entrée cite au moins une source (titre | éditeur | date | article)"
		case fieldKind:
			return "obligatoire : choisissez un type"
		case fieldLang:
			return "obligatoire : choisissez une langue"
		case fieldSlug:
			return "obligatoire : un identifiant tel que prompt-engineer"
		}
		return "obligatoire : à remplir"
	case knowledge.ProblemInvalid:
		return "invalide : de 2 à 80 minuscules, chiffres et tirets"
	case knowledge.ProblemTooLong:
		return fmt.Sprintf("trop long (%d caractères) : pas plus de %d", p.Count, p.Max)
	}
	return p.Msg
}

// validate checks an entry from the form and returns its problems by block
// id, in the admin's language.
func (s *Server) validate(ctx context.Context, e *knowledge.Entry, meta entryMeta, errs map[string]string) map[string]string {
	lang := meta.Lang
	put := func(block, text string) {
		if _, ok := errs[block]; !ok {
			errs[block] = truncate(text, 300)
		}
	}
	if meta.Slug == "" && e.Slug == "" {
		e.Slug = knowledge.Slugify(e.Title)
		if e.Slug == "" {
			e.Slug = knowledge.Slugify(e.TitleEN)
		}
	}
	for _, p := range knowledge.Check(e) {
		block := p.Field
		switch block {
		case fieldSlug:
			if meta.Slug != "" || (strings.TrimSpace(e.Slug) == "" && e.Title == "") {
				block = fieldTitle
			}
		case fieldBody:
			block = fieldBody + "_0"
		case fieldKind, fieldLang, fieldStatus, fieldTitle, fieldTitleEN, fieldAliases, fieldTags, fieldSummary,
			fieldSummaryEN, fieldPeriod, fieldSources:
		default:
			block = fieldTitle
		}
		put(block, problemText(p, lang))
	}
	if meta.Slug == "" && knowledge.ValidSlug(e.Slug) {
		if _, err := s.cfg.Curation.Get(ctx, e.Slug); err == nil {
			block := fieldSlug
			put(block, bot.Msg(lang,
				fmt.Sprintf("An entry already uses the slug %q: choose another slug or title, or edit that entry from the Home tab.", e.Slug),
				fmt.Sprintf("Une entrée utilise déjà l'identifiant %q : choisissez-en un autre, ou modifiez cette entrée depuis l'onglet Accueil.", e.Slug)))
		} else if !isNotFound(err) {
			put(fieldTitle, unavailable(lang))
		}
	}
	for _, r := range e.Relations.All() {
		block := string(r.Kind)
		if r.Slug == e.Slug {
			put(block, bot.Msg(lang, "An entry cannot relate to itself: remove it from the list.", "Une entrée ne peut pas être liée à elle-même : retirez-la de la liste."))
			continue
		}
		if !knowledge.ValidSlug(r.Slug) {
			put(block, bot.Msg(lang, fmt.Sprintf("%q is not an entry: choose entries from the list.", truncate(r.Slug, 80)),
				fmt.Sprintf("%q n'est pas une entrée : choisissez dans la liste.", truncate(r.Slug, 80))))
			continue
		}
		if _, err := s.cfg.Curation.Get(ctx, r.Slug); isNotFound(err) {
			put(block, bot.Msg(lang, fmt.Sprintf("%q is not an entry (any more): remove it or create it first.", r.Slug),
				fmt.Sprintf("%q n'est pas (ou plus) une entrée : retirez-la ou créez-la d'abord.", r.Slug)))
		}
	}
	return errs
}

// resultModal says what happened, with buttons to go on.
func resultModal(lang, title, text string, buttons ...slack.BlockElement) slack.ModalViewRequest {
	blocks, _ := trusted(text)
	if len(buttons) > 0 {
		blocks = append(blocks, slack.NewActionBlock("result_actions", buttons...))
	}
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: callbackResult, PrivateMetadata: entryMeta{Lang: lang}.encode(),
		Title: plain(title), Close: plain(bot.Msg(lang, "Close", "Fermer")), Blocks: slack.Blocks{BlockSet: blocks}}
}

func entryButtons(slug, lang string) []slack.BlockElement {
	return []slack.BlockElement{
		slack.NewButtonBlockElement(actionAdminEdit, slug, plain(bot.Msg(lang, "Edit", "Modifier"))),
		slack.NewButtonBlockElement(actionAdminHistory, slug, plain(bot.Msg(lang, "History", "Historique"))),
	}
}

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

// showView replaces a modal, or says the same in a direct message when
// there is no modal to replace.
func (s *Server) showView(ctx context.Context, user, viewID string, view slack.ModalViewRequest) {
	ctx, cancel := detached(ctx)
	defer cancel()
	if viewID != "" {
		if _, err := s.api.UpdateViewContext(ctx, view, "", "", viewID); err == nil {
			return
		} else {
			s.log.Warn("slack: update modal", "user", user, "err", err)
		}
	}
	var text []string
	for _, b := range view.Blocks.BlockSet {
		if sec, ok := b.(*slack.SectionBlock); ok && sec.Text != nil {
			text = append(text, sec.Text.Text)
		}
	}
	blocks, fb := trusted(strings.Join(text, "\n"))
	if _, _, err := s.api.PostMessageContext(ctx, user, slack.MsgOptionText(fb, false), slack.MsgOptionBlocks(blocks...)); err != nil {
		s.log.Error("slack: post result", "user", user, "err", err)
	}
}

// historyModal lists an entry's revisions, newest first, with what each
// changed and a button that restores it.
func (s *Server) historyModal(ctx context.Context, slug, lang string) (slack.ModalViewRequest, error) {
	revs, err := s.cfg.Curation.History(ctx, slug)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	title := revs[len(revs)-1].Entry.TitleIn(lang)
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn("*"+Escape(title)+"* (`"+Escape(slug)+"`)"), nil, nil)}
	// What a revision changed is against the revision applied before it.
	changes := make([]string, len(revs))
	current := 0
	var prev *knowledge.Entry
	for i, r := range revs {
		changes[i] = strings.Join(knowledge.Changed(prev, r.Entry), ", ")
		if r.Action != "conflict" {
			prev = r.Entry
			current = r.Number
		}
	}
	shown := 0
	for i := len(revs) - 1; i >= 0 && shown < 40; i-- {
		r := revs[i]
		line := fmt.Sprintf("*%s %d* · %s · %s · %s", bot.Msg(lang, "Revision", "Révision"), r.Number, actionName(r.Action, lang), author(r.Author),
			r.At.Format("2006-01-02 15:04"))
		if r.Number == current {
			line += bot.Msg(lang, " · *current*", " · *actuelle*")
		}
		if changes[i] != "" {
			line += "\n" + bot.Msg(lang, "Changed: ", "Modifié : ") + Escape(changes[i])
		}
		line += "\n" + statusName(r.Entry.Status, lang) + " · " + Escape(truncate(r.Entry.Summary, 200))
		var acc *slack.Accessory
		if r.Number != current {
			acc = slack.NewAccessory(slack.NewButtonBlockElement(actionAdminRestore, slug+":"+strconv.Itoa(r.Number),
				plain(bot.Msg(lang, "Restore this revision", "Restaurer cette révision"))))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(line), nil, acc, slack.SectionBlockOptionBlockID("rev_"+strconv.Itoa(r.Number))))
		shown++
	}
	if shown < len(revs) {
		blocks = append(blocks, slack.NewContextBlock("older", mrkdwn(bot.Msg(lang,
			fmt.Sprintf("%d older revisions: `careerbot kb history %s` lists them all.", len(revs)-shown, slug),
			fmt.Sprintf("%d révisions plus anciennes : `careerbot kb history %s` les liste toutes.", len(revs)-shown, slug)))))
	}
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: callbackHistory, PrivateMetadata: entryMeta{Slug: slug, Lang: lang}.encode(),
		Title: plain(bot.Msg(lang, "History", "Historique")), Close: plain(bot.Msg(lang, "Close", "Fermer")), Blocks: slack.Blocks{BlockSet: blocks}}, nil
}

// onAdminAction handles the administration's buttons and menus, after
// checking on the server that the user is an admin.
func (s *Server) onAdminAction(ctx context.Context, cb slack.InteractionCallback, a slack.BlockAction) {
	user := cb.User.ID
	lang := s.userLang(ctx, user)
	if m, err := parseMeta(cb.View.PrivateMetadata); err == nil && cb.View.PrivateMetadata != "" {
		lang = m.Lang
	}
	slug, value := a.Value, a.Value
	if a.ActionID == actionAdminPick {
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
	if a.ActionID == actionAdminNew {
		slug = ""
	}
	name := strings.TrimPrefix(a.ActionID, "admin_")
	auditSlug := slug
	if !knowledge.ValidSlug(auditSlug) {
		auditSlug = ""
	}
	write := a.ActionID == actionAdminArchive || a.ActionID == actionAdminRestore
	ok, refusal := s.authorize(ctx, user, "entry."+name, auditSlug, lang, !write)
	if !ok {
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, user, s.ephemeralTrusted(refusal))
		return
	}
	inModal := cb.View.ID != "" && cb.View.Type == slack.VTModal
	if a.ActionID != actionAdminNew && !knowledge.ValidSlug(slug) {
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

// openView shows a modal: pushed on (push) or in place of (update) the one
// the click came from, or newly opened.
func (s *Server) openView(ctx context.Context, cb slack.InteractionCallback, inModal, push bool, v slack.ModalViewRequest) {
	var err error
	switch {
	case inModal && push:
		_, err = s.api.PushViewContext(ctx, cb.TriggerID, v)
	case inModal:
		_, err = s.api.UpdateViewContext(ctx, v, "", "", cb.View.ID)
	default:
		_, err = s.api.OpenViewContext(ctx, cb.TriggerID, v)
	}
	if err != nil {
		s.log.Warn("slack: open admin modal", "user", cb.User.ID, "err", err)
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

// noOptions is the response to an options lookup that found nothing.
// slack.OptionsResponse would leave out an empty list, and Slack wants
// one.
func noOptions() any {
	return map[string][]*slack.OptionBlockObject{"options": {}}
}

// onSuggestion serves the options of the external selects: related
// skills, trainings and entries, and the entry to edit. Non-admins get
// none.
func (s *Server) onSuggestion(cb slack.InteractionCallback) any {
	empty := noOptions()
	ctx, cancel := s.within(2500 * time.Millisecond)
	defer cancel()
	if s.cfg.Curation == nil {
		return empty
	}
	lang := "en"
	if m, err := parseMeta(cb.View.PrivateMetadata); err == nil {
		lang = m.Lang
	} else {
		lang = s.userLang(ctx, cb.User.ID) // the Home tab has no metadata
	}
	if ok, err := s.admins.contains(ctx, cb.User.ID); err != nil || !ok {
		s.audit(ctx, cb.User.ID, "entry.search", "", false, "not an admin")
		return empty
	}
	query := strings.TrimSpace(cb.Value)
	var opts []*slack.OptionBlockObject
	add := func(e *knowledge.Entry, suffix string) {
		opts = append(opts, selectOption(e.Slug, kindIcon(e.Kind)+e.TitleIn(lang)+suffix))
	}
	switch cb.ActionID {
	case fieldRequires, fieldLearnWith, fieldRelated:
		kind := map[string]knowledge.Kind{fieldRequires: knowledge.KindSkill, fieldLearnWith: knowledge.KindTraining}[cb.ActionID]
		matches, err := s.cfg.Curation.Resolve(ctx, kind, query, 25)
		if err != nil {
			s.log.Warn("slack: suggestions", "err", err)
			return empty
		}
		for _, m := range matches {
			add(m.Entry, "")
		}
	case actionAdminPick:
		entries, err := s.cfg.Curation.FindEntries(ctx, "", query, 25)
		if err != nil {
			s.log.Warn("slack: suggestions", "err", err)
			return empty
		}
		for _, e := range entries {
			suffix := ""
			if e.Status != knowledge.StatusPublished {
				suffix = " (" + statusName(e.Status, lang) + ")"
			}
			add(e, suffix)
		}
	}
	if opts == nil {
		return empty
	}
	return slack.OptionsResponse{Options: opts}
}

// onAdminView refuses, on the server, the submission of any admin view by
// a non-admin, whatever its callback id; and handles the admin's.
func (s *Server) onAdminView(cb slack.InteractionCallback) any {
	if cb.View.CallbackID == callbackEntry {
		return s.onEntrySubmit(cb)
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

// onBrowseRole sends the role card chosen in the App Home's menu.
func (s *Server) onBrowseRole(ctx context.Context, cb slack.InteractionCallback, a slack.BlockAction) {
	slug := a.SelectedOption.Value
	lang := s.userLang(ctx, cb.User.ID)
	if !knowledge.ValidSlug(slug) {
		return
	}
	ans, err := s.assistant.Answer(ctx, bot.Question{Text: slug, Command: bot.CmdRole, Surface: "slack_home", UserID: cb.User.ID, Lang: lang})
	var reply *slack.WebhookMessage
	if err != nil {
		reply = s.ephemeral(errorMessage(err, ans, lang))
	} else {
		blocks, fb := s.render.Answer(ans, Options{})
		reply = &slack.WebhookMessage{Text: fb, Blocks: &slack.Blocks{BlockSet: blocks}}
	}
	s.respond(ctx, "", "", cb.User.ID, reply)
}
