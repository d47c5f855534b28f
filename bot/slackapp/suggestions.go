package slackapp

import (
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/knowledge"
)

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
	case actionAdminPick, actionAdminTeach:
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
