// Package bot is careerbot's assistant, independent of any transport: it
// validates and normalises questions, detects French or English, resolves
// /role, /skill and /training names, searches the knowledge base, decides
// whether the hits ground an answer, and composes the answer with numbered
// citations, extractively or through a generative composer.
package bot
