package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/careerbot/careerbot/bot/slackapp"
)

func (e *env) manifestCmd() *cobra.Command {
	var mode, url string
	cmd := &cobra.Command{
		Use:   "manifest [--mode socket|http] [--url https://…]",
		Short: "Print the Slack app manifest, for Socket Mode or HTTP mode",
		Long: `Print careerbot's Slack app manifest (YAML), ready to paste in
api.slack.com/apps → Create New App → From an app manifest, or on an existing
app's App Manifest page. The slash commands are named with
CAREERBOT_COMMAND_PREFIX, as careerbot serve answers them.

Socket Mode (the default) needs no URL. HTTP mode needs careerbot's public HTTPS
base URL: Slack sends events to URL/slack/events, slash commands to
URL/slack/commands, and interactions and option lists to URL/slack/interactivity.`,
		Example: `  careerbot manifest > manifest.yaml
  careerbot manifest --mode http --url https://careerbot.example.com`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			cfg, err := e.config()
			if err != nil {
				return err
			}
			opt := slackapp.ManifestOptions{URL: url, CommandPrefix: cfg.CommandPrefix}
			switch mode {
			case "socket":
			case "http":
				opt.HTTP = true
			default:
				return &exitError{code: 2, msg: fmt.Sprintf("careerbot manifest: --mode %q: use socket or http", mode)}
			}
			b, err := slackapp.BuildManifest(opt)
			if err != nil {
				return &exitError{code: 2, msg: "careerbot manifest: " + err.Error()}
			}
			_, err = e.stdout.Write(b)
			return err
		},
	}
	cmd.Flags().StringVar(&mode, "mode", "socket", "socket (Socket Mode) or http (Slack sends HTTPS requests to --url)")
	cmd.Flags().StringVar(&url, "url", "", "careerbot's public HTTPS base URL, in HTTP mode (such as https://careerbot.example.com)")
	return cmd
}
