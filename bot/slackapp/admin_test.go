package slackapp

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/kbtest"
	"github.com/careerbot/careerbot/internal/slacktest"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// The admins of the tests: two listed users and the members of a group.
const (
	adminA      = "U0ADMINA"
	adminB      = "U0ADMINB"
	groupHR     = "S0HR"
	groupMember = "U0HRMEMBER"
	mallory     = "U0MALLORY"
)

// fakeClock is an injectable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newAdminEnv is a server with the administration on: adminA and adminB
// listed, and the members of groupHR.
func newAdminEnv(t *testing.T, mode string, opts ...option) *env {
	t.Helper()
	kb := kbtest.New(t, nil)
	sl := slacktest.New(t)
	sl.SetGroup(groupHR, groupMember)
	all := append([]option{func(c *Config) {
		c.Curation = postgres.Curation{Store: kb.Store, Catalog: kb.Catalog}
		c.Admins = []string{adminA, adminB}
		c.AdminGroup = groupHR
	}}, opts...)
	return newEnvOn(t, mode, sl, kb, kb.Assistant, all...)
}

// audits returns the audit log rows of an actor: "action slug allowed".
func (e *env) audits(user string) []string {
	e.t.Helper()
	rows, err := e.kb.DB.Pool.Query(context.Background(), `SELECT action, entry_slug, allowed FROM audit_log WHERE actor = $1 ORDER BY id`, "slack:"+user)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var action, slug string
		var allowed bool
		if err := rows.Scan(&action, &slug, &allowed); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s %v", action, slug, allowed))
	}
	return out
}

func hasAudit(rows []string, want string) bool {
	for _, r := range rows {
		if r == want {
			return true
		}
	}
	return false
}

// clickAs is a click on an admin button from the App Home (no channel, no
// response_url) or, with viewID, from a modal.
func clickAs(user, actionID, value, viewID string) slack.InteractionCallback {
	cb := slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, TriggerID: "trigger-" + actionID}
	cb.User.ID = user
	if viewID != "" {
		cb.View = slack.View{ID: viewID, Type: slack.VTModal, CallbackID: callbackResult, PrivateMetadata: `{"lang":"en"}`}
		cb.Container = slack.Container{Type: "view", ViewID: viewID}
	} else {
		cb.View = slack.View{ID: "VHOME", Type: slack.VTHomeTab}
		cb.Container = slack.Container{Type: "view", ViewID: "VHOME"}
	}
	cb.ActionCallback.BlockActions = []*slack.BlockAction{{ActionID: actionID, BlockID: "b", Value: value, Type: "button"}}
	return cb
}

// view is a modal or home view as careerbot sent it.
type view struct {
	ID              string           `json:"id"`
	CallbackID      string           `json:"callback_id"`
	PrivateMetadata string           `json:"private_metadata"`
	Blocks          []map[string]any `json:"blocks"`
	raw             string
}

func decodeView(t *testing.T, c slacktest.Call) view {
	t.Helper()
	var v view
	raw := c.Param("view")
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("decode view of %s: %v", c.Method, err)
	}
	v.ID, v.raw = c.Param("view_id"), unescapeJSON(raw)
	return v
}

// unescapeJSON undoes encoding/json's escapes of <, > and &, for
// assertions on raw JSON.
func unescapeJSON(s string) string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(s)
}

// lastView returns the last view sent with one of the methods.
func lastView(t *testing.T, sl *slacktest.Server, methods ...string) view {
	t.Helper()
	calls := sl.Calls(methods...)
	if len(calls) == 0 {
		t.Fatalf("no %v call", methods)
	}
	return decodeView(t, calls[len(calls)-1])
}

// state is what Slack submits for a view: the inputs' initial values,
// as if the admin had changed nothing.
func (v view) state() *slack.ViewState {
	st := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
	for _, b := range v.Blocks {
		if b["type"] != "input" {
			continue
		}
		id, _ := b["block_id"].(string)
		el, _ := b["element"].(map[string]any)
		a := slack.BlockAction{Type: slack.ActionType(fmt.Sprint(el["type"]))}
		if s, ok := el["initial_value"].(string); ok {
			a.Value = s
		}
		if o, ok := el["initial_option"].(map[string]any); ok {
			a.SelectedOption = slack.OptionBlockObject{Value: fmt.Sprint(o["value"])}
		}
		if os, ok := el["initial_options"].([]any); ok {
			for _, o := range os {
				a.SelectedOptions = append(a.SelectedOptions, slack.OptionBlockObject{Value: fmt.Sprint(o.(map[string]any)["value"])})
			}
		}
		st.Values[id] = map[string]slack.BlockAction{fmt.Sprint(el["action_id"]): a}
	}
	return st
}

func setText(st *slack.ViewState, block, value string) {
	a := st.Values[block][block]
	a.Value = value
	st.Values[block] = map[string]slack.BlockAction{block: a}
}

func setSelect(st *slack.ViewState, block, value string) {
	a := st.Values[block][block]
	a.SelectedOption = slack.OptionBlockObject{Value: value}
	st.Values[block] = map[string]slack.BlockAction{block: a}
}

