package slack

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The app manifest asks for what the server uses: scopes, events, slash
// commands, interactivity, the App Home tab and Socket Mode.
func TestManifest(t *testing.T) {
	b, err := os.ReadFile("../../deploy/slack/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				HomeTab     bool `yaml:"home_tab_enabled"`
				MessagesTab bool `yaml:"messages_tab_enabled"`
			} `yaml:"app_home"`
			SlashCommands []struct {
				Command string `yaml:"command"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				Bot []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
			SocketMode bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	for _, s := range []string{"app_mentions:read", "chat:write", "commands", "im:history", "im:read", "im:write", "reactions:write", "users:read", "usergroups:read", "channels:history", "files:write"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("scope %s missing", s)
		}
	}
	for _, e := range []string{"app_mention", "message.im", "app_home_opened", "message.channels"} {
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
	if !m.Settings.Interactivity.Enabled || !m.Settings.SocketMode || !m.Features.AppHome.HomeTab || !m.Features.AppHome.MessagesTab {
		t.Errorf("interactivity %v, socket mode %v, home tab %v, messages tab %v: all must be on",
			m.Settings.Interactivity.Enabled, m.Settings.SocketMode, m.Features.AppHome.HomeTab, m.Features.AppHome.MessagesTab)
	}
}
