package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/careerbot/careerbot/bot"
)

const chatHelp = `Ask a question about AI careers, in French or English, or use a command:
  /role NAME       a role card (e.g. /role prompt engineer)
  /skill NAME      a skill (e.g. /skill python)
  /training TOPIC  a training path (e.g. /training coursera)
  /more            the rest of the last answer: skills, trainings, figures
  /help            this help
  /quit            leave`

func (e *env) chatCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "chat",
		Short: "Chat with careerbot in the terminal",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			app, err := e.open(cmd.Context(), openOptions{Migrate: true, Record: true, Answers: true})
			if err != nil {
				return err
			}
			defer app.Close()
			return chat(cmd.Context(), app.Assistant, e.stdin, e.stdout)
		},
	}
}

func noMore(lang string) string {
	if lang == "fr" {
		return "La dernière réponse n'a rien de plus."
	}
	return "The last answer has nothing more."
}

// chat runs the terminal conversation until /quit, end of input or ctx is
// done. It keeps the conversation's turns so follow-ups work. A written
// answer is shown once checked, with the line that says so when it fell
// back to the extractive one.
func chat(ctx context.Context, a *bot.Assistant, in io.Reader, out io.Writer) error {
	fmt.Fprintln(out, "careerbot — "+chatHelp)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var history []bot.Turn
	var last bot.Answer
	lang := ""
	for {
		fmt.Fprint(out, "\n> ")
		if !sc.Scan() {
			fmt.Fprintln(out)
			if err := sc.Err(); err != nil {
				return fmt.Errorf("read input: %w", err)
			}
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		q := bot.Question{Text: line, Surface: "chat", History: history, Lang: lang}
		if strings.HasPrefix(line, "/") {
			name, rest, _ := strings.Cut(line[1:], " ")
			switch strings.ToLower(name) {
			case "quit", "exit", "q":
				return nil
			case "help", "?":
				fmt.Fprintln(out, chatHelp)
				continue
			case "more", "plus", "suite":
				if last.More == "" {
					fmt.Fprintln(out, noMore(lang))
					continue
				}
				fmt.Fprintln(out, last.More)
				printSources(out, last.Lang, bot.CitedIn(last.More, last.Citations))
				continue
			case "role", "skill", "training":
				q.Command = bot.Command(strings.ToLower(name))
				q.Text = rest
				q.History = nil
			case "career", "ask":
				q.Text = rest
			default:
				fmt.Fprintf(out, "Unknown command /%s. %s\n", name, "Type /help for the commands.")
				continue
			}
		}
		// The answer is printed once it passed its checks, never before:
		// nothing unchecked reaches the screen.
		ans, err := a.Answer(ctx, q)
		var inputErr *bot.InputError
		switch {
		case errors.As(err, &inputErr):
			fmt.Fprintln(out, inputErr.Msg)
			continue
		case err != nil && ans.Answer != "":
			fmt.Fprintln(out, ans.Answer)
			continue
		case err != nil:
			return err
		}
		printAnswer(out, ans, false)
		lang, last = ans.Lang, ans
		history = append(history, bot.Turn{Role: "user", Text: q.Text}, bot.Turn{Role: "assistant", Text: ans.Answer, Slugs: ans.ThreadSlugs()})
		if len(history) > 20 {
			history = history[len(history)-20:]
		}
	}
}
