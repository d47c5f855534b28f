// Package figures reads the quantities a text states — numbers in digits
// or words, in French and English, with their units and scales — and
// checks that a text states only figures of a source: a generated answer
// against the entries it cites, an entry against the articles it cites.
package figures
