package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// runEnv runs careerbot with the environment env, which needs no database.
func runEnv(env map[string]string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

// `careerbot manifest` prints a manifest for either mode, with the
// commands named as CAREERBOT_COMMAND_PREFIX says, and refuses bad options
// with a message saying what to do.
func TestManifestCommand(t *testing.T) {
	type parsed struct {
		Features struct {
			SlashCommands []struct{ Command, URL string } `yaml:"slash_commands"`
		} `yaml:"features"`
		Settings struct {
			Events struct {
				RequestURL string `yaml:"request_url"`
			} `yaml:"event_subscriptions"`
			SocketMode bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	read := func(t *testing.T, out string) parsed {
		t.Helper()
		var p parsed
		if err := yaml.Unmarshal([]byte(out), &p); err != nil {
			t.Fatalf("not a YAML manifest: %v\n%s", err, out)
		}
		return p
	}
	code, out, errs := runEnv(nil, "manifest")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if p := read(t, out); !p.Settings.SocketMode || p.Settings.Events.RequestURL != "" || p.Features.SlashCommands[0].Command != "/career" {
		t.Errorf("default manifest: %+v", p)
	}

	code, out, errs = runEnv(map[string]string{"CAREERBOT_COMMAND_PREFIX": "cb-"}, "manifest", "--mode", "http", "--url", "https://careerbot.example.com")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	p := read(t, out)
	if p.Settings.SocketMode || p.Settings.Events.RequestURL != "https://careerbot.example.com/slack/events" {
		t.Errorf("HTTP mode manifest: %+v", p)
	}
	var cmds []string
	for _, c := range p.Features.SlashCommands {
		cmds = append(cmds, c.Command)
		if c.URL != "https://careerbot.example.com/slack/commands" {
			t.Errorf("%s: url %q", c.Command, c.URL)
		}
	}
	if strings.Join(cmds, " ") != "/cb-career /cb-role /cb-skill /cb-training /cb-career-admin" {
		t.Errorf("commands %v", cmds)
	}

	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"manifest", "--mode", "http"}, "add --url https://"},
		{nil, []string{"manifest", "--mode", "websocket"}, `--mode "websocket": use socket or http`},
		{nil, []string{"manifest", "--url", "https://careerbot.example.com"}, "add --mode http, or drop --url"},
		{map[string]string{"CAREERBOT_COMMAND_PREFIX": "Acme/"}, []string{"manifest"}, "CAREERBOT_COMMAND_PREFIX is wrong"},
	} {
		code, out, errs := runEnv(c.env, c.args...)
		if code != 2 || out != "" || !strings.Contains(errs, c.want) {
			t.Errorf("careerbot %v: exit %d, stdout %q, stderr %q; want exit 2 saying %q", c.args, code, out, errs, c.want)
		}
	}
}
