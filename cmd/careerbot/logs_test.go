package main

import (
	"encoding/json"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/proctest"
	"github.com/careerbot/careerbot/internal/slacktest"
)

// A serve run with every secret set, logging JSON at debug level: every
// line is a JSON record; no token, signing secret, API key, salt or
// database password appears at any level; the question's text appears only
// in debug records; the answer's record carries the event and question ids.
func TestServeLogs(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	sl := slacktest.New(t)
	api := openaitest.New(t)
	api.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply { return openaitest.Reply{Text: writtenAnswer} })
	secrets := map[string]string{
		"SLACK_BOT_TOKEN":      "xoxb-1234-5678-botTokenSecretValue",
		"SLACK_APP_TOKEN":      "xapp-1-A1-appTokenSecretValue",
		"SLACK_SIGNING_SECRET": "signingSecretValue0123456789abcdef",
		"OPENAI_API_KEY":       "sk-apiKeySecretValue",
		"CAREERBOT_USER_SALT":  "userSaltSecretValue",
	}
	env := copyEnv(c.env, "SLACK_API_URL", sl.APIURL, "OPENAI_BASE_URL", api.URL, "CAREERBOT_CHAT_MODEL", "test-chat",
		"CAREERBOT_HTTP_ADDR", proctest.FreeAddr(t), "CAREERBOT_LOG_FORMAT", "json", "CAREERBOT_LOG_LEVEL", "debug")
	for k, v := range secrets {
		env[k] = v
	}
	// A password in the database URL (the local cluster trusts local
	// connections, so any password is accepted).
	u, err := url.Parse(env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "dbPasswordSecretValue")
	env["DATABASE_URL"] = u.String()
	secrets["DATABASE_URL password"] = "dbPasswordSecretValue"

	p := start(t, env, "serve")
	sl.WaitConnections(t, 1)
	const question = "What does a prompt engineer do for Quetzalcoatl?"
	ev := &slackevents.AppMentionEvent{Type: "app_mention", User: "U0ALICE", Text: "<@" + slacktest.BotUserID + "> " + question,
		TimeStamp: "1700002000.000100", Channel: "C0GENERAL", EventTimeStamp: "1700002000.000100"}
	sl.WaitAck(t, sl.Send(t, slacktest.Envelope{Type: "events_api", Payload: slacktest.EventCallback(t, "Ev0LOGS", ev)}))
	slacktest.WaitFor(t, 20*time.Second, "the answer", func() bool { return len(finals(sl)) == 1 })
	p.signal(syscall.SIGTERM)
	if code := p.wait(30 * time.Second); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, p.stderr.String())
	}

	var answered, debugWithText int
	for i, line := range strings.Split(strings.TrimSpace(p.stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("line %d is not JSON: %q", i+1, line)
			continue
		}
		for name, secret := range secrets {
			if strings.Contains(line, secret) {
				t.Errorf("line %d shows %s: %s", i+1, name, line)
			}
		}
		level, _ := rec["level"].(string)
		if strings.Contains(line, "Quetzalcoatl") {
			if level != "DEBUG" {
				t.Errorf("line %d shows the question's text at %s: %s", i+1, level, line)
			}
			debugWithText++
		}
		if rec["msg"] == "slack: answered" {
			answered++
			if level != "INFO" || rec["event"] != "Ev0LOGS" || rec["question_id"] == nil || rec["question_id"] == float64(0) {
				t.Errorf("answer record without its event and question ids: %s", line)
			}
		}
	}
	if answered != 1 {
		t.Errorf("%d answer records, want 1", answered)
	}
	if debugWithText == 0 {
		t.Errorf("the question's text is not logged at debug level either")
	}
}
