package postgres

// ModelIndexName exposes modelIndexName to the tests.
var ModelIndexName = modelIndexName

// ChoosePlan exposes choosePlan to the tests.
var ChoosePlan = choosePlan

// BuildMem exposes buildMem to the tests.
var BuildMem = buildMem

// EfSearchFor exposes efSearch to the tests.
var EfSearchFor = efSearch

// WithEfRule returns ix with its searches' HNSW candidate list sizes given
// by f instead of efSearch.
func WithEfRule(ix *Index, f func(total int64) int) *Index {
	c := *ix
	c.efFor = f
	return &c
}
