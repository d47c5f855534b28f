package reliability

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goslack "github.com/slack-go/slack"

	"github.com/careerbot/careerbot/internal/slacktest"
)

// badInputs are tried through every surface.
var badInputs = []struct{ name, text string }{
	{"empty", ""},
	{"whitespace", " \t\n  \u00a0 "},
	{"40,000 characters", strings.Repeat("salaire ", 5000)},
	{"invalid UTF-8", "\xff\xfe\xfd what \xc3\x28 does a data scientist do?"},
	{"NUL", "what\x00 does\x00 a prompt engineer do?\x00"},
	{"right-to-left flood", strings.Repeat("\u202e\u2067", 300) + " ما هو مهندس البيانات"},
	{"emoji flood", strings.Repeat("🤖🔥", 2000)},
	{"SQL injection", "'; DROP TABLE entries; -- what does a data scientist do?"},
	{"markup injection", "*bold* <script>alert(1)</script> <https://evil.example|click> ```code``` > quote"},
	{"broadcast", "<!channel> <!here> <!everyone> <!subteam^S0HR|@hr> <@U0CEO>"},
	{"3,000-character name", strings.Repeat("data-scientist-", 200)},
}

// panicked reports a Go panic or stack trace in output.
func panicked(out string) bool {
	return strings.Contains(out, "panic:") || strings.Contains(out, "goroutine ") || strings.Contains(out, ".go:")
}

// TestBadInputCLI: bad input through `careerbot ask` and the terminal chat
// gets a clear message, never a panic, and refused questions leave no row.
func TestBadInputCLI(t *testing.T) {
	r := row(t, "Bad input", fmt.Sprintf("%d kinds of bad input (empty, whitespace, 40,000 characters, invalid UTF-8, NUL, right-to-left and emoji floods, SQL and markup injection, broadcasts, a 3,000-character name) through careerbot ask and the terminal chat (as questions and after /role); kb show with a 3,000-character slug; unknown commands and flags", len(badInputs)))
	st := newStack(t)
	env := map[string]string{"DATABASE_URL": st.kb.DB.URL, "CAREERBOT_LOG_LEVEL": "warn"}
	tried, clear := 0, 0
	check := func(what string, code int, out, errs string, wantCodes ...int) {
		t.Helper()
		tried++
		all := out + errs
		okCode := false
		for _, c := range wantCodes {
			okCode = okCode || c == code
		}
		switch {
		case panicked(all):
			t.Errorf("%s: panic or stack trace:\n%s", what, tail(all, 2000))
		case !okCode:
			t.Errorf("%s: exit %d, want %v:\n%s", what, code, wantCodes, tail(all, 1000))
		case strings.TrimSpace(all) == "" || !utf8.ValidString(all):
			t.Errorf("%s: no clear message (%q)", what, tail(all, 200))
		default:
			clear++
		}
	}
	questions := st.count("questions")
	refused := 0
	for _, in := range badInputs {
		if strings.ContainsRune(in.text, 0) {
			continue // argv cannot carry NUL: the chat below takes it on standard input
		}
		code, out, errs := cli(t, env, "", "ask", in.text)
		check("ask "+in.name, code, out, errs, 0, 2)
		if code == 2 {
			refused++
			if !strings.Contains(errs, "question") {
				t.Errorf("ask %s: the message does not say what was wrong: %q", in.name, errs)
			}
		}
	}
	if got := st.count("questions") - questions; got != len(badInputs)-1-refused {
		t.Errorf("%d questions recorded for %d answered", got, len(badInputs)-1-refused)
	}
	var stdin strings.Builder
	for _, in := range badInputs {
		stdin.WriteString(strings.ReplaceAll(in.text, "\n", " ") + "\n/role " + strings.ReplaceAll(in.text, "\n", " ") + "\n")
	}
	stdin.WriteString("/frobnicate\n/quit\n")
	code, out, errs := cli(t, env, stdin.String(), "chat")
	check("chat", code, out, errs, 0)
	// One reply per line: every prompt but the first follows a reply (an
	// empty line only brings the prompt back).
	if n := strings.Count(out, "\n> "); n < 2*len(badInputs) {
		t.Errorf("chat: %d prompts for %d lines", n, 2*len(badInputs)+2)
	}
	if !strings.Contains(out, "Unknown command /frobnicate") {
		t.Errorf("chat: no message for an unknown command")
	}
	code, out, errs = cli(t, env, "", "kb", "show", strings.Repeat("a-", 1500))
	check("kb show with a 3,000-character slug", code, out, errs, 1, 2)
	code, out, errs = cli(t, env, "", "kb", "show", "../../etc/passwd")
	check("kb show with a path", code, out, errs, 1, 2)
	code, out, errs = cli(t, env, "", "frobnicate")
	check("unknown command", code, out, errs, 1, 2)
	code, out, errs = cli(t, env, "", "ask", "--frobnicate", "x")
	check("unknown flag", code, out, errs, 2)
	r.resultf("%d runs (%d of them one chat session of %d lines); %d ended with a clear message and no panic; %d questions refused with a message saying what was wrong, none of them recorded",
		tried, 1, 2*len(badInputs)+2, clear, refused)
	t.Log(r.Result)
}

