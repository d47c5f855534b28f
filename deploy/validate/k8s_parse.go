package validate

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"sort"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// Problem is one thing wrong in a deployment file: the file, and an error
// that names the field (as the API server does: "spec.replicas: Invalid
// value: 1: …").
type Problem struct {
	File string
	Err  error
}

func (p Problem) String() string { return p.File + ": " + p.Err.Error() }

// Manifests are the objects of deploy/k8s, each with the file it came from.
type Manifests struct {
	Deployment *appsv1.Deployment
	Service    *corev1.Service
	PDB        *policyv1.PodDisruptionBudget
	ConfigMaps []*corev1.ConfigMap
	Secrets    []*corev1.Secret
	// Files are the files read, by name; file gives each object's.
	Files []string
	file  map[any]string
}

// fileOf returns the file obj came from.
func (m *Manifests) fileOf(obj any) string { return m.file[obj] }

// LoadManifests decodes files (name → content; kustomization.yaml is left
// out) strictly, as the API server decodes a request: field names are
// case-sensitive, and unknown or duplicate fields, or values of the wrong
// type, are problems. A file may hold several documents separated by ---.
func LoadManifests(files map[string][]byte) (*Manifests, []Problem) {
	m := &Manifests{file: map[any]string{}}
	var problems []Problem
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if path.Base(name) == "kustomization.yaml" {
			continue
		}
		m.Files = append(m.Files, name)
		docs := splitDocuments(files[name])
		for i, doc := range docs {
			where := name
			if len(docs) > 1 {
				where = fmt.Sprintf("%s (document %d)", name, i+1)
			}
			var meta metav1.TypeMeta
			if err := yaml.Unmarshal(doc, &meta); err != nil {
				problems = append(problems, Problem{where, fmt.Errorf("not YAML: %w", err)})
				continue
			}
			var obj any
			switch meta.APIVersion + " " + meta.Kind {
			case "apps/v1 Deployment":
				if m.Deployment != nil {
					problems = append(problems, Problem{where, errors.New("a second Deployment: careerbot has one")})
					continue
				}
				m.Deployment = &appsv1.Deployment{}
				obj = m.Deployment
			case "v1 Service":
				if m.Service != nil {
					problems = append(problems, Problem{where, errors.New("a second Service: careerbot has one")})
					continue
				}
				m.Service = &corev1.Service{}
				obj = m.Service
			case "policy/v1 PodDisruptionBudget":
				if m.PDB != nil {
					problems = append(problems, Problem{where, errors.New("a second PodDisruptionBudget: careerbot has one")})
					continue
				}
				m.PDB = &policyv1.PodDisruptionBudget{}
				obj = m.PDB
			case "v1 ConfigMap":
				c := &corev1.ConfigMap{}
				m.ConfigMaps = append(m.ConfigMaps, c)
				obj = c
			case "v1 Secret":
				s := &corev1.Secret{}
				m.Secrets = append(m.Secrets, s)
				obj = s
			default:
				problems = append(problems, Problem{where, fmt.Errorf("apiVersion %q kind %q: not one of careerbot's objects (apps/v1 Deployment, v1 Service, v1 ConfigMap, v1 Secret, policy/v1 PodDisruptionBudget)", meta.APIVersion, meta.Kind)})
				continue
			}
			m.file[obj] = where
			if err := decodeStrict(doc, obj); err != nil {
				problems = append(problems, Problem{where, err})
			}
		}
	}
	for what, missing := range map[string]bool{"a Deployment": m.Deployment == nil, "a Service": m.Service == nil,
		"a PodDisruptionBudget": m.PDB == nil, "a ConfigMap": len(m.ConfigMaps) == 0, "a Secret": len(m.Secrets) == 0} {
		if missing {
			problems = append(problems, Problem{"deploy/k8s", fmt.Errorf("no file holds %s", what)})
		}
	}
	sortProblems(problems)
	return m, problems
}

// splitDocuments returns the YAML documents of b that hold more than
// comments.
func splitDocuments(b []byte) [][]byte {
	var out [][]byte
	for _, doc := range bytes.Split(b, []byte("\n---")) {
		if len(bytes.TrimSpace(stripComments(doc))) > 0 {
			out = append(out, doc)
		}
	}
	return out
}

// decodeStrict decodes a YAML document as the API server does: field
// names are case-sensitive, and unknown or duplicate fields are errors.
func decodeStrict(doc []byte, obj any) error {
	j, err := yaml.YAMLToJSON(doc)
	if err != nil {
		return err
	}
	strict, err := sigsjson.UnmarshalStrict(j, obj, sigsjson.DisallowDuplicateFields, sigsjson.DisallowUnknownFields)
	if err != nil {
		return err
	}
	return errors.Join(strict...)
}

func stripComments(b []byte) []byte {
	var out [][]byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(l), []byte("#")) {
			out = append(out, l)
		}
	}
	return bytes.Join(out, []byte("\n"))
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].String() < ps[j].String() })
}
