package bench

import (
	"fmt"
	"strings"
)

// system says what a measured system is, does and does not do, for the
// reader of its figures.
type system struct {
	name, is, does, doesNot string
}

var systemInfo = []system{
	{Careerbot, "careerbot's store (`retrieval/postgres`): PostgreSQL with pgvector",
		"hybrid search (HNSW vector ranking and full-text ranking fused), filters by kind and language in SQL; an import in one transaction, entries with their revisions and relations; durable",
		"—"},
	{Langchaingo, "`github.com/tmc/langchaingo/vectorstores/pgvector` with its defaults, on the same server",
		"vector search; metadata filters (JSON equality); durable; each `AddDocuments` batch (1,000 chunks) in one transaction",
		"no full text; no vector index: every search scans every vector; no import in one transaction"},
	{LangchaingoHNSW, fmt.Sprintf("the same with `WithHNSWIndex(%d, %d, \"vector_cosine_ops\")`", lcHNSWM, lcHNSWEfConstruction),
		"as langchaingo, with an HNSW index made with the table and upkept at every insert",
		"no full text; `SimilaritySearch` cannot use the index (its `MATERIALIZED` CTE hides the column from the planner: see its plan) and still scans every vector"},
	{Chromem, "`github.com/philippgille/chromem-go`, `NewDB`: in this process's memory",
		"exact vector search in Go on every core; metadata filters (equality)",
		"no full text (substring filters only); no transactions; no database: the chunks live in the process's memory, lost at exit unless exported; no index: every search scans every vector"},
}

// SystemsTable renders what each measured system is, does and does not do.
func (r *Result) SystemsTable() string {
	var b strings.Builder
	b.WriteString("| system | what it is | what it does | what it does not do |\n|---|---|---|---|\n")
	measured := r.systems()
	for _, s := range systemInfo {
		for _, m := range measured {
			if m == s.name {
				fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", s.name, s.is, s.does, s.doesNot)
			}
		}
	}
	return b.String()
}
