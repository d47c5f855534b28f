package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/base"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

func (e *env) kbCmd() *cobra.Command {
	kb := &cobra.Command{Use: "kb", Short: "Manage the knowledge base"}
	kb.AddCommand(e.kbImportCmd(), e.kbExportCmd(), e.kbListCmd(), e.kbShowCmd(), e.kbReindexCmd(),
		e.kbArchiveCmd(), e.kbRestoreCmd(), e.kbHistoryCmd(), e.kbGapsCmd(), e.kbTeachCmd(), e.kbDraftCmd())
	return kb
}

// withApp opens the app with opt for cmd, runs run with it and closes it.
func (e *env) withApp(cmd *cobra.Command, opt openOptions, run func(app *App) error) error {
	app, err := e.open(cmd.Context(), opt)
	if err != nil {
		return err
	}
	defer app.Close()
	return run(app)
}

// readCatalog reads dir, or the built-in base when dir is empty, and turns
// catalog errors into a message that lists each problem. The relations of
// a folder's entries are checked at import, against the folder and the
// entries already stored: a folder may add entries that relate to those.
func readCatalog(dir string) (*knowledge.Catalog, error) {
	if dir == "" {
		cat, err := knowledge.ReadCatalog(base.FS, ".")
		return cat, catalogError(dir, err)
	}
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return nil, &exitError{code: 2, msg: fmt.Sprintf("careerbot kb import: %s is not a folder: give a folder of .md entries", dir)}
	}
	cat, err := knowledge.ReadCatalogFiles(os.DirFS(dir), ".")
	return cat, catalogError(dir, err)
}

// catalogError turns a list of catalog problems into the message of an
// exit status 1, each problem at its file in dir; other errors pass.
func catalogError(dir string, err error) error {
	var list knowledge.ErrorList
	if !errors.As(err, &list) {
		return err
	}
	for _, fe := range list {
		if dir != "" {
			fe.File = strings.TrimSuffix(dir, "/") + "/" + fe.File
		}
	}
	return &exitError{code: 1, msg: list.Error() + fmt.Sprintf("\n%d problem(s) found: nothing was imported. Fix them and run the import again.", len(list))}
}

func (e *env) kbImportCmd() *cobra.Command {
	var opt postgres.ImportOptions
	cmd := &cobra.Command{
		Use:   "import [DIR]",
		Short: "Import a folder of catalog files (default: the built-in knowledge base), atomically",
		Long: `import reads every .md file of DIR (default: the built-in knowledge base),
checks them all, then writes new and changed entries in one transaction.
Relations may point to entries of DIR or to entries already stored. Any
problem is reported with its file:line and nothing is imported.

The first large import of a database builds the HNSW vector index inside
the same transaction. With --index-after-commit it commits first and
builds the index right after: the entries are searchable sooner (by exact
scans until the index exists), and a failed build leaves the import in
place, its index built at careerbot's next start.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				dir = args[0]
			}
			cat, err := readCatalog(dir)
			if err != nil {
				return err
			}
			return e.withApp(cmd, openOptions{Migrate: true}, func(app *App) error {
				rep, err := app.Catalog.ImportWith(cmd.Context(), cat, "kb import", opt)
				var list knowledge.ErrorList
				if errors.As(err, &list) {
					return catalogError(dir, err)
				}
				var build *postgres.IndexBuildError
				if errors.As(err, &build) {
					return err
				}
				if err != nil {
					return fmt.Errorf("%w (nothing was imported)", err)
				}
				fmt.Fprintf(e.stdout, "imported %d entries: %d created, %d updated, %d unchanged; %d chunks written, %d embedded\n",
					len(cat.Entries), len(rep.Created), len(rep.Updated), rep.Unchanged, rep.Chunks, rep.Embedded)
				if rep.Synonyms > 0 {
					fmt.Fprintf(e.stdout, "synonyms: %d groups\n", rep.Synonyms)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&opt.IndexAfterCommit, "index-after-commit", false, "commit before building the HNSW index of a first large import")
	return cmd
}

func (e *env) kbExportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "export DIR",
		Short: "Write every entry as a catalog file in DIR",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withApp(cmd, openOptions{}, func(app *App) error {
				entries, err := app.Store.List(cmd.Context(), postgres.Filter{})
				if err != nil {
					return err
				}
				synonyms, err := app.Store.Synonyms(cmd.Context())
				if err != nil {
					return err
				}
				if err := knowledge.WriteDir(args[0], entries, synonyms); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "exported %d entries to %s\n", len(entries), args[0])
				return nil
			})
		},
	}
}

type listJSON struct {
	Slug    string             `json:"slug"`
	Kind    knowledge.Kind     `json:"kind"`
	Lang    string             `json:"lang"`
	Title   string             `json:"title"`
	Status  knowledge.Status   `json:"status"`
	Sources []knowledge.Source `json:"sources"`
}

func (e *env) kbListCmd() *cobra.Command {
	var asJSON bool
	var kind, status string
	cmd := &cobra.Command{
		Use:   "list [--json] [--kind K] [--status S]",
		Short: "List entries",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if kind != "" && !knowledge.Kind(kind).Valid() {
				return &exitError{code: 2, msg: fmt.Sprintf("careerbot kb list: unknown kind %q: use role, skill, training or insight", kind)}
			}
			if status != "" && !knowledge.Status(status).Valid() {
				return &exitError{code: 2, msg: fmt.Sprintf("careerbot kb list: unknown status %q: use draft, published or archived", status)}
			}
			return e.withApp(cmd, openOptions{}, func(app *App) error {
				entries, err := app.Store.List(cmd.Context(), postgres.Filter{Kind: knowledge.Kind(kind), Status: knowledge.Status(status)})
				if err != nil {
					return err
				}
				if asJSON {
					out := make([]listJSON, 0, len(entries))
					for _, en := range entries {
						out = append(out, listJSON{en.Slug, en.Kind, en.Lang, en.Title, en.Status, en.Sources})
					}
					return writeJSON(e.stdout, out)
				}
				tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "SLUG\tKIND\tSTATUS\tREV\tTITLE")
				for _, en := range entries {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", en.Slug, en.Kind, en.Status, en.Revision, en.Title)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&kind, "kind", "", "only this kind: role, skill, training or insight")
	cmd.Flags().StringVar(&status, "status", "", "only this status: draft, published or archived")
	return cmd
}

func (e *env) kbShowCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show [--json] SLUG",
		Short: "Show one entry",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withApp(cmd, openOptions{}, func(app *App) error {
				en, err := app.Store.Get(cmd.Context(), args[0])
				if postgres.IsNotFound(err) {
					err = fmt.Errorf("no entry %q: %w", args[0], postgres.ErrNotFound)
				}
				if err != nil {
					return notFound("show", err)
				}
				if asJSON {
					return writeJSON(e.stdout, en)
				}
				_, err = e.stdout.Write(knowledge.Marshal(en))
				return err
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
