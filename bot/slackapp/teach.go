package slackapp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// teachPrefix starts the block id of a gap's line, followed by the
// question's key: Slack sends the block id back with the entry picked, and
// the question is found again among the gaps by its key, so that no
// question text rides in a button.
const teachPrefix = "teach_"

// teachBlockID names the line of a gap whose question is text.
func teachBlockID(text string) string {
	return teachPrefix + questionKey(text)
}

// questionKey identifies a question's text, whatever its case and spaces.
func questionKey(text string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.Join(strings.Fields(text), " "))))
	return hex.EncodeToString(sum[:12])
}

// teachMenu is the "Answered by…" menu of a gap: any entry, picked by
// name.
func teachMenu(lang string) *slack.SelectBlockElement {
	zero := 0
	m := slack.NewOptionsSelectBlockElement(slack.OptTypeExternal, plain(bot.Msg(lang, "Answered by…", "Répondue par…")), actionAdminTeach)
	m.MinQueryLength = &zero
	return m
}

// teach makes the question of the gap named by blockID one of the
// questions of the entry slug, as a new revision by the admin, and tells
// them; the question then leaves the report.
func (s *Server) teach(ctx context.Context, cb slack.InteractionCallback, blockID, slug, lang string) {
	user := cb.User.ID
	question := s.gapQuestion(ctx, strings.TrimPrefix(blockID, teachPrefix))
	if question == "" {
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, user, s.ephemeral(bot.Msg(lang,
			"This question is no longer in the report (it was taught or has expired): open the Home tab again.",
			"Cette question n'est plus dans le rapport (elle a été apprise ou a expiré) : rouvrez l'onglet Accueil.")))
		return
	}
	rev, err := s.cfg.Curation.TeachEntry(ctx, slug, question, actor(user))
	detail := fmt.Sprintf("taught %q, revision %d", truncate(question, 200), rev)
	if err != nil {
		detail = "failed: " + truncate(err.Error(), 400)
	}
	s.audit(ctx, user, "entry.teach", slug, true, detail)
	if err != nil {
		s.actionFailed(ctx, cb, err, slug, lang)
		return
	}
	text := bot.Msg(lang,
		fmt.Sprintf("✅ `%s` now answers “%s” (revision %d): that question and questions worded like it find it.", slug, Escape(truncate(question, 300)), rev),
		fmt.Sprintf("✅ `%s` répond désormais à « %s » (révision %d) : cette question et celles formulées de même la trouvent.", slug, Escape(truncate(question, 300)), rev))
	if cb.View.ID != "" && cb.View.Type == slack.VTModal {
		s.showView(ctx, user, cb.View.ID, resultModal(lang, bot.Msg(lang, "Done", "Fait"), text, entryButtons(slug, lang)...))
		return
	}
	s.publishHome(ctx, user, text)
}

// gapQuestion finds the question of the gap report (unanswered, low
// confidence or voted down) whose key is key, or "".
func (s *Server) gapQuestion(ctx context.Context, key string) string {
	since := s.now().Add(-week)
	gaps, err := s.cfg.Curation.Gaps(ctx, since, 200)
	if err != nil {
		s.log.Warn("slack: teach: gaps", "err", err)
	}
	low, err := s.cfg.Curation.LowConfidence(ctx, since, s.lowConfidence(), 200)
	if err != nil {
		s.log.Warn("slack: teach: low-confidence questions", "err", err)
	}
	for _, g := range append(gaps, low...) {
		if questionKey(g.Text) == key {
			return g.Text
		}
	}
	votes, err := s.cfg.Curation.Downvotes(ctx, since, 200)
	if err != nil {
		s.log.Warn("slack: teach: downvotes", "err", err)
	}
	for _, v := range votes {
		if v.Question.Text != "" && questionKey(v.Question.Text) == key {
			return v.Question.Text
		}
	}
	return ""
}
