package validate

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/moby/patternmatcher"
)

// BuildFiles returns the files, relative to the repository root, that
// building careerbot's binary reads: go.mod, go.sum, and the Go and
// embedded files of every package of the module that cmd/careerbot
// imports, as `go list` gives them.
func BuildFiles(root string) ([]string, error) {
	cmd := exec.Command("go", "list", "-deps", "-f",
		`{{if and .Module .Module.Main}}{{.Dir}}{{range .GoFiles}}|{{.}}{{end}}{{range .EmbedFiles}}|{{.}}{{end}}{{end}}`, "./cmd/careerbot")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return nil, fmt.Errorf("go list the packages of cmd/careerbot: %w\n%s", err, ee.Stderr)
		}
		return nil, fmt.Errorf("go list the packages of cmd/careerbot: %w", err)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("find the repository root: %w", err)
	}
	files := []string{"go.mod", "go.sum"}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		dir, err := filepath.Rel(abs, parts[0])
		if err != nil {
			return nil, fmt.Errorf("package directory %s: %w", parts[0], err)
		}
		for _, f := range parts[1:] {
			files = append(files, filepath.ToSlash(filepath.Join(dir, f)))
		}
	}
	return files, nil
}

// CheckBuildContext checks the patterns of a .dockerignore file against
// the build context of the repository root: every file of needed stays in
// it (or the build fails), and every path of private leaves it (or the
// image build sends it to the builder, and COPY . . puts it in the build
// stage).
func CheckBuildContext(patterns, needed, private []string) []string {
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return []string{fmt.Sprintf("the patterns do not parse: %v", err)}
	}
	var problems []string
	for _, f := range needed {
		excluded, err := pm.MatchesOrParentMatches(f)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", f, err))
		} else if excluded {
			problems = append(problems, fmt.Sprintf("%s is left out of the build context, but the build needs it", f))
		}
	}
	for _, f := range private {
		excluded, err := pm.MatchesOrParentMatches(f)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", f, err))
		} else if !excluded {
			problems = append(problems, fmt.Sprintf("%s is in the build context: leave it out", f))
		}
	}
	return problems
}
