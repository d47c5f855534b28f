package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// notFound turns a missing entry or revision into a message that says what
// to do; other errors pass through.
func notFound(cmd string, err error) error {
	if postgres.IsNotFound(err) {
		return &exitError{code: 1, msg: fmt.Sprintf("careerbot kb %s: %v: see 'careerbot kb list' for the slugs", cmd, err)}
	}
	return err
}

func (e *env) kbArchiveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "archive SLUG",
		Short: "Take an entry out of answers (a new revision; restore brings it back)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withApp(cmd, openOptions{Migrate: true}, func(app *App) error {
				s, err := app.Catalog.Archive(cmd.Context(), args[0], "cli")
				if err != nil {
					return notFound("archive", err)
				}
				fmt.Fprintf(e.stdout, "archived %s (revision %d)\n", args[0], s.Revision)
				return nil
			})
		},
	}
}

func (e *env) kbTeachCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "teach SLUG QUESTION",
		Short: "Teach careerbot that an entry answers a question (a new revision; the question leaves the gap report)",
		Long: `teach adds QUESTION to the questions the entry SLUG answers, as a new
revision by "cli": from then on that question, and questions worded like
it, find the entry. Use it on the questions of 'careerbot kb gaps'.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 || strings.TrimSpace(args[1]) == "" {
				return &exitError{code: 2, msg: "careerbot kb teach: give the entry's slug and the question in quotes: careerbot kb teach prompt-engineer \"c'est quoi un prompteur ?\""}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			question := strings.Join(strings.Fields(args[1]), " ")
			if n := utf8.RuneCountInString(question); n > knowledge.MaxQuestion {
				return &exitError{code: 2, msg: fmt.Sprintf("careerbot kb teach: the question has %d characters; keep it under %d", n, knowledge.MaxQuestion)}
			}
			return e.withApp(cmd, openOptions{Migrate: true}, func(app *App) error {
				s, err := app.Catalog.Teach(cmd.Context(), args[0], question, "cli")
				if err != nil {
					return notFound("teach", err)
				}
				fmt.Fprintf(e.stdout, "taught %s to answer %q (revision %d)\n", args[0], question, s.Revision)
				return nil
			})
		},
	}
}

func (e *env) kbRestoreCmd() *cobra.Command {
	var revision int
	cmd := &cobra.Command{
		Use:   "restore SLUG [--revision N]",
		Short: "Publish an archived entry again, or bring back the content of revision N",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if revision < 0 {
				return &exitError{code: 2, msg: "careerbot kb restore: --revision must be a revision number from 'careerbot kb history'"}
			}
			return e.withApp(cmd, openOptions{Migrate: true}, func(app *App) error {
				s, err := app.Catalog.Restore(cmd.Context(), args[0], revision, "cli")
				if err != nil {
					return notFound("restore", err)
				}
				fmt.Fprintf(e.stdout, "restored %s (revision %d)\n", args[0], s.Revision)
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&revision, "revision", 0, "the revision whose content to bring back (default: the current one)")
	return cmd
}

func (e *env) kbHistoryCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history [--json] SLUG",
		Short: "List the revisions of an entry and what each changed",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withApp(cmd, openOptions{}, func(app *App) error {
				revs, err := app.Store.History(cmd.Context(), args[0])
				if err != nil {
					return notFound("history", err)
				}
				if asJSON {
					return writeJSON(e.stdout, revs)
				}
				tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "REV\tWHEN\tACTION\tAUTHOR\tCHANGED")
				// What a revision changed is against the revision applied
				// before it: a conflict revision (an edit of a stale revision,
				// kept but not applied) is not.
				var prev *knowledge.Entry
				for _, r := range revs {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.Number, r.At.UTC().Format("2006-01-02 15:04"), r.Action, r.Author,
						strings.Join(knowledge.Changed(prev, r.Entry), ", "))
					if r.Action != "conflict" {
						prev = r.Entry
					}
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (e *env) kbGapsCmd() *cobra.Command {
	var asJSON bool
	var days, limit int
	cmd := &cobra.Command{
		Use:   "gaps [--days N] [--json]",
		Short: "List the questions the knowledge base could not answer, most asked first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if days < 1 || limit < 1 {
				return &exitError{code: 2, msg: "careerbot kb gaps: --days and --limit must be positive"}
			}
			return e.withApp(cmd, openOptions{}, func(app *App) error {
				gaps, err := app.Store.Gaps(cmd.Context(), time.Now().AddDate(0, 0, -days), limit)
				if err != nil {
					return err
				}
				if asJSON {
					if gaps == nil {
						gaps = []knowledge.Gap{}
					}
					return writeJSON(e.stdout, gaps)
				}
				if len(gaps) == 0 {
					fmt.Fprintf(e.stdout, "no unanswered question in the last %d days\n", days)
					return nil
				}
				tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ASKED\tLAST\tLANG\tQUESTION")
				for _, g := range gaps {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", g.Count, g.LastAsked.UTC().Format("2006-01-02"), g.Lang, g.Text)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().IntVar(&days, "days", 7, "how many days back")
	cmd.Flags().IntVar(&limit, "limit", 20, "how many questions at most")
	return cmd
}
