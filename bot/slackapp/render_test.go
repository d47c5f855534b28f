package slackapp

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/knowledge"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<!channel>", "&lt;!channel&gt;"},
		{"<!here> <!everyone>", "&lt;!here&gt; &lt;!everyone&gt;"},
		{"<@U123|bob>", "&lt;@U123|bob&gt;"},
		{"<!subteam^S1|@admins>", "&lt;!subteam^S1|@admins&gt;"},
		{"R&D &lt;", "R&amp;D &amp;lt;"},
		{"plain *bold*", "plain *bold*"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLinksOnlyForAllowedDomains(t *testing.T) {
	r := Renderer{LinkDomains: []string{"coursera.org", ".example.com"}}
	tests := []struct{ in, want string }{
		{"see https://www.coursera.org/learn/ai.", "see <https://www.coursera.org/learn/ai>."},
		{"https://coursera.org/a?b=1&c=2", "<https://coursera.org/a?b=1&amp;c=2>"},
		{"https://docs.example.com/x", "<https://docs.example.com/x>"},
		{"https://evil.test/phish", "`https://evil.test/phish`"},
		{"https://coursera.org.evil.test/", "`https://coursera.org.evil.test/`"},
		{"https://user@coursera.org/", "`https://user@coursera.org/`"},
		{"<https://evil.test|https://coursera.org>", "&lt;`https://evil.test`|<https://coursera.org>&gt;"},
		{"(http://evil.test)", "(`http://evil.test`)"},
	}
	for _, tt := range tests {
		if got := r.Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := (Renderer{}).Text("https://coursera.org"); got != "`https://coursera.org`" {
		t.Errorf("with no allowed domain: %q", got)
	}
}

// leaves decodes rendered blocks to every string they carry.
func leaves(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var decoded any
	if err := json.Unmarshal(b, &decoded); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(x any) {
		switch y := x.(type) {
		case string:
			out = append(out, y)
		case map[string]any:
			for _, e := range y {
				walk(e)
			}
		case []any:
			for _, e := range y {
				walk(e)
			}
		}
	}
	walk(decoded)
	return out
}

func hostileAnswer(textRunes int) bot.Answer {
	var b strings.Builder
	// Every source is cited, so that all of them are listed.
	for i := 1; i <= 30; i++ {
		b.WriteString("[" + strconv.Itoa(i) + "]")
	}
	for i := 0; b.Len() < textRunes; i++ {
		switch i % 4 {
		case 0:
			b.WriteString("<!channel> R&D <@U0CEO> ")
		case 1:
			b.WriteString(strings.Repeat("x", 3500)) // no place to break
		case 2:
			b.WriteString("\n")
		default:
			b.WriteString("https://evil.test/" + strings.Repeat("a", 50) + " words words words ")
		}
	}
	ans := bot.Answer{Lang: "en", Grounded: true, Answer: b.String(), QuestionID: 42}
	for i := 1; i <= 30; i++ {
		ans.Citations = append(ans.Citations, bot.Citation{N: i, Slug: "s", Title: "<!here> title", Kind: knowledge.KindRole,
			Sources: []knowledge.Source{{Title: "<!everyone>", Publisher: "<!subteam^S1>", Date: "2023"}}})
	}
	ans.Entry = &knowledge.Entry{Slug: "prompt-engineer", Kind: knowledge.KindRole, Title: "Prompt engineer"}
	for i := 0; i < 40; i++ {
		ans.Related = append(ans.Related, &knowledge.Entry{Slug: "s", Kind: knowledge.KindSkill, Title: "<!channel> " + strings.Repeat("long ", 30)})
	}
	ans.Suggestions = []bot.Suggestion{{Slug: "x", Title: "<@U0CEO>", Kind: knowledge.KindRole}}
	return ans
}

// Answers respect Block Kit's limits, whatever their size.
func TestAnswerBlockLimits(t *testing.T) {
	for _, size := range []int{10, 2999, 3001, 20000, 400000} {
		blocks, fallback := Renderer{}.Answer(hostileAnswer(size), Options{Ephemeral: true, Share: true})
		if len(blocks) > maxBlocks {
			t.Fatalf("size %d: %d blocks", size, len(blocks))
		}
		if utf8.RuneCountInString(fallback) > 300 {
			t.Errorf("size %d: fallback of %d characters", size, utf8.RuneCountInString(fallback))
		}
		var sections, sources int
		for _, b := range blocks {
			switch x := b.(type) {
			case *slack.SectionBlock:
				sections++
				n := utf8.RuneCountInString(x.Text.Text)
				if n > maxSectionChars || n == 0 {
					t.Fatalf("size %d: section of %d characters", size, n)
				}
				if !x.Text.Verbatim {
					t.Errorf("section not verbatim: Slack would turn bare URLs into links")
				}
				// Never cut inside an entity.
				for i := strings.Index(x.Text.Text, "&"); i >= 0; {
					rest := x.Text.Text[i:]
					if !strings.HasPrefix(rest, "&amp;") && !strings.HasPrefix(rest, "&lt;") && !strings.HasPrefix(rest, "&gt;") {
						t.Fatalf("size %d: broken entity at %q", size, rest[:min(len(rest), 10)])
					}
					j := strings.Index(rest[1:], "&")
					if j < 0 {
						break
					}
					i += j + 1
				}
			case *slack.ActionBlock:
				if len(x.Elements.ElementSet) > maxActions {
					t.Errorf("actions block with %d elements", len(x.Elements.ElementSet))
				}
				for _, el := range x.Elements.ElementSet {
					if btn, ok := el.(*slack.ButtonBlockElement); ok {
						if n := utf8.RuneCountInString(btn.Text.Text); n > maxButtonText {
							t.Errorf("button text of %d characters", n)
						}
						if len(btn.Value) > maxButtonValue {
							t.Errorf("button value of %d bytes", len(btn.Value))
						}
					}
				}
			case *slack.ContextBlock:
				sources++
				if n := len(x.ContextElements.Elements); n > maxContextElems {
					t.Errorf("context block with %d elements", n)
				}
			}
		}
		if sections == 0 || sources != 1 {
			t.Errorf("size %d: %d sections, %d source blocks", size, sections, sources)
		}
		for _, s := range append(leaves(t, blocks), fallback) {
			for _, f := range forbidden {
				if strings.Contains(s, f) {
					t.Fatalf("size %d: rendered %q in %q", size, f, s[:min(len(s), 200)])
				}
			}
		}
	}
}

// Sources are numbered as the text cites them; a source with a web
// address has its title linked to it, with its publisher and date.
func TestSourcesNumbered(t *testing.T) {
	ans := bot.Answer{Lang: "en", Answer: "A [1], B [2] and C [3].", Citations: []bot.Citation{
		{N: 1, Title: "Prompt engineer", Sources: []knowledge.Source{{Publisher: "Le Monde", Date: "2023-05-01"}}},
		{N: 2, Title: "Data scientist"},
		{N: 3, Title: "AI engineer", Sources: []knowledge.Source{
			{Title: "Les métiers <de> l'IA | 2023", Publisher: "Presse française", Date: "2023", URL: "https://www.example.com/metiers-ia?a=1&b=2"},
			{Publisher: "Le Monde", Article: "https://www.lemonde.fr/ia"}}},
	}}
	blocks, _ := Renderer{}.Answer(ans, Options{})
	ctx, ok := blocks[len(blocks)-1].(*slack.ContextBlock)
	if !ok {
		t.Fatalf("last block %T, want the sources", blocks[len(blocks)-1])
	}
	var got []string
	for _, el := range ctx.ContextElements.Elements {
		got = append(got, el.(*slack.TextBlockObject).Text)
	}
	want := []string{"[1] Prompt engineer — Le Monde, 2023-05-01", "[2] Data scientist",
		"[3] AI engineer — <https://www.example.com/metiers-ia?a=1&b=2|Les métiers &lt;de&gt; l'IA ¦ 2023> — Presse française, 2023; <https://www.lemonde.fr/ia|Le Monde>"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("sources %q, want %q", got, want)
	}
}

// The share button carries the answer shown, with the citations it uses,
// and only for answers from the knowledge base that fit in a button.
func TestShareValue(t *testing.T) {
	cites := []bot.Citation{{N: 1, Slug: "prompt-engineer"}, {N: 2, Slug: "data-scientist"}}
	tests := []struct {
		name string
		ans  bot.Answer
		ok   bool
	}{
		{"answer", bot.Answer{Lang: "fr", Grounded: true, Answer: "Un prompt engineer | conçoit [1].", Citations: cites}, true},
		{"not found", bot.Answer{Lang: "fr", Answer: "Je ne connais pas le métier « astronaute ».", Citations: cites}, false},
		{"cites nothing", bot.Answer{Lang: "en", Grounded: true, Answer: "See the list below.", Citations: cites}, false},
		{"too long", bot.Answer{Lang: "fr", Grounded: true, Answer: strings.Repeat("é", 1500) + " [1]", Citations: cites}, false},
	}
	for _, tt := range tests {
		v, ok := shareValue(tt.ans)
		if ok != tt.ok {
			t.Errorf("%s: shared %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		lang, got, text, parsed := parseAnswerValue(v)
		if !parsed || lang != tt.ans.Lang || text != tt.ans.Answer || len(got) != 1 || got[1] != "prompt-engineer" {
			t.Errorf("%s: round trip gives %q %v %q", tt.name, lang, got, text)
		}
	}
}

// A source that HR gave a web address is a link in the answer Slack
// receives, whatever CAREERBOT_LINK_DOMAINS says.
func TestSourceLinkInSlack(t *testing.T) {
	e, err := knowledge.Parse("quantum-prompt-designer.md", []byte(`---
slug: quantum-prompt-designer
kind: role
lang: en
title: Quantum prompt designer
title_en: Quantum prompt designer
summary: A quantum prompt designer writes the instructions of the models that run on quantum computers.
sources:
  - title: "The quantum jobs"
    publisher: "Example Press"
    date: "2025"
    url: https://news.example.org/quantum-jobs
---
`))
	if err != nil {
		t.Fatal(err)
	}
	kb := kbtest.NewWith(t, nil, e)
	env := newEnvOn(t, "http", slacktest.New(t), kb, kb.Assistant)
	env.command(slack.SlashCommand{Command: "/role", Text: "quantum prompt designer", ResponseURL: env.slack.ResponseURL(), UserID: "U0ALICE"})
	env.settle()
	resp := env.slack.Calls("response")
	got := strings.Join(resp[len(resp)-1].Strings(), "\n")
	if !strings.Contains(got, "<https://news.example.org/quantum-jobs|The quantum jobs> — Example Press, 2025") {
		t.Fatalf("the source is not a link:\n%s", got)
	}
}

// A role card offers each entry once, a few of them, with labels cut at a
// word.
func TestEntryButtonsHygiene(t *testing.T) {
	role := &knowledge.Entry{Slug: "data-scientist", Kind: knowledge.KindRole, Title: "Data scientist"}
	python := &knowledge.Entry{Slug: "python", Kind: knowledge.KindSkill, Title: "Python"}
	ans := bot.Answer{Lang: "en", Grounded: true, Answer: "A data scientist [1].", Entry: role,
		Citations: []bot.Citation{{N: 1, Slug: "data-scientist", Title: "Data scientist"}},
		Related:   []*knowledge.Entry{python, python, role}}
	for i := range 16 {
		ans.Suggestions = append(ans.Suggestions, bot.Suggestion{Slug: "insight-" + strconv.Itoa(i), Kind: knowledge.KindInsight,
			Title: "Generative AI job postings grew sharply on the freelance platforms in the first half of the year " + strconv.Itoa(i)})
	}
	ans.Suggestions = append(ans.Suggestions, bot.Suggestion{Slug: "python", Kind: knowledge.KindSkill, Title: "Python"})
	blocks, _ := Renderer{}.Answer(ans, Options{})
	raw, _ := json.Marshal(blocks)
	acts := blockActions(string(raw))
	seen := map[string]int{}
	perBlock := map[string]int{}
	for k, v := range acts {
		if strings.Contains(k, "/open_entry_") {
			seen[v]++
			perBlock[strings.Split(k, "/")[0]]++
		}
	}
	for v, n := range seen {
		if n > 1 {
			t.Errorf("%s has %d buttons", v, n)
		}
	}
	if seen["role:data-scientist"] > 0 {
		t.Error("the card offers a button to itself")
	}
	if perBlock["related"] != 1 || perBlock["suggestions"] != maxEntryButtons {
		t.Errorf("buttons per block %v, want 1 related and %d suggestions", perBlock, maxEntryButtons)
	}
	for _, b := range blocks {
		a, ok := b.(*slack.ActionBlock)
		if !ok {
			continue
		}
		for _, el := range a.Elements.ElementSet {
			label := strings.TrimPrefix(el.(*slack.ButtonBlockElement).Text.Text, "📊 ")
			kept, cut := strings.CutSuffix(label, "…")
			if title := ans.Suggestions[0].Title; cut && !strings.HasPrefix(title, kept+" ") {
				t.Errorf("label %q is not cut at the end of a word of %q", label, title)
			}
		}
	}
}
