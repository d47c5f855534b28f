package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// SaveSynonyms replaces the stored synonyms with groups, within tx, and
// returns how many groups were written.
func SaveSynonyms(ctx context.Context, tx pgx.Tx, groups [][]string) (int, error) {
	if _, err := tx.Exec(ctx, `DELETE FROM synonyms`); err != nil {
		return 0, fmt.Errorf("replace synonyms: %w", err)
	}
	var rows [][]any
	for i, g := range groups {
		seen := map[string]bool{}
		for _, t := range g {
			if !seen[t] {
				seen[t] = true
				rows = append(rows, []any{i + 1, t})
			}
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"synonyms"}, []string{"grp", "term"}, pgx.CopyFromRows(rows)); err != nil {
		return 0, fmt.Errorf("write synonyms: %w", err)
	}
	return len(groups), nil
}

// Synonyms returns the stored synonym groups, in the order of their file.
func (s *Store) Synonyms(ctx context.Context) ([][]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT array_agg(term ORDER BY term) FROM synonyms GROUP BY grp ORDER BY grp`)
	if err != nil {
		return nil, fmt.Errorf("read synonyms: %w", err)
	}
	groups, err := pgx.CollectRows(rows, pgx.RowTo[[]string])
	if err != nil {
		return nil, fmt.Errorf("read synonyms: %w", err)
	}
	return groups, nil
}
