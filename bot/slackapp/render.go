package slackapp

import (
	"net/url"
	"regexp"
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
	actionFeedbackUp   = "feedback_up"
	actionFeedbackDown = "feedback_down"
	actionShare        = "share"
	actionOpenEntry    = "open_entry" // suffixed with _N: ids are unique within a block
	callbackFeedback   = "feedback_reason"
	blockReason        = "reason"
	actionReason       = "reason_input"
)

// Escape makes text from users or the knowledge base inert in Slack
// markup: &, < and > become entities, so no <!channel>, <!here>,
// <!everyone>, <@U…>, <!subteam^…> or <url|label> survives.
func Escape(s string) string {
	s = strings.ReplaceAll(s, "&", "&amp;")
	s = strings.ReplaceAll(s, "<", "&lt;")
	return strings.ReplaceAll(s, ">", "&gt;")
}

// Renderer turns answers into Block Kit messages.
type Renderer struct {
	// LinkDomains are the domains (and their subdomains) whose URLs are
	// rendered as links. Other URLs are shown as inline code, which Slack
	// never turns into a link.
	LinkDomains []string
}

var urlPattern = regexp.MustCompile(`(?i)\b(https?://|www\.)[^\s<>|` + "`" + `"]+`)

// Text escapes s and renders the URLs it contains (with a scheme, or
// starting with www.): a link for allowed domains, inline code otherwise.
// When a URL is shown as code, the text's own backticks become ˋ so that
// they cannot pair with the code's and leave the URL outside it.
func (r Renderer) Text(s string) string {
	var b strings.Builder
	if strings.Contains(s, "`") && r.hasDisallowedURL(s) {
		s = strings.ReplaceAll(s, "`", "ˋ")
	}
	for {
		loc := urlPattern.FindStringIndex(s)
		if loc == nil {
			b.WriteString(Escape(s))
			return b.String()
		}
		u := s[loc[0]:loc[1]]
		trail := ""
		for len(u) > 0 && strings.ContainsRune(".,;:!?)]'", rune(u[len(u)-1])) {
			trail = u[len(u)-1:] + trail
			u = u[:len(u)-1]
		}
		b.WriteString(Escape(s[:loc[0]]))
		if r.allowed(u) && !strings.Contains(u, "://") {
			b.WriteString("<https://" + Escape(u) + "|" + Escape(u) + ">")
		} else if r.allowed(u) {
			b.WriteString("<" + Escape(u) + ">")
		} else {
			b.WriteString("`" + Escape(u) + "`")
		}
		b.WriteString(Escape(trail))
		s = s[loc[1]:]
	}
}

func (r Renderer) hasDisallowedURL(s string) bool {
	for _, u := range urlPattern.FindAllString(s, -1) {
		if !r.allowed(u) {
			return true
		}
	}
	return false
}

