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

// Action ids of the App Home and of the administration.
const (
	actionBrowseRole   = "browse_role"   // static select of the published roles, for everyone
	actionAdminNew     = "admin_new"     // value: a question to prefill the entry with, or ""
	actionAdminEdit    = "admin_edit"    // value: slug
	actionAdminPick    = "admin_pick"    // external select of every entry: opens it for editing
	actionAdminHistory = "admin_history" // value: slug
	actionAdminArchive = "admin_archive" // value: slug
	actionAdminRestore = "admin_restore" // value: slug, or slug:revision
)

// isAdminAction reports whether an action id belongs to the administration.
func isAdminAction(id string) bool { return strings.HasPrefix(id, "admin_") }

// homeLimit is how many items each list of the App Home shows.
const homeLimit = 5

// publishHome shows the App Home tab: how to ask, popular roles and every
// role for everyone; the state of the knowledge base and what to improve
// for admins. notice, when set, comes first (mrkdwn written by careerbot).
func (s *Server) publishHome(ctx context.Context, user, notice string) {
	lang := s.userLang(ctx, user)
	blocks := []slack.Block{slack.NewHeaderBlock(plain("careerbot"))}
	if notice != "" {
		n, _ := trusted(notice)
		blocks = append(blocks, n...)
		blocks = append(blocks, slack.NewDividerBlock())
	}
	help, _ := s.render.Notice(helpText(lang))
	blocks = append(blocks, help...)
	if s.cfg.Curation != nil {
		blocks = append(blocks, s.rolesBlocks(ctx, lang)...)
		if ok, err := s.admins.contains(ctx, user); err != nil {
			s.log.Warn("slack: home: admin check", "user", user, "err", err)
		} else if ok {
			blocks = append(blocks, s.adminHomeBlocks(ctx, lang)...)
		}
	}
	if len(blocks) > 100 {
		blocks = blocks[:100]
	}
	_, err := s.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user,
		View: slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}})
	if err != nil {
		s.log.Warn("slack: publish home", "user", user, "err", err)
	}
}

func header(text string) slack.Block { return slack.NewHeaderBlock(plain(text)) }

// rolesBlocks lists the roles answers cite most, and every role in a menu.
func (s *Server) rolesBlocks(ctx context.Context, lang string) []slack.Block {
	var blocks []slack.Block
	popular, err := s.cfg.Curation.PopularEntries(ctx, knowledge.KindRole, s.now().Add(-30*24*time.Hour), homeLimit)
	if err != nil {
		s.log.Warn("slack: home: popular roles", "err", err)
	}
	roles, err := s.cfg.Curation.Entries(ctx, knowledge.KindRole, knowledge.StatusPublished)
	if err != nil {
		s.log.Warn("slack: home: roles", "err", err)
	}
	var list []string
	seen := map[string]bool{}
	for _, p := range popular {
		list = append(list, p.Slug)
		seen[p.Slug] = true
	}
	titles := map[string]string{}
	for _, r := range roles {
		titles[r.Slug] = r.TitleIn(lang)
		if len(list) < homeLimit && !seen[r.Slug] {
			list = append(list, r.Slug)
			seen[r.Slug] = true
		}
	}
	for _, p := range popular {
		if titles[p.Slug] == "" {
			titles[p.Slug] = p.Title
		}
	}
	if len(list) > 0 {
		var buttons []slack.BlockElement
		for i, slug := range list {
			buttons = append(buttons, slack.NewButtonBlockElement(actionOpenEntry+"_"+strconv.Itoa(i), "role:"+slug, plain(kindIcon(knowledge.KindRole)+titles[slug])))
		}
		blocks = append(blocks, header(bot.Msg(lang, "Popular roles", "Métiers les plus consultés")),
			slack.NewActionBlock("popular_roles", buttons...))
	}
	if len(roles) > 0 {
		var opts []*slack.OptionBlockObject
		for i, r := range roles {
			if i == 100 { // the most a select holds
				break
			}
			opts = append(opts, slack.NewOptionBlockObject(r.Slug, plain(r.TitleIn(lang)), nil))
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(bot.Msg(lang, "Choose a role", "Choisir un métier")), actionBrowseRole, opts...)
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(bot.Msg(lang,
			fmt.Sprintf("*Browse the roles* (%d): I send you the role card in a direct message.", len(roles)),
			fmt.Sprintf("*Parcourir les métiers* (%d) : je vous envoie la fiche en message direct.", len(roles)))),
			nil, slack.NewAccessory(sel), slack.SectionBlockOptionBlockID("browse_roles")))
	}
	return blocks
}

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
	blocks = append(blocks, slack.NewActionBlock("admin_tools", newButton, pick))

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
				slack.NewAccessory(createButton(g.Text, lang)), slack.SectionBlockOptionBlockID(id+"_"+strconv.Itoa(i))))
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

// author shows who made a revision: a Slack user as a mention (which
// notifies no one in a view), anything else as text.
func author(a string) string {
	if id, ok := strings.CutPrefix(a, "slack:"); ok && ValidUserID(id) {
		return "<@" + id + ">"
	}
	return Escape(a)
}

func actionName(a, lang string) string {
	names := map[string][2]string{
		"create": {"created", "création"}, "update": {"edited", "modification"}, "import": {"imported", "import"},
		"archive": {"archived", "archivage"}, "restore": {"restored", "restauration"}, "publish": {"published", "publication"},
		"conflict": {"conflicting edit, not applied", "modification en conflit, non appliquée"},
	}
	if n, ok := names[a]; ok {
		return bot.Msg(lang, n[0], n[1])
	}
	return Escape(a)
}
