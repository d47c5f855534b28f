package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryVariableListedAndDocumented keeps three lists in step: the
// variables the code reads (getenv calls in this command), the ones
// `careerbot env` lists, and the README's configuration table.
func TestEveryVariableListedAndDocumented(t *testing.T) {
	listed := map[string]bool{}
	for _, v := range envVars {
		listed[v.Name] = true
	}

	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	read := regexp.MustCompile(`getenv\("([A-Z][A-Z0-9_]*)"\)`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range read.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
			if !listed[m[1]] {
				t.Errorf("%s reads %s, which careerbot env does not list", f, m[1])
			}
		}
	}
	if len(seen) < 20 {
		t.Fatalf("found only %d variables read: is the getenv pattern still right?", len(seen))
	}

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\|")
	documented := map[string]bool{}
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		documented[m[1]] = true
	}
	for _, v := range envVars {
		if !documented[v.Name] {
			t.Errorf("README.md has no row for %s in its configuration table", v.Name)
		}
		if !seen[v.Name] {
			t.Errorf("careerbot env lists %s, which no code reads", v.Name)
		}
	}
}