func (r Renderer) allowed(raw string) bool {
	if strings.HasPrefix(strings.ToLower(raw), "www.") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, d := range r.LinkDomains {
		d = strings.ToLower(strings.TrimPrefix(d, "."))
		if d != "" && (host == d || strings.HasSuffix(host, "."+d)) {
			return true
		}
	}
	return false
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

// truncate cuts s to at most n characters, with an ellipsis.
func truncate(s string, n int) string { return cut(s, n, false, "…") }

// clip cuts s to at most n bytes on a character boundary.
func clip(s string, n int) string { return cut(s, n, true, "") }

// cut returns s when it holds at most n characters (n bytes when inBytes),
// or else its longest prefix that leaves room for tail, then tail. It reads
// s once and never cuts inside a character.
func cut(s string, n int, inBytes bool, tail string) string {
	size := utf8.RuneCountInString
	if inBytes {
		size = func(s string) int { return len(s) }
	}
	if size(s) <= n {
		return s
	}
	room := n - size(tail)
	end, chars := 0, 0
	for i := range s { // s[:i] holds chars characters, i bytes
		if (inBytes && i > room) || (!inBytes && chars > room) {
			break
		}
		end = i
		chars++
	}
	return s[:end] + tail
}

// splitSections cuts escaped mrkdwn into pieces of at most max characters,
// at line breaks, then spaces, never inside an entity, a link or code.
func splitSections(s string, max int) []string {
	var out []string
	for utf8.RuneCountInString(s) > max {
		r := []rune(s)
		cut := -1
		for _, sep := range []rune{'\n', ' '} {
			for i := max; i > max/2; i-- {
				if r[i] == sep && safeCut(r, i) {
					cut = i
					break
				}
			}
			if cut > 0 {
				break
			}
		}
		if cut < 0 {
			cut = max
			for cut > max/2 && !safeCut(r, cut) {
				cut--
			}
		}
		out = append(out, strings.TrimRight(string(r[:cut]), " \n"))
		s = strings.TrimLeft(string(r[cut:]), " \n")
	}
	if strings.TrimSpace(s) != "" {
		out = append(out, s)
	}
	return out
}

// safeCut reports whether r may be cut before index i: not inside an
// &entity;, a <link> or `code`.
func safeCut(r []rune, i int) bool {
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		if r[j] == ';' {
			break
		}
		if r[j] == '&' {
			return false
		}
	}
	open := 0
	code := false
	for _, c := range r[:i] {
		switch c {
		case '<':
			open++
		case '>':
			open--
		case '`':
			code = !code
		}
	}
	return open <= 0 && !code
}

// Options says how an answer is presented.
type Options struct {
	// Ephemeral answers (slash commands) get a "Share in channel" button
	// whose value is Share.
	Ephemeral bool
	Share     string
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
	if ans.Entry != nil && len(ans.Related) > 0 {
		tail = append(tail, r.entryButtons("related", relatedSuggestions(ans.Related, lang), lang)...)
	}
	if len(ans.Suggestions) > 0 {
		tail = append(tail, r.entryButtons("suggestions", ans.Suggestions, lang)...)
	}
	if src := r.sources(ans.Citations, lang); src != nil {
		tail = append(tail, src)
	}
	var actions []slack.BlockElement
	if ans.QuestionID > 0 {
		id := voteValue(ans.QuestionID, lang)
		actions = append(actions,
			slack.NewButtonBlockElement(actionFeedbackUp, id, plain("👍 "+bot.Msg(lang, "Useful", "Utile"))),
			slack.NewButtonBlockElement(actionFeedbackDown, id, plain("👎 "+bot.Msg(lang, "Not useful", "Pas utile"))))
	}
	if opt.Ephemeral && opt.Share != "" {
		share := slack.NewButtonBlockElement(actionShare, opt.Share, plain(bot.Msg(lang, "Share in channel", "Partager dans le canal")))
		share.Style = slack.StylePrimary
		actions = append(actions, share)
	}
	if len(actions) > 0 {
		tail = append(tail, slack.NewActionBlock("feedback", actions...))
	}
	text := r.Text(ans.Answer)
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
	return blocks, fallback(text)
}

// fallbackNotice tells the asker that the answer is the knowledge base's
// own sentences because the written answer could not be used.
func fallbackNotice(lang string) string {
	return bot.Msg(lang, "ℹ️ Quoted directly from the knowledge base: the written answer could not be used this time.",
		"ℹ️ Reprise telle quelle de la base de connaissances : la réponse rédigée n'a pas pu être utilisée cette fois.")
}

// fallback is the notification text of a message: its first lines.
func fallback(escaped string) string {
	if utf8.RuneCountInString(escaped) <= 300 {
		return escaped
	}
	// Cut where no entity, link or code span is broken.
	return splitSections(escaped, 299)[0] + "…"
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
		var pubs []string
		for _, s := range c.Sources {
			p := strings.TrimSpace(strings.Join(nonEmpty(s.Publisher, s.Date), ", "))
			if s.Title != "" {
				p = strings.TrimSpace(s.Title + " — " + p)
			}
			if p != "" {
				pubs = append(pubs, r.Text(p))
			}
		}
		if len(pubs) > 0 {
			line += " — " + strings.Join(pubs, "; ")
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
	return trusted(r.Text(text))
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
