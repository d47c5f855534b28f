package slackapp

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// actionBrowseRole is the static select of the published roles, for
// everyone.
const actionBrowseRole = "browse_role"

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
	help, _ := s.render.Notice(s.helpText(lang))
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
