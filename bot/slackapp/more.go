package slackapp

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// moreValue carries the rest of an answer in its More button, so that a
// click shows exactly what was written with the answer, never a new one
// (see answerValue), cut at a line to fit a button's value.
func moreValue(ans bot.Answer) string {
	prefix := answerValue(ans.Lang, bot.CitedIn(ans.More, ans.Citations), "")
	text := ans.More
	for len(prefix)+len(text) > maxButtonValue {
		i := strings.LastIndexByte(text, '\n')
		if i <= 0 {
			text = cut(text, maxButtonValue-len(prefix), true, "")
			break
		}
		text = text[:i]
	}
	return prefix + text
}

// answerValue is a text as a button's value: the language, the citations
// it uses (n=slug), then the text.
func answerValue(lang string, cites []bot.Citation, text string) string {
	var head []string
	for _, c := range cites {
		head = append(head, strconv.Itoa(c.N)+"="+c.Slug)
	}
	return lang + "|" + strings.Join(head, ",") + "|" + text
}

// parseAnswerValue reads an answerValue.
func parseAnswerValue(v string) (lang string, cites map[int]string, text string, ok bool) {
	parts := strings.SplitN(v, "|", 3)
	if len(parts) != 3 || (parts[0] != "fr" && parts[0] != "en") {
		return "", nil, "", false
	}
	cites = map[int]string{}
	for _, c := range strings.Split(parts[1], ",") {
		if c == "" {
			continue
		}
		n, slug, found := strings.Cut(c, "=")
		i, err := strconv.Atoi(n)
		if !found || err != nil {
			return "", nil, "", false
		}
		cites[i] = slug
	}
	return parts[0], cites, parts[2], true
}

// storedAnswer is the answer a button carries (see answerValue), with the
// sources of the entries it cites as they are now.
func (s *Server) storedAnswer(ctx context.Context, lang string, cites map[int]string, text string) bot.Answer {
	ans := bot.Answer{Lang: lang, Grounded: true, Answer: text}
	for n, slug := range cites {
		e, err := s.store.Get(ctx, slug)
		if err != nil {
			continue // archived since: its number stays, without a source line
		}
		ans.Citations = append(ans.Citations, bot.Citation{N: n, Slug: slug, Title: e.TitleIn(lang), Kind: e.Kind, Sources: e.Sources})
	}
	slices.SortFunc(ans.Citations, func(x, y bot.Citation) int { return x.N - y.N })
	return ans
}

// onMore shows the clicker the rest of an answer, with the sources it
// cites, privately.
func (s *Server) onMore(ctx context.Context, cb slack.InteractionCallback, a slack.BlockAction) {
	lang, cites, text, ok := parseAnswerValue(a.Value)
	if !ok {
		s.respond(ctx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, s.ephemeral(bot.Msg(s.userLang(ctx, cb.User.ID),
			"This button is out of date: ask your question again.", "Ce bouton n'est plus valable : posez à nouveau votre question.")))
		return
	}
	ans := s.storedAnswer(ctx, lang, cites, text)
	blocks, fb := s.render.Answer(ans, Options{})
	reply := ephemeralBlocks(blocks, fb)
	s.respond(ctx, "", cb.Channel.ID, cb.User.ID, reply)
}
