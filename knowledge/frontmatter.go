package knowledge

import (
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// frontProblem is a problem of a catalog file's front matter, at a line of
// the file.
type frontProblem struct {
	line       int
	field, msg string
}

// decodeFront decodes front, the YAML fields of a catalog file, which start
// on the file's line 2 and whose tree is root, into e: every field must be
// one of Entry's yaml tags (KnownFields), and texts are trimmed. It returns
// the file line of each node by path ("title", "aliases[1]",
// "sources[0].url"), the problems found, and whether the fields decoded:
// when they did not, what e holds is not to be checked further.
func decodeFront(front string, root *yaml.Node, e *Entry) (map[string]int, []frontProblem, bool) {
	at, byLine := map[string]int{}, map[int][]string{}
	nodeLines(root, "", at, byLine)
	for i := 0; i < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Tag == "!!null" {
			// The decoder passes over a null key, such as ~: x.
			return at, []frontProblem{{k.Line + 1, k.Value, "unknown field: use one of " + strings.Join(yamlNames(entryType), ", ")}}, false
		}
	}
	dec := yaml.NewDecoder(strings.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(e); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			line, msg := yamlErrorLine(err)
			return at, []frontProblem{{line: line + 1, msg: "invalid YAML: " + msg}}, false
		}
		var ps []frontProblem
		for _, msg := range te.Errors {
			ps = append(ps, decodeProblem(msg, byLine))
		}
		return at, ps, false
	}
	trimTexts(reflect.ValueOf(e).Elem())
	var ps []frontProblem
	emptyItems(reflect.ValueOf(e).Elem(), "", func(path string) {
		ps = append(ps, frontProblem{at[path], fieldName(path), "every item must be non-empty text"})
	})
	for i, s := range e.Sources {
		p := "sources[" + strconv.Itoa(i) + "]"
		if _, set := at[p+".url"]; set {
			u, err := ParseURL(s.URL)
			if err != nil {
				ps = append(ps, frontProblem{at[p+".url"], "sources.url", err.Error()})
			}
			e.Sources[i].URL = u
		}
		if s.Article == "" && s.Title == "" {
			ps = append(ps, frontProblem{at[p], "sources", "a source needs at least an article (file or URL) or a title"})
		}
	}
	n := map[RelationKind]int{}
	for _, r := range e.Relations.All() {
		p := "relations." + string(r.Kind) + "[" + strconv.Itoa(n[r.Kind]) + "]"
		n[r.Kind]++
		switch {
		case r.Slug == "": // an empty item, told above
		case !ValidSlug(r.Slug):
			ps = append(ps, frontProblem{at[p], "relations." + string(r.Kind),
				strconv.Quote(r.Slug) + " is not a slug (lowercase letters, digits and hyphens)"})
		default:
			if _, seen := at[relationLine(r.Kind, r.Slug)]; !seen {
				at[relationLine(r.Kind, r.Slug)] = at[p]
			}
		}
	}
	return at, ps, true
}

// nodeLines records the file line of every node under n by path: a
// mapping's key at its key's line, a sequence's item at its own. byLine
// lists, for each line, the paths of the nodes on it, outermost first.
func nodeLines(n *yaml.Node, path string, at map[string]int, byLine map[int][]string) {
	record := func(p string, line int) {
		if _, ok := at[p]; !ok {
			at[p] = line
		}
		if l := byLine[line]; len(l) == 0 || l[len(l)-1] != p {
			byLine[line] = append(l, p)
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if path != "" {
				p = path + "." + k.Value
			}
			record(p, k.Line+1)
			record(p, v.Line+1)
			nodeLines(v, p, at, byLine)
		}
	case yaml.SequenceNode:
		for i, it := range n.Content {
			p := path + "[" + strconv.Itoa(i) + "]"
			record(p, it.Line+1)
			nodeLines(it, p, at, byLine)
		}
	}
}

// The problems the YAML decoder reports, one a line of its TypeError.
var (
	unknownFieldRE = regexp.MustCompile(`^line (\d+): field (.+) not found in type (\S+)$`)
	setTwiceRE     = regexp.MustCompile(`^line (\d+): mapping key (".*") already defined at line (\d+)$`)
	setAgainRE     = regexp.MustCompile(`^line (\d+): field (.+) already set in type \S+$`)
	wrongKindRE    = regexp.MustCompile(`^line (\d+): cannot unmarshal !!\w+(?: ` + "`.*`" + `)? into (\S+)$`)
	atLineRE       = regexp.MustCompile(`^line (\d+): (.*)$`)
)

// Where the front matter's structs stand in it.
var (
	entryType     = reflect.TypeFor[Entry]()
	sourceType    = reflect.TypeFor[Source]()
	relationsType = reflect.TypeFor[Relations]()
)

