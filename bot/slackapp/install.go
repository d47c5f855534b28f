package slackapp

import (
	"errors"
	"slices"
	"sync/atomic"

	"github.com/slack-go/slack/slackevents"
)

// errUninstalled and errTokensRevoked say why Slack no longer lets
// careerbot in, with what the operator does about it.
var (
	errUninstalled   = errors.New("the Slack app was uninstalled from the workspace: reinstall it, put its new tokens in SLACK_BOT_TOKEN (and SLACK_APP_TOKEN), then restart careerbot")
	errTokensRevoked = errors.New("careerbot's bot token was revoked by Slack: reinstall the app, put its new token in SLACK_BOT_TOKEN, then restart careerbot")
)

// installation is whether Slack still lets careerbot in. app_uninstalled,
// and tokens_revoked for careerbot's own bot user, end it for the rest of
// the process: the tokens it holds are no longer valid, and readiness says
// so until it restarts with new ones.
type installation struct {
	lost atomic.Pointer[error]
}

// check returns why careerbot lost its installation, or nil.
func (in *installation) check() error {
	if err := in.lost.Load(); err != nil {
		return *err
	}
	return nil
}

// onInstallEvent handles app_uninstalled and tokens_revoked; it reports
// whether ev was one of them.
func (s *Server) onInstallEvent(ev any) bool {
	var err error
	switch e := ev.(type) {
	case *slackevents.AppUninstalledEvent:
		err = errUninstalled
	case *slackevents.TokensRevokedEvent:
		// Tokens of other users (OAuth) are not careerbot's.
		if len(e.Tokens.Bot) == 0 || s.botUserID != "" && !slices.Contains(e.Tokens.Bot, s.botUserID) {
			s.log.Info("slack: tokens revoked", "oauth", len(e.Tokens.Oauth), "bot", len(e.Tokens.Bot))
			return true
		}
		err = errTokensRevoked
	default:
		return false
	}
	s.install.lost.Store(&err)
	s.log.Error("slack: careerbot can no longer reach the workspace", "err", err)
	return true
}
