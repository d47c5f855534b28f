package main

import (
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/proctest"
	"github.com/careerbot/careerbot/internal/slacktest"
)

const (
	testSigningSecret = "0123456789abcdef0123456789abcdef"
	writtenAnswer     = "A prompt engineer writes, tests and refines the instructions given to generative AI models [1]."
)

// postMention delivers an app_mention to a careerbot in HTTP mode, signed
// as Slack signs it.
func postMention(t *testing.T, addr, eventID, ts, user, text string) {
	t.Helper()
	ev := &slackevents.AppMentionEvent{Type: "app_mention", User: user, Text: "<@" + slacktest.BotUserID + "> " + text,
		TimeStamp: ts, Channel: "C0GENERAL", EventTimeStamp: ts}
	body := slacktest.JSON(t, slacktest.EventCallback(t, eventID, ev))
	resp := slacktest.Post(t, "http://"+addr+"/slack/events", testSigningSecret, time.Now(), "application/json", body, nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("deliver %s: %d %s", eventID, resp.Status, resp.Body)
	}
}

// HTTP mode answers /healthz, /readyz and /metrics; SIGTERM during an
// answer lets the answer finish and reach Slack, then careerbot exits 0.
func TestServeHTTPEndpointsAndSIGTERM(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	sl := slacktest.New(t)
	api := openaitest.New(t)
	var calls atomic.Int32
	api.ChatFunc(func(r openaitest.ChatRequest) openaitest.Reply {
		if calls.Add(1) == 1 {
			return openaitest.Reply{Text: writtenAnswer}
		}
		// The second answer is still being written when SIGTERM comes.
		return openaitest.Reply{Text: writtenAnswer, Delay: 2 * time.Second}
	})
	addr := proctest.FreeAddr(t)
	env := copyEnv(c.env, "SLACK_BOT_TOKEN", "xoxb-1234-5678-abcdef", "SLACK_SIGNING_SECRET", testSigningSecret,
		"SLACK_API_URL", sl.APIURL, "CAREERBOT_HTTP_ADDR", addr, "OPENAI_BASE_URL", api.URL, "OPENAI_API_KEY", "sk-test",
		"CAREERBOT_CHAT_MODEL", "test-chat", "CAREERBOT_LOG_LEVEL", "info", "CAREERBOT_SHUTDOWN_TIMEOUT", "15s")
	p := start(t, env, "serve")
	p.waitReady(addr)

	if code, body := get("http://" + addr + "/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz: %d %s", code, body)
	}
	postMention(t, addr, "Ev0FIRST", "1700000001.000100", "U0ALICE", "What does a prompt engineer do?")
	slacktest.WaitFor(t, 20*time.Second, "the first answer", func() bool { return countAnswers(sl, writtenAnswerStart) == 1 })
	code, page := get("http://" + addr + "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`careerbot_questions_total{grounded="true",lang="en",surface="slack_mention"} 1`,
		`careerbot_answer_duration_seconds_count{surface="slack_mention"} 1`,
		`careerbot_retrieval_duration_seconds_count`,
		`careerbot_llm_calls_total{model="test-chat",op="compose"} 1`,
		`careerbot_llm_tokens_total{kind="completion",model="test-chat"} 20`,
		`careerbot_slack_acks_total{kind="event"} 1`,
		`careerbot_db_pool_total_conns`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	postMention(t, addr, "Ev0SECOND", "1700000002.000100", "U0BOB", "What does a prompt engineer do?")
	slacktest.WaitFor(t, 10*time.Second, "the second answer to be written", func() bool { return calls.Load() == 2 })
	sigterm := time.Now()
	p.signal(syscall.SIGTERM)
	if code := p.wait(30 * time.Second); code != 0 {
		t.Fatalf("exit status %d after SIGTERM, want 0; stderr:\n%s", code, p.stderr.String())
	}
	if n := countAnswers(sl, writtenAnswerStart); n != 2 {
		t.Fatalf("%d written answers reached Slack, want 2 (the one in flight at SIGTERM included)", n)
	}
	var last time.Time
	for _, u := range sl.Calls("chat.update") {
		if strings.Contains(u.Param("blocks"), writtenAnswerStart) {
			last = u.At
		}
	}
	t.Logf("answer in flight delivered %v after SIGTERM", last.Sub(sigterm).Round(time.Millisecond))
	if !last.After(sigterm) {
		t.Errorf("the second answer was delivered before SIGTERM: the test did not catch it in flight")
	}
	if code, _ := get("http://" + addr + "/healthz"); code != 0 {
		t.Errorf("still listening after exit")
	}
}

