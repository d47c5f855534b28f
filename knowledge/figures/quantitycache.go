package figures

import "github.com/careerbot/careerbot/internal/memo"

// quantityCacheBytes bounds the text whose quantities are kept in memory:
// the sentences of a knowledge base of a few hundred entries and of the
// answers made from them.
const quantityCacheBytes = 4 << 20

// quantityCache remembers the quantities of the texts already read: an
// answer reads the figures of the same sentences of the entries for every
// question, each a pass of regular expressions and a lookup of every word
// among the number words.
var quantityCache = memo.New(quantityCacheBytes, quantities)
