package slackapp

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/internal/slacktest"
)

// suggestion is an options lookup of the entry form's skills, as user.
func suggestion(user, query string) slack.InteractionCallback {
	cb := slack.InteractionCallback{Type: slack.InteractionTypeBlockSuggestion, ActionID: fieldRequires, BlockID: fieldRequires, Value: query}
	cb.Team.ID, cb.APIAppID = slacktest.TeamID, slacktest.AppID
	cb.User.ID = user
	cb.View.PrivateMetadata = `{"lang":"en"}`
	return cb
}

// waitCalls waits until the stand-in has received n calls of method.
func waitCalls(t *testing.T, sl *slacktest.Server, method string, n int) {
	t.Helper()
	slacktest.WaitFor(t, 10*time.Second, method+" called", func() bool { return len(sl.Calls(method)) >= n })
}

// In Socket Mode, an option lookup or a form submission waiting on a slow
// Slack does not hold back the acknowledgement of anything else; an admin
// check waiting on Slack does not hold back the checks of others; and the
// acknowledgements that carry a response (options, a form's errors) still
// carry it.
func TestSocketModeSlowLookupsDoNotDelayAcks(t *testing.T) {
	const secondMember = "U0HRTWO"
	clock := &fakeClock{t: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}
	e := newAdminEnv(t, "socket", func(c *Config) { c.Clock = clock.Now })
	e.slack.SetGroup(groupHR, groupMember, secondMember)
	const lookup = 1500 * time.Millisecond
	e.slack.Slow("usergroups.users.list", lookup)
	e.command(slack.SlashCommand{Command: "/career", Text: "help"}) // warm up

	// A lookup of options whose admin check waits on Slack.
	slow := e.slack.Send(t, slacktest.Envelope{Type: "interactive", Payload: suggestion(groupMember, "pyth")})
	waitCalls(t, e.slack, "usergroups.users.list", 1)
	reply, elapsed, _ := e.command(slack.SlashCommand{Command: "/career", Text: "help"})
	t.Logf("/career help acknowledged in %v while an option lookup waits %v on usergroups.users.list", elapsed, lookup)
	if elapsed >= 100*time.Millisecond {
		t.Errorf("ack took %v behind a slow lookup, want < 100ms", elapsed)
	}
	if _, done := e.slack.Ack(slow); done {
		t.Error("the slow lookup was acknowledged before the command; the test proves nothing")
	}
	if reply.Blocks == nil || !strings.Contains(reply.Text, "/career") {
		t.Errorf("help reply: %+v", reply)
	}
	var opts slack.OptionsResponse
	if err := json.Unmarshal(e.slack.WaitAck(t, slow).Payload, &opts); err != nil || len(opts.Options) == 0 || opts.Options[0].Value != "python" {
		t.Fatalf("options of the slow lookup: %+v (%v)", opts, err)
	}

	// The members are out of date: the next check reads them again, slowly,
	// within a form submission; others go on with the members read last.
	e.interact(clickAs(adminA, actionAdminNew, "", ""))
	e.settle()
	form := lastView(t, e.slack, "views.open")
	clock.Advance(2 * time.Minute)
	sub := slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission}
	sub.Team.ID, sub.APIAppID = slacktest.TeamID, slacktest.AppID
	sub.User.ID = groupMember
	sub.View = slack.View{ID: "VFORM", Type: slack.VTModal, CallbackID: form.CallbackID, PrivateMetadata: form.PrivateMetadata, State: form.state()}
	submitted := e.slack.Send(t, slacktest.Envelope{Type: "interactive", Payload: &sub})
	waitCalls(t, e.slack, "usergroups.users.list", 2)
	_, elapsed, _ = e.command(slack.SlashCommand{Command: "/career", Text: "help"})
	t.Logf("/career help acknowledged in %v while a form submission waits on usergroups.users.list", elapsed)
	if elapsed >= 100*time.Millisecond {
		t.Errorf("ack took %v behind a slow submission, want < 100ms", elapsed)
	}
	other := e.slack.Send(t, slacktest.Envelope{Type: "interactive", Payload: suggestion(secondMember, "pyth")})
	e.slack.WaitAck(t, other)
	if _, done := e.slack.Ack(submitted); done {
		t.Error("another admin's lookup waited for the admin check in flight")
	}
	opts = slack.OptionsResponse{}
	if err := json.Unmarshal(e.slack.WaitAck(t, other).Payload, &opts); err != nil || len(opts.Options) == 0 {
		t.Fatalf("options for the other admin: %+v (%v)", opts, err)
	}
	var resp slack.ViewSubmissionResponse
	if err := json.Unmarshal(e.slack.WaitAck(t, submitted).Payload, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.ResponseAction != slack.RAErrors || resp.Errors[fieldTitle] == "" || resp.Errors[fieldSummary] == "" {
		t.Fatalf("submission of an empty form answered %+v, want its errors", resp)
	}
	if n := len(e.slack.Calls("usergroups.users.list")); n != 2 {
		t.Errorf("%d group lookups, want 2 (one per cache period)", n)
	}
}

