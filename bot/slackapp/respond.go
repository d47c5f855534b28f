package slackapp

import (
	"context"

	"github.com/slack-go/slack"
)

// ephemeral is an immediate reply to a slash command, seen by its author
// only.
func (s *Server) ephemeral(text string) *slack.WebhookMessage {
	return ephemeralBlocks(s.render.Notice(text))
}

// ephemeralBlocks is a reply of blocks, with their notification text, seen
// by its recipient only.
func ephemeralBlocks(blocks []slack.Block, text string) *slack.WebhookMessage {
	return &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: text, Blocks: &slack.Blocks{BlockSet: blocks}}
}

// ephemeralTrusted is a reply seen by its recipient only, of mrkdwn
// written by careerbot itself.
func (s *Server) ephemeralTrusted(text string) *slack.WebhookMessage {
	return ephemeralBlocks(trusted(text))
}

// replacing makes reply take the place of the "thinking" reply.
func replacing(reply *slack.WebhookMessage) *slack.WebhookMessage {
	reply.ReplaceOriginal = true
	return reply
}

// respond posts reply to a response_url, or as an ephemeral message
// when there is none or it fails.
func (s *Server) respond(ctx context.Context, responseURL, channel, user string, reply *slack.WebhookMessage) {
	ctx, cancel := detached(ctx)
	defer cancel()
	if responseURL != "" {
		err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, s.hooks, reply)
		if err == nil {
			return
		}
		s.log.Warn("slack: post to response_url", "err", err)
	}
	opts := []slack.MsgOption{slack.MsgOptionText(reply.Text, false), slack.MsgOptionDisableLinkUnfurl()}
	if reply.Blocks != nil {
		opts = append(opts, slack.MsgOptionBlocks(reply.Blocks.BlockSet...))
	}
	var err error
	switch {
	case channel != "" && reply.ResponseType == slack.ResponseTypeInChannel:
		_, _, err = s.api.PostMessageContext(ctx, channel, opts...)
	case channel != "":
		_, err = s.api.PostEphemeralContext(ctx, channel, user, opts...)
	default: // a direct message from the app
		_, _, err = s.api.PostMessageContext(ctx, user, opts...)
	}
	if err != nil {
		s.log.Error("slack: reply", "channel", channel, "err", err)
	}
}
