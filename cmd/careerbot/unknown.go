package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// rejectUnknownCommands makes every command that only groups others (the
// root, kb) refuse an argument that names none of them, naming the closest
// one, instead of printing its help and succeeding. Without arguments they
// still print their help.
func rejectUnknownCommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		rejectUnknownCommands(sub)
	}
	if !c.HasSubCommands() || c.Runnable() {
		return
	}
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		return unknownCommand(cmd, args[0])
	}
}

// unknownCommand is the error for name, given to parent instead of one of
// its commands.
func unknownCommand(parent *cobra.Command, name string) error {
	path := strings.TrimPrefix(strings.TrimPrefix(parent.CommandPath(), parent.Root().Name()), " ")
	full := strings.TrimSpace(path + " " + name)
	msg := fmt.Sprintf("careerbot: unknown command %q", full)
	if s := closestCommand(parent, name); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", strings.TrimSpace(path+" "+s))
	}
	msg += fmt.Sprintf("\nRun '%s --help' for the commands.", parent.CommandPath())
	return &exitError{code: 2, msg: msg}
}

// closestCommand names the command of parent closest to name: cobra's
// suggestion (a prefix, a small typo, a SuggestFor), else the one at the
// smallest edit distance.
func closestCommand(parent *cobra.Command, name string) string {
	if s := parent.SuggestionsFor(name); len(s) > 0 {
		return s[0]
	}
	best, bestDist := "", -1
	for _, c := range parent.Commands() {
		if !c.IsAvailableCommand() {
			continue
		}
		if d := editDistance(strings.ToLower(name), c.Name()); bestDist < 0 || d < bestDist {
			best, bestDist = c.Name(), d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
