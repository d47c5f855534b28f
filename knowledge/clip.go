package knowledge

// Clip cuts s to at most n runes (characters, not bytes), the ellipsis
// included: a longer s becomes its first n-1 runes and "…". It reads s once
// and never splits a multi-byte character. n < 1 gives "".
func Clip(s string, n int) string {
	if n < 1 {
		return ""
	}
	count, cut := 0, 0
	for i := range s {
		if count == n-1 {
			cut = i
		}
		if count == n {
			return s[:cut] + "…"
		}
		count++
	}
	return s
}
