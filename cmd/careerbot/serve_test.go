package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/internal/slacktest"
)

func TestServeConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no bot token", map[string]string{}, "SLACK_BOT_TOKEN is not set"},
		{"HTTP mode without signing secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef"}, "SLACK_SIGNING_SECRET is not set"},
		{"bot token of the wrong kind", map[string]string{"SLACK_BOT_TOKEN": "xoxp-1234-5678-abcdef", "SLACK_APP_TOKEN": "xapp-1-A1-2345678"}, "SLACK_BOT_TOKEN must be a bot token starting with xoxb-"},
		{"truncated bot token", map[string]string{"SLACK_BOT_TOKEN": "xoxb-12", "SLACK_APP_TOKEN": "xapp-1-A1-2345678"}, "SLACK_BOT_TOKEN is malformed"},
		{"app token of the wrong kind", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef", "SLACK_APP_TOKEN": "xoxb-1234-5678-abcdef"}, "SLACK_APP_TOKEN must be an app-level token starting with xapp-"},
		{"malformed app token", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef", "SLACK_APP_TOKEN": "xapp-1 A1"}, "SLACK_APP_TOKEN is malformed"},
		{"short signing secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef", "SLACK_SIGNING_SECRET": "abc"}, "SLACK_SIGNING_SECRET is malformed"},
		{"bad API URL", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef", "SLACK_APP_TOKEN": "xapp-1-A1-2345678", "SLACK_API_URL": "slack.com"}, "SLACK_API_URL must be an http(s) URL"},
		{"bad link domain", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef", "SLACK_APP_TOKEN": "xapp-1-A1-2345678", "CAREERBOT_LINK_DOMAINS": "coursera.org,https://evil.test/"}, "CAREERBOT_LINK_DOMAINS must list domains"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), []string{"serve"}, strings.NewReader(""), &out, &errb, func(k string) string { return tt.env[k] })
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr: %s", code, errb.String())
			}
			if !strings.Contains(errb.String(), tt.want) {
				t.Fatalf("stderr %q, want it to name the problem: %q", errb.String(), tt.want)
			}
		})
	}
}

// serve runs `careerbot serve` until the returned stop is called.
func serve(t *testing.T, env map[string]string) (stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var code int
	var wg sync.WaitGroup
	var errb bytes.Buffer
	wg.Go(func() {
		code = run(ctx, []string{"serve"}, strings.NewReader(""), &bytes.Buffer{}, &errb, func(k string) string { return env[k] })
	})
	return func() int {
		cancel()
		wg.Wait()
		if code != 0 {
			t.Logf("serve stderr: %s", errb.String())
		}
		return code
	}
}

// socketModeEnv sets the variables of a serve in Socket Mode against the
// Slack stand-in whose Web API is at apiURL.
func socketModeEnv(env map[string]string, apiURL string) {
	env["SLACK_BOT_TOKEN"] = "xoxb-1234-5678-abcdef"
	env["SLACK_APP_TOKEN"] = "xapp-1-A1-2345678"
	env["SLACK_API_URL"] = apiURL
}

func TestServeSocketMode(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	sl := slacktest.New(t)
	env := c.env
	socketModeEnv(env, sl.APIURL)
	addr := freeAddr(t)
	env["CAREERBOT_HTTP_ADDR"] = addr
	stop := serve(t, env)
	sl.WaitConnections(t, 1)
	ev := &slackevents.AppMentionEvent{Type: "app_mention", User: "U0ALICE", Text: "<@" + slacktest.BotUserID + "> What does a prompt engineer do?",
		TimeStamp: "1700000000.000100", Channel: "C0GENERAL"}
	sl.WaitAck(t, sl.Send(t, slacktest.Envelope{Type: "events_api", Payload: slacktest.EventCallback(t, "Ev0SERVE", ev)}))
	slacktest.WaitFor(t, 20*time.Second, "the answer", func() bool {
		for _, u := range sl.Calls("chat.update") {
			if strings.Contains(u.Param("blocks"), "Prompt engineer") {
				return true
			}
		}
		return false
	})
	// /readyz follows the Socket Mode connection: not ready while Slack
	// refuses it, ready again once reconnected.
	ready := func(want int) {
		t.Helper()
		slacktest.WaitFor(t, 20*time.Second, fmt.Sprintf("/readyz to answer %d", want), func() bool {
			time.Sleep(50 * time.Millisecond)
			resp, err := http.Get("http://" + addr + "/readyz")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == want
		})
	}
	ready(http.StatusOK)
	sl.RefuseConnections("invalid_auth")
	sl.Drop()
	ready(http.StatusServiceUnavailable)
	sl.RefuseConnections("")
	ready(http.StatusOK)
	sl.WaitConnections(t, 1)
	if code := stop(); code != 0 {
		t.Fatalf("serve exited with %d after the interrupt, want 0", code)
	}
	// The stand-in sees the close a moment after careerbot sends it.
	slacktest.WaitFor(t, 5*time.Second, "Socket Mode connections closed", func() bool {
		open, _ := sl.Connections()
		return open == 0
	})
}

// freeAddr returns a local address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestServeHTTPMode(t *testing.T) {
	c := newCLI(t)
	sl := slacktest.New(t)
	addr := freeAddr(t)
	env := c.env
	env["SLACK_BOT_TOKEN"] = "xoxb-1234-5678-abcdef"
	env["SLACK_SIGNING_SECRET"] = "0123456789abcdef0123456789abcdef"
	env["SLACK_API_URL"] = sl.APIURL
	env["CAREERBOT_HTTP_ADDR"] = addr
	stop := serve(t, env)
	slacktest.WaitFor(t, 20*time.Second, "/healthz", func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	// Unsigned requests are refused.
	resp, err := http.Post("http://"+addr+"/slack/events", "application/json", strings.NewReader(`{"type":"url_verification","challenge":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned request: %d, want 401", resp.StatusCode)
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exited with %d, want 0", code)
	}
}

func TestServeRefusedToken(t *testing.T) {
	c := newCLI(t)
	sl := slacktest.New(t)
	env := c.env
	socketModeEnv(env, sl.APIURL+"nowhere/")
	env["CAREERBOT_HTTP_ADDR"] = "127.0.0.1:0"
	var errb bytes.Buffer
	code := run(context.Background(), []string{"serve"}, strings.NewReader(""), &bytes.Buffer{}, &errb, func(k string) string { return env[k] })
	if code == 0 || !strings.Contains(errb.String(), "SLACK_BOT_TOKEN") {
		t.Fatalf("exit %d, stderr %q: want a failure naming SLACK_BOT_TOKEN", code, errb.String())
	}
}