func setMulti(st *slack.ViewState, block string, values ...string) {
	a := st.Values[block][block]
	a.SelectedOptions = nil
	for _, v := range values {
		a.SelectedOptions = append(a.SelectedOptions, slack.OptionBlockObject{Value: v})
	}
	st.Values[block] = map[string]slack.BlockAction{block: a}
}

// submit submits a view as user and returns careerbot's response.
func (e *env) submit(user string, v view, st *slack.ViewState) slack.ViewSubmissionResponse {
	e.t.Helper()
	cb := slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission}
	cb.User.ID = user
	id := v.ID
	if id == "" {
		id = "VMODAL" + user
	}
	cb.View = slack.View{ID: id, Type: slack.VTModal, CallbackID: v.CallbackID, PrivateMetadata: v.PrivateMetadata, State: st}
	body := e.interact(cb)
	var resp slack.ViewSubmissionResponse
	if len(body) > 0 && string(body) != "null" {
		if err := json.Unmarshal(body, &resp); err != nil {
			e.t.Fatalf("view submission response %s: %v", body, err)
		}
	}
	return resp
}

// cites reports whether the assistant's answer to question cites slug.
func cites(t *testing.T, kb *kbtest.Env, question, slug string) bool {
	t.Helper()
	ans, err := kb.Assistant.Answer(context.Background(), bot.Question{Text: question, Surface: "cli"})
	if err != nil {
		t.Fatalf("ask %q: %v", question, err)
	}
	for _, c := range ans.Citations {
		if c.Slug == slug {
			return true
		}
	}
	return false
}

func (e *env) entry(slug string) *knowledge.Entry {
	e.t.Helper()
	en, err := e.kb.Store.Get(context.Background(), slug)
	if err != nil {
		e.t.Fatal(err)
	}
	return en
}

// A non-admin can neither open nor submit admin views, even with forged
// payloads; each refusal says who the admins are and lands in the audit
// log. Members of the admin group are admins.
func TestNonAdminRefused(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newAdminEnv(t, mode)
			before := e.entry("prompt-engineer")

			// Forged clicks on admin buttons.
			for _, c := range []struct{ action, value string }{
				{actionAdminNew, ""}, {actionAdminEdit, "prompt-engineer"}, {actionAdminHistory, "prompt-engineer"},
				{actionAdminArchive, "prompt-engineer"}, {actionAdminRestore, "prompt-engineer:1"},
			} {
				e.interact(clickAs(mallory, c.action, c.value, ""))
			}
			e.settle()
			if n := len(e.slack.Calls("views.open", "views.push", "views.update")); n != 0 {
				t.Fatalf("%d views opened for a non-admin", n)
			}
			dms := e.slack.Calls("chat.postMessage")
			if len(dms) != 5 {
				t.Fatalf("%d refusals sent, want 5", len(dms))
			}
			for _, dm := range dms {
				if blocks := unescapeJSON(dm.Param("blocks")); dm.Param("channel") != mallory || !strings.Contains(blocks, "<@"+adminA+">") ||
					!strings.Contains(blocks, "<!subteam^"+groupHR+">") {
					t.Fatalf("refusal: %v", dm.Form)
				}
			}

			// A forged submission of the entry form, and of another admin view.
			st := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{
				fieldSummary: {fieldSummary: {Value: "Hijacked summary"}},
			}}
			resp := e.submit(mallory, view{CallbackID: callbackEntry, PrivateMetadata: `{"slug":"prompt-engineer","base":1,"lang":"fr"}`}, st)
			if resp.ResponseAction != slack.RAUpdate || resp.View == nil || !strings.Contains(fmt.Sprint(resp.View.Blocks.BlockSet[0].(*slack.SectionBlock).Text.Text), "Seuls les administrateurs") {
				t.Fatalf("forged submission answered %+v", resp)
			}
			resp = e.submit(mallory, view{CallbackID: callbackHistory, PrivateMetadata: `{"lang":"en"}`}, nil)
			if resp.ResponseAction != slack.RAUpdate {
				t.Fatalf("forged history submission answered %+v", resp)
			}
			// Suggestions are not served to a non-admin.
			sugg := slack.InteractionCallback{Type: slack.InteractionTypeBlockSuggestion, ActionID: fieldRequires, BlockID: fieldRequires, Value: "pyth"}
			sugg.User.ID = mallory
			if body := e.interact(sugg); strings.Contains(string(body), "python") {
				t.Fatalf("suggestions served to a non-admin: %s", body)
			}
			e.settle()

			after := e.entry("prompt-engineer")
			if after.Revision != before.Revision || after.Summary != before.Summary || after.Status != knowledge.StatusPublished {
				t.Fatalf("entry changed by a non-admin: revision %d → %d, status %s", before.Revision, after.Revision, after.Status)
			}
			got := e.audits(mallory)
			for _, want := range []string{"entry.new  false", "entry.edit prompt-engineer false", "entry.history prompt-engineer false",
				"entry.archive prompt-engineer false", "entry.restore prompt-engineer false", "entry.save prompt-engineer false",
				"view.history_view  false", "entry.search  false"} {
				if !hasAudit(got, want) {
					t.Errorf("audit log lacks %q: %v", want, got)
				}
			}

			// A member of the admin group may open the form.
			e.interact(clickAs(groupMember, actionAdminEdit, "prompt-engineer", ""))
			e.settle()
			if n := len(e.slack.Calls("views.open")); n != 1 {
				t.Fatalf("group member: %d views opened, want 1", n)
			}
			if !hasAudit(e.audits(groupMember), "entry.edit prompt-engineer true") {
				t.Errorf("allowed action not audited: %v", e.audits(groupMember))
			}
		})
	}
}

