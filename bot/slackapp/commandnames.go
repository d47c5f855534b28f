package slackapp

import (
	"fmt"
	"regexp"
	"strings"
)

// The base names of careerbot's slash commands; each is registered as
// "/" + Config.CommandPrefix + base.
const (
	cmdCareer   = "career"
	cmdRole     = "role"
	cmdSkill    = "skill"
	cmdTraining = "training"
	cmdAdmin    = "career-admin"
)

// maxCommandLen is Slack's longest slash command, its slash included.
const maxCommandLen = 32

// MaxCommandPrefix is the longest command prefix: with it, the longest
// command (/PREFIXcareer-admin) still fits Slack's limit.
const MaxCommandPrefix = maxCommandLen - 1 - len(cmdAdmin)

var commandPrefixPattern = regexp.MustCompile(`^[a-z0-9_-]*$`)

// ValidateCommandPrefix checks a command prefix: lowercase letters,
// digits, - and _, short enough for Slack.
func ValidateCommandPrefix(p string) error {
	switch {
	case !commandPrefixPattern.MatchString(p):
		return fmt.Errorf("command prefix %q: use lowercase letters, digits, - and _ only (Slack command names are lowercase, without spaces or slashes), such as cb-", p)
	case len(p) > MaxCommandPrefix:
		return fmt.Errorf("command prefix %q is %d characters long: at most %d, so that /%s%s fits Slack's %d-character limit", p, len(p), MaxCommandPrefix, p, cmdAdmin, maxCommandLen)
	}
	return nil
}

// commandNames are the names of the commands as registered in Slack.
type commandNames struct{ prefix string }

// slash returns the command of a base name, such as /career.
func (n commandNames) slash(base string) string { return "/" + n.prefix + base }

// base returns the base name of a command Slack sent, such as "career"
// for /career, or "" when the command is not one of careerbot's.
func (n commandNames) base(command string) string {
	name, ok := strings.CutPrefix(strings.ToLower(strings.TrimPrefix(command, "/")), n.prefix)
	if !ok {
		return ""
	}
	switch name {
	case cmdCareer, cmdRole, cmdSkill, cmdTraining, cmdAdmin:
		return name
	}
	return ""
}

// commandMention matches a default command name in a text: at its start,
// or after a space, a parenthesis, a backtick or a star.
var commandMention = regexp.MustCompile("(^|[\\s(`*])/(career-admin|career|role|skill|training)\\b")

// rename writes the default command names in text as registered.
func (n commandNames) rename(text string) string {
	if n.prefix == "" {
		return text
	}
	return commandMention.ReplaceAllStringFunc(text, func(m string) string {
		sub := commandMention.FindStringSubmatch(m)
		return sub[1] + n.slash(sub[2])
	})
}