// TestBadInputSlack: bad input in mentions, direct messages, slash
// commands and interactions (buttons, modals), over HTTP and Socket Mode:
// every one gets a clear reply, never a 5xx, a ping or a half-written row;
// a mention or direct message with NUL characters gets a normal answer.
func TestBadInputSlack(t *testing.T) {
	r := row(t, "Bad input", fmt.Sprintf("the same %d inputs in Slack mentions, direct messages, /career, /role, /skill, /training and an unknown command, forged button values and modal submissions (3,000-character slugs, garbage ids), over HTTP and Socket Mode", len(badInputs)))
	st := newStack(t)
	var parts []string
	for _, mode := range []string{"http", "socket"} {
		rep := st.serve(mode+" replica", mode, nil)
		tr := newTracker(st.sl)
		sent, clear, fivexx, acked, nulAnswered, nulSent := 0, 0, 0, 0, 0, 0
		var waits []func()
		expect := func(what, channel string, nul bool) {
			sent++
			waits = append(waits, func() {
				msg, ok := tr.wait(channel, 30*time.Second)
				if !ok {
					t.Errorf("%s %s: no reply", mode, what)
					return
				}
				if strings.TrimSpace(msg) == "" {
					t.Errorf("%s %s: empty reply", mode, what)
					return
				}
				if nul {
					// A NUL is dropped like any control character: the
					// question is answered as it reads.
					if isUnavailable(msg) || !strings.Contains(strings.ToLower(msg), "prompt engineer") {
						t.Errorf("%s %s: not a normal answer: %q", mode, what, msg)
						return
					}
					nulAnswered++
				}
				clear++
			})
		}
		for i, in := range badInputs {
			ch := fmt.Sprintf("CBAD%s%02d", mode, i)
			nul := strings.ContainsRune(in.text, 0)
			if nul {
				nulSent += 2
			}
			rep.event(fmt.Sprintf("Ev0BADM%s%02d", mode, i), mention("U0BAD", ch, fmt.Sprintf("1700600000.%06d", i), in.text))
			expect("mention "+in.name, ch, nul)
			user := fmt.Sprintf("U0BAD%s%02d", mode, i)
			rep.event(fmt.Sprintf("Ev0BADD%s%02d", mode, i), dm(user, fmt.Sprintf("1700600100.%06d", i), in.text))
			expect("direct message "+in.name, "D"+user, nul)
			for _, c := range []string{"/career", "/role", "/skill", "/training", "/frobnicate"} {
				url := st.sl.ResponseURL()
				status, reply := rep.command(goslack.SlashCommand{Command: c, Text: in.text, ChannelID: "C0CMD", UserID: "U0CMD", ResponseURL: url,
					TriggerID: fmt.Sprintf("trig-%s-%s-%d", mode, c, i)})
				sent++
				if status >= 500 {
					fivexx++
				}
				if strings.TrimSpace(reply) == "" || status != http.StatusOK {
					t.Errorf("%s %s %s: status %d reply %q", mode, c, in.name, status, reply)
					continue
				}
				clear++
				if isThinking(reply) {
					waits = append(waits, func() {
						deadline := time.Now().Add(30 * time.Second)
						for len(responses(st.sl, url)) == 0 && time.Now().Before(deadline) {
							time.Sleep(20 * time.Millisecond)
						}
						if n := len(responses(st.sl, url)); n != 1 {
							t.Errorf("%s %s %s: %d answers after the thinking reply", mode, c, in.name, n)
						}
					})
				}
			}
		}
		// Forged interactions: values careerbot never set.
		forged := []goslack.InteractionCallback{
			click("open_entry_0", "role:"+strings.Repeat("x", 3000)),
			click("open_entry_1", "\x00:\xff"),
			click("share", "role|"+badInputs[9].text),
			click("share", ""),
			click("feedback_up", "abc"),
			click("feedback_down", "-1:fr"),
			click("feedback_up", "999999999:en"),
			click("feedback", "up:999999999:en"),
			click("feedback", "sideways:1:fr"),
			click("share", "fr|1=prompt-engineer,x|<!channel> forged"),
			click("frobnicate", "x"),
			{Type: goslack.InteractionTypeViewSubmission, View: goslack.View{CallbackID: "feedback_reason", PrivateMetadata: "garbage"}},
			{Type: goslack.InteractionTypeViewSubmission, View: goslack.View{CallbackID: "feedback_reason", PrivateMetadata: "999999999:en",
				State: &goslack.ViewState{Values: map[string]map[string]goslack.BlockAction{"reason": {"reason_input": {Value: strings.Repeat("🤖", 20000)}}}}}},
			{Type: goslack.InteractionTypeViewSubmission, View: goslack.View{CallbackID: "frobnicate"}},
			{Type: "frobnicate"},
		}
		for _, cb := range forged {
			cb.User.ID, cb.Channel.ID = "U0FORGE", "C0FORGE"
			status, _ := rep.interact(cb)
			if status >= 500 {
				fivexx++
				t.Errorf("%s interaction %s: status %d", mode, cb.Type, status)
			} else {
				acked++
			}
		}
		for _, w := range waits {
			w()
		}
		tr.close()
		if !rep.alive() || panicked(rep.out.String()) {
			t.Errorf("%s replica died or panicked:\n%s", mode, tail(rep.out.String(), 2000))
		}
		parts = append(parts, fmt.Sprintf("%s: %d messages and commands sent, %d got one clear reply (%d of %d mentions and direct messages with NUL a normal answer, not \"temporarily unavailable\"); %d of %d forged interactions acknowledged; %d 5xx",
			mode, sent, clear, nulAnswered, nulSent, acked, len(forged), fivexx))
		rep.Kill()
	}
	rowsOK := halfWritten(t, st)
	if p := unsafe(st.sl, "coursera.org"); p != "" {
		t.Errorf("careerbot sent %s", p)
	}
	r.resultf("%s; nothing Slack would turn into a ping or an unapproved link; %s", strings.Join(parts, "; "), rowsOK)
	t.Log(r.Result)
}

