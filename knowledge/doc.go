// Package knowledge defines careerbot's domain: knowledge entries (roles,
// skills, training paths and market insights), their sources and relations,
// and the catalog file format they are written in (Markdown with YAML front
// matter). It holds no database code.
package knowledge
