package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const relatedEntry = `---
slug: ml-platform-engineer
kind: role
lang: en
title: ML platform engineer
summary: An ML platform engineer runs the tools that data scientists train models with.
sources:
  - title: "Internal career guide"
    publisher: HR
    date: "2026"
relations:
  requires:
    - python
    - %s
  learn_with: [online-certifications]
---
## The job
Running the training tools.
`

// TestImportRelatesToStoredEntries: a folder may add entries that relate to
// entries already stored, not to entries that exist nowhere; an error is
// at the line of the relation's item.
func TestImportRelatesToStoredEntries(t *testing.T) {
	c := newCLI(t)
	write := func(second string) string {
		dir := t.TempDir()
		text := strings.Replace(relatedEntry, "%s", second, 1)
		if err := os.WriteFile(filepath.Join(dir, "ml-platform-engineer.md"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	good := write("pytorch")
	// Into an empty base, the relations point nowhere.
	code, _, errs := c.run("", "kb", "import", good)
	want := good + `/ml-platform-engineer.md:13: relations.requires: "python" is not an entry: create it or fix the slug`
	if code != 1 || !strings.Contains(errs, want) || !strings.Contains(errs, "nothing was imported") {
		t.Fatalf("import into an empty base: exit %d, stderr:\n%s\nwant exit 1 and %s", code, errs, want)
	}
	c.mustRun("kb", "import")
	if out := c.mustRun("kb", "import", good); !strings.Contains(out, "imported 1 entries: 1 created") {
		t.Errorf("import of an entry relating to stored ones: %s", out)
	}
	bad := write("no-such-skill")
	code, _, errs = c.run("", "kb", "import", bad)
	want = bad + `/ml-platform-engineer.md:14: relations.requires: "no-such-skill" is not an entry: create it or fix the slug`
	if code != 1 || !strings.Contains(errs, want) || !strings.Contains(errs, "nothing was imported") {
		t.Errorf("import of a relation to no entry: exit %d, stderr:\n%s\nwant exit 1 and %s", code, errs, want)
	}
	if out := c.mustRun("kb", "show", "ml-platform-engineer"); !strings.Contains(out, "pytorch") {
		t.Errorf("the refused import changed the stored entry:\n%s", out)
	}
}