// /readyz says not ready while Slack refuses the Socket Mode connection
// for good, and ready again once it reconnects.
func TestSocketModeReadiness(t *testing.T) {
	e := newEnv(t, "socket")
	if code, body := e.get("/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz when connected: %d %s", code, body)
	}
	e.slack.RefuseConnections("token_revoked")
	e.slack.Drop()
	var body string
	slacktest.WaitFor(t, 15*time.Second, "/readyz to say not ready", func() bool {
		time.Sleep(50 * time.Millisecond)
		var code int
		code, body = e.get("/readyz")
		return code == http.StatusServiceUnavailable
	})
	if !strings.Contains(body, "Socket Mode connection is down") || !strings.Contains(body, "token_revoked") || !strings.Contains(body, "SLACK_APP_TOKEN") {
		t.Errorf("/readyz body %q, want it to say why", body)
	}
	if code, _ := e.get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz while disconnected: %d, want 200 (the process is alive)", code)
	}
	e.slack.RefuseConnections("")
	slacktest.WaitFor(t, 15*time.Second, "/readyz to say ready again", func() bool {
		time.Sleep(50 * time.Millisecond)
		code, _ := e.get("/readyz")
		return code == http.StatusOK
	})
	e.slack.WaitConnections(t, 1)
	e.deliver("Ev0BACK", mention("1700011000.000100", "What does a prompt engineer do?"), 0)
	e.settle()
	if got := answers(e.slack, "C0GENERAL"); len(got) != 1 {
		t.Fatalf("%d answers after reconnecting, want 1", len(got))
	}
}

// With as many responses being worked out as allowed, a form submission
// is answered at once, its text kept with a request to try again, and a
// lookup gets no option rather than waiting.
func TestSocketModeBusyAnswersAtOnce(t *testing.T) {
	e := newAdminEnv(t, "socket")
	if !e.srv.envelopeSlots.TryAcquire(maxEnvelopeWork) {
		t.Fatal("envelope slots taken before the test")
	}
	sub := slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission}
	sub.User.ID = "U0ALICE"
	sub.View = slack.View{ID: "VREASON", Type: slack.VTModal, CallbackID: callbackFeedback, PrivateMetadata: voteValue(1, "fr")}
	var resp slack.ViewSubmissionResponse
	if err := json.Unmarshal(e.interact(sub), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.ResponseAction != slack.RAErrors || !strings.Contains(resp.Errors[blockReason], "votre texte est toujours là") {
		t.Fatalf("busy submission answered %+v, want the form kept with a message in French", resp)
	}
	if body := string(e.interact(suggestion(adminA, "pyth"))); body != `{"options":[]}` {
		t.Fatalf("busy lookup answered %s, want an empty list of options", body)
	}
	var opts slack.OptionsResponse
	e.srv.envelopeSlots.Release(maxEnvelopeWork)
	opts = slack.OptionsResponse{}
	if err := json.Unmarshal(e.interact(suggestion(adminA, "pyth")), &opts); err != nil || len(opts.Options) == 0 {
		t.Fatalf("lookup once free answered %+v (%v)", opts, err)
	}
}
