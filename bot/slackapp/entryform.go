package slackapp

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	fieldKind    = "kind"
	fieldLang    = "lang"
	fieldSlug    = "slug"
	fieldTitle   = "title"
	fieldTitleEN = "title_en"
	fieldAliases = "aliases"
	// fieldBackgrounds and fieldQuestions: who the entry suits, and how
	// employees ask for it.
	fieldBackgrounds = "backgrounds"
	fieldQuestions   = "questions"
	fieldTags        = "tags"
	fieldSummary     = "summary"
	fieldSummaryEN   = "summary_en"
	fieldPeriod      = "period"
	fieldBody        = "body" // body_0, body_1, …: Slack inputs hold 3000 characters
	fieldRequires    = "requires"
	fieldLearnWith   = "learn_with"
	fieldRelated     = "related"
	fieldSources     = "sources"
	fieldStatus      = "status"
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
		if s.Quote != "" || s.URL != "" {
			fields = append(fields, s.Quote)
		}
		if s.URL != "" {
			fields = append(fields, s.URL)
		}
		lines = append(lines, strings.Join(fields, " | "))
	}
	return strings.Join(lines, "\n")
}

// parseSources reads one source per line: title | publisher | date |
// article (file or URL) | quote | web address to link to.
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
		if len(f) > 6 {
			return nil, bot.Msg(lang,
				fmt.Sprintf("Line %d has %d parts: write title | publisher | date | article or URL | quote (optional) | link (optional), without other |.", i+1, len(f)),
				fmt.Sprintf("La ligne %d a %d parties : écrivez titre | éditeur | date | article ou URL | citation (facultative) | lien (facultatif), sans autre |.", i+1, len(f)))
		}
		for len(f) < 6 {
			f = append(f, "")
		}
		s := knowledge.Source{Title: f[0], Publisher: f[1], Date: f[2], Article: f[3], Quote: f[4]}
		if f[5] != "" {
			u, err := knowledge.ParseURL(f[5])
			if err != nil {
				return nil, bot.Msg(lang,
					fmt.Sprintf("Line %d: the link %s.", i+1, err),
					fmt.Sprintf("Ligne %d : le lien doit être une adresse web complète, comme https://www.example.com/article, sans espace ni < > | \" (%s).", i+1, f[5]))
			}
			s.URL = u
		}
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

// splitLines reads a list written one item per line, such as questions
// that have commas of their own.
func splitLines(s string) []string {
	var out []string
	for _, x := range strings.Split(s, "\n") {
		x = strings.Join(strings.Fields(x), " ")
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
			"Pour répondre en anglais aux questions posées en anglais."), e.SummaryEN, true, true, knowledge.MaxSummary),
		textInput(fieldQuestions, bot.Msg(lang, "Questions it answers", "Questions auxquelles elle répond"), bot.Msg(lang, "How employees ask for it, in their words, one per line, in French or English: each finds this entry.",
			"Comment les salariés la demandent, avec leurs mots, une par ligne, en français ou en anglais : chacune trouve cette entrée."), strings.Join(e.Questions, "\n"), true, true, maxInput),
		textInput(fieldBackgrounds, bot.Msg(lang, "Backgrounds it suits", "Profils concernés"), bot.Msg(lang, "Jobs and fields of people this role suits, or who bring this skill already (lawyer, nurse…), one per line or separated by commas.",
			"Métiers et domaines des personnes à qui ce métier convient, ou qui ont déjà cette compétence (juriste, infirmière…), un par ligne ou séparés par des virgules."), strings.Join(e.Backgrounds, "\n"), true, true, maxInput))
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
		textInput(fieldSources, bot.Msg(lang, "Sources", "Sources"), bot.Msg(lang, "One per line: title | publisher | date | article file or URL | quote (optional) | link (optional).",
			"Une par ligne : titre | éditeur | date | fichier de l'article ou URL | citation (facultative) | lien (facultatif)."), sourcesText(e.Sources), true, false, maxInput),
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
	e.Backgrounds = splitList(v(fieldBackgrounds).Value)
	e.Questions = splitLines(v(fieldQuestions).Value)
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
