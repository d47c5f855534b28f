package slackapp

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/internal/slacktest"
)

// Slack's published example ("Verifying requests from Slack").
const (
	exampleSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	exampleTimestamp = 1531420618
	exampleBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	exampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func TestVerifySlackExample(t *testing.T) {
	at := func(d time.Duration) func() time.Time {
		return func() time.Time { return time.Unix(exampleTimestamp, 0).Add(d) }
	}
	header := func(sig, ts string) http.Header {
		h := http.Header{}
		if sig != "" {
			h.Set("X-Slack-Signature", sig)
		}
		if ts != "" {
			h.Set("X-Slack-Request-Timestamp", ts)
		}
		return h
	}
	ts := strconv.Itoa(exampleTimestamp)
	tests := []struct {
		name   string
		secret string
		now    func() time.Time
		h      http.Header
		body   string
		want   error
	}{
		{"published example", exampleSecret, at(0), header(exampleSignature, ts), exampleBody, nil},
		{"four minutes later", exampleSecret, at(4 * time.Minute), header(exampleSignature, ts), exampleBody, nil},
		{"six minutes later", exampleSecret, at(6 * time.Minute), header(exampleSignature, ts), exampleBody, ErrStaleRequest},
		{"six minutes early", exampleSecret, at(-6 * time.Minute), header(exampleSignature, ts), exampleBody, ErrStaleRequest},
		{"body altered", exampleSecret, at(0), header(exampleSignature, ts), exampleBody + "&x=1", ErrBadSignature},
		{"timestamp altered", exampleSecret, at(0), header(exampleSignature, strconv.Itoa(exampleTimestamp+1)), exampleBody, ErrBadSignature},
		{"other secret", "another-secret", at(0), header(exampleSignature, ts), exampleBody, ErrBadSignature},
		{"no v0 prefix", exampleSecret, at(0), header(exampleSignature[3:], ts), exampleBody, ErrBadSignature},
		{"not hex", exampleSecret, at(0), header("v0=zz", ts), exampleBody, ErrBadSignature},
		{"no signature", exampleSecret, at(0), header("", ts), exampleBody, ErrMissingSignature},
		{"no timestamp", exampleSecret, at(0), header(exampleSignature, ""), exampleBody, ErrMissingSignature},
		{"timestamp not a number", exampleSecret, at(0), header(exampleSignature, "yesterday"), exampleBody, ErrStaleRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verifier{Secret: tt.secret, Now: tt.now}.Verify(tt.h, []byte(tt.body))
			if err != tt.want {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
	if got := slacktest.Sign(exampleSecret, exampleTimestamp, []byte(exampleBody)); got != exampleSignature {
		t.Fatalf("the stand-in signs %s, want %s", got, exampleSignature)
	}
}

// The example request verifies end to end through the HTTP endpoint with a
// fixed clock: it is acknowledged, not rejected.
func TestSlackExampleAcceptedByServer(t *testing.T) {
	e := newEnv(t, "http", func(c *Config) {
		c.SigningSecret = exampleSecret
		c.Now = func() time.Time { return time.Unix(exampleTimestamp, 0).Add(30 * time.Second) }
	})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL()+"/slack/commands", bytes.NewReader([]byte(exampleBody)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.Itoa(exampleTimestamp))
	req.Header.Set("X-Slack-Signature", exampleSignature)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
}

// Forged and stale requests get 401 and write nothing: no row in any table
// careerbot writes, no call to Slack.
func TestForgedAndStaleRequestsRejected(t *testing.T) {
	e := newEnv(t, "http")
	event := slacktest.JSON(t, slacktest.EventCallback(t, "Ev0FORGED", mention("1700001000.000100", "What does a prompt engineer do?")))
	command := slacktest.SlashForm(slack.SlashCommand{Command: "/career", Text: "What does a prompt engineer do?",
		ChannelID: "C0GENERAL", UserID: "U0MALLORY", ResponseURL: e.slack.ResponseURL(), TriggerID: "t1"})
	interaction := slacktest.InteractionForm(t, click("feedback_up", "1:en", e.slack.ResponseURL(), false))
	endpoints := []struct {
		path, contentType string
		body              []byte
	}{
		{"/slack/events", "application/json", event},
		{"/slack/commands", "application/x-www-form-urlencoded", command},
		{"/slack/interactivity", "application/x-www-form-urlencoded", interaction},
	}
	now := time.Now()
	forgeries := []struct {
		name string
		sign func(body []byte) (sig string, ts int64, sent []byte)
	}{
		{"wrong secret", func(b []byte) (string, int64, []byte) {
			return slacktest.Sign("not-the-secret", now.Unix(), b), now.Unix(), b
		}},
		{"body altered after signing", func(b []byte) (string, int64, []byte) {
			return slacktest.Sign(testSecret, now.Unix(), b), now.Unix(), append(append([]byte{}, b...), ' ')
		}},
		{"stale: signed 6 minutes ago", func(b []byte) (string, int64, []byte) {
			old := now.Add(-6 * time.Minute).Unix()
			return slacktest.Sign(testSecret, old, b), old, b
		}},
		{"from the future", func(b []byte) (string, int64, []byte) {
			later := now.Add(6 * time.Minute).Unix()
			return slacktest.Sign(testSecret, later, b), later, b
		}},
		{"unsigned", func(b []byte) (string, int64, []byte) { return "", now.Unix(), b }},
		{"garbage signature", func(b []byte) (string, int64, []byte) { return "v0=deadbeef", now.Unix(), b }},
	}
	for _, ep := range endpoints {
		for _, f := range forgeries {
			sig, ts, sent := f.sign(ep.body)
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL()+ep.path, bytes.NewReader(sent))
			req.Header.Set("Content-Type", ep.contentType)
			req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
			if sig != "" {
				req.Header.Set("X-Slack-Signature", sig)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s %s: status %d, want 401", ep.path, f.name, resp.StatusCode)
			}
		}
	}
	e.settle()
	for _, table := range []string{"slack_events", "thread_turns", "feedback", "questions"} {
		if n := e.count(table); n != 0 {
			t.Errorf("%d rows in %s after forged requests, want 0", n, table)
		}
	}
	if calls := e.slack.Calls(); len(calls) != 1 || calls[0].Method != "auth.test" {
		t.Errorf("calls to Slack after forged requests: %+v", calls)
	}
}
