package main

import (
	"context"
	"errors"
	"fmt"

	rpg "github.com/careerbot/careerbot/retrieval/postgres"
)

// checkEmbeddingModel returns why this replica must restart when the
// active embedding model is no longer the one its index searches with: a
// 'careerbot kb reindex' switched models after the replica read the active
// one at start. Until it restarts, the replica searches the previous
// model's vectors, which the switch stops keeping up to date, so its
// answers miss what the knowledge base gained since. It costs one
// single-row query; with no active model at all it returns nil, since the
// readiness check reports that itself.
func (a *App) checkEmbeddingModel(ctx context.Context) error {
	active, err := rpg.ActiveModel(ctx, a.Pool)
	if errors.Is(err, rpg.ErrNoActiveModel) {
		return nil
	}
	if err != nil {
		return err
	}
	if searching := a.Index.Embedder().Model(); active.Name != searching {
		return fmt.Errorf("active embedding model changed from %s to %s: restart this replica, which searches with the model it read at start", searching, active.Name)
	}
	return nil
}