// The quantum annealing engineer is not in the built-in knowledge base.
const newRoleQuestion = "What does a quantum annealing engineer do?"

// An admin creates an entry, and the assistant cites it at once; an edit
// is a new revision; archived, it is no longer cited; restored, it is
// cited again.
func TestAdminCreateEditArchiveRestore(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) { testAdminCreateEditArchiveRestore(t, mode) })
	}
}

func testAdminCreateEditArchiveRestore(t *testing.T, mode string) {
	e := newAdminEnv(t, mode)
	const slug = "quantum-annealing-engineer"
	if cites(t, e.kb, newRoleQuestion, slug) {
		t.Fatal("cited before it exists")
	}
	e.interact(clickAs(adminA, actionAdminNew, "", ""))
	e.settle()
	form := lastView(t, e.slack, "views.open")
	if form.CallbackID != callbackEntry {
		t.Fatalf("opened %q, want the entry form", form.CallbackID)
	}
	st := form.state()
	setSelect(st, fieldKind, "role")
	setSelect(st, fieldLang, "en")
	setText(st, fieldTitle, "Quantum annealing engineer")
	setText(st, fieldAliases, "annealing engineer, D-Wave engineer")
	setText(st, fieldSummary, "A quantum annealing engineer programs quantum annealers to solve optimisation problems such as delivery routes and factory schedules.")
	setText(st, fieldBody+"_0", "## The job\nTurns optimisation problems into energy landscapes that quantum annealers explore.")
	setMulti(st, fieldRequires, "python")
	setText(st, fieldSources, "Quantum careers | Example Press | 2024 | quantum-careers.txt")
	start := time.Now()
	resp := e.submit(adminA, form, st)
	if resp.ResponseAction != slack.RAUpdate || len(resp.Errors) > 0 {
		t.Fatalf("submission answered %+v", resp)
	}
	acked := time.Since(start)
	e.settle()
	saved := lastView(t, e.slack, "views.update")
	t.Logf("form acknowledged in %v; entry saved, chunked, embedded and shown as saved %v after the submission", acked, time.Since(start))
	if !strings.Contains(saved.raw, "revision 1") || !strings.Contains(saved.raw, "answers from it now") {
		t.Fatalf("result: %s", saved.raw)
	}
	created := e.entry(slug)
	if created.Status != knowledge.StatusPublished || created.UpdatedBy != "slack:"+adminA || len(created.Relations.Requires) != 1 {
		t.Fatalf("created: %+v", created)
	}
	if !cites(t, e.kb, newRoleQuestion, slug) {
		t.Fatal("the new entry is not cited right after publishing")
	}

	// Edit: a new revision.
	e.interact(clickAs(adminA, actionAdminEdit, slug, ""))
	e.settle()
	form = lastView(t, e.slack, "views.open")
	if form.PrivateMetadata != `{"slug":"quantum-annealing-engineer","base":1,"lang":"en"}` {
		t.Fatalf("edit form metadata %s", form.PrivateMetadata)
	}
	st = form.state()
	setText(st, fieldSummary, "A quantum annealing engineer programs quantum annealers to solve optimisation problems such as delivery routes, factory schedules and portfolios.")
	if resp := e.submit(adminA, form, st); len(resp.Errors) > 0 {
		t.Fatalf("edit refused: %v", resp.Errors)
	}
	e.settle()
	revs, err := e.kb.Store.History(context.Background(), slug)
	if err != nil || len(revs) != 2 || revs[1].Action != "update" || strings.Join(knowledge.Changed(revs[0].Entry, revs[1].Entry), ",") != "summary" {
		t.Fatalf("history after the edit: %+v (%v)", revs, err)
	}

	// Archive from the edit form: no longer cited.
	e.interact(clickAs(adminA, actionAdminArchive, slug, "VFORM"))
	e.settle()
	if got := e.entry(slug); got.Status != knowledge.StatusArchived || got.Revision != 3 {
		t.Fatalf("after archive: %s revision %d", got.Status, got.Revision)
	}
	if cites(t, e.kb, newRoleQuestion, slug) {
		t.Fatal("an archived entry is still cited")
	}

	// The history lists the revisions with a restore button; restoring
	// publishes it again.
	e.interact(clickAs(adminA, actionAdminHistory, slug, "VFORM"))
	e.settle()
	hist := lastView(t, e.slack, "views.push")
	for _, want := range []string{"Revision 3", "archived", "Changed: `status`", "Revision 2", "Changed: `summary`", slug + ":2"} {
		if !strings.Contains(hist.raw, want) {
			t.Errorf("history view lacks %q: %s", want, hist.raw)
		}
	}
	e.interact(clickAs(adminA, actionAdminRestore, slug, ""))
	e.settle()
	if got := e.entry(slug); got.Status != knowledge.StatusPublished || got.Revision != 4 {
		t.Fatalf("after restore: %s revision %d", got.Status, got.Revision)
	}
	if !cites(t, e.kb, newRoleQuestion, slug) {
		t.Fatal("a restored entry is not cited")
	}
	home := lastView(t, e.slack, "views.publish")
	if !strings.Contains(home.raw, "published again (revision 4)") {
		t.Errorf("home notice after restore: %s", home.raw)
	}

	// "Restore this revision" brings back the first summary.
	e.interact(clickAs(adminA, actionAdminRestore, slug+":1", "VHIST"))
	e.settle()
	if got := e.entry(slug); got.Revision != 5 || strings.Contains(got.Summary, "portfolios") {
		t.Fatalf("after restoring revision 1: revision %d, summary %q", got.Revision, got.Summary)
	}
	audit := e.audits(adminA)
	for _, want := range []string{"entry.new  true", "entry.create " + slug + " true", "entry.update " + slug + " true",
		"entry.archive " + slug + " true", "entry.restore " + slug + " true"} {
		if !hasAudit(audit, want) {
			t.Errorf("audit log lacks %q: %v", want, audit)
		}
	}
}

