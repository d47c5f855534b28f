package reliability

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/slacktest"
)

// TestSecretsNotInLogs runs careerbot with every secret set, logging at
// debug level, through its error paths: forged Slack requests, the chat
// model refusing the key and failing, Slack refusing the token and rate
// limiting, the database cut mid-run and unreachable at start, malformed
// settings, and careerbot doctor. No token, signing secret, API key, salt
// or database password appears in any log line or error message. (The
// happy path, in JSON logs, is cmd/careerbot TestServeLogs.)
func TestSecretsNotInLogs(t *testing.T) {
	r := row(t, "Secrets", "SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, OPENAI_API_KEY, CAREERBOT_USER_SALT and a DATABASE_URL password set, debug logs, through the error paths: forged requests, chat model 401 and 500, Slack invalid_auth and 429, database cut, unreachable and misconfigured, careerbot doctor")
	st := newStack(t)
	model := openaitest.New(t)
	model.Chat(openaitest.Reply{Status: http.StatusUnauthorized}, openaitest.Reply{Status: http.StatusInternalServerError, RetryAfter: "0"},
		openaitest.Reply{Status: http.StatusInternalServerError})
	secrets := map[string]string{
		"SLACK_BOT_TOKEN":      "xoxb-1234-5678-botTokenSecretValue",
		"SLACK_APP_TOKEN":      "xapp-1-A1-appTokenSecretValue",
		"SLACK_SIGNING_SECRET": "signingSecretValue0123456789abcdef",
		"OPENAI_API_KEY":       "sk-apiKeySecretValue",
		"CAREERBOT_USER_SALT":  "userSaltSecretValue0123",
	}
	px := newProxy(t, dbHost(t, st.kb.DB.URL))
	u, err := url.Parse(viaProxy(t, st.kb.DB.URL, px))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "dbPasswordSecretValue")
	env := map[string]string{"OPENAI_BASE_URL": model.URL, "CAREERBOT_LOG_LEVEL": "debug", "DATABASE_URL": u.String()}
	for k, v := range secrets {
		env[k] = v
	}
	secrets["DATABASE_URL password"] = "dbPasswordSecretValue"
	var outputs []string
	lines := 0

	// Socket Mode replica: answers with the failing chat model and a Slack
	// that refuses and rate limits.
	sock := st.serve("socket replica", "socket", env)
	st.sl.Fail("chat.update", slacktest.Fault{Status: http.StatusOK, Error: "invalid_auth"}, slacktest.Fault{RetryAfter: "0"})
	tr := newTracker(st.sl)
	defer tr.close()
	sock.event("Ev0SEC1", mention("U0SEC", "CSEC1", "1700900000.000100", "What does a prompt engineer do?"))
	sock.event("Ev0SEC2", mention("U0SEC", "CSEC2", "1700900000.000200", "Que fait un data scientist ?"))
	tr.wait("CSEC2", 30*time.Second)
	// The database goes away mid-run.
	px.cut()
	sock.event("Ev0SEC3", mention("U0SEC", "CSEC3", "1700900000.000300", "What does an AI engineer do?"))
	tr.wait("CSEC3", 30*time.Second)
	px.restore()
	sock.Kill()
	outputs = append(outputs, sock.out.String())

	// HTTP replica: forged and stale requests.
	httpEnv := map[string]string{}
	for k, v := range env {
		if k != "SLACK_APP_TOKEN" {
			httpEnv[k] = v
		}
	}
	st.env["SLACK_SIGNING_SECRET"] = secrets["SLACK_SIGNING_SECRET"]
	web := st.serve("http replica", "http", httpEnv)
	for _, q := range []struct {
		secret string
		at     time.Time
	}{{"wrong-secret", time.Now()}, {secrets["SLACK_SIGNING_SECRET"], time.Now().Add(-time.Hour)}} {
		resp := slacktest.Post(t, web.url+"/slack/events", q.secret, q.at, "application/json", []byte(`{"type":"event_callback"}`), nil)
		outputs = append(outputs, string(resp.Body))
	}
	web.Kill()
	outputs = append(outputs, web.out.String())

	// Error messages of commands that fail.
	dead := *u
	dead.Host = "127.0.0.1:1"
	fail := []map[string]string{
		{"DATABASE_URL": dead.String()},                                                                // unreachable database
		{"DATABASE_URL": "postgres://careerbot:dbPasswordSecretValue@[::1"},                            // malformed URL
		{"SLACK_BOT_TOKEN": "xoxp-botTokenSecretValue", "SLACK_APP_TOKEN": "xapp botTokenSecretValue"}, // malformed tokens
	}
	for i, over := range fail {
		e := map[string]string{}
		for k, v := range env {
			e[k] = v
		}
		for k, v := range over {
			e[k] = v
		}
		for _, args := range [][]string{{"ask", "What does a prompt engineer do?"}, {"serve"}, {"doctor"}} {
			code, out, errs := cli(t, e, "", args...)
			if code == 0 && args[0] != "doctor" {
				t.Errorf("case %d: careerbot %s succeeded", i, args[0])
			}
			outputs = append(outputs, out+errs)
		}
	}
	_, out, errs := cli(t, env, "", "doctor")
	outputs = append(outputs, out+errs)

	leaks := 0
	for _, o := range outputs {
		lines += strings.Count(o, "\n")
		for name, s := range secrets {
			if strings.Contains(o, s) {
				leaks++
				i := strings.Index(o, s)
				t.Errorf("%s appears in: %s", name, o[max(0, i-200):min(len(o), i+len(s)+50)])
			}
		}
	}
	r.resultf("%d runs and responses captured (%d lines of logs and error messages): %d secrets found", len(outputs), lines, leaks)
	t.Log(r.Result)
	if lines < 20 {
		t.Errorf("only %d lines captured: the error paths did not log", lines)
	}
}
