package retrieval

import "github.com/careerbot/careerbot/internal/memo"

// tokenCacheBytes bounds the memory of the texts whose tokens are kept,
// and of their tokens: the sentences, names and questions of a knowledge
// base of a few hundred entries take a few megabytes; a larger one, or a flood of new
// questions, fills the cache, which then starts again empty.
const tokenCacheBytes = 8 << 20

// tokenCache remembers the tokens of the texts already cut into words: an
// answer weighs the sentences and names of dozens of entries, the same
// for every question, and cutting them into stems again was a large part
// of its work outside the database.
var tokenCache = memo.New(tokenCacheBytes, func(text string) []string {
	_, stems := Words(text)
	return stems
}, stringsSize)

// stringsSize is the memory of a slice of strings beyond its header: a
// header of 16 bytes and the bytes of each.
func stringsSize(ss []string) int64 {
	n := int64(16 * cap(ss))
	for _, s := range ss {
		n += int64(len(s))
	}
	return n
}
