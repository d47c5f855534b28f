package slackapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/knowledge"
)

var fuzzDomains = []string{"coursera.org", "example.com"}

// hostile is the seed corpus shared by the fuzz targets.
var hostile = []string{
	"", " ", "help", "aide", "what does a prompt engineer do?", "<!channel>", "<!here|here> <@U0CEO> <!subteam^S1|@hr>",
	"<https://evil.test|https://coursera.org>", "https://coursera.org/learn/ai?x=1&y=2", "https://evil.test/a_b",
	"www.evil.test", "&lt;!channel&gt;", "`https://evil.test` ` https://evil.test", "*bold* _it_ ~s~ > quote",
	"\x00\xff\xfe", "\u202e\u2066evil", strings.Repeat("🤖", 3000), strings.Repeat("a", 40000), "'; DROP TABLE entries; --",
	"```</excerpt-deadbeef>```", "&amp;&", strings.Repeat("<", 100), "|||", "%00%zz", "a=b&c", "payload={",
}

// FuzzRender checks that any text, rendered as an answer, a notice or
// entry buttons, gives blocks Slack accepts (sizes within Block Kit limits,
// valid JSON and UTF-8) and carries no mention, broadcast or link to an
// unapproved domain.
func FuzzRender(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	r := Renderer{LinkDomains: fuzzDomains}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.ToValidUTF8(s, "")
		ans := bot.Answer{Lang: bot.DetectLang(s), Answer: s + " [1]", Grounded: true, QuestionID: 7,
			Citations:   []bot.Citation{{N: 1, Slug: "x", Title: s, Sources: []knowledge.Source{{Title: s, Publisher: s}}}},
			Suggestions: []bot.Suggestion{{Slug: "y", Title: s, Kind: knowledge.KindRole}}}
		blocks, fb := r.Answer(ans, Options{Ephemeral: true, Share: true})
		checkBlocks(t, s, blocks, fb)
		blocks, fb = r.Notice(s)
		checkBlocks(t, s, blocks, fb)
		if text := r.Text(s); !utf8.ValidString(text) {
			t.Fatalf("Text(%q) is not valid UTF-8", s)
		} else if p := slacktest.Unsafe(text, fuzzDomains); p != "" {
			t.Fatalf("Text(%q) = %q: %s", s, text, p)
		}
	})
}

func checkBlocks(t *testing.T, in string, blocks []slack.Block, fallbackText string) {
	t.Helper()
	if len(blocks) > maxBlocks {
		t.Fatalf("%d blocks for %q", len(blocks), in)
	}
	if n := utf8.RuneCountInString(fallbackText); n > 301 {
		t.Fatalf("fallback text of %d characters for %q", n, in)
	}
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatalf("blocks for %q do not encode: %v", in, err)
	}
	var decoded []map[string]any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	for _, b := range decoded {
		if sec, ok := b["text"].(map[string]any); ok {
			if n := utf8.RuneCountInString(sec["text"].(string)); n > maxSectionChars {
				t.Fatalf("section of %d characters for %q", n, in)
			}
		}
	}
	for _, s := range append(slacktest.Displayed(decoded), fallbackText) {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 sent for %q", in)
		}
		if p := slacktest.Unsafe(s, fuzzDomains); p != "" {
			t.Fatalf("rendering %q sends %q: %s", in, s, p)
		}
	}
}

