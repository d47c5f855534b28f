package slacktest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Sign returns the X-Slack-Signature of body sent at ts with secret.
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Response is what the app answered to a request from Slack.
type Response struct {
	Status  int
	Body    []byte
	Elapsed time.Duration
}

// Post sends a request signed with secret at time ts, as Slack does.
// header adds headers such as X-Slack-Retry-Num.
func Post(t testing.TB, endpoint, secret string, ts time.Time, contentType string, body []byte, header http.Header) Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set("X-Slack-Signature", Sign(secret, ts.Unix(), body))
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post %s: %v", endpoint, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Body: b, Elapsed: time.Since(start)}
}

// EventCallback wraps an inner event (such as a slackevents.AppMentionEvent)
// in the Events API envelope Slack delivers.
func EventCallback(t testing.TB, eventID string, inner any) slackevents.EventsAPICallbackEvent {
	t.Helper()
	raw, err := json.Marshal(inner)
	if err != nil {
		t.Fatal(err)
	}
	msg := json.RawMessage(raw)
	return slackevents.EventsAPICallbackEvent{
		Type: slackevents.CallbackEvent, TeamID: TeamID, APIAppID: AppID, InnerEvent: &msg,
		EventID: eventID, EventTime: int(time.Now().Unix()), AuthedUsers: []string{BotUserID},
	}
}

// JSON encodes v.
func JSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// SlashForm encodes a slash command as Slack posts it.
func SlashForm(c slack.SlashCommand) []byte {
	v := url.Values{}
	set := func(k, x string) {
		if x != "" {
			v.Set(k, x)
		}
	}
	set("token", c.Token)
	set("team_id", c.TeamID)
	set("team_domain", c.TeamDomain)
	set("channel_id", c.ChannelID)
	set("channel_name", c.ChannelName)
	set("user_id", c.UserID)
	set("user_name", c.UserName)
	set("command", c.Command)
	v.Set("text", c.Text)
	set("response_url", c.ResponseURL)
	set("trigger_id", c.TriggerID)
	set("api_app_id", c.APIAppID)
	return []byte(v.Encode())
}

// InteractionForm encodes an interaction as Slack posts it.
func InteractionForm(t testing.TB, cb slack.InteractionCallback) []byte {
	t.Helper()
	b, err := json.Marshal(&cb)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(url.Values{"payload": {string(b)}}.Encode())
}
