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
		switch {
		case changes[i] == "created":
			line += "\n" + bot.Msg(lang, "New entry", "Nouvelle fiche")
		case changes[i] != "":
			// The catalog's field names, as in its files.
			line += "\n" + bot.Msg(lang, "Changed: ", "Champs modifiés : ") + "`" + Escape(strings.ReplaceAll(changes[i], ", ", "`, `")) + "`"
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
