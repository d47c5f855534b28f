package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/draft"
	"github.com/careerbot/careerbot/retrieval/postgres"
)

// maxArticle bounds the size of an article file.
const maxArticle = 4 << 20

type draftOptions struct {
	out                    string
	save, offline          bool
	title, publisher, date string
}

func (e *env) kbDraftCmd() *cobra.Command {
	var o draftOptions
	cmd := &cobra.Command{
		Use:   "draft FILE... (--out DIR | --save) [--offline] [--title T] [--publisher P] [--date D]",
		Short: "Draft entries from articles, each figure checked against its article",
		Long: `draft reads articles (plain text, Markdown or HTML) and proposes entries:
roles, skills and insights the article names or states, status draft, each
citing the article; for an entry the knowledge base already holds, a change
to review (a new source, new figures) instead of a duplicate. Every draft is
checked before anything is written: its numbers appear in the article with
the same unit, its quotes word for word, and nothing comes from the parts
that are not the article's (a request to an AI writer, blog boilerplate,
image credits, a repeated body); what fails is dropped and listed.

With an OpenAI-compatible API configured, a chat model drafts (and the same
check applies); --offline drafts from the article's own sentences.
--out DIR writes the drafts as catalog files (review them, then 'careerbot
kb import DIR'); --save saves them in the database as drafts, which answers
do not use until they are published.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return &exitError{code: 2, msg: "careerbot kb draft: give at least one article file (plain text, Markdown or HTML)"}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.out == "" && !o.save {
				return &exitError{code: 2, msg: "careerbot kb draft: say where the drafts go: --out DIR to write catalog files, or --save to save them in the database as drafts"}
			}
			var arts []*draft.Article
			for _, name := range args {
				a, err := readArticle(name)
				if err != nil {
					return err
				}
				fill(a, o)
				arts = append(arts, a)
			}
			return e.withApp(cmd, openOptions{Migrate: o.save}, func(app *App) error {
				existing, err := app.Store.List(cmd.Context(), postgres.Filter{})
				if err != nil {
					return fmt.Errorf("read the knowledge base's entries: %w", err)
				}
				var drafter draft.Drafter = draft.Extractive{}
				if d := newDrafter(app.Config, app.Log); d != nil && !o.offline {
					drafter = d
					fmt.Fprintf(e.stdout, "drafting with %s (--offline drafts from the articles' sentences)\n", app.Config.ChatModel)
				}
				drafts, err := draftAll(cmd, drafter, arts, existing, e.stdout)
				if err != nil {
					return err
				}
				if len(drafts) == 0 {
					fmt.Fprintln(e.stdout, "no new entry drafted")
					return nil
				}
				if o.out != "" {
					if err := knowledge.WriteDir(o.out, drafts, nil); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "wrote %d draft(s) to %s: review them, then run 'careerbot kb import %s'\n", len(drafts), o.out, o.out)
				}
				if o.save {
					rep, err := app.Catalog.Import(cmd.Context(), knowledge.NewCatalog(drafts), "kb draft")
					var list knowledge.ErrorList
					if errors.As(err, &list) {
						return catalogError("", err)
					}
					if err != nil {
						return fmt.Errorf("save the drafts: %w (nothing was saved)", err)
					}
					fmt.Fprintf(e.stdout, "saved %d draft(s) in the database (%d created, %d updated): publish them in Slack or with 'careerbot kb import' once reviewed\n",
						len(drafts), len(rep.Created), len(rep.Updated))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&o.out, "out", "", "write the drafts as catalog files in `DIR`")
	cmd.Flags().BoolVar(&o.save, "save", false, "save the drafts in the database, status draft")
	cmd.Flags().BoolVar(&o.offline, "offline", false, "draft from the articles' sentences even when a chat model is configured")
	cmd.Flags().StringVar(&o.title, "title", "", "the article's title, when its text does not give it")
	cmd.Flags().StringVar(&o.publisher, "publisher", "", "the article's publisher, when its text does not give it")
	cmd.Flags().StringVar(&o.date, "date", "", "the article's date, when its text does not give it")
	return cmd
}

// readArticle reads one article file, saying what is wrong with it.
func readArticle(name string) (*draft.Article, error) {
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &exitError{code: 2, msg: fmt.Sprintf("careerbot kb draft: %s does not exist: give the path of an article file", name)}
		}
		return nil, &exitError{code: 2, msg: fmt.Sprintf("careerbot kb draft: cannot read %s: %v", name, err)}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, &exitError{code: 2, msg: fmt.Sprintf("careerbot kb draft: %s is a folder: give article files (plain text, Markdown or HTML)", name)}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxArticle+1))
	if err != nil {
		return nil, &exitError{code: 2, msg: fmt.Sprintf("careerbot kb draft: cannot read %s: %v", name, err)}
	}
	if len(data) > maxArticle {
		return nil, &exitError{code: 2, msg: fmt.Sprintf("careerbot kb draft: %s is over %d MiB: give one article per file", name, maxArticle>>20)}
	}
	a, err := draft.Read(name, data)
	var ie *draft.InputError
	if errors.As(err, &ie) {
		return nil, &exitError{code: 2, msg: "careerbot kb draft: " + ie.Error()}
	}
	return a, err
}

// fill gives an article the title, publisher and date of the flags where
// its text gives none.
func fill(a *draft.Article, o draftOptions) {
	if a.Title == "" {
		a.Title = o.title
	}
	if a.Publisher == "" {
		a.Publisher = o.publisher
	}
	if a.Date == "" {
		a.Date = o.date
	}
}

// draftAll drafts from each article in turn, printing what it proposes.
// A later article's change to an earlier article's draft is merged into
// that draft: one entry per role, whatever the number of articles.
func draftAll(cmd *cobra.Command, d draft.Drafter, arts []*draft.Article, existing []*knowledge.Entry, w io.Writer) ([]*knowledge.Entry, error) {
	var drafts []*knowledge.Entry
	pending := map[string]*knowledge.Entry{}
	for _, a := range arts {
		known := append(append([]*knowledge.Entry(nil), existing...), drafts...)
		r, err := d.Draft(cmd.Context(), a, known)
		if err != nil {
			return nil, fmt.Errorf("draft from %s: %w", a.Name, err)
		}
		printResult(w, r)
		for _, c := range r.Changes {
			if e := pending[c.Slug]; e != nil {
				merge(e, c, a)
			}
		}
		for _, dr := range r.Drafts {
			pending[dr.Entry.Slug] = dr.Entry
			drafts = append(drafts, dr.Entry)
		}
	}
	return drafts, nil
}

// merge adds what a change proposes to a draft of the same run: the
// article as a source, the sentences that name the entry.
func merge(e *knowledge.Entry, c draft.Change, a *draft.Article) {
	if c.NewSource != nil {
		e.Sources = append(e.Sources, *c.NewSource)
	}
	if len(c.Sentences) > 0 {
		e.Body += "\n\n## " + a.Name + "\n\n" + strings.Join(c.Sentences, "\n\n")
	}
}

// printResult writes what drafting from one article proposes: the
// drafts, the changes to existing entries, what was dropped and why, and
// the source fields to give.
func printResult(w io.Writer, r *draft.Result) {
	a := r.Article
	fmt.Fprintf(w, "\n%s (%s)\n", a.Name, a.Lang)
	fmt.Fprintf(w, "  source: title %q, publisher %q, date %q\n", a.Title, a.Publisher, a.Date)
	if miss := a.Missing(); len(miss) > 0 {
		var flags []string
		for _, m := range miss {
			flags = append(flags, "--"+m)
		}
		fmt.Fprintf(w, "  the article does not give its %s: pass %s, or fill the drafts' sources before publishing\n", strings.Join(miss, ", "), strings.Join(flags, ", "))
	}
	for _, p := range a.Parts {
		fmt.Fprintf(w, "  left out (%s): %q\n", p.Kind, clip(p.Text, 80))
	}
	for _, q := range r.Quotes {
		fmt.Fprintf(w, "  quote %s: %q\n", speakerOf(q), clip(q.Text, 120))
	}
	for _, d := range r.Drafts {
		e := d.Entry
		fmt.Fprintf(w, "  draft %s %s: %s\n", e.Kind, e.Slug, e.Title)
		for _, f := range d.Figures {
			fmt.Fprintf(w, "    figure %s — %q\n", f.Quantity, clip(f.Sentence, 160))
		}
		if e.Period == draft.PeriodToAsk {
			fmt.Fprintln(w, "    period: the article gives none, write it in before publishing")
		}
	}
	for _, c := range r.Changes {
		if c.Empty() {
			fmt.Fprintf(w, "  already in %s (%s), which cites the article\n", c.Slug, c.Kind)
			continue
		}
		fmt.Fprintf(w, "  change to %s (%s, %s):\n", c.Slug, c.Kind, c.Title)
		if c.NewSource != nil {
			fmt.Fprintf(w, "    new source %s\n", c.NewSource.Article)
		}
		for _, f := range c.Figures {
			fmt.Fprintf(w, "    new figure %s — %q\n", f.Quantity, clip(f.Sentence, 160))
		}
	}
	for _, k := range r.Known {
		fmt.Fprintf(w, "  figures already in %s: %q\n", k.Slug, clip(k.Sentence, 100))
	}
	for _, d := range r.Dropped {
		for _, p := range d.Problems {
			fmt.Fprintf(w, "  dropped %s: %s\n", d.What, p)
		}
	}
	fmt.Fprintf(w, "  %d draft(s), %d change(s), %d dropped\n", len(r.Drafts), len(r.Changes), len(r.Dropped))
}

func speakerOf(q draft.Quote) string {
	if q.Speaker == "" {
		return "(speaker not named)"
	}
	return "by " + q.Speaker
}

func clip(s string, n int) string { return knowledge.Clip(strings.Join(strings.Fields(s), " "), n) }
