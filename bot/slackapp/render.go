package slackapp

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// Block Kit limits.
const (
	maxSectionChars = 3000
	maxBlocks       = 50
	maxButtonText   = 75
	maxButtonValue  = 2000
	maxActions      = 25 // elements of one actions block
	maxContextElems = 10
)

// Action ids of careerbot's buttons and modal.
const (
	actionFeedback     = "feedback"      // Slack's feedback buttons
	actionFeedbackUp   = "feedback_up"   // the buttons of answers posted before them
	actionFeedbackDown = "feedback_down" // idem
	actionShare        = "share"
	actionMore         = "more"
	actionOpenEntry    = "open_entry" // suffixed with _N: ids are unique within a block
	callbackFeedback   = "feedback_reason"
	blockReason        = "reason"
	actionReason       = "reason_input"
)

// Renderer turns answers into Block Kit messages.
type Renderer struct {
	// LinkDomains are the domains (and their subdomains) whose URLs are
	// rendered as links. Other URLs are shown as inline code, which Slack
	// never turns into a link.
	LinkDomains []string
}

// Options says how an answer is presented.
type Options struct {
	// Ephemeral answers (slash commands) with Share get a "Share in
	// channel" button, when they are answers from the knowledge base.
	Ephemeral bool
	Share     bool
	// SharedBy is the Slack id of whoever shared the answer in a channel.
	SharedBy string
}

// Answer renders ans as blocks and a plain fallback text for
// notifications.
func (r Renderer) Answer(ans bot.Answer, opt Options) ([]slack.Block, string) {
	lang := ans.Lang
	var tail []slack.Block
	if ans.Note != "" {
		// The chat model's answer was not given; the note itself says why
		// in terms meant for operators, not for the asker.
		tail = append(tail, slack.NewContextBlock("fallback", mrkdwn(fallbackNotice(lang))))
	}
	// No entry gets two buttons in one message, and no list more than
	// maxEntryButtons.
	shown := map[string]bool{}
	if ans.Entry != nil {
		shown[ans.Entry.Slug] = true
	}
	if ans.Entry != nil && len(ans.Related) > 0 {
		tail = append(tail, r.entryButtons("related", fresh(relatedSuggestions(ans.Related, lang), shown), lang)...)
	}
	if len(ans.Suggestions) > 0 {
		tail = append(tail, r.entryButtons("suggestions", fresh(ans.Suggestions, shown), lang)...)
	}
	// The sources listed are those the text shown cites; the rest comes
	// with More.
	if src := r.sources(bot.CitedIn(ans.Answer, ans.Citations), lang); src != nil {
		tail = append(tail, src)
	}
	if ans.QuestionID > 0 {
		tail = append(tail, feedbackBlock(ans.QuestionID, lang, nil))
	}
	var actions []slack.BlockElement
	if ans.More != "" {
		actions = append(actions, slack.NewButtonBlockElement(actionMore, moreValue(ans), plain(bot.Msg(lang, "More", "Plus"))))
	}
	if opt.Ephemeral && opt.Share {
		if v, ok := shareValue(ans); ok {
			share := slack.NewButtonBlockElement(actionShare, v, plain(bot.Msg(lang, "Share in channel", "Partager dans le canal")))
			share.Style = slack.StylePrimary
			actions = append(actions, share)
		}
	}
	if len(actions) > 0 {
		tail = append(tail, slack.NewActionBlock("actions", actions...))
	}
	if opt.SharedBy != "" {
		tail = append(tail, slack.NewContextBlock("shared", mrkdwn(bot.Msg(lang, "Shared by <@", "Partagé par <@")+Escape(opt.SharedBy)+">")))
	}
	// No message shows more than maxBlocks sections: the rest of a longer
	// answer is not rendered at all.
	text := r.Text(knowledge.Clip(ans.Answer, maxBlocks*maxSectionChars))
	sections := splitSections(text, maxSectionChars)
	room := maxBlocks - len(tail)
	if len(sections) > room {
		sections = sections[:room]
		last := []rune(sections[room-1])
		sections[room-1] = string(last[:min(len(last), maxSectionChars-2)]) + " …"
	}
	blocks := make([]slack.Block, 0, len(sections)+len(tail))
	for i, s := range sections {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(s), nil, nil, slack.SectionBlockOptionBlockID("answer_"+strconv.Itoa(i))))
	}
	blocks = append(blocks, tail...)
	freshIDs(blocks)
	return blocks, fallback(text)
}