// decodeProblem turns one of the decoder's problems into a frontProblem
// that names the field as the file writes it and says what to do.
func decodeProblem(msg string, byLine map[int][]string) frontProblem {
	line := func(s string) int { n, _ := strconv.Atoi(s); return n + 1 }
	first := func(line int) string {
		if ps := byLine[line]; len(ps) > 0 {
			return ps[0]
		}
		return ""
	}
	if m := unknownFieldRE.FindStringSubmatch(msg); m != nil {
		switch m[3] {
		case sourceType.String():
			return frontProblem{line(m[1]), "sources." + m[2], "unknown field: use " + orList(yamlNames(sourceType))}
		case relationsType.String():
			return frontProblem{line(m[1]), "relations." + m[2], "unknown relation: use " + orList(yamlNames(relationsType))}
		}
		return frontProblem{line(m[1]), m[2], "unknown field: use one of " + strings.Join(yamlNames(entryType), ", ")}
	}
	if m := setTwiceRE.FindStringSubmatch(msg); m != nil {
		key, _ := strconv.Unquote(m[2])
		field := key
		for _, p := range byLine[line(m[1])] {
			if f := fieldName(p); strings.HasSuffix("."+f, "."+key) {
				field = f
			}
		}
		return frontProblem{line(m[1]), field, "set twice (first on line " + strconv.Itoa(line(m[3])) + "): keep one"}
	}
	if m := setAgainRE.FindStringSubmatch(msg); m != nil {
		return frontProblem{line(m[1]), fieldName(first(line(m[1]))), "set twice: keep one"}
	}
	if m := wrongKindRE.FindStringSubmatch(msg); m != nil {
		// The field is the one on that line that holds the type the value
		// was to be, or lists items of it.
		var field string
		var t, parent reflect.Type
		for _, p := range byLine[line(m[1])] {
			f, ft, in := resolveField(p)
			if ft != nil && (ft.String() == m[2] || ft.Kind() == reflect.Slice && ft.Elem().String() == m[2]) {
				field, t, parent = f, ft, in
				break
			}
		}
		if field == "" {
			// A key that is not text, such as [a]: b.
			return frontProblem{line(m[1]), "", "unknown field: use one of " + strings.Join(yamlNames(entryType), ", ")}
		}
		var what string
		switch m[2] {
		case reflect.TypeFor[[]string]().String():
			what = "must be a list, such as [a, b]"
			if parent == relationsType {
				what = "must be a list of slugs, such as [python, pytorch]"
			}
		case reflect.TypeFor[[]Source]().String():
			what = "must be a list of sources, each with article, title, publisher and date"
		case sourceType.String():
			what = "each source must have article, title, publisher and date"
		case relationsType.String():
			what = "must have " + strings.Join(yamlNames(relationsType)[:len(yamlNames(relationsType))-1], ", ") +
				" and/or " + yamlNames(relationsType)[len(yamlNames(relationsType))-1] + ", each a list of slugs"
		default:
			what = "must be text"
			if t.Kind() == reflect.Slice {
				what = "every item must be non-empty text"
			}
		}
		return frontProblem{line(m[1]), field, what}
	}
	if m := atLineRE.FindStringSubmatch(msg); m != nil {
		return frontProblem{line(m[1]), fieldName(first(line(m[1]))), m[2]}
	}
	return frontProblem{1, "", msg}
}

// indexRE matches the item indexes of a path.
var indexRE = regexp.MustCompile(`\[\d+\]`)

// fieldName is the field a path is in, as problems name it: "aliases" for
// "aliases[2]", "sources.url" for "sources[0].url".
func fieldName(path string) string {
	f, _, _ := resolveField(path)
	if f == "" {
		return indexRE.ReplaceAllString(path, "")
	}
	return f
}

// resolveField follows path through Entry's yaml fields down to the first
// that holds no struct, and returns its name as problems write it, its type
// and the struct it belongs to.
func resolveField(path string) (string, reflect.Type, reflect.Type) {
	t := entryType
	var names []string
	var ft, parent reflect.Type
	for part := range strings.SplitSeq(indexRE.ReplaceAllString(path, ""), ".") {
		f, ok := yamlField(t, part)
		if !ok {
			break
		}
		names, ft, parent = append(names, part), f.Type, t
		elem := ft
		if elem.Kind() == reflect.Slice {
			elem = elem.Elem()
		}
		if elem.Kind() != reflect.Struct {
			break
		}
		t = elem
	}
	return strings.Join(names, "."), ft, parent
}

// yamlName is the name a struct field has in YAML, "" for none.
func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

func yamlField(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); yamlName(f) == name && name != "" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// yamlNames lists the YAML names of t's fields, in order.
func yamlNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if n := yamlName(t.Field(i)); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// orList writes names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// trimTexts trims the spaces around every text of v's YAML fields.
func trimTexts(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(strings.TrimSpace(v.String()))
	case reflect.Slice:
		for i := range v.Len() {
			trimTexts(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if yamlName(v.Type().Field(i)) != "" {
				trimTexts(v.Field(i))
			}
		}
	}
}

// emptyItems reports the path of every empty text item of the lists under
// v's YAML fields.
func emptyItems(v reflect.Value, path string, report func(path string)) {
	switch v.Kind() {
	case reflect.Slice:
		for i := range v.Len() {
			p := path + "[" + strconv.Itoa(i) + "]"
			if it := v.Index(i); it.Kind() == reflect.String && it.String() == "" {
				report(p)
			} else {
				emptyItems(it, p, report)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if n := yamlName(v.Type().Field(i)); n != "" {
				p := n
				if path != "" {
					p = path + "." + n
				}
				emptyItems(v.Field(i), p, report)
			}
		}
	}
}
