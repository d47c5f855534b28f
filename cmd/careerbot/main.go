// Command careerbot is a Slack assistant that gives employees grounded,
// cited answers about AI careers from a knowledge base kept by HR.
//
// Usage:
//
//	careerbot serve                 serve Slack (Socket Mode or HTTP)
//	careerbot chat                  terminal chat
//	careerbot ask [--json] QUESTION answer one question
//	careerbot kb import [DIR]       import a catalog (default: the built-in base)
//	careerbot kb export DIR         write the catalog as Markdown files
//	careerbot kb list [--json]      list entries
//	careerbot kb show [--json] SLUG show one entry
//	careerbot kb reindex            embed every chunk with another model, then switch
//	careerbot eval FILE             run an evaluation question file
//	careerbot migrate               apply database migrations
//	careerbot doctor                check the database, pgvector, Slack and the chat model
//	careerbot probe [--ready]       check /healthz or /readyz (container health checks)
//	careerbot manifest [--mode socket|http] [--url URL]
//	                                print the Slack app manifest
//
// Configuration is read from environment variables: see `careerbot env`.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// exitError carries an exit status and a message already meant for the
// user.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run executes careerbot with args and returns its exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	// Whatever careerbot prints, logs and errors included, never shows a
	// configured secret, even one an upstream service echoed back.
	cfg, _ := LoadConfig(getenv)
	mask := masker(cfg.Secrets())
	stdout, stderr = maskWriter{stdout, mask}, maskWriter{stderr, mask}
	root := newRootCmd(stdin, stdout, stderr, getenv)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "careerbot: %v\n", err)
	return 1
}

// env is what every command shares.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *cobra.Command {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	root := &cobra.Command{
		Use:           "careerbot",
		Short:         "Grounded answers about AI careers, in Slack or in a terminal",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: 2, msg: fmt.Sprintf("careerbot %s: %v\nRun 'careerbot %s --help' for usage.", c.Name(), err, c.Name())}
	})
	root.AddCommand(
		e.serveCmd(), e.askCmd(), e.chatCmd(), e.kbCmd(), e.evalCmd(), e.migrateCmd(), e.envCmd(), e.doctorCmd(), e.probeCmd(), e.manifestCmd(),
	)
	// Cobra's own commands (help, completion) are added now rather than at
	// execution, so that their unknown arguments are refused too.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	rejectUnknownCommands(root)
	return root
}

// config loads and validates the configuration, and builds the logger.
func (e *env) config() (Config, error) {
	cfg, err := LoadConfig(e.getenv)
	if err != nil {
		return cfg, &exitError{code: 2, msg: "careerbot: " + err.Error()}
	}
	return cfg, nil
}

// open loads the configuration and opens the app.
func (e *env) open(ctx context.Context, opt openOptions) (*App, error) {
	cfg, err := e.config()
	if err != nil {
		return nil, err
	}
	app, err := Open(ctx, cfg, newLogger(cfg, e.stderr), opt)
	if err != nil {
		return nil, cfg.explainDBError(err)
	}
	return app, nil
}

func (e *env) migrateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.config()
			if err != nil {
				return err
			}
			if err := Migrate(cmd.Context(), cfg.DatabaseURL, newLogger(cfg, e.stderr)); err != nil {
				return cfg.explainDBError(err)
			}
			fmt.Fprintln(e.stdout, "migrations: up to date")
			return nil
		},
	}
}

func (e *env) envCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "env",
		Short: "List the environment variables careerbot reads",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			for _, s := range settings() {
				fmt.Fprintf(e.stdout, "%-30s %s (default: %s)\n", s.Name, plainText(s.Meaning), plainText(s.Default))
			}
			return nil
		},
	}
}