// freshIDs suffixes the blocks' ids with a digest of the message, so that
// an updated message gets new ids, as Slack asks, while the same message
// keeps its own: ".3fa9c1" after "sources".
func freshIDs(blocks []slack.Block) {
	b, _ := json.Marshal(blocks)
	sum := sha256.Sum256(b)
	suffix := "." + hex.EncodeToString(sum[:3])
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			b.BlockID += suffix
		case *slack.ContextBlock:
			b.BlockID += suffix
		case *slack.ActionBlock:
			b.BlockID += suffix
		case *slack.ContextActionsBlock:
			b.BlockID += suffix
		}
	}
}

// underText returns the blocks of a rendered answer that come under its
// text (sources, buttons): what a streamed message, whose text is
// streamed, shows below it.
func underText(blocks []slack.Block) []slack.Block {
	var out []slack.Block
	for _, b := range blocks {
		if !strings.HasPrefix(b.ID(), "answer_") {
			out = append(out, b)
		}
	}
	return out
}

// blockKind is a block id without the suffix freshIDs gives it.
func blockKind(id string) string {
	if i := strings.LastIndexByte(id, '.'); i > 0 {
		return id[:i]
	}
	return id
}

// feedbackBlock holds Slack's feedback buttons for the answer to question
// id; with votes, each button says how many people chose it.
func feedbackBlock(id int64, lang string, votes *knowledge.Votes) slack.Block {
	up, down := "👍 "+bot.Msg(lang, "Useful", "Utile"), "👎 "+bot.Msg(lang, "Not useful", "Pas utile")
	blockID := "feedback"
	if votes != nil {
		up += " · " + strconv.Itoa(votes.Up)
		down += " · " + strconv.Itoa(votes.Down)
		blockID = "feedback." + strconv.Itoa(votes.Up) + "-" + strconv.Itoa(votes.Down)
	}
	v := voteValue(id, lang)
	return slack.NewContextActionsBlock(blockID, slack.NewFeedbackButtonsBlockElement(actionFeedback,
		slack.NewFeedbackButton(plain(up), "up:"+v).WithAccessibilityLabel(bot.Msg(lang, "This answer is useful", "Cette réponse est utile")),
		slack.NewFeedbackButton(plain(down), "down:"+v).WithAccessibilityLabel(bot.Msg(lang, "This answer is not useful", "Cette réponse n'est pas utile"))))
}

// fallbackNotice tells the asker that the answer is the knowledge base's
// own sentences because the written answer could not be used.
func fallbackNotice(lang string) string {
	return bot.Msg(lang, "ℹ️ Quoted directly from the knowledge base: the written answer could not be used this time.",
		"ℹ️ Reprise telle quelle de la base de connaissances : la réponse rédigée n'a pas pu être utilisée cette fois.")
}

func relatedSuggestions(related []*knowledge.Entry, lang string) []bot.Suggestion {
	out := make([]bot.Suggestion, 0, len(related))
	for _, e := range related {
		out = append(out, bot.Suggestion{Slug: e.Slug, Title: e.TitleIn(lang), Kind: e.Kind})
	}
	return out
}

func kindIcon(k knowledge.Kind) string {
	switch k {
	case knowledge.KindRole:
		return "💼 "
	case knowledge.KindSkill:
		return "🧠 "
	case knowledge.KindTraining:
		return "🎓 "
	}
	return "📊 "
}

// maxEntryButtons is how many entries one list of buttons offers: a few
// to choose from, not a wall of them.
const maxEntryButtons = 6

// fresh returns the first maxEntryButtons suggestions of list whose entry
// is not in shown, and adds them to it.
func fresh(list []bot.Suggestion, shown map[string]bool) []bot.Suggestion {
	var out []bot.Suggestion
	for _, s := range list {
		if len(out) == maxEntryButtons {
			break
		}
		if !shown[s.Slug] {
			shown[s.Slug] = true
			out = append(out, s)
		}
	}
	return out
}