// Two admins edit the same entry: the second gets a conflict, and both
// texts are in the history; the second can then apply theirs.
func TestEditConflictKeepsBothTexts(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) { testEditConflictKeepsBothTexts(t, mode) })
	}
}

func testEditConflictKeepsBothTexts(t *testing.T, mode string) {
	e := newAdminEnv(t, mode)
	const slug = "prompt-engineer"
	base := e.entry(slug).Revision
	e.interact(clickAs(adminA, actionAdminEdit, slug, ""))
	e.interact(clickAs(adminB, actionAdminEdit, slug, ""))
	e.settle()
	opened := e.slack.Calls("views.open")
	if len(opened) != 2 {
		t.Fatalf("%d forms opened", len(opened))
	}
	formA, formB := decodeView(t, opened[0]), decodeView(t, opened[1])
	textA := "Admin A's summary: a prompt engineer writes and tests the prompts of generative AI tools."
	textB := "Admin B's summary: a prompt engineer designs the instructions given to ChatGPT-like models."
	stA, stB := formA.state(), formB.state()
	setText(stA, fieldSummary, textA)
	setText(stB, fieldSummary, textB)
	e.submit(adminA, formA, stA)
	e.settle()
	resp := e.submit(adminB, formB, stB)
	if len(resp.Errors) > 0 {
		t.Fatalf("B's submission refused: %v", resp.Errors)
	}
	e.settle()
	conflict := lastView(t, e.slack, "views.update")
	for _, want := range []string{"Someone saved this entry while you were editing it", fmt.Sprintf("revision %d", base+2), "Apply my version", "<@" + adminA + ">", "changed: summary"} {
		if !strings.Contains(conflict.raw, want) {
			t.Errorf("conflict view lacks %q: %s", want, conflict.raw)
		}
	}
	if got := e.entry(slug); got.Summary != textA {
		t.Fatalf("current summary %q, want A's", got.Summary)
	}
	texts := func() map[string]string {
		revs, err := e.kb.Store.History(context.Background(), slug)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range revs {
			out[r.Entry.Summary] = fmt.Sprintf("%d %s %s", r.Number, r.Action, r.Author)
		}
		return out
	}
	h := texts()
	if h[textA] != fmt.Sprintf("%d update slack:%s", base+1, adminA) || h[textB] != fmt.Sprintf("%d conflict slack:%s", base+2, adminB) {
		t.Fatalf("history: %v", h)
	}
	// B applies their version: it becomes current, A's stays in history.
	e.interact(clickAs(adminB, actionAdminRestore, fmt.Sprintf("%s:%d", slug, base+2), conflict.ID))
	e.settle()
	if got := e.entry(slug); got.Summary != textB || got.Status != knowledge.StatusPublished {
		t.Fatalf("after applying B's version: %q", got.Summary)
	}
	if h := texts(); h[textA] == "" || !strings.Contains(h[textB], "restore") {
		t.Fatalf("history after applying: %v", h)
	}
	if !hasAudit(e.audits(adminB), "entry.conflict "+slug+" true") {
		t.Errorf("conflict not audited: %v", e.audits(adminB))
	}
}

// Problems come back inline, on their field, in the admin's language.
func TestEntryFormValidation(t *testing.T) {
	e := newAdminEnv(t, "socket")
	e.slack.SetLocale(adminA, "fr-FR")
	e.interact(clickAs(adminA, actionAdminNew, "", ""))
	e.settle()
	form := lastView(t, e.slack, "views.open")
	if !strings.Contains(form.raw, "Nouvelle entrée") {
		t.Fatalf("form not in French: %s", form.raw)
	}
	st := form.state()
	setText(st, fieldTitle, "Prompt engineer") // the slug of an existing entry
	setText(st, fieldSummary, "")
	setText(st, fieldSources, "a | b | c | d | e | f | g")
	setMulti(st, fieldRelated, "no-such-entry")
	resp := e.submit(adminA, form, st)
	if resp.ResponseAction != slack.RAErrors {
		t.Fatalf("response %+v, want errors", resp)
	}
	want := map[string]string{
		fieldSummary: "obligatoire",
		fieldSources: "La ligne 1 a 7 parties",
		fieldSlug:    "utilise déjà l'identifiant \"prompt-engineer\"",
		fieldRelated: "\"no-such-entry\" n'est pas (ou plus) une entrée",
	}
	for block, text := range want {
		if !strings.Contains(resp.Errors[block], text) {
			t.Errorf("error on %s: %q, want %q", block, resp.Errors[block], text)
		}
	}
	// Nothing was written.
	if revs, _ := e.kb.Store.History(context.Background(), "prompt-engineer"); len(revs) != 1 {
		t.Fatalf("%d revisions of prompt-engineer", len(revs))
	}
}

