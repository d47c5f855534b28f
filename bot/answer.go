package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/careerbot/careerbot/knowledge"
)

// Answer answers q. Bad input returns an *InputError whose message is meant
// for the asker. When the knowledge base is unreachable, the error wraps
// ErrUnavailable and Unavailable gives the asker's message.
func (a *Assistant) Answer(ctx context.Context, q Question) (Answer, error) {
	start := a.now()
	text, err := Normalize(q.Text)
	if err != nil {
		return Answer{}, err
	}
	q.Text = text
	u := understand(text, q.Lang, q.History)
	lang := u.Lang
	userHash := a.userHash(ctx, q)
	if err := a.checkRate(ctx, userHash, lang); err != nil {
		return Answer{}, err
	}
	var ans Answer
	switch q.Command {
	case CmdRole, CmdSkill, CmdTraining:
		// A name says nothing of the asker's language: the conversation's
		// or the user's locale does.
		if q.Lang != "" {
			lang = q.Lang
		}
		ans, err = a.lookup(ctx, q.Command, text, lang)
	default:
		ans, err = a.ask(ctx, q, u)
	}
	if err != nil {
		a.log.Warn("answer failed", "surface", q.Surface, "err", err)
		return Answer{Question: text, Lang: lang, Composer: "extractive", Reason: "unavailable",
			Answer: Unavailable(lang), Citations: []Citation{}}, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	ans.Lang = lang
	ans = a.checkFigures(ctx, ans)
	ans.Question, ans.Lang = text, lang
	ans.Note = a.mask(ans.Note)
	if ans.Citations == nil {
		ans.Citations = []Citation{}
	}
	if a.recorder != nil {
		cited := make([]string, len(ans.Citations))
		for i, c := range ans.Citations {
			cited[i] = c.Slug
		}
		id, err := a.recorder.RecordQuestion(ctx, knowledge.Question{
			UserHash: userHash, Surface: q.Surface, Lang: lang, Text: text,
			Grounded: ans.Grounded, TopScore: ans.TopScore, Cited: cited, Composer: ans.Composer, Note: ans.Note,
			LatencyMS: int(a.now().Sub(start).Milliseconds()),
		})
		if err != nil {
			a.log.Warn("record question", "err", err)
		}
		ans.QuestionID = id
	}
	return ans, nil
}

// ErrUnavailable marks failures of the knowledge base or search.
var ErrUnavailable = errors.New("knowledge base unavailable")

// Unavailable is the reply when the knowledge base cannot be reached.
func Unavailable(lang string) string {
	return Msg(lang,
		"Sorry, the knowledge base is temporarily unavailable. Please try again in a minute.",
		"Désolé, la base de connaissances est temporairement indisponible. Réessayez dans une minute.")
}
