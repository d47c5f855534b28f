package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/careerbot/careerbot/bot"
)

func (e *env) evalCmd() *cobra.Command {
	var minRatio float64
	var verbose bool
	cmd := &cobra.Command{
		Use:   "eval FILE",
		Short: "Answer every question of an evaluation file and judge the answers",
		Long: `eval answers every question of a tab-separated file (id, lang, question,
expect, and optionally class and entries; turns of a dialogue share an id
prefix, d01.1, d01.2…) and prints each question's verdict with its answer
(cut to one line when it passes, unless -v), then a report by class and
"N passed, M failed". An answer fails when it does not match expect, is in
the wrong language, answers an uncovered question ("-") as covered, cites
first another entry than the expected ones, states a number no cited entry
has, or breaks a rule of form: a main text over 90 words, a sentence said
twice, a cut sentence or quotation, a listed source it never cites, a note
about the articles. The exit
status is 1 when the pass rate is below --min or an answer states such a
number, 2 when the file or the flags are wrong.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if minRatio < 0 || minRatio > 1 {
				return &exitError{code: 2, msg: "careerbot eval: --min must be a ratio between 0 and 1, such as 0.9"}
			}
			f, err := os.Open(args[0])
			if err != nil {
				return &exitError{code: 2, msg: fmt.Sprintf("careerbot eval: %v", err)}
			}
			cases, err := bot.ReadEvalFile(args[0], f)
			f.Close()
			if err != nil {
				return &exitError{code: 2, msg: "careerbot eval: " + err.Error()}
			}
			app, err := e.open(cmd.Context(), openOptions{Migrate: true, Answers: true})
			if err != nil {
				return err
			}
			defer app.Close()
			if app.Published == 0 {
				return &exitError{code: 1, msg: "careerbot eval: the knowledge base has no published entry, so every answer would be \"not covered\": run 'careerbot kb import' first, or check that DATABASE_URL names the database you imported into"}
			}
			var rep bot.EvalReport
			app.Assistant.EvaluateAll(cmd.Context(), cases, func(r bot.EvalResult) {
				rep.Add(r)
				r.WriteVerdict(e.stdout, verbose)
			})
			rep.Write(e.stdout)
			if rep.Unsupported > 0 {
				return &exitError{code: 1, msg: fmt.Sprintf("careerbot eval: %d answers state a number that no cited entry contains", rep.Unsupported)}
			}
			if rep.Ratio() < minRatio {
				return &exitError{code: 1, msg: fmt.Sprintf("careerbot eval: pass rate %.2f is below --min %.2f", rep.Ratio(), minRatio)}
			}
			return nil
		},
	}
	cmd.Flags().Float64Var(&minRatio, "min", 0, "exit non-zero when the pass rate is below this ratio (0 to 1)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "print passing answers in full, not cut to one line")
	return cmd
}
