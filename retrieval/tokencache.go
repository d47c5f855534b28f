package retrieval

import "github.com/careerbot/careerbot/internal/memo"

// tokenCacheBytes bounds the text whose tokens are kept in memory: the
// sentences, names and questions of a knowledge base of a few hundred
// entries take a few megabytes; a larger one, or a flood of new
// questions, fills the cache, which then starts again empty.
const tokenCacheBytes = 8 << 20

// tokenCache remembers the tokens of the texts already cut into words: an
// answer weighs the sentences and names of dozens of entries, the same
// for every question, and cutting them into stems again was a large part
// of its work outside the database.
var tokenCache = memo.New(tokenCacheBytes, func(text string) []string {
	_, stems := Words(text)
	return stems
})
