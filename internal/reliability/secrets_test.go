package reliability

import (
	"fmt"
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
	// Each output is scanned for the secrets of the environment that
	// produced it: the values actually set in that run.
	var outputs []captured
	capture := func(what, text string, env map[string]string) {
		outputs = append(outputs, captured{what, text, secretsOf(env)})
	}

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
	capture("socket replica", sock.out.String(), envOf(sock.Cmd))

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
		capture("response to a forged request", string(resp.Body), envOf(web.Cmd))
	}
	web.Kill()
	capture("http replica", web.out.String(), envOf(web.Cmd))

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
			capture(fmt.Sprintf("case %d: careerbot %s", i, args[0]), out+errs, e)
		}
	}
	_, out, errs := cli(t, env, "", "doctor")
	capture("careerbot doctor", out+errs, env)

	leaks, lines := 0, 0
	distinct := map[string]bool{}
	for _, o := range outputs {
		lines += strings.Count(o.text, "\n")
		if len(o.secrets) < 6 {
			t.Errorf("%s: only %d secrets set (%v)", o.what, len(o.secrets), o.secrets)
		}
		for name, s := range o.secrets {
			distinct[s] = true
			if i := strings.Index(o.text, s); i >= 0 {
				leaks++
				t.Errorf("%s: %s appears in: %s", o.what, name, o.text[max(0, i-200):min(len(o.text), i+len(s)+50)])
			}
		}
	}
	r.resultf("%d runs and responses captured (%d lines of logs and error messages), each scanned for the secrets set in its own run "+
		"(%d distinct values, malformed ones included, with and without their token prefix): %d secrets found", len(outputs), lines, len(distinct), leaks)
	t.Log(r.Result)
	if lines < 20 {
		t.Errorf("only %d lines captured: the error paths did not log", lines)
	}
}

// captured is the output of one run or response, with the secrets set in
// the environment that produced it.
type captured struct {
	what, text string
	secrets    map[string]string // description → value
}

// secretVars are the variables whose values careerbot must never print.
var secretVars = []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "OPENAI_API_KEY", "CAREERBOT_USER_SALT"}

// secretsOf returns the secret values set in env: each secret variable's
// value, the same without a token prefix (xoxb-, xapp-, sk-…) so that a
// message quoting part of a token is caught too, and the password in
// DATABASE_URL, found even when the URL does not parse.
func secretsOf(env map[string]string) map[string]string {
	out := map[string]string{}
	for _, k := range secretVars {
		v := env[k]
		if v == "" {
			continue
		}
		out[k] = v
		for _, prefix := range []string{"xoxb-", "xoxp-", "xapp-", "xapp ", "sk-"} {
			if rest, ok := strings.CutPrefix(v, prefix); ok && len(rest) >= 12 {
				out[k+" without "+strings.TrimSpace(prefix)] = rest
			}
		}
	}
	if pw := urlPassword(env["DATABASE_URL"]); pw != "" {
		out["DATABASE_URL password"] = pw
	}
	return out
}

// urlPassword returns the password of a postgres:// URL, parsed by hand
// so that a malformed URL gives it too.
func urlPassword(u string) string {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return ""
	}
	userinfo, _, ok := strings.Cut(rest, "@")
	if !ok {
		return ""
	}
	_, pw, _ := strings.Cut(userinfo, ":")
	if dec, err := url.PathUnescape(pw); err == nil {
		return dec
	}
	return pw
}

// secretsOf finds the values a run actually set, malformed ones included.
func TestSecretsOf(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{"SLACK_BOT_TOKEN": "xoxp-botTokenSecretValue", "SLACK_APP_TOKEN": "xapp botTokenSecretValue"},
			[]string{"xoxp-botTokenSecretValue", "xapp botTokenSecretValue", "botTokenSecretValue"}},
		{map[string]string{"DATABASE_URL": "postgres://careerbot:dbPasswordSecretValue@[::1"}, []string{"dbPasswordSecretValue"}},
		{map[string]string{"DATABASE_URL": "postgres://u:p%40ss-word-secret@127.0.0.1:1/db", "OPENAI_API_KEY": "sk-apiKeySecretValue"},
			[]string{"p@ss-word-secret", "sk-apiKeySecretValue", "apiKeySecretValue"}},
	}
	for _, tt := range tests {
		got := map[string]bool{}
		for _, v := range secretsOf(tt.env) {
			got[v] = true
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("secretsOf(%v) lacks %q: %v", tt.env, w, got)
			}
		}
	}
}
