package slackapp

import (
	"context"
	"fmt"
	"strings"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

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
			fieldSummaryEN, fieldPeriod, fieldSources, fieldBackgrounds, fieldQuestions:
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
