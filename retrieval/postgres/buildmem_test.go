package postgres_test

import (
	"testing"

	"github.com/careerbot/careerbot/retrieval/postgres"
)

func TestBuildMem(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name    string
		n, dims int
		want    int64
	}{
		{"the built-in base: PostgreSQL's default", 2_050, 384, 64 * mb},
		{"nothing", 0, 384, 64 * mb},
		{"100k vectors of 384 dimensions: their graph with a quarter to spare", 100_000, 384, 100_000 * (4*384 + 1024) * 5 / 4},
		{"100k vectors of 1536 dimensions", 100_000, 1536, 100_000 * (4*1536 + 1024) * 5 / 4},
		{"a million vectors: the upper bound", 1_000_000, 384, 1024 * mb},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := postgres.BuildMem(tt.n, tt.dims); got != tt.want {
				t.Errorf("BuildMem(%d, %d) = %d MB, want %d MB", tt.n, tt.dims, got/mb, tt.want/mb)
			}
		})
	}
}

func TestGraphMemory(t *testing.T) {
	// Past the import's bound, what the operator sets: a million vectors
	// of 384 dimensions need about 3 GB.
	const n, dims = 1_000_000, 384
	if got, want := postgres.GraphMemory(n, dims), int64(n)*(4*dims+1024)*5/4; got != want {
		t.Errorf("GraphMemory(%d, %d) = %d, want %d", n, dims, got, want)
	}
	if got := postgres.BuildMem(n, dims); got >= postgres.GraphMemory(n, dims) {
		t.Errorf("BuildMem(%d, %d) = %d: not bounded below the graph's need", n, dims, got)
	}
}