const writtenAnswerStart = "A prompt engineer writes, tests and refines"

// countAnswers counts the final answers containing text.
func countAnswers(sl *slacktest.Server, text string) int {
	n := 0
	for _, u := range sl.Calls("chat.update") {
		if !strings.HasPrefix(u.Param("text"), "⏳") && strings.Contains(u.Param("blocks"), text) {
			n++
		}
	}
	return n
}

// `careerbot probe` checks /healthz and /readyz of the serve on
// CAREERBOT_HTTP_ADDR, as the container health check does.
func TestProbe(t *testing.T) {
	c := newCLI(t)
	sl := slacktest.New(t)
	addr := proctest.FreeAddr(t)
	c.env["CAREERBOT_HTTP_ADDR"] = addr
	if code, _, errs := c.run("", "probe"); code != 1 || !strings.Contains(errs, "is careerbot serve running") {
		t.Fatalf("probe with nothing listening: exit %d, %q", code, errs)
	}
	env := copyEnv(c.env, "SLACK_BOT_TOKEN", "xoxb-1234-5678-abcdef", "SLACK_SIGNING_SECRET", testSigningSecret, "SLACK_API_URL", sl.APIURL)
	stop := serve(t, env)
	slacktest.WaitFor(t, 20*time.Second, "/healthz", func() bool { code, _ := get("http://" + addr + "/healthz"); return code == 200 })
	if code, out, errs := c.run("", "probe"); code != 0 || out != "/healthz: ok\n" {
		t.Errorf("probe: exit %d, %q %q", code, out, errs)
	}
	// The knowledge base is empty: not ready.
	if code, _, errs := c.run("", "probe", "--ready"); code != 1 || !strings.Contains(errs, "503") || !strings.Contains(errs, "kb import") {
		t.Errorf("probe --ready on an empty knowledge base: exit %d, %q", code, errs)
	}
	c.mustRun("kb", "import")
	if code, out, errs := c.run("", "probe", "--ready"); code != 0 || out != "/readyz: ready\n" {
		t.Errorf("probe --ready: exit %d, %q %q", code, out, errs)
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d", code)
	}
	if got := localAddr(":8080"); got != "127.0.0.1:8080" {
		t.Errorf("localAddr(:8080) = %s", got)
	}
}

// With CAREERBOT_OPS_ADDR, `careerbot probe` checks the endpoints there, and
// CAREERBOT_HTTP_ADDR no longer serves them.
func TestProbeFollowsOpsAddr(t *testing.T) {
	c := newCLI(t)
	sl := slacktest.New(t)
	addr, ops := proctest.FreeAddr(t), proctest.FreeAddr(t)
	c.env["CAREERBOT_HTTP_ADDR"], c.env["CAREERBOT_OPS_ADDR"] = addr, ops
	c.mustRun("kb", "import")
	env := copyEnv(c.env, "SLACK_BOT_TOKEN", "xoxb-1234-5678-abcdef", "SLACK_SIGNING_SECRET", testSigningSecret, "SLACK_API_URL", sl.APIURL)
	stop := serve(t, env)
	slacktest.WaitFor(t, 20*time.Second, "/healthz on the ops address", func() bool { code, _ := get("http://" + ops + "/healthz"); return code == 200 })
	if code, out, errs := c.run("", "probe", "--ready"); code != 0 || out != "/readyz: ready\n" {
		t.Errorf("probe --ready: exit %d, %q %q", code, out, errs)
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if code, _ := get("http://" + addr + path); code != http.StatusNotFound {
			t.Errorf("%s on CAREERBOT_HTTP_ADDR: %d, want 404", path, code)
		}
	}
	if code, body := get("http://" + ops + "/metrics"); code != 200 || !strings.Contains(body, "careerbot_") {
		t.Errorf("/metrics on CAREERBOT_OPS_ADDR: %d", code)
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d", code)
	}
}
