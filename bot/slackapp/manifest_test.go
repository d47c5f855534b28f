package slackapp

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// slackMethods maps each method of the slack-go client careerbot may call
// to the Web API method it calls and the bot scope that method needs (""
// for none), as Slack's method reference gives them. A method the code
// starts calling must be added here, with its scope.
var slackMethods = map[string]struct{ api, scope string }{
	"AuthTestContext":            {"auth.test", ""},
	"PostMessageContext":         {"chat.postMessage", "chat:write"},
	"UpdateMessageContext":       {"chat.update", "chat:write"},
	"PostEphemeralContext":       {"chat.postEphemeral", "chat:write"},
	"OpenViewContext":            {"views.open", ""},
	"UpdateViewContext":          {"views.update", ""},
	"PushViewContext":            {"views.push", ""},
	"PublishViewContext":         {"views.publish", ""},
	"GetUserGroupMembersContext": {"usergroups.users.list", "usergroups:read"},
	"GetUserInfoContext":         {"users.info", "users:read"},
	"OpenConversationContext":    {"conversations.open", "im:write"},
	"UploadFileContext":          {"files.getUploadURLExternal", "files:write"},
	"AddReactionContext":         {"reactions.add", "reactions:write"},
	"RemoveReactionContext":      {"reactions.remove", "reactions:write"},
	// assistant.threads.setStatus takes chat:write (or assistant:write).
	"SetAssistantThreadsStatusContext":           {"assistant.threads.setStatus", "chat:write"},
	"SetAssistantThreadsSuggestedPromptsContext": {"assistant.threads.setSuggestedPrompts", "assistant:write"},
	"SetAssistantThreadsTitleContext":            {"assistant.threads.setTitle", "assistant:write"},
	"StartStreamContext":                         {"chat.startStream", "chat:write"},
	"AppendStreamContext":                        {"chat.appendStream", "chat:write"},
	"StopStreamContext":                          {"chat.stopStream", "chat:write"},
}

// eventScopes are the bot scopes the events careerbot subscribes to need.
var eventScopes = map[string]string{
	"app_mention":      "app_mentions:read",
	"message.im":       "im:history",
	"message.channels": "channels:history",
	"message.groups":   "groups:history",
	"message.mpim":     "mpim:history",
	"app_home_opened":  "",
	"app_uninstalled":  "",
	"tokens_revoked":   "",
	// The assistant view's events.
	"assistant_thread_started":         "assistant:write",
	"assistant_thread_context_changed": "assistant:write",
}

// calledMethods returns the methods of the slack-go client (the field
// api) that the package's code calls, with where.
func calledMethods(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if recv, ok := sel.X.(*ast.SelectorExpr); ok && recv.Sel.Name == "api" {
				out[sel.Sel.Name] = fset.Position(call.Pos()).String()
			}
			return true
		})
	}
	return out
}

