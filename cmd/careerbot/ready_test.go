package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
)

// A replica notices when 'kb reindex' run elsewhere switches the active
// embedding model, and no longer once it is active again.
func TestReadinessFollowsTheActiveEmbeddingModel(t *testing.T) {
	c, _ := llmCLI(t)
	c.mustRun("kb", "import")
	cfg, err := LoadConfig(func(k string) string { return c.env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	replica, err := Open(ctx, cfg, slog.New(slog.DiscardHandler), openOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	ready := replica.readiness()
	defer ready.Close()
	steps := []struct {
		reindex []string // run before the check; none for the first
		want    string   // "" for no error
	}{
		{nil, ""},
		{[]string{"--embedder", "openai", "--model", "test-embed", "--dims", "64"},
			"active embedding model changed from local-hash-v3 to test-embed@64: restart this replica"},
		{[]string{"--embedder", "local"}, ""},
	}
	for _, s := range steps {
		if s.reindex != nil {
			c.mustRun(append([]string{"kb", "reindex"}, s.reindex...)...)
		}
		err := ready.Check(ctx)
		switch {
		case s.want == "" && err != nil:
			t.Errorf("readiness after reindex %v: %v, want no error", s.reindex, err)
		case s.want != "" && (err == nil || !strings.Contains(err.Error(), s.want)):
			t.Errorf("readiness after reindex %v: %v, want %q", s.reindex, err, s.want)
		}
	}
}
