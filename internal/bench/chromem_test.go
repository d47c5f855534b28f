package bench

import (
	"context"
	"testing"

	"github.com/careerbot/careerbot/retrieval/local"
)

// The peers load a catalog in batches: a later batch must add to the
// collection, not replace the documents of the same numbers.
func TestChromemKeepsEveryBatch(t *testing.T) {
	r := &run{embed: local.New()}
	s, err := r.openChromem(4)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	docs := []peerDoc{{id: 0, text: "a"}, {id: 1, text: "b"}, {id: 2, text: "c"}, {id: 3, text: "d"}}
	for _, batch := range [][]peerDoc{docs[:2], docs[2:]} {
		if err := s.add(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.coll.Count(); n != len(docs) {
		t.Errorf("the collection holds %d documents after two batches of two, want %d", n, len(docs))
	}
}
