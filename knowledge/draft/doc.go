// Package draft proposes catalog entries from an article: it reads the
// article (plain text, Markdown or HTML), leaves out the parts that are not
// the article's own (a request to an AI writer, blog boilerplate, image
// credits, a repeated body), finds the sentences that state figures, the
// quotes and their speakers, the roles and skills it names, and drafts
// entries for what the catalog lacks and changes for what it holds. Every
// draft passes one check before it is kept: its numbers are the article's,
// with the same unit, its quotes are verbatim, and nothing comes from the
// non-article parts; what fails is dropped and listed.
package draft