func click(actionID, value string) goslack.InteractionCallback {
	return goslack.InteractionCallback{Type: goslack.InteractionTypeBlockActions, ResponseURL: "",
		ActionCallback: goslack.ActionCallbacks{BlockActions: []*goslack.BlockAction{{ActionID: actionID, Value: value}}}}
}

// halfWritten checks the rows careerbot wrote: every conversation turn has
// its pair, every event is answered, nothing holds a NUL or invalid UTF-8.
func halfWritten(t *testing.T, st *stack) string {
	t.Helper()
	ctx := context.Background()
	var odd, unanswered, questions int
	if err := st.kb.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT channel, thread_ts FROM thread_turns GROUP BY 1, 2
		HAVING count(*) % 2 = 1 OR count(*) FILTER (WHERE role = 'user') <> count(*) FILTER (WHERE role = 'assistant')) t`).Scan(&odd); err != nil {
		t.Fatal(err)
	}
	if err := st.kb.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM slack_events WHERE answered_at IS NULL AND request IS NOT NULL`).Scan(&unanswered); err != nil {
		t.Fatal(err)
	}
	rows, err := st.kb.DB.Pool.Query(ctx, `SELECT text FROM questions UNION ALL SELECT text FROM thread_turns`)
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		questions++
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) || bytes.ContainsAny([]byte(s), "\u202e") {
			bad++
		}
	}
	rows.Close()
	if odd > 0 || unanswered > 0 || bad > 0 {
		t.Errorf("half-written rows: %d threads with an unpaired turn, %d events claimed and never answered, %d texts with NUL, bidi controls or invalid UTF-8", odd, unanswered, bad)
	}
	return fmt.Sprintf("%d stored texts checked: no unpaired conversation turn, no event left claimed, no NUL, bidi control or invalid UTF-8", questions)
}