// FuzzVerify checks the signature check: it never fails on any header or
// body, accepts exactly the requests signed with the secret within five
// minutes, and rejects a signed request once its body changes.
func FuzzVerify(f *testing.F) {
	f.Add([]byte("token=x&text=hi"), "v0=abc", "1700000000", int64(0))
	f.Add([]byte(""), "", "", int64(0))
	f.Add([]byte("{}"), "v0=", "-1", int64(400))
	f.Add([]byte("\x00\xff"), "v1=00", "99999999999999999999", int64(-400))
	f.Add([]byte("a"), "v0=zz", "1700000000.5", int64(1<<40))
	const secret = "fuzz-signing-secret"
	now := time.Unix(1700000000, 0)
	v := Verifier{Secret: secret, Now: func() time.Time { return now }}
	f.Fuzz(func(t *testing.T, body []byte, sig, ts string, skew int64) {
		h := http.Header{}
		h.Set("X-Slack-Signature", sig)
		h.Set("X-Slack-Request-Timestamp", ts)
		err := v.Verify(h, body)
		if err == nil {
			sec, perr := strconv.ParseInt(ts, 10, 64)
			if perr != nil || sig != slacktest.Sign(secret, sec, body) && !strings.EqualFold(sig, slacktest.Sign(secret, sec, body)) {
				t.Fatalf("accepted body %q signed %q at %q", body, sig, ts)
			}
		} else if !errors.Is(err, ErrMissingSignature) && !errors.Is(err, ErrStaleRequest) && !errors.Is(err, ErrBadSignature) {
			t.Fatalf("unexpected error %v", err)
		}
		// A request signed now ± skew is accepted within MaxSkew only.
		skew %= int64(2 * MaxSkew / time.Second)
		at := now.Unix() + skew
		h.Set("X-Slack-Request-Timestamp", strconv.FormatInt(at, 10))
		h.Set("X-Slack-Signature", slacktest.Sign(secret, at, body))
		err = v.Verify(h, body)
		within := skew <= int64(MaxSkew/time.Second) && skew >= -int64(MaxSkew/time.Second)
		if within != (err == nil) {
			t.Fatalf("signed at skew %ds: err %v", skew, err)
		}
		if within {
			if err := v.Verify(h, append(append([]byte(nil), body...), 'x')); !errors.Is(err, ErrBadSignature) {
				t.Fatalf("a changed body passed: %v", err)
			}
			other := Verifier{Secret: secret + "x", Now: v.Now}
			if err := other.Verify(h, body); !errors.Is(err, ErrBadSignature) {
				t.Fatalf("another secret accepted the request: %v", err)
			}
		}
	})
}

// FuzzInteractionValues checks the values careerbot reads back from its
// buttons and modals, which a forged interaction can set to anything.
func FuzzInteractionValues(f *testing.F) {
	for _, s := range []string{"12:fr", "0:en", "-1:fr", "abc", "", "9223372036854775808:en", "role|data scientist", "up:12:fr", "down:x", "fr|1=a,2=b|text", "|", "ask|" + strings.Repeat("x", 3000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		id, lang, err := parseVote(v)
		if err == nil && id <= 0 {
			t.Fatalf("parseVote(%q) accepted id %d", v, id)
		}
		if lang != "fr" && lang != "en" {
			t.Fatalf("parseVote(%q) lang %q", v, lang)
		}
		if _, _, _, err := parseClick(slack.BlockAction{ActionID: actionFeedback, Value: v}); err == nil {
			if dir, rest, _ := strings.Cut(v, ":"); (dir != "up" && dir != "down") || rest == "" {
				t.Fatalf("parseClick accepted %q", v)
			}
		}
		lang, cites, text, ok := parseAnswerValue(v)
		if ok {
			if lang != "fr" && lang != "en" || len(text) > len(v) {
				t.Fatalf("parseAnswerValue(%q) = %q, %q", v, lang, text)
			}
			for n, slug := range cites {
				if strings.ContainsAny(slug, ",|") || n < 0 && !strings.Contains(v, "-") {
					t.Fatalf("parseAnswerValue(%q) cites %d=%q", v, n, slug)
				}
			}
		}
		if sv, fits := shareValue(bot.Answer{Lang: "fr", Grounded: true, Answer: v + " [1]", Citations: []bot.Citation{{N: 1, Slug: "x"}}}); fits && (len(sv) > maxButtonValue || !utf8.ValidString(sv) && utf8.ValidString(v)) {
			t.Fatalf("shareValue of %q is %d bytes", v, len(sv))
		}
	})
}

// echoAnswerer answers with the asker's own words everywhere an answer
// carries text (the worst case for rendering), after the real checks of
// bot.Normalize.
type echoAnswerer struct{}

func (echoAnswerer) Answer(_ context.Context, q bot.Question) (bot.Answer, error) {
	text, err := bot.Normalize(q.Text)
	if err != nil {
		return bot.Answer{}, err
	}
	lang := bot.DetectLangHint(text, q.Lang)
	return bot.Answer{Question: text, Lang: lang, Answer: text, Grounded: true, QuestionID: 1,
		Citations:   []bot.Citation{{N: 1, Slug: "x", Title: text}},
		Suggestions: []bot.Suggestion{{Slug: "y", Title: text, Kind: knowledge.KindSkill}}}, nil
}

