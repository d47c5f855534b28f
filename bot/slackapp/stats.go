package slackapp

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// entriesText lists entry counts by kind and status.
func entriesText(st knowledge.Stats, lang string) string {
	var b strings.Builder
	b.WriteString(bot.Msg(lang, "*Entries* (published · draft · archived)\n", "*Entrées* (publiées · brouillons · archivées)\n"))
	total := 0
	for _, k := range knowledge.Kinds {
		c := st.Entries[k]
		fmt.Fprintf(&b, "• %s: %d · %d · %d\n", kindName(k, lang), c[knowledge.StatusPublished], c[knowledge.StatusDraft], c[knowledge.StatusArchived])
		for _, n := range c {
			total += n
		}
	}
	fmt.Fprintf(&b, bot.Msg(lang, "Total: %d entries", "Total : %d entrées"), total)
	return b.String()
}

func statsText(st knowledge.Stats, lang string) string {
	var b strings.Builder
	b.WriteString(entriesText(st, lang))
	rate := "–"
	if st.Questions > 0 {
		rate = strconv.Itoa(st.Grounded*100/st.Questions) + " %"
		if lang == "en" {
			rate = strings.ReplaceAll(rate, " ", "")
		}
	}
	fmt.Fprintf(&b, bot.Msg(lang,
		"\n\n*Last 7 days*\n• Questions: %d, answered from the knowledge base: %d (%s)\n• Votes: 👍 %d · 👎 %d",
		"\n\n*7 derniers jours*\n• Questions : %d, avec une réponse sourcée : %d (%s)\n• Votes : 👍 %d · 👎 %d"),
		st.Questions, st.Grounded, rate, st.Upvotes, st.Downvotes)
	return b.String()
}

// questionLine shows an asked question, quoted and escaped.
func questionLine(text string, count int, last time.Time, lang string) string {
	q := "“" + Escape(truncate(strings.Join(strings.Fields(text), " "), 280)) + "”"
	if count > 1 {
		return fmt.Sprintf("%s ×%d · %s", q, count, last.Format("2006-01-02"))
	}
	return q + " · " + last.Format("2006-01-02")
}

func gapsBlocks(gaps []knowledge.Gap, lang string) ([]slack.Block, string) {
	if len(gaps) == 0 {
		text := bot.Msg(lang, "No unanswered question in the last 7 days.", "Aucune question sans réponse ces 7 derniers jours.")
		return []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)}, text
	}
	title := bot.Msg(lang, "*Questions careerbot could not answer* (last 7 days, most asked first)",
		"*Questions restées sans réponse* (7 derniers jours, les plus posées d'abord)")
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(title), nil, nil)}
	for i, g := range gaps {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(questionLine(g.Text, g.Count, g.LastAsked, lang)), nil,
			slack.NewAccessory(createButton(g.Text, lang)), slack.SectionBlockOptionBlockID("gap_"+strconv.Itoa(i))),
			slack.NewActionBlock(teachBlockID(g.Text), teachMenu(lang)))
	}
	return blocks, fallback(title)
}

// createButton opens the create modal prefilled with a question.
func createButton(question, lang string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionAdminNew, clip(question, maxButtonValue), plain(bot.Msg(lang, "Create an entry from this", "Créer une entrée à partir de ceci")))
}