// TestBrokenBodies: malformed requests to the HTTP endpoints get a 4xx
// with a message, never a 5xx, and the server goes on answering. A body
// over the limit gets 413; a body that arrives slower than the server's
// read timeout (15 s) gets 408.
func TestBrokenBodies(t *testing.T) {
	type req struct {
		path, ctype string
		body        []byte
		signed      bool
	}
	const trickle = 200 * time.Millisecond
	reqs := []req{
		{"/slack/events", "application/json", []byte("{"), true},
		{"/slack/events", "application/json", []byte("null"), true},
		{"/slack/events", "application/json", []byte("[]"), true},
		{"/slack/events", "application/json", []byte(`{"type":"event_callback","event":{"type":"app_mention","text":123,"user":["x"]}}`), true},
		{"/slack/events", "application/json", []byte(`{"type":"event_callback","event_id":"Ev0X","event":"nope"}`), true},
		{"/slack/events", "application/json", []byte(`{"type":"url_verification"}`), true},
		{"/slack/events", "application/json", bytes.Repeat([]byte("a"), 2<<20), true}, // over the limit: 413
		{"/slack/events", "application/json", []byte("{}"), false},
		{"/slack/commands", "application/x-www-form-urlencoded", []byte("%zz&&=&text=%"), true},
		{"/slack/commands", "application/x-www-form-urlencoded", []byte(""), true},
		{"/slack/commands", "application/json", []byte(`{"command":"/career"}`), true},
		{"/slack/commands", "application/x-www-form-urlencoded", []byte("command=/career&text=hello"), false},
		{"/slack/interactivity", "application/x-www-form-urlencoded", []byte("payload={"), true},
		{"/slack/interactivity", "application/x-www-form-urlencoded", []byte("nopayload=1"), true},
		{"/slack/interactivity", "application/x-www-form-urlencoded", []byte("payload=" + strings.Repeat("%7B", 1000)), true},
		{"/slack/interactivity", "application/x-www-form-urlencoded", []byte(`payload={"type":"block_actions","actions":"x"}`), true},
		{"/slack/interactivity", "application/x-www-form-urlencoded", []byte(""), false},
	}
	r := row(t, "Bad input", fmt.Sprintf("%d malformed requests to the HTTP endpoints: broken JSON and form bodies, wrong types, a 2 MB body, missing signatures; "+
		"a signed body sent one byte every %s, slower than the read timeout", len(reqs), ms(trickle)))
	st := newStack(t)
	rep := st.serve("replica", "http", nil)
	statuses := map[int]int{}
	var tooLarge string
	for _, q := range reqs {
		var status int
		var body string
		if q.signed {
			resp := slacktest.Post(t, rep.url+q.path, signingSecret, time.Now(), q.ctype, q.body, nil)
			status, body = resp.Status, string(resp.Body)
		} else {
			resp, err := http.Post(rep.url+q.path, q.ctype, bytes.NewReader(q.body))
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			_, _ = b.ReadFrom(resp.Body)
			resp.Body.Close()
			status, body = resp.StatusCode, b.String()
		}
		statuses[status]++
		if status >= 500 || (status >= 400 && strings.TrimSpace(body) == "") {
			t.Errorf("%s %.40q: status %d body %q", q.path, q.body, status, body)
		}
		if len(q.body) > 1<<20 {
			tooLarge = fmt.Sprintf("%d %q", status, strings.TrimSpace(body))
			if status != http.StatusRequestEntityTooLarge {
				t.Errorf("%s: a body of %d bytes got %d, want 413", q.path, len(q.body), status)
			}
		}
	}
	// A body slower than the read timeout: 408, not 413.
	slowStatus, slowBody, slowTook := slowPost(t, rep.url, "/slack/events", trickle)
	if slowStatus != http.StatusRequestTimeout || strings.TrimSpace(slowBody) == "" {
		t.Errorf("a body slower than the read timeout: status %d body %q, want 408 with a message", slowStatus, slowBody)
	}
	// Still answering.
	tr := newTracker(st.sl)
	defer tr.close()
	rep.event("Ev0AFTERBROKEN", mention("U0B", "CAFTER", "1700700000.000100", "What does a prompt engineer do?"))
	if _, ok := tr.wait("CAFTER", 30*time.Second); !ok || !rep.alive() {
		t.Errorf("careerbot stopped answering after malformed requests")
	}
	r.resultf("statuses %v (no 5xx; every 4xx says what was wrong); the 2 MB body: %s; the slow body: %d %q after %s; careerbot answered the next question",
		statuses, tooLarge, slowStatus, strings.TrimSpace(slowBody), secs(slowTook))
	t.Log(r.Result)
}

// slowPost sends a signed request to path whose body (a few kilobytes,
// well under the limit) arrives one byte every trickle, until the server
// answers; it returns the answer and how long it took.
func slowPost(t *testing.T, base, path string, trickle time.Duration) (status int, body string, took time.Duration) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	payload := bytes.Repeat([]byte(" "), 4096)
	now := time.Now().Unix()
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"+
		"X-Slack-Request-Timestamp: %d\r\nX-Slack-Signature: %s\r\n\r\n", path, u.Host, len(payload), now, slacktest.Sign(signingSecret, now, payload))
	start := time.Now()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for _, b := range payload {
			select {
			case <-stop:
				return
			case <-time.After(trickle):
			}
			if _, err := conn.Write([]byte{b}); err != nil {
				return // the server answered and closed
			}
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("slow body: no response: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), time.Since(start)
}
