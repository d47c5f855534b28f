package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// askJSON is the contract of `careerbot ask --json`: the answer as bot.Answer
// encodes it, and the error, when there is one, as a code.
type askJSON struct {
	answer
	Error string `json:"error,omitempty"`
}

// answer names bot.Answer so that, embedded, its fields are askJSON's own.
type answer = bot.Answer

// toJSON returns a's contract: its citations, none rather than null, with
// each source's url the address an answer links it to (see Source.Link).
// The sources are copied, so the entries they come from stay as they are.
func toJSON(a bot.Answer) askJSON {
	cs := make([]bot.Citation, len(a.Citations))
	for i, c := range a.Citations {
		c.Sources = append([]knowledge.Source{}, c.Sources...)
		for j := range c.Sources {
			c.Sources[j].URL = c.Sources[j].Link()
		}
		cs[i] = c
	}
	a.Citations = cs
	return askJSON{answer: a}
}

func (e *env) askCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "ask [--json] QUESTION",
		Short: "Answer one question from the knowledge base",
		Example: `  careerbot ask "Qu'est-ce qu'un prompt engineer ?"
  careerbot ask --json "How do I become a data scientist?"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			question := strings.Join(args, " ")
			app, err := e.open(cmd.Context(), openOptions{Migrate: true, Record: true, Answers: true})
			if err != nil {
				return err
			}
			defer app.Close()
			ans, err := app.Assistant.Answer(cmd.Context(), bot.Question{Text: question, Surface: "cli"})
			var inputErr *bot.InputError
			switch {
			case errors.As(err, &inputErr):
				if asJSON {
					j := toJSON(bot.Answer{Question: question, Lang: inputErr.Lang, Composer: "extractive", Answer: inputErr.Msg})
					j.Error = inputErr.Reason
					if err := writeJSON(e.stdout, j); err != nil {
						return err
					}
				}
				return &exitError{code: 2, msg: inputErr.Msg}
			case errors.Is(err, bot.ErrUnavailable):
				if asJSON {
					j := toJSON(ans)
					j.Error = "unavailable"
					if err := writeJSON(e.stdout, j); err != nil {
						return err
					}
				}
				return &exitError{code: 1, msg: ans.Answer + "\n(" + err.Error() + ")"}
			case err != nil:
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, toJSON(ans))
			}
			printAnswer(e.stdout, ans, true)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the answer as JSON")
	return cmd
}

// writeJSON writes v as indented JSON, as the contracts of --json promise;
// a failed write is an error, so a truncated output never exits 0.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// printAnswer writes an answer for a terminal: the text, the rest of it
// when more is set (else a hint that /more shows it), then the sources
// the text shown cites.
func printAnswer(w io.Writer, a bot.Answer, more bool) {
	fmt.Fprintln(w, a.Answer)
	shown := a.Answer
	switch {
	case a.More != "" && more:
		fmt.Fprintln(w)
		fmt.Fprintln(w, a.More)
		shown += "\n" + a.More
	case a.More != "":
		fmt.Fprintln(w, moreHint(a.Lang))
	}
	switch {
	case a.Note != "" && more:
		fmt.Fprintf(w, "(%s)\n", a.Note)
	case a.Note != "":
		// In the chat, the reason stays in the log and the question's
		// record: what the model wrote is never shown, not even quoted.
		fmt.Fprintln(w, fallbackLine(a.Lang))
	}
	printSources(w, a.Lang, bot.CitedIn(shown, a.Citations))
}

// printSources lists cited sources under their label.
func printSources(w io.Writer, lang string, cs []bot.Citation) {
	if len(cs) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, sourcesLabel(lang))
	for _, c := range cs {
		fmt.Fprintf(w, "  [%d] %s (%s)%s\n", c.N, c.Title, c.Slug, sourceLine(c.Sources))
	}
}

func fallbackLine(lang string) string {
	if lang == "fr" {
		return "(réponse tirée de la base de connaissances : la réponse rédigée n'a pas passé les vérifications)"
	}
	return "(answer quoted from the knowledge base: the written answer did not pass its checks)"
}

func moreHint(lang string) string {
	if lang == "fr" {
		return "(/more pour la suite : compétences, formations, chiffres)"
	}
	return "(/more for the rest: skills, trainings, figures)"
}

func sourcesLabel(lang string) string {
	if lang == "fr" {
		return "Sources :"
	}
	return "Sources:"
}

func sourceLine(ss []knowledge.Source) string {
	var parts []string
	for _, s := range ss {
		p := s.Publisher
		if s.Date != "" {
			p += ", " + s.Date
		}
		if l := s.Link(); l != "" {
			p += " <" + l + ">"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	return " — " + strings.Join(parts, "; ")
}