type manifest struct {
	Features struct {
		AppHome struct {
			HomeTab     bool `yaml:"home_tab_enabled"`
			MessagesTab bool `yaml:"messages_tab_enabled"`
		} `yaml:"app_home"`
		SlashCommands []struct {
			Command string `yaml:"command"`
			URL     string `yaml:"url"`
		} `yaml:"slash_commands"`
		AssistantView struct {
			Description string `yaml:"assistant_description"`
		} `yaml:"assistant_view"`
	} `yaml:"features"`
	OAuth struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		Events struct {
			Bot        []string `yaml:"bot_events"`
			RequestURL string   `yaml:"request_url"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			Enabled    bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url"`
			OptionsURL string `yaml:"message_menu_options_url"`
		} `yaml:"interactivity"`
		SocketMode bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

func readManifest(t *testing.T) manifest {
	t.Helper()
	return parseManifest(t, Manifest)
}

func parseManifest(t *testing.T, b []byte) manifest {
	t.Helper()
	var m manifest
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	return m
}

// The app manifest asks for what the server uses: the bot scopes are
// exactly those of the Slack methods the code calls and of the events it
// subscribes to, and the events, slash commands, interactivity, the App
// Home tab and Socket Mode are on.
func TestManifest(t *testing.T) {
	m := readManifest(t)
	needed := map[string]string{} // scope → why
	for method, where := range calledMethods(t) {
		info, ok := slackMethods[method]
		if !ok {
			t.Errorf("%s: the code calls %s, which slackMethods does not map to a Web API method and scope", where, method)
			continue
		}
		if info.scope != "" {
			needed[info.scope] = info.api
		}
	}
	for _, e := range m.Settings.Events.Bot {
		scope, ok := eventScopes[e]
		if !ok {
			t.Errorf("the manifest subscribes to %s, which eventScopes does not know", e)
			continue
		}
		if scope != "" {
			needed[scope] = "event " + e
		}
	}
	if len(m.Features.SlashCommands) > 0 {
		needed["commands"] = "slash commands"
	}
	for scope, why := range needed {
		if !slices.Contains(m.OAuth.Scopes.Bot, scope) {
			t.Errorf("scope %s missing from the manifest: %s needs it", scope, why)
		}
	}
	for _, scope := range m.OAuth.Scopes.Bot {
		if _, ok := needed[scope]; !ok {
			t.Errorf("the manifest asks for %s, which nothing careerbot calls or subscribes to needs", scope)
		}
	}
	for _, e := range []string{"app_mention", "message.im", "app_home_opened", "message.channels", "message.groups",
		"assistant_thread_started", "assistant_thread_context_changed"} {
		if !slices.Contains(m.Settings.Events.Bot, e) {
			t.Errorf("event %s missing", e)
		}
	}
	var cmds []string
	for _, c := range m.Features.SlashCommands {
		cmds = append(cmds, c.Command)
	}
	for _, c := range []string{"/career", "/role", "/skill", "/training", "/career-admin"} {
		if !slices.Contains(cmds, c) {
			t.Errorf("command %s missing", c)
		}
	}
	if m.Features.AssistantView.Description == "" {
		t.Error("the assistant view is missing (features.assistant_view.assistant_description)")
	}
	if !m.Settings.Interactivity.Enabled || !m.Settings.SocketMode || !m.Features.AppHome.HomeTab || !m.Features.AppHome.MessagesTab {
		t.Errorf("interactivity %v, socket mode %v, home tab %v, messages tab %v: all must be on",
			m.Settings.Interactivity.Enabled, m.Settings.SocketMode, m.Features.AppHome.HomeTab, m.Features.AppHome.MessagesTab)
	}
}

// docs/slack-setup.md names the manifest's bot scopes, and no other.
func TestSetupGuideScopes(t *testing.T) {
	m := readManifest(t)
	b, err := os.ReadFile("../../docs/slack-setup.md")
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, s := range regexp.MustCompile("`([a-z_]+:[a-z_.]+)`").FindAllStringSubmatch(string(b), -1) {
		named[s[1]] = true
	}
	for _, scope := range m.OAuth.Scopes.Bot {
		if !strings.Contains(string(b), "`"+scope+"`") {
			t.Errorf("docs/slack-setup.md does not name the scope %s", scope)
		}
		delete(named, scope)
	}
	delete(named, "connections:write") // the app-level token's
	var extra []string
	for s := range named {
		extra = append(extra, s)
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("docs/slack-setup.md names scopes the manifest does not ask for: %v", extra)
	}
}

// Admins create the app from deploy/slack/manifest.yaml: it must be the
// manifest the binary embeds, byte for byte.
func TestManifestCopyForAdmins(t *testing.T) {
	b, err := os.ReadFile("../../deploy/slack/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, Manifest) {
		t.Fatal("deploy/slack/manifest.yaml differs from bot/slackapp/manifest.yaml: change both the same way (cp bot/slackapp/manifest.yaml deploy/slack/manifest.yaml)")
	}
}

func TestBotScopes(t *testing.T) {
	scopes, err := BotScopes()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"app_mentions:read", "chat:write", "commands", "im:history"} {
		if !slices.Contains(scopes, s) {
			t.Errorf("scope %s missing from %v", s, scopes)
		}
	}
}
