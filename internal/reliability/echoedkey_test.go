package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/careerbot/careerbot/internal/openaitest"
)

// TestEchoedAPIKey: an OpenAI-compatible gateway refuses the API key and
// echoes it in its error message, as some do. Mentions and a direct
// message in HTTP mode, careerbot ask --json and careerbot doctor all meet
// that error: the key appears in no output of serve (debug logs), no text
// of any row of the database (questions' notes included), nothing sent to
// Slack, no output of ask or doctor. An OPENAI_BASE_URL carrying
// credentials in its userinfo, malformed (a bad port) or well-formed but
// unreachable, is never echoed with its password either.
func TestEchoedAPIKey(t *testing.T) {
	const (
		key      = "sk-echoedKeySecretValue0123"
		password = "baseURLs3cretValue"
	)
	r := row(t, "Secrets", "a gateway that refuses the API key with a 401 echoing it, met by 2 mentions and a direct message in HTTP mode (debug logs), careerbot ask --json and careerbot doctor; "+
		"OPENAI_BASE_URL with a password in its userinfo, malformed (a bad port) and unreachable, through serve, ask --json and doctor")
	st := newStack(t)
	model := openaitest.New(t)
	model.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Reply{Status: http.StatusUnauthorized,
			Message: "Incorrect API key provided: " + key + ". You can find your API key at https://platform.openai.com/account/api-keys."}
	})
	env := map[string]string{"OPENAI_BASE_URL": model.URL, "OPENAI_API_KEY": key, "CAREERBOT_LOG_LEVEL": "debug"}
	var outputs []captured
	secrets := map[string]string{"OPENAI_API_KEY": key, "OPENAI_API_KEY without sk-": strings.TrimPrefix(key, "sk-")}
	capture := func(what, text string) { outputs = append(outputs, captured{what, text, secrets}) }

	// Slack questions: each one's answer calls the chat model, which
	// refuses the key.
	rep := st.serve("replica", "http", env)
	tr := newTracker(st.sl)
	defer tr.close()
	questions := []struct{ channel, eventID string }{{"CECHO1", "Ev0ECHO1"}, {"CECHO2", "Ev0ECHO2"}, {"DU0ECHO", "Ev0ECHO3"}}
	rep.event(questions[0].eventID, mention("U0ECHO", questions[0].channel, "1700950000.000100", "What does a prompt engineer do?"))
	rep.event(questions[1].eventID, mention("U0ECHO", questions[1].channel, "1700950000.000200", "Que fait un data scientist ?"))
	rep.event(questions[2].eventID, dm("U0ECHO", "1700950000.000300", "What does an AI engineer do?"))
	answered := 0
	for _, q := range questions {
		msg, ok := tr.wait(q.channel, 30*time.Second)
		switch {
		case !ok:
			t.Errorf("%s: no answer", q.channel)
		case isUnavailable(msg) || strings.TrimSpace(msg) == "":
			t.Errorf("%s: not an answer: %q", q.channel, msg)
		default:
			answered++
		}
	}
	time.Sleep(500 * time.Millisecond) // the last log lines and rows are written
	rep.Kill()
	capture("serve output", rep.out.String())
	for _, s := range st.sl.Strings() {
		capture("sent to Slack", s)
	}
	slackCalls := len(st.sl.Calls())
	chatCalls := len(model.ChatRequests())

	// careerbot ask --json and doctor meet the same refusal.
	cliEnv := map[string]string{"DATABASE_URL": st.kb.DB.URL, "CAREERBOT_LOG_LEVEL": "debug"}
	for k, v := range env {
		cliEnv[k] = v
	}
	code, out, errs := cli(t, cliEnv, "", "ask", "--json", "Qu'est-ce qu'un prompt engineer ?")
	capture("careerbot ask --json", out+errs)
	var ans struct {
		Composer string `json:"composer"`
		Note     string `json:"note"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil || code != 0 {
		t.Errorf("ask --json: exit %d, %v:\n%s%s", code, err, out, errs)
	}
	if !strings.Contains(ans.Note, "[secret]") {
		t.Errorf("ask --json: the note does not say the call failed, its key masked: %q", ans.Note)
	}
	_, out, errs = cli(t, cliEnv, "", "doctor")
	capture("careerbot doctor", out+errs)
	if !strings.Contains(out+errs, "[secret]") {
		t.Errorf("doctor does not report the refusal, its key masked:\n%s%s", out, errs)
	}
	cliCalls := len(model.ChatRequests()) - chatCalls
	if chatCalls < len(questions) || cliCalls < 2 {
		t.Errorf("%d chat requests from Slack questions and %d from ask and doctor: the refusal was not met", chatCalls, cliCalls)
	}

	// The database: every column of every row, as text.
	tables, rows, dump := databaseText(t, st)
	capture("database", dump)
	var notes int
	if err := st.kb.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM questions WHERE note LIKE '%[secret]%'`).Scan(&notes); err != nil {
		t.Fatal(err)
	}
	if notes < answered+1 {
		t.Errorf("%d questions' notes say the chat model refused the key, want %d", notes, answered+1)
	}

	// OPENAI_BASE_URL with credentials: malformed, and unreachable.
	baseURLs := map[string]string{
		"malformed":   "https://cbuser:" + password + "@127.0.0.1:99x/v1",
		"unreachable": "https://cbuser:" + password + "@127.0.0.1:1/v1",
	}
	secrets = map[string]string{"OPENAI_BASE_URL password": password}
	for what, base := range baseURLs {
		e := map[string]string{}
		for k, v := range cliEnv {
			e[k] = v
		}
		e["OPENAI_BASE_URL"] = base
		cmds := [][]string{{"ask", "--json", "What does a prompt engineer do?"}, {"doctor"}}
		if what == "malformed" {
			cmds = append(cmds, []string{"serve"}) // refused at start
		}
		for _, args := range cmds {
			code, out, errs := cli(t, e, "", args...)
			if what == "malformed" && args[0] != "doctor" && code == 0 {
				t.Errorf("careerbot %s with a malformed OPENAI_BASE_URL succeeded", args[0])
			}
			if strings.TrimSpace(out+errs) == "" {
				t.Errorf("careerbot %s with a %s OPENAI_BASE_URL: no output", args[0], what)
			}
			capture(fmt.Sprintf("careerbot %s with a %s OPENAI_BASE_URL", args[0], what), out+errs)
		}
	}

	leaks, lines := 0, 0
	for _, o := range outputs {
		lines += strings.Count(o.text, "\n")
		for name, s := range o.secrets {
			if i := strings.Index(o.text, s); i >= 0 {
				leaks++
				t.Errorf("%s: %s appears in: %s", o.what, name, o.text[max(0, i-200):min(len(o.text), i+len(s)+50)])
			}
		}
	}
	r.resultf("%d of %d Slack questions answered (%d chat requests refused with the key in the message, %d more from ask and doctor); %d questions' notes record the refusal, masked; "+
		"scanned: serve's output, %d Slack calls, ask --json, doctor, %d rows of %d tables, and 5 runs with OPENAI_BASE_URL credentials (%d lines in all, database rows included): %d secrets found",
		answered, len(questions), chatCalls, cliCalls, notes, slackCalls, rows, tables, lines, leaks)
	t.Log(r.Result)
	if answered != len(questions) {
		t.Errorf("%d of %d questions answered", answered, len(questions))
	}
}

// databaseText returns every row of every table of the stack's database,
// each as its text form (all columns, JSON and arrays included).
func databaseText(t *testing.T, st *stack) (tables, rows int, text string) {
	t.Helper()
	ctx := context.Background()
	q, err := st.kb.DB.Pool.Query(ctx, `SELECT table_schema, table_name FROM information_schema.tables
		WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	var names []pgx.Identifier
	for q.Next() {
		var schema, name string
		if err := q.Scan(&schema, &name); err != nil {
			t.Fatal(err)
		}
		names = append(names, pgx.Identifier{schema, name})
	}
	q.Close()
	if err := q.Err(); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, name := range names {
		q, err := st.kb.DB.Pool.Query(ctx, `SELECT t::text FROM `+name.Sanitize()+` t`)
		if err != nil {
			t.Fatal(err)
		}
		for q.Next() {
			var s string
			if err := q.Scan(&s); err != nil {
				t.Fatal(err)
			}
			b.WriteString(s)
			b.WriteByte('\n')
			rows++
		}
		q.Close()
		if err := q.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if len(names) < 5 || !strings.Contains(b.String(), "prompt") {
		t.Fatalf("the database dump holds %d tables and no question: wrong database?", len(names))
	}
	return len(names), rows, b.String()
}