// Relations are searched among the entries of the right kind.
func TestRelationSuggestions(t *testing.T) {
	e := newAdminEnv(t, "http")
	sugg := slack.InteractionCallback{Type: slack.InteractionTypeBlockSuggestion, ActionID: fieldRequires, BlockID: fieldRequires, Value: "pyth"}
	sugg.User.ID = adminA
	sugg.View.PrivateMetadata = `{"lang":"en"}`
	var opts slack.OptionsResponse
	if err := json.Unmarshal(e.interact(sugg), &opts); err != nil || len(opts.Options) == 0 || opts.Options[0].Value != "python" {
		t.Fatalf("skills for %q: %+v (%v)", "pyth", opts, err)
	}
	sugg.ActionID, sugg.Value = actionAdminPick, "data scien"
	opts = slack.OptionsResponse{}
	if err := json.Unmarshal(e.interact(sugg), &opts); err != nil || len(opts.Options) == 0 || opts.Options[0].Value != "data-scientist" {
		t.Fatalf("entries for %q: %+v (%v)", "data scien", opts, err)
	}
}

func commandText(t *testing.T, sl *slacktest.Server, url string) string {
	t.Helper()
	var out []string
	for _, c := range sl.Calls("response") {
		if strings.HasSuffix(url, c.Path) {
			out = append(out, c.Strings()...)
		}
	}
	return strings.Join(out, "\n")
}

// accessoryValues returns the values of the buttons with actionID beside
// the sections of the replies posted to a response_url.
func accessoryValues(t *testing.T, sl *slacktest.Server, url, actionID string) []string {
	t.Helper()
	var out []string
	for _, c := range sl.Calls("response") {
		if !strings.HasSuffix(url, c.Path) {
			continue
		}
		var blocks []struct {
			Accessory struct {
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
			} `json:"accessory"`
		}
		if err := json.Unmarshal([]byte(c.Param("blocks")), &blocks); err != nil {
			t.Fatalf("blocks of the reply: %v", err)
		}
		for _, b := range blocks {
			if b.Accessory.ActionID == actionID {
				out = append(out, b.Accessory.Value)
			}
		}
	}
	return out
}

// /career-admin stats gives an admin the figures by kind; a non-admin
// gets a refusal naming the admins and their group.
func TestCareerAdminStats(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newAdminEnv(t, mode)
			ctx := context.Background()
			e.kb.Assistant.Answer(ctx, bot.Question{Text: "What does a prompt engineer do?", Surface: "cli"})
			roles, err := e.kb.Store.Entries(ctx, knowledge.KindRole, knowledge.StatusPublished)
			if err != nil {
				t.Fatal(err)
			}
			url := e.slack.ResponseURL()
			reply, _, _ := e.command(slack.SlashCommand{Command: "/career-admin", Text: "stats", UserID: adminA, ResponseURL: url})
			if !isThinking(reply.Text) {
				t.Errorf("immediate reply %q", reply.Text)
			}
			e.settle()
			got := commandText(t, e.slack, url)
			for _, want := range []string{fmt.Sprintf("• Roles: %d · 0 · 0", len(roles)), "• Skills: ", "• Trainings: ", "• Insights: ", "Questions: 1, answered from the knowledge base: 1 (100%)", "👍 0 · 👎 0"} {
				if !strings.Contains(got, want) {
					t.Errorf("stats lack %q:\n%s", want, got)
				}
			}

			url = e.slack.ResponseURL()
			e.command(slack.SlashCommand{Command: "/career-admin", Text: "stats", UserID: mallory, ResponseURL: url})
			e.settle()
			got = commandText(t, e.slack, url)
			for _, want := range []string{"Only careerbot's admins", "<@" + adminA + ">", "<@" + adminB + ">", "<!subteam^" + groupHR + ">"} {
				if !strings.Contains(got, want) {
					t.Errorf("refusal lacks %q:\n%s", want, got)
				}
			}
			if strings.Contains(got, "Roles:") {
				t.Errorf("figures shown to a non-admin:\n%s", got)
			}
			if !hasAudit(e.audits(mallory), "command.stats  false") || !hasAudit(e.audits(adminA), "command.stats  true") {
				t.Errorf("audit: %v / %v", e.audits(mallory), e.audits(adminA))
			}
		})
	}
}

// Without any admin configured, the refusal says how to set them.
func TestCareerAdminNoAdmins(t *testing.T) {
	e := newAdminEnv(t, "http", func(c *Config) { c.Admins, c.AdminGroup = nil, "" })
	url := e.slack.ResponseURL()
	e.command(slack.SlashCommand{Command: "/career-admin", Text: "aide", UserID: adminA, ResponseURL: url})
	e.settle()
	if got := commandText(t, e.slack, url); !strings.Contains(got, "CAREERBOT_ADMINS") || !strings.Contains(got, "aucun n'est encore désigné") {
		t.Fatalf("refusal: %s", got)
	}
}

