// Package base embeds careerbot's default knowledge base: roles, skills,
// training paths and market insights written from five French press
// articles (kept in testdata/articles), one Markdown file per entry.
package base

import "embed"

// FS holds the catalog files, at its root.
//
//go:embed *.md synonyms.yaml
var FS embed.FS
