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

// adminHomeBlocks shows admins the state of the knowledge base and what to
// improve, with the buttons that do it.
func (s *Server) adminHomeBlocks(ctx context.Context, lang string) []slack.Block {
	cur := s.cfg.Curation
	since := s.now().Add(-week)
	blocks := []slack.Block{slack.NewDividerBlock(), header(bot.Msg(lang, "Knowledge base administration", "Administration de la base"))}
	newButton := slack.NewButtonBlockElement(actionAdminNew, "", plain(bot.Msg(lang, "New entry", "Nouvelle entrée")))
	newButton.Style = slack.StylePrimary
	zero := 0
	pick := slack.NewOptionsSelectBlockElement(slack.OptTypeExternal, plain(bot.Msg(lang, "Edit an entry…", "Modifier une entrée…")), actionAdminPick)
	pick.MinQueryLength = &zero
	article := slack.NewButtonBlockElement(actionAdminArticle, "", plain(bot.Msg(lang, "New from an article", "Nouveau depuis un article")))
	blocks = append(blocks, slack.NewActionBlock("admin_tools", newButton, article, pick))

	if st, err := cur.Stats(ctx, since); err != nil {
		s.log.Warn("slack: home: stats", "err", err)
	} else {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(statsText(st, lang)), nil, nil, slack.SectionBlockOptionBlockID("admin_stats")))
	}

	if revs, err := cur.RecentRevisions(ctx, homeLimit); err != nil {
		s.log.Warn("slack: home: latest changes", "err", err)
	} else if len(revs) > 0 {
		blocks = append(blocks, header(bot.Msg(lang, "Latest changes", "Dernières modifications")))
		for i, r := range revs {
			line := fmt.Sprintf("%s *%s* · %s %d · %s · %s · %s", kindIcon(r.Entry.Kind), Escape(r.Entry.TitleIn(lang)),
				bot.Msg(lang, "revision", "révision"), r.Number, actionName(r.Action, lang), author(r.Author), r.At.Format("2006-01-02 15:04"))
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(line), nil, nil, slack.SectionBlockOptionBlockID("change_"+strconv.Itoa(i))),
				slack.NewActionBlock("change_actions_"+strconv.Itoa(i),
					slack.NewButtonBlockElement(actionAdminEdit, r.Entry.Slug, plain(bot.Msg(lang, "Edit", "Modifier"))),
					slack.NewButtonBlockElement(actionAdminHistory, r.Entry.Slug, plain(bot.Msg(lang, "History", "Historique")))))
		}
	}

	questions := func(id, title string, gaps []knowledge.Gap) {
		if len(gaps) == 0 {
			return
		}
		blocks = append(blocks, header(title))
		for i, g := range gaps {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(questionLine(g.Text, g.Count, g.LastAsked, lang)), nil,
				slack.NewAccessory(createButton(g.Text, lang)), slack.SectionBlockOptionBlockID(id+"_"+strconv.Itoa(i))),
				slack.NewActionBlock(teachBlockID(g.Text), teachMenu(lang)))
		}
	}
	if gaps, err := cur.Gaps(ctx, since, homeLimit); err != nil {
		s.log.Warn("slack: home: gaps", "err", err)
	} else {
		questions("gap", bot.Msg(lang, "Unanswered this week", "Sans réponse cette semaine"), gaps)
	}
	if low, err := cur.LowConfidence(ctx, since, s.lowConfidence(), homeLimit); err != nil {
		s.log.Warn("slack: home: low-confidence questions", "err", err)
	} else {
		questions("low", bot.Msg(lang, "Answered with low confidence", "Réponses peu assurées"), low)
	}
	if votes, err := cur.Downvotes(ctx, since, homeLimit); err != nil {
		s.log.Warn("slack: home: downvotes", "err", err)
	} else if len(votes) > 0 {
		blocks = append(blocks, header(bot.Msg(lang, "👎 this week", "👎 cette semaine")))
		for i, v := range votes {
			line := "👎 "
			if v.Question.Text != "" {
				line += questionLine(v.Question.Text, 1, v.At, lang)
			} else {
				line += bot.Msg(lang, "(question text purged)", "(texte de la question effacé)")
			}
			if v.Reason != "" {
				line += "\n> " + Escape(truncate(strings.Join(strings.Fields(v.Reason), " "), 500))
			}
			var acc *slack.Accessory
			if v.Question.Text != "" {
				acc = slack.NewAccessory(createButton(v.Question.Text, lang))
			}
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(line), nil, acc, slack.SectionBlockOptionBlockID("vote_"+strconv.Itoa(i))))
			if v.Question.Text != "" {
				blocks = append(blocks, slack.NewActionBlock(teachBlockID(v.Question.Text), teachMenu(lang)))
			}
		}
	}
	return blocks
}

func (s *Server) lowConfidence() float64 {
	if s.cfg.LowConfidence > 0 {
		return s.cfg.LowConfidence
	}
	return defaultLowConfidence
}
