// Package migrations holds careerbot's database schema as goose SQL
// migrations, embedded in the binary and applied by `careerbot migrate`
// (and at the start of serve, chat, ask and kb import).
package migrations

import "embed"

// FS holds the SQL migration files.
//
//go:embed *.sql
var FS embed.FS