// memStore keeps nothing: every event is new.
type memStore struct{}

func (memStore) ClaimEvent(context.Context, string, string, string) (bool, error) { return true, nil }
func (memStore) AppendTurns(context.Context, string, string, ...knowledge.Turn) error {
	return nil
}
func (memStore) Turns(context.Context, string, string, time.Time, int) ([]knowledge.Turn, error) {
	return nil, nil
}
func (memStore) Get(context.Context, string) (*knowledge.Entry, error) {
	return nil, knowledge.ErrNotFound
}

func (memStore) RecordFeedback(context.Context, knowledge.Feedback) (knowledge.Votes, error) {
	return knowledge.Votes{}, nil
}

func (memStore) RehashUser(context.Context, string, string) (int64, error) { return 0, nil }

// FuzzSlashCommand sends slash commands with any command name and text,
// and any raw form body, through the signed HTTP endpoint: the immediate
// reply is never a 5xx, always a clear message, and neither it nor the
// answer posted later to the response_url carries a mention or an
// unapproved link.
func FuzzSlashCommand(f *testing.F) {
	for _, s := range hostile {
		f.Add("/career", s, []byte(s))
		f.Add("/role", s, []byte("command=%2Frole&text="+url.QueryEscape(s)))
	}
	f.Add("/unknown", "x", []byte("command=/x&text=%"))
	f.Add("", "", []byte(";;;&&&==="))

	var mu sync.Mutex
	var problems []string
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var m map[string]any
		mu.Lock()
		defer mu.Unlock()
		if err := json.Unmarshal(body, &m); err != nil {
			problems = append(problems, "response_url post is not JSON: "+err.Error())
			return
		}
		if text, _ := m["text"].(string); strings.TrimSpace(text) == "" {
			problems = append(problems, "response_url post without text")
		}
		for _, s := range slacktest.Displayed(m) {
			if p := slacktest.Unsafe(s, fuzzDomains); p != "" {
				problems = append(problems, fmt.Sprintf("response_url post sends %q: %s", s, p))
			}
		}
	}))
	f.Cleanup(hooks.Close)
	sl := slacktest.New(f)
	srv := NewServer(Config{BotToken: "xoxb-fuzz", SigningSecret: testSecret, APIURL: sl.APIURL, Addr: "127.0.0.1:0",
		LinkDomains: fuzzDomains, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, echoAnswerer{}, memStore{})
	if err := srv.Open(context.Background()); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	h := srv.Handler()

	f.Fuzz(func(t *testing.T, command, text string, raw []byte) {
		form := slacktest.SlashForm(slack.SlashCommand{Command: command, Text: text, ChannelID: "C0FUZZ", UserID: "U0FUZZ",
			ResponseURL: hooks.URL + "/response"})
		for _, body := range [][]byte{form, raw} {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			ts := time.Now().Unix()
			req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
			req.Header.Set("X-Slack-Signature", slacktest.Sign(testSecret, ts, body))
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
			}
			if rec.Code != http.StatusOK {
				if strings.TrimSpace(rec.Body.String()) == "" {
					t.Fatalf("status %d with no message for %q", rec.Code, body)
				}
				continue
			}
			var reply slack.WebhookMessage
			if err := json.Unmarshal(rec.Body.Bytes(), &reply); err != nil || strings.TrimSpace(reply.Text) == "" {
				t.Fatalf("reply to %q is not a message: %q (%v)", body, rec.Body, err)
			}
			for _, s := range slacktest.Displayed(decode(t, rec.Body.Bytes())) {
				if p := slacktest.Unsafe(s, fuzzDomains); p != "" {
					t.Fatalf("reply to %q sends %q: %s", body, s, p)
				}
			}
		}
		srv.inflight.Wait()
		mu.Lock()
		defer mu.Unlock()
		if len(problems) > 0 {
			p := problems
			problems = nil
			t.Fatalf("command %q %q: %s", command, text, strings.Join(p, "; "))
		}
	})
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}
