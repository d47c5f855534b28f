package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// failingWriter fails every write, like a closed pipe or a full disk.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestJSONWriteFailureIsAnError shows that a --json output that cannot be
// written makes the command fail, instead of exiting 0 with nothing (or half
// a document) on standard output.
func TestJSONWriteFailureIsAnError(t *testing.T) {
	c := newCLI(t)
	c.mustRun("kb", "import")
	for _, args := range [][]string{
		{"ask", "--json", "Qu'est-ce qu'un prompt engineer ?"},
		{"kb", "history", "--json", "prompt-engineer"},
		{"kb", "gaps", "--json"},
		{"kb", "list", "--json"},
		{"kb", "show", "--json", "prompt-engineer"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var errb bytes.Buffer
			code := run(context.Background(), args, strings.NewReader(""), failingWriter{}, &errb, func(k string) string { return c.env[k] })
			if code == 0 {
				t.Fatalf("exit 0 although standard output could not be written; stderr: %s", errb.String())
			}
			if !strings.Contains(errb.String(), "no space left on device") {
				t.Errorf("stderr does not say what failed: %q", errb.String())
			}
		})
	}
}