// /career-admin gaps lists the unanswered questions with a button that
// opens the create form prefilled; help and unknown subcommands.
func TestCareerAdminGapsAndHelp(t *testing.T) {
	e := newAdminEnv(t, "http")
	ctx := context.Background()
	for range 2 {
		e.kb.Assistant.Answer(ctx, bot.Question{Text: "How do I become an astronaut?", Surface: "slack_dm"})
	}
	url := e.slack.ResponseURL()
	e.command(slack.SlashCommand{Command: "/career-admin", Text: "gaps", UserID: adminA, ResponseURL: url})
	e.settle()
	got := commandText(t, e.slack, url)
	if !strings.Contains(got, "How do I become an astronaut?” ×2") || !strings.Contains(got, "Create an entry from this") {
		t.Fatalf("gaps: %s", got)
	}
	if v := accessoryValues(t, e.slack, url, actionAdminNew); len(v) != 1 || v[0] != "How do I become an astronaut?" {
		t.Fatalf("create buttons carry %q, want the question", v)
	}
	// The button's value is the question; the form opens prefilled.
	e.interact(clickAs(adminA, actionAdminNew, "How do I become an astronaut?", ""))
	e.settle()
	form := lastView(t, e.slack, "views.open")
	if !strings.Contains(form.raw, `"initial_value":"How do I become an astronaut?"`) {
		t.Fatalf("form not prefilled: %s", form.raw)
	}

	url = e.slack.ResponseURL()
	e.command(slack.SlashCommand{Command: "/career-admin", Text: "help", UserID: adminA, ResponseURL: url})
	url2 := e.slack.ResponseURL()
	e.command(slack.SlashCommand{Command: "/career-admin", Text: "reindex", UserID: adminA, ResponseURL: url2})
	e.settle()
	if got := commandText(t, e.slack, url); !strings.Contains(got, "/career-admin export") {
		t.Errorf("help: %s", got)
	}
	if got := commandText(t, e.slack, url2); !strings.Contains(got, "no subcommand") {
		t.Errorf("unknown subcommand: %s", got)
	}
}

// /career-admin export uploads the catalog as a zip of Markdown files to
// the admin's direct messages; the files parse as a catalog.
func TestCareerAdminExport(t *testing.T) {
	e := newAdminEnv(t, "socket")
	url := e.slack.ResponseURL()
	e.command(slack.SlashCommand{Command: "/career-admin", Text: "export", UserID: adminA, ResponseURL: url})
	e.settle()
	ups := e.slack.Uploads()
	if len(ups) != 1 {
		t.Fatalf("%d uploads, want 1 (reply: %s)", len(ups), commandText(t, e.slack, url))
	}
	up := ups[0]
	if !up.Completed || up.Channel != "D0ADMINA" || !strings.HasSuffix(up.Name, ".zip") {
		t.Fatalf("upload: %+v", up)
	}
	zr, err := zip.NewReader(bytes.NewReader(up.Data), int64(len(up.Data)))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		fsys[f.Name] = &fstest.MapFile{Data: data}
	}
	cat, err := knowledge.ReadCatalog(fsys, ".")
	if err != nil {
		t.Fatalf("the export does not parse: %v", err)
	}
	all, _ := e.kb.Store.Entries(context.Background(), "", "")
	if len(cat.Entries) != len(all) || len(all) == 0 {
		t.Fatalf("%d entries exported, %d stored", len(cat.Entries), len(all))
	}
	if got := commandText(t, e.slack, url); !strings.Contains(got, fmt.Sprintf("The catalog (%d entries) is in your direct messages", len(all))) {
		t.Errorf("reply: %s", got)
	}
	if !hasAudit(e.audits(adminA), "export  true") {
		t.Errorf("export not audited: %v", e.audits(adminA))
	}
}