// entryButtons lists entries as buttons that open them.
func (r Renderer) entryButtons(blockID string, list []bot.Suggestion, lang string) []slack.Block {
	var elems []slack.BlockElement
	for i, s := range list {
		if i == maxActions {
			break
		}
		value := string(s.Kind) + ":" + s.Slug
		elems = append(elems, slack.NewButtonBlockElement(actionOpenEntry+"_"+strconv.Itoa(i), value, plain(kindIcon(s.Kind)+s.Title)))
	}
	if len(elems) == 0 {
		return nil
	}
	return []slack.Block{slack.NewActionBlock(blockID, elems...)}
}

// sources renders the numbered citations in a context block.
func (r Renderer) sources(cs []bot.Citation, lang string) slack.Block {
	if len(cs) == 0 {
		return nil
	}
	var elems []slack.MixedElement
	var overflow []string
	for _, c := range cs {
		line := "[" + strconv.Itoa(c.N) + "] " + r.Text(c.Title)
		var pubs, plainPubs []string
		for _, s := range c.Sources {
			p, linked := sourceLine(r, s)
			if p != "" {
				pubs, plainPubs = append(pubs, linked), append(plainPubs, p)
			}
		}
		if len(pubs) > 0 {
			if long := line + " — " + strings.Join(pubs, "; "); utf8.RuneCountInString(long) <= 500 {
				line = long
			} else {
				// Cut, a link would break: the titles go without theirs.
				line += " — " + strings.Join(plainPubs, "; ")
			}
		}
		line = truncate(line, 500)
		if len(elems) < maxContextElems-1 {
			elems = append(elems, mrkdwn(line))
		} else {
			overflow = append(overflow, line)
		}
	}
	if len(overflow) > 0 {
		elems = append(elems, mrkdwn(truncate(strings.Join(overflow, "\n"), 2000)))
	}
	return slack.NewContextBlock("sources", elems...)
}

// sourceLine is a source as the list of sources shows it, "Title —
// Publisher, date", escaped: plain, and with the title (or the publisher)
// linked to the source's web address when it has one.
func sourceLine(r Renderer, s knowledge.Source) (plain, linked string) {
	title, pub, date := strings.TrimSpace(s.Title), strings.TrimSpace(s.Publisher), strings.TrimSpace(s.Date)
	line := func(link func(string) string) string {
		if title != "" {
			return strings.Join(nonEmpty(link(title), strings.Join(nonEmpty(r.Text(pub), r.Text(date)), ", ")), " — ")
		}
		return strings.Join(nonEmpty(link(pub), r.Text(date)), ", ")
	}
	plain = line(r.Text)
	addr := s.Link()
	if addr == "" {
		return plain, plain
	}
	return plain, line(func(label string) string {
		if label == "" {
			return ""
		}
		// The label keeps no '|' that would end it ('>' is escaped).
		return "<" + addr + "|" + strings.ReplaceAll(r.Text(label), "|", "¦") + ">"
	})
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// Notice renders a short message (help, thinking, errors) that may
// contain user text: it is escaped.
func (r Renderer) Notice(text string) ([]slack.Block, string) {
	return trusted(r.Text(knowledge.Clip(text, maxBlocks*maxSectionChars)))
}

// trusted renders mrkdwn written by careerbot itself (user and knowledge
// text inside it already escaped) as section blocks.
func trusted(text string) ([]slack.Block, string) {
	var blocks []slack.Block
	for i, s := range splitSections(text, maxSectionChars) {
		if i == maxBlocks {
			break
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(s), nil, nil))
	}
	return blocks, fallback(text)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

// plain is an escaped plain_text object of at most maxButtonText
// characters, the tightest limit of the places careerbot uses one.
func plain(s string) *slack.TextBlockObject {
	n := maxButtonText
	text := Escape(truncate(s, n))
	for utf8.RuneCountInString(text) > maxButtonText {
		n--
		text = Escape(truncate(s, n))
	}
	return slack.NewTextBlockObject(slack.PlainTextType, text, true, false)
}

// voteValue is the value of the feedback buttons: the question id and the
// answer's language.
func voteValue(id int64, lang string) string { return strconv.FormatInt(id, 10) + ":" + lang }

func parseVote(v string) (int64, string, error) {
	idText, lang, _ := strings.Cut(v, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return 0, "en", errors.New("malformed feedback value " + strconv.Quote(v))
	}
	if lang != "fr" {
		lang = "en"
	}
	return id, lang, nil
}
