package validate

import (
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Options are what the checks need to know of careerbot itself.
type Options struct {
	// EnvVars are the variables careerbot reads (`careerbot env`); the
	// keys of the ConfigMaps and Secrets the Deployment takes its
	// environment from must be among them. Empty: not checked.
	EnvVars []string
	// MinReplicas is the least number of replicas (2 when zero).
	MinReplicas int32
}

// Check returns what is wrong in m for a real cluster and for careerbot:
// what the API server would refuse (names, labels, selectors, ports,
// probes, resources), what it would accept but would not work (selectors
// that select no pod, a Service or probe port no container opens,
// references to ConfigMaps, Secrets or keys that do not exist, requests
// above limits), and what careerbot's deployment requires (two replicas or
// more, non-root on a read-only root filesystem, liveness on /healthz and
// readiness on /readyz, a grace period longer than the shutdown timeout).
// Each problem names the file and the field.
func (m *Manifests) Check(opts Options) []Problem {
	c := &checker{m: m, opts: opts}
	if opts.MinReplicas == 0 {
		c.opts.MinReplicas = 2
	}
	for _, cm := range m.ConfigMaps {
		c.configMap(cm)
	}
	for _, s := range m.Secrets {
		c.secret(s)
	}
	if m.Deployment != nil {
		c.deployment(m.Deployment)
		c.unused()
	}
	if m.Service != nil {
		c.service(m.Service)
	}
	if m.PDB != nil {
		c.pdb(m.PDB)
	}
	sortProblems(c.problems)
	return c.problems
}

type checker struct {
	m        *Manifests
	opts     Options
	problems []Problem
}

func (c *checker) add(obj any, errs ...*field.Error) {
	for _, e := range errs {
		c.problems = append(c.problems, Problem{c.m.fileOf(obj), e})
	}
}

func (c *checker) addList(obj any, errs field.ErrorList) { c.add(obj, errs...) }

// strs turns the messages of the util/validation functions into errors.
func strs(p *field.Path, value any, msgs []string) field.ErrorList {
	var out field.ErrorList
	for _, msg := range msgs {
		out = append(out, field.Invalid(p, value, msg))
	}
	return out
}

func (c *checker) meta(obj any, meta *metav1.ObjectMeta, nameFn apivalidation.ValidateNameFunc) {
	p := field.NewPath("metadata")
	if meta.Namespace != "" {
		// Namespaced objects: the namespace must be a DNS label; the
		// check of ValidateObjectMeta below is for its other fields.
		c.addList(obj, strs(p.Child("namespace"), meta.Namespace, validation.IsDNS1123Label(meta.Namespace)))
		copied := *meta
		copied.Namespace = ""
		meta = &copied
	}
	c.addList(obj, apivalidation.ValidateObjectMeta(meta, false, nameFn, p))
}