// The App Home shows everyone how to ask, popular roles and every role;
// admins also see the figures, latest changes, and this week's unanswered
// and low-confidence questions and 👎 with their reasons, each with a
// button to create an entry.
func TestAdminHome(t *testing.T) {
	e := newAdminEnv(t, "socket", func(c *Config) { c.LowConfidence = 1.01 })
	ctx := context.Background()
	e.kb.Assistant.Answer(ctx, bot.Question{Text: "How do I become an astronaut?", Surface: "slack_dm"})
	ans, err := e.kb.Assistant.Answer(ctx, bot.Question{Text: "What does a data scientist do?", Surface: "slack_dm"})
	if err != nil || ans.QuestionID == 0 {
		t.Fatalf("ask: %v", err)
	}
	if _, err := e.kb.Store.RecordFeedback(ctx, knowledge.Feedback{QuestionID: ans.QuestionID, UserHash: "x", Vote: -1, Reason: "Salaries are missing <!channel>"}); err != nil {
		t.Fatal(err)
	}
	open := func(user string) view {
		e.deliver("Ev0HOME"+user, &slackevents.AppHomeOpenedEvent{Type: "app_home_opened", User: user, Channel: "D0", Tab: "home"}, 0)
		e.settle()
		return lastView(t, e.slack, "views.publish")
	}
	everyone := open(mallory)
	for _, want := range []string{"/career", "Popular roles", "role:", "browse_role", "Browse the roles"} {
		if !strings.Contains(everyone.raw, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	if strings.Contains(everyone.raw, "administration") || strings.Contains(everyone.raw, actionAdminNew) {
		t.Errorf("a non-admin's home shows the administration: %s", everyone.raw)
	}
	admin := open(adminA)
	for _, want := range []string{"Knowledge base administration", "• Roles: ", "Latest changes", "Unanswered this week",
		"How do I become an astronaut?", "Answered with low confidence", "What does a data scientist do?", "Salaries are missing &lt;!channel&gt;",
		"Create an entry from this", `"action_id":"admin_new"`, `"action_id":"admin_pick"`} {
		if !strings.Contains(admin.raw, want) {
			t.Errorf("admin home lacks %q", want)
		}
	}
	// The role menu sends a role card in a direct message.
	pick := clickAs(mallory, actionBrowseRole, "", "")
	pick.ActionCallback.BlockActions[0].SelectedOption = slack.OptionBlockObject{Value: "data-scientist"}
	e.interact(pick)
	e.settle()
	posted := e.slack.Calls("chat.postMessage")
	if len(posted) == 0 || posted[len(posted)-1].Param("channel") != mallory || !strings.Contains(posted[len(posted)-1].Param("blocks"), "Data scientist") {
		t.Fatalf("role card: %+v", posted)
	}
}

// The members of the admin group are read once per cache period.
func TestAdminGroupCache(t *testing.T) {
	clock := &fakeClock{t: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}
	e := newAdminEnv(t, "http", func(c *Config) { c.Clock = clock.Now; c.AdminCacheTTL = time.Minute })
	ctx := context.Background()
	check := func(user string, want bool) {
		t.Helper()
		ok, err := e.srv.admins.contains(ctx, user)
		if err != nil || ok != want {
			t.Fatalf("%s admin: %v (%v), want %v", user, ok, err, want)
		}
	}
	lookups := func() int { return len(e.slack.Calls("usergroups.users.list")) }
	check(adminA, true) // listed: no lookup
	if n := lookups(); n != 0 {
		t.Fatalf("%d lookups for a listed admin", n)
	}
	check(groupMember, true)
	check(mallory, false)
	clock.Advance(59 * time.Second)
	check(groupMember, true)
	if n := lookups(); n != 1 {
		t.Fatalf("%d lookups within the cache period, want 1", n)
	}
	e.slack.SetGroup(groupHR, mallory) // membership changes
	check(groupMember, true)           // still cached
	clock.Advance(2 * time.Second)
	check(groupMember, false)
	check(mallory, true)
	if n := lookups(); n != 2 {
		t.Fatalf("%d lookups after the cache period, want 2", n)
	}
	// When Slack fails, the members read last are kept.
	clock.Advance(2 * time.Minute)
	e.srv.admins.group = "S0GONE"
	check(mallory, true)
}

// orderedSaves holds the first save until released, and the second until
// the first is done: two admins saving "at once", in a known order.
type orderedSaves struct {
	Curation
	mu                 sync.Mutex
	n                  int
	release, firstDone chan struct{}
}

func (o *orderedSaves) SaveEntry(ctx context.Context, e *knowledge.Entry, action, author string, base int) (int, error) {
	o.mu.Lock()
	o.n++
	n := o.n
	o.mu.Unlock()
	switch n {
	case 1:
		<-o.release
		defer close(o.firstDone)
	case 2:
		<-o.firstDone
	}
	return o.Curation.SaveEntry(ctx, e, action, author, base)
}

// viewOf returns the last view sent to replace the modal viewID.
func viewOf(t *testing.T, sl *slacktest.Server, viewID string) view {
	t.Helper()
	calls := sl.Calls("views.update")
	for i := len(calls) - 1; i >= 0; i-- {
		if calls[i].Param("view_id") == viewID {
			return decodeView(t, calls[i])
		}
	}
	t.Fatalf("no views.update of %s", viewID)
	return view{}
}

// Two admins create an entry with the same slug at once: both forms pass
// their checks, the first save creates it, the second gets a conflict and
// loses nothing: both texts are in the history.
func TestCreateSameSlugConflict(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			saves := &orderedSaves{release: make(chan struct{}), firstDone: make(chan struct{})}
			e := newAdminEnv(t, mode, func(c *Config) {
				saves.Curation = c.Curation
				c.Curation = saves
			})
			const slug = "quantum-annealing-engineer"
			fill := func(user, summary string) (view, *slack.ViewState) {
				e.interact(clickAs(user, actionAdminNew, "", ""))
				e.settle()
				form := lastView(t, e.slack, "views.open")
				st := form.state()
				setSelect(st, fieldLang, "en")
				setText(st, fieldTitle, "Quantum annealing engineer")
				setText(st, fieldSummary, summary)
				setText(st, fieldSources, "Quantum careers | Example Press | 2024 | quantum-careers.txt")
				return form, st
			}
			textA := "Admin A's summary: a quantum annealing engineer programs quantum annealers for optimisation problems."
			textB := "Admin B's summary: a quantum annealing engineer maps scheduling problems onto quantum hardware."
			formA, stA := fill(adminA, textA)
			formB, stB := fill(adminB, textB)
			formA.ID, formB.ID = "VFORMA", "VFORMB"
			for _, s := range []struct {
				user string
				form view
				st   *slack.ViewState
			}{{adminA, formA, stA}, {adminB, formB, stB}} {
				if resp := e.submit(s.user, s.form, s.st); resp.ResponseAction != slack.RAUpdate || len(resp.Errors) > 0 {
					t.Fatalf("%s's submission answered %+v, want the saving modal", s.user, resp)
				}
			}
			close(saves.release)
			e.settle()

			if got := viewOf(t, e.slack, "VFORMA"); !strings.Contains(got.raw, "is saved as revision 1") {
				t.Errorf("A's result: %s", got.raw)
			}
			conflict := viewOf(t, e.slack, "VFORMB")
			for _, want := range []string{"Someone created an entry with the slug `" + slug + "` while you were writing yours",
				"<@" + adminA + "> saved it as revision 1", "kept in the history as revision 2", "Apply my version", slug + ":2"} {
				if !strings.Contains(conflict.raw, want) {
					t.Errorf("B's conflict view lacks %q: %s", want, conflict.raw)
				}
			}
			if got := e.entry(slug); got.Summary != textA || got.UpdatedBy != "slack:"+adminA {
				t.Fatalf("current entry: %q by %s, want A's", got.Summary, got.UpdatedBy)
			}
			revs, err := e.kb.Store.History(context.Background(), slug)
			if err != nil || len(revs) != 2 {
				t.Fatalf("history: %+v (%v)", revs, err)
			}
			if r := revs[0]; r.Action != "create" || r.Author != "slack:"+adminA || r.Entry.Summary != textA {
				t.Errorf("revision 1: %s by %s, %q", r.Action, r.Author, r.Entry.Summary)
			}
			if r := revs[1]; r.Action != "conflict" || r.Author != "slack:"+adminB || r.Entry.Summary != textB {
				t.Errorf("revision 2: %s by %s, %q", r.Action, r.Author, r.Entry.Summary)
			}
			if !hasAudit(e.audits(adminB), "entry.conflict "+slug+" true") {
				t.Errorf("conflict not audited: %v", e.audits(adminB))
			}
		})
	}
}

