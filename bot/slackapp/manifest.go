package slackapp

import (
	_ "embed"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Manifest is careerbot's Slack app manifest, embedded so that `careerbot
// doctor` checks a bot token against the scopes it asks for. Admins create
// the app from deploy/slack/manifest.yaml, a copy kept identical by a test.
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
