package slackapp

import (
	"bytes"
	_ "embed"
	"fmt"
	"net/url"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Manifest is careerbot's Slack app manifest for Socket Mode with the
// default command names, embedded so that `careerbot doctor` checks a bot
// token against the scopes it asks for and `careerbot manifest` derives
// the others from it. Admins may create the app from
// deploy/slack/manifest.yaml, a copy kept identical by a test.
//
//go:embed manifest.yaml
var Manifest []byte

// BotScopes returns the bot token scopes the manifest asks for.
func BotScopes() ([]string, error) {
	var m struct {
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
	}
	if err := yaml.Unmarshal(Manifest, &m); err != nil {
		return nil, fmt.Errorf("read the Slack app manifest: %w", err)
	}
	if len(m.OAuth.Scopes.Bot) == 0 {
		return nil, fmt.Errorf("read the Slack app manifest: no bot scopes under oauth_config.scopes.bot")
	}
	return m.OAuth.Scopes.Bot, nil
}

// The paths careerbot serves Slack's requests on in HTTP mode.
const (
	PathEvents        = "/slack/events"
	PathCommands      = "/slack/commands"
	PathInteractivity = "/slack/interactivity"
)

// ManifestOptions says which manifest to write.
type ManifestOptions struct {
	// HTTP selects HTTP mode, where Slack sends its requests to URL (the
	// public HTTPS base URL of careerbot, such as
	// https://careerbot.example.com); otherwise Socket Mode.
	HTTP bool
	URL  string
	// CommandPrefix is put before every command name (CAREERBOT_COMMAND_PREFIX).
	CommandPrefix string
}

// BuildManifest returns the app manifest for opt, as YAML: Manifest with
// the commands renamed and, in HTTP mode, Socket Mode off and the request
// URLs of events, interactivity, option lists and slash commands set.
func BuildManifest(opt ManifestOptions) ([]byte, error) {
	if err := ValidateCommandPrefix(opt.CommandPrefix); err != nil {
		return nil, err
	}
	base := ""
	switch {
	case opt.HTTP:
		u, err := baseURL(opt.URL)
		if err != nil {
			return nil, err
		}
		base = u
	case opt.URL != "":
		return nil, fmt.Errorf("a request URL (%s) is only for HTTP mode: Socket Mode needs none; add --mode http, or drop --url", opt.URL)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(Manifest, &doc); err != nil || len(doc.Content) == 0 {
		return nil, fmt.Errorf("read the Slack app manifest: %v", err)
	}
	root := doc.Content[0]
	names := commandNames{prefix: opt.CommandPrefix}
	renameCommands(root, names)
	cmds := mapValue(mapValue(root, "features"), "slash_commands")
	if cmds == nil {
		return nil, fmt.Errorf("read the Slack app manifest: no features.slash_commands")
	}
	settings := mapValue(root, "settings")
	if base != "" {
		for _, c := range cmds.Content {
			setScalar(c, "url", base+PathCommands, "!!str")
		}
		setScalar(mapValue(settings, "event_subscriptions"), "request_url", base+PathEvents, "!!str")
		interactivity := mapValue(settings, "interactivity")
		setScalar(interactivity, "request_url", base+PathInteractivity, "!!str")
		setScalar(interactivity, "message_menu_options_url", base+PathInteractivity, "!!str")
		setScalar(settings, "socket_mode_enabled", "false", "!!bool")
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("write the Slack app manifest: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write the Slack app manifest: %w", err)
	}
	return b.Bytes(), nil
}

// baseURL checks careerbot's public base URL for HTTP mode and returns it
// without a trailing slash.
func baseURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", fmt.Errorf("HTTP mode needs careerbot's public HTTPS URL, which Slack sends its requests to: add --url https://careerbot.example.com")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		strings.ContainsAny(raw, " \t\"'") {
		return "", fmt.Errorf("--url %q is not a usable request URL: give careerbot's public base URL, with https and no query, such as https://careerbot.example.com (Slack only calls HTTPS URLs)", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// renameCommands gives every command, and every mention of one in the
// manifest's texts, its configured name.
func renameCommands(n *yaml.Node, names commandNames) {
	if names.prefix == "" {
		return
	}
	if n.Kind == yaml.ScalarNode {
		n.Value = names.rename(n.Value)
		return
	}
	for _, c := range n.Content {
		renameCommands(c, names)
	}
}

// mapValue returns the value of key in the mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// setScalar sets key in the mapping n to value, adding it when missing.
func setScalar(n *yaml.Node, key, value, tag string) {
	if n == nil {
		return
	}
	if v := mapValue(n, key); v != nil {
		v.Kind, v.Tag, v.Value, v.Style, v.Content = yaml.ScalarNode, tag, value, 0, nil
		return
	}
	n.Content = append(n.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value})
}
