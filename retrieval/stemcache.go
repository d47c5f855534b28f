package retrieval

import "github.com/careerbot/careerbot/internal/memo"

// stemCacheBytes bounds the stems kept in memory: a catalog and its
// questions use a few tens of thousands of distinct words, about 150 bytes
// each in the cache; a hostile question of random words fills it, and it
// starts again empty, so memory stays bounded whatever is asked.
const stemCacheBytes = 8 << 20

// stems remembers the stems already computed: Snowball converts each word
// to runes and tries its suffix lists step by step, and the same few
// thousand words are stemmed for every chunk embedded and every question
// analysed.
var stems = memo.New(stemCacheBytes, stemBoth, func(s string) int64 { return int64(len(s)) })
