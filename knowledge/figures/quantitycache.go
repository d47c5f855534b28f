package figures

import (
	"unsafe"

	"github.com/careerbot/careerbot/internal/memo"
)

// quantityCacheBytes bounds the memory of the texts whose quantities are
// kept, and of their quantities: the sentences of a knowledge base of a
// few hundred entries and of the answers made from them.
const quantityCacheBytes = 4 << 20

// quantityCache remembers the quantities of the texts already read: an
// answer reads the figures of the same sentences of the entries for every
// question, each a pass of regular expressions and a lookup of every word
// among the number words.
var quantityCache = memo.New(quantityCacheBytes, quantities, quantitiesSize)

// quantitiesSize is the memory of a slice of quantities beyond its
// header: the structs and the bytes of their strings.
func quantitiesSize(qs []Quantity) int64 {
	n := int64(unsafe.Sizeof(Quantity{})) * int64(cap(qs))
	for _, q := range qs {
		n += int64(len(q.Value) + len(q.Written) + len(q.Unit) + len(q.Text))
	}
	return n
}
