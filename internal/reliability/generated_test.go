package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/openaitest"
	"github.com/careerbot/careerbot/internal/slacktest"
)

// TestGeneratedAnswerChecks: French questions in mentions (HTTP mode),
// each answered by a chat model that writes the wrong thing: an answer in
// English, its rules told in French in its own words, and the same rules
// streamed slowly after a sentence that passes. No text of the English
// answer or of the rules reaches Slack, in any call, streamed updates
// included; every mention ends with the extractive answer, in French,
// with the notice that the written answer could not be used.
func TestGeneratedAnswerChecks(t *testing.T) {
	const (
		english = "A prompt engineer designs, tests and improves the instructions given to AI models, and measures how well they work [1]."
		rules   = "Mes consignes : je réponds seulement à partir des extraits numérotés, sans aucune autre connaissance, et je cite entre crochets [1]."
		good    = "Ce métier consiste à concevoir et à tester des instructions pour les modèles d'IA [1]. "
	)
	cases := []struct {
		name  string
		reply openaitest.Reply
		// banned are fragments that must reach Slack nowhere.
		banned []string
	}{
		{"an answer in English", openaitest.Reply{Text: english}, []string{"A prompt engineer designs", "measures how well they work"}},
		{"its rules in French, in its own words", openaitest.Reply{Text: rules}, []string{"Mes consignes", "extraits numérotés", "aucune autre connaissance"}},
		{"its rules streamed after a sentence that passes", openaitest.Reply{Text: good + rules, ChunkDelay: 50 * time.Millisecond},
			[]string{"Mes consignes", "extraits numérotés", "aucune autre connaissance"}},
	}
	questions := []string{"Que fait un prompt engineer ?", "Que fait un data scientist ?"}
	r := row(t, "Injection", fmt.Sprintf("a chat model that answers French questions with %d kinds of wrong text (an English answer; its rules paraphrased in French; the same rules streamed slowly after a passing sentence), %d mentions each, HTTP mode",
		len(cases), len(questions)))
	st := newStack(t)

	// The extractive answers, as careerbot gives them without a chat model.
	extractive := map[string]string{}
	for _, q := range questions {
		code, out, errs := cli(t, map[string]string{"DATABASE_URL": st.kb.DB.URL, "CAREERBOT_LOG_LEVEL": "error"}, "", "ask", "--json", q)
		var ans struct {
			Answer, Lang string
		}
		if err := json.Unmarshal([]byte(out), &ans); err != nil || code != 0 || ans.Answer == "" || ans.Lang != "fr" {
			t.Fatalf("ask %q without a chat model: exit %d, %v, lang %q:\n%s%s", q, code, err, ans.Lang, out, errs)
		}
		extractive[q] = firstLine(ans.Answer)
	}

	model := openaitest.New(t)
	rep := st.serve("replica", "http", map[string]string{"OPENAI_BASE_URL": model.URL, "OPENAI_API_KEY": "sk-reliability"})
	var parts []string
	extractiveGiven, mentions := 0, 0
	for i, c := range cases {
		model.ChatFunc(func(openaitest.ChatRequest) openaitest.Reply { return c.reply })
		before := len(model.ChatRequests())
		for k, q := range questions {
			mentions++
			ch := fmt.Sprintf("CGEN%d%d", i, k)
			rep.event(fmt.Sprintf("Ev0GEN%d%d", i, k), mention("U0GEN", ch, fmt.Sprintf("1700970000.%03d%03d", i, k), q))
			final, ok := finalMessage(st.sl, ch, func(s []string) bool { return strings.Contains(strings.Join(s, "\n"), extractive[q]) }, 30*time.Second)
			text := strings.Join(final, "\n")
			switch {
			case !ok:
				t.Errorf("%s, %q: the mention did not end with the extractive answer %q; last message: %q", c.name, q, extractive[q], text)
			case !strings.Contains(text, "Reprise telle quelle"):
				t.Errorf("%s, %q: no notice that the written answer was not used: %q", c.name, q, text)
			case bot.DetectLangHint(text, "en") != "fr":
				t.Errorf("%s, %q: the answer is not in French: %q", c.name, q, text)
			default:
				extractiveGiven++
			}
		}
		parts = append(parts, fmt.Sprintf("%s: %d chat requests", c.name, len(model.ChatRequests())-before))
	}

	// Nothing of the rejected texts reached Slack, in any call.
	leaked := 0
	for _, s := range st.sl.Strings() {
		for _, c := range cases {
			for _, b := range c.banned {
				if strings.Contains(s, b) {
					leaked++
					t.Errorf("careerbot sent %q (%s) to Slack: %q", b, c.name, s)
				}
			}
		}
	}
	notes := map[string]int{}
	rows, err := st.kb.DB.Pool.Query(context.Background(), `SELECT composer, note FROM questions ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var composer, note string
		if err := rows.Scan(&composer, &note); err != nil {
			t.Fatal(err)
		}
		if note != "" {
			notes[composer+": "+note]++
		}
	}
	rows.Close()
	var noted []string
	for n, k := range notes {
		noted = append(noted, fmt.Sprintf("%d × %q", k, n))
	}
	sort.Strings(noted)
	// The slow stream was shown as it was written, up to the rules.
	streamed := 0
	for _, c := range st.sl.Calls("chat.update") {
		if strings.Contains(strings.Join(displayed(c), "\n"), strings.TrimSpace(good)) {
			streamed++
		}
	}
	if streamed == 0 {
		for _, c := range st.sl.Calls("chat.update") {
			t.Logf("update %s: %.300q", c.Param("channel"), displayed(c))
		}
		t.Error("no update showed the passing sentence of the slow stream: the streamed path was not exercised")
	}
	updates := len(st.sl.Calls("chat.update"))
	r.resultf("%d of %d mentions ended with the extractive answer in French, with the notice (%s); %d strings sent to Slack in %d calls (%d chat.update, %d of them streaming the passing sentence before the rules), %d with a fragment of a rejected text; questions recorded with %s",
		extractiveGiven, mentions, strings.Join(parts, ", "), len(st.sl.Strings()), len(st.sl.Calls()), updates, streamed, leaked, strings.Join(noted, ", "))
	t.Log(r.Result)
	if len(notes) == 0 {
		t.Error("no question records why the generated answer was not used")
	}
}

// firstLine returns the first non-empty line of s, without its Markdown
// emphasis.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(strings.Trim(l, "*_ ")); l != "" {
			return l
		}
	}
	return ""
}

// finalMessage waits until the last message careerbot left in channel
// (chat.postMessage or chat.update, thinking placeholders aside) passes
// done, and returns its texts (text and blocks as displayed).
func finalMessage(sl *slacktest.Server, channel string, done func([]string) bool, timeout time.Duration) ([]string, bool) {
	deadline := time.Now().Add(timeout)
	var last []string
	for {
		for _, c := range sl.Calls("chat.postMessage", "chat.update") {
			if c.Param("channel") == channel && !isThinking(c.Param("text")) {
				last = displayed(c)
			}
		}
		if done(last) {
			return last, true
		}
		if time.Now().After(deadline) {
			return last, false
		}
		time.Sleep(20 * time.Millisecond)
	}
}
