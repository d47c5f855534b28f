package slackapp

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// A vote cast under the first user-hash scheme is still its voter's once
// the hash changed: the voter's next click moves it to the current hash and
// keeps it, one vote per person and answer, and what else the voter had
// stored under the old hash moves along. Neither the clear id nor the old
// hash is left in the database.
func TestVoteAcrossTheUserHashChange(t *testing.T) {
	e := newEnv(t, "http")
	ask := mention("1700000800.000100", "What does a prompt engineer do?")
	ask.User = "U0BOB"
	e.deliver("Ev0REHASH", ask, 0)
	e.settle()
	ans := answers(e.slack, "C0GENERAL")
	if len(ans) != 1 {
		t.Fatalf("%d answers", len(ans))
	}
	blocks := ans[0].Param("blocks")
	down := blockActions(blocks)["feedback/down"]
	var qid int64
	if _, err := fmt.Sscanf(down, "down:%d", &qid); err != nil {
		t.Fatalf("feedback buttons %q: %v", down, err)
	}
	ctx := context.Background()
	legacy := bot.LegacyUserHash("", "U0ALICE")
	if _, err := e.kb.Store.RecordFeedback(ctx, knowledge.Feedback{QuestionID: qid, UserHash: legacy, Vote: -1, Reason: "out of date"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.kb.Store.RecordQuestion(ctx, knowledge.Question{UserHash: legacy, Surface: "slack_dm", Lang: "en", Text: "q", Grounded: true}); err != nil {
		t.Fatal(err)
	}

	cb := click(actionFeedback, down, e.slack.ResponseURL(), false)
	cb.User.ID = "U0ALICE"
	cb.Message.Text = "answer"
	if err := json.Unmarshal([]byte(blocks), &cb.Message.Blocks); err != nil {
		t.Fatal(err)
	}
	e.interact(cb)
	e.settle()

	var votes, hers, old, clear int
	var reason string
	if err := e.kb.DB.Pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM feedback WHERE question_id = $1),
		(SELECT count(*) FROM feedback WHERE question_id = $1 AND user_hash = $2 AND vote = -1),
		(SELECT coalesce(max(reason), '') FROM feedback WHERE question_id = $1 AND user_hash = $2),
		(SELECT count(*) FROM questions WHERE user_hash = $3) + (SELECT count(*) FROM feedback WHERE user_hash = $3),
		(SELECT count(*) FROM questions WHERE user_hash LIKE '%U0ALICE%' OR user_hash LIKE '%U0BOB%')
			+ (SELECT count(*) FROM feedback WHERE user_hash LIKE '%U0ALICE%')
			+ (SELECT count(*) FROM slack_events WHERE request::text LIKE '%U0BOB%')`,
		qid, bot.HashUser("", "U0ALICE"), legacy).Scan(&votes, &hers, &reason, &old, &clear); err != nil {
		t.Fatal(err)
	}
	if votes != 1 || hers != 1 || reason != "out of date" {
		t.Errorf("%d votes on the answer, %d of them the voter's under the current hash (reason %q); want the one vote kept", votes, hers, reason)
	}
	if old != 0 || clear != 0 {
		t.Errorf("%d rows left under the old hash, %d with a clear user id", old, clear)
	}
}
