package local

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
)

func cos(a, b []float32) float64 {
	var d float64
	for i := range a {
		d += float64(a[i]) * float64(b[i])
	}
	return d
}

func TestDeterministicAndNormalised(t *testing.T) {
	e := New()
	vs, err := e.Embed(context.Background(), []string{"Qu'est-ce qu'un prompt engineer ?", "Qu'est-ce qu'un prompt engineer ?", ""})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs[0]) != Dims {
		t.Fatalf("got %d dimensions, want %d", len(vs[0]), Dims)
	}
	if cos(vs[0], vs[1]) < 0.999999 {
		t.Error("the same text gave different vectors")
	}
	if n := math.Sqrt(cos(vs[0], vs[0])); math.Abs(n-1) > 1e-5 {
		t.Errorf("norm = %v, want 1", n)
	}
	for _, x := range vs[2] {
		if x != 0 {
			t.Fatal("an empty text must give the zero vector")
		}
	}
}

// TestBilingualNeighbours checks that a question lands nearer to its
// translation and synonyms than to an unrelated text.
func TestBilingualNeighbours(t *testing.T) {
	e := New()
	tests := []struct{ q, near, far string }{
		{"Quel est le salaire d'un ingénieur IA ?", "How much does an AI engineer earn? salary pay", "Les annotateurs de données étiquettent des images."},
		{"machine learning engineer", "ingénieur en apprentissage automatique", "psydesigner personnalité ton"},
		{"formation en ligne", "online training courses", "Big Tech salaires"},
		{"promt engineer", "prompt engineer", "data scientist"},
	}
	for _, tt := range tests {
		q, n, f := e.Vector(tt.q), e.Vector(tt.near), e.Vector(tt.far)
		if cos(q, n) <= cos(q, f) {
			t.Errorf("%q: similarity to %q (%.3f) should exceed similarity to %q (%.3f)", tt.q, tt.near, cos(q, n), tt.far, cos(q, f))
		}
	}
}

func TestEmbedHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New().Embed(ctx, []string{"a"}); err == nil {
		t.Error("Embed ignored a cancelled context")
	}
}

// A batch large enough to be spread over the CPUs gives each text the
// vector it gets alone, in order.
func TestLargeBatchMatchesOneByOne(t *testing.T) {
	e := New()
	texts := make([]string, 3*parallelFrom+7)
	for i := range texts {
		texts[i] = fmt.Sprintf("chunk %d: ingénieur IA et data scientist, niveau %d", i, i%13)
	}
	vs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		if !slices.Equal(vs[i], e.Vector(text)) {
			t.Fatalf("text %d: the batch gave another vector than Vector", i)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Embed(ctx, texts); err == nil {
		t.Error("a large batch ignored a cancelled context")
	}
}