// "Save as draft" keeps a new entry out of answers; publishing it later
// makes it answerable at once.
func TestEntrySaveAsDraftThenPublish(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			e := newAdminEnv(t, mode)
			const slug = "quantum-annealing-engineer"
			e.interact(clickAs(adminA, actionAdminNew, "", ""))
			e.settle()
			form := lastView(t, e.slack, "views.open")
			if !strings.Contains(form.raw, `"value":"draft"`) {
				t.Fatalf("the form offers no draft: %s", form.raw)
			}
			st := form.state()
			setSelect(st, fieldLang, "en")
			setText(st, fieldTitle, "Quantum annealing engineer")
			setText(st, fieldSummary, "A quantum annealing engineer programs quantum annealers to solve optimisation problems such as delivery routes and factory schedules.")
			setText(st, fieldSources, "Quantum careers | Example Press | 2024 | quantum-careers.txt")
			setSelect(st, fieldStatus, string(knowledge.StatusDraft))
			form.ID = "VDRAFT"
			if resp := e.submit(adminA, form, st); len(resp.Errors) > 0 {
				t.Fatalf("draft refused: %v", resp.Errors)
			}
			e.settle()
			if got := viewOf(t, e.slack, "VDRAFT"); !strings.Contains(got.raw, "It is a draft: careerbot does not use it until you publish it") {
				t.Errorf("result of the draft: %s", got.raw)
			}
			if got := e.entry(slug); got.Status != knowledge.StatusDraft || got.Revision != 1 {
				t.Fatalf("saved as %s revision %d, want a draft at revision 1", got.Status, got.Revision)
			}
			if cites(t, e.kb, newRoleQuestion, slug) {
				t.Fatal("a draft is cited")
			}

			// Publish it from the edit form.
			e.interact(clickAs(adminA, actionAdminEdit, slug, ""))
			e.settle()
			form = lastView(t, e.slack, "views.open")
			st = form.state()
			if st.Values[fieldStatus][fieldStatus].SelectedOption.Value != string(knowledge.StatusDraft) {
				t.Fatalf("the edit form of a draft does not start as a draft: %+v", st.Values[fieldStatus])
			}
			setSelect(st, fieldStatus, string(knowledge.StatusPublished))
			form.ID = "VPUBLISH"
			if resp := e.submit(adminA, form, st); len(resp.Errors) > 0 {
				t.Fatalf("publishing refused: %v", resp.Errors)
			}
			e.settle()
			if got := viewOf(t, e.slack, "VPUBLISH"); !strings.Contains(got.raw, "It is published: careerbot answers from it now") {
				t.Errorf("result of publishing: %s", got.raw)
			}
			revs, err := e.kb.Store.History(context.Background(), slug)
			if err != nil || len(revs) != 2 || revs[1].Action != "publish" || revs[1].Entry.Status != knowledge.StatusPublished {
				t.Fatalf("history: %+v (%v)", revs, err)
			}
			if !cites(t, e.kb, newRoleQuestion, slug) {
				t.Fatal("the published entry is not cited")
			}
			if !hasAudit(e.audits(adminA), "entry.publish "+slug+" true") {
				t.Errorf("publishing not audited: %v", e.audits(adminA))
			}
		})
	}
}
