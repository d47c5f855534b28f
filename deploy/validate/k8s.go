package validate

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
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

func (c *checker) configMap(cm *corev1.ConfigMap) {
	c.meta(cm, &cm.ObjectMeta, apivalidation.NameIsDNSSubdomain)
	for k := range cm.Data {
		c.addList(cm, strs(field.NewPath("data").Key(k), k, validation.IsConfigMapKey(k)))
	}
	for k := range cm.BinaryData {
		c.addList(cm, strs(field.NewPath("binaryData").Key(k), k, validation.IsConfigMapKey(k)))
	}
}

func (c *checker) secret(s *corev1.Secret) {
	c.meta(s, &s.ObjectMeta, apivalidation.NameIsDNSSubdomain)
	if s.Type != "" && s.Type != corev1.SecretTypeOpaque {
		c.add(s, field.NotSupported(field.NewPath("type"), s.Type, []corev1.SecretType{corev1.SecretTypeOpaque}))
	}
	for k := range s.StringData {
		c.addList(s, strs(field.NewPath("stringData").Key(k), k, validation.IsConfigMapKey(k)))
	}
	for k := range s.Data {
		c.addList(s, strs(field.NewPath("data").Key(k), k, validation.IsConfigMapKey(k)))
	}
}

func (c *checker) configMapNamed(name string) *corev1.ConfigMap {
	for _, cm := range c.m.ConfigMaps {
		if cm.Name == name {
			return cm
		}
	}
	return nil
}

func (c *checker) secretNamed(name string) *corev1.Secret {
	for _, s := range c.m.Secrets {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// keys returns the keys of a ConfigMap or Secret, nil when it is none of
// the manifests.
func (c *checker) keys(kind, name string) map[string]string {
	out := map[string]string{}
	switch kind {
	case "ConfigMap":
		cm := c.configMapNamed(name)
		if cm == nil {
			return nil
		}
		for k, v := range cm.Data {
			out[k] = v
		}
		for k := range cm.BinaryData {
			out[k] = ""
		}
	case "Secret":
		s := c.secretNamed(name)
		if s == nil {
			return nil
		}
		for k, v := range s.StringData {
			out[k] = v
		}
		for k, v := range s.Data {
			out[k] = string(v)
		}
	}
	return out
}

// podLabels are the labels of the Deployment's pods.
func (c *checker) podLabels() labels.Set {
	if c.m.Deployment == nil {
		return nil
	}
	return labels.Set(c.m.Deployment.Spec.Template.Labels)
}

// selects checks that sel is valid, not empty, and selects the
// Deployment's pods.
func (c *checker) selects(obj any, sel *metav1.LabelSelector, p *field.Path) {
	if sel == nil || len(sel.MatchLabels)+len(sel.MatchExpressions) == 0 {
		c.add(obj, field.Required(p, "a selector of the Deployment's pods (an empty one selects every pod of the namespace)"))
		return
	}
	errs := metav1validation.ValidateLabelSelector(sel, metav1validation.LabelSelectorValidationOptions{}, p)
	c.addList(obj, errs)
	if len(errs) > 0 {
		return
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		c.add(obj, field.Invalid(p, sel, err.Error()))
		return
	}
	if pods := c.podLabels(); pods != nil && !s.Matches(pods) {
		c.add(obj, field.Invalid(p, s.String(), fmt.Sprintf("does not select the Deployment's pods, labelled %s", pods)))
	}
}

// containerPort is a port a container of the Deployment opens.
type containerPort struct {
	name     string
	number   int32
	protocol corev1.Protocol
}

func (c *checker) containerPorts() []containerPort {
	if c.m.Deployment == nil {
		return nil
	}
	var out []containerPort
	for _, ct := range c.m.Deployment.Spec.Template.Spec.Containers {
		for _, p := range ct.Ports {
			out = append(out, containerPort{p.Name, p.ContainerPort, protocolOf(p.Protocol)})
		}
	}
	return out
}

func protocolOf(p corev1.Protocol) corev1.Protocol {
	if p == "" {
		return corev1.ProtocolTCP
	}
	return p
}

var protocols = []corev1.Protocol{corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP}

// resolvePort checks that port (a probe's or the Service's target) is a
// port the Deployment's containers open, by name or number.
func (c *checker) resolvePort(obj any, port intstr.IntOrString, protocol corev1.Protocol, p *field.Path) {
	ports := c.containerPorts()
	switch port.Type {
	case intstr.String:
		if msgs := validation.IsValidPortName(port.StrVal); len(msgs) > 0 {
			c.addList(obj, strs(p, port.StrVal, msgs))
			return
		}
		for _, cp := range ports {
			if cp.name == port.StrVal {
				if cp.protocol != protocol {
					c.add(obj, field.Invalid(p, port.StrVal, fmt.Sprintf("the container port %s is %s, not %s", cp.name, cp.protocol, protocol)))
				}
				return
			}
		}
		c.add(obj, field.Invalid(p, port.StrVal, "no container port has this name"))
	default:
		if msgs := validation.IsValidPortNum(int(port.IntVal)); len(msgs) > 0 {
			c.addList(obj, strs(p, port.IntVal, msgs))
			return
		}
		for _, cp := range ports {
			if cp.number == port.IntVal {
				return
			}
		}
		c.add(obj, field.Invalid(p, port.IntVal, "no container opens this port"))
	}
}

func (c *checker) deployment(d *appsv1.Deployment) {
	c.meta(d, &d.ObjectMeta, apivalidation.NameIsDNSSubdomain)
	spec := field.NewPath("spec")
	switch {
	case d.Spec.Replicas == nil:
		c.add(d, field.Required(spec.Child("replicas"), fmt.Sprintf("careerbot runs %d replicas or more (the default is 1)", c.opts.MinReplicas)))
	case *d.Spec.Replicas < c.opts.MinReplicas:
		c.add(d, field.Invalid(spec.Child("replicas"), *d.Spec.Replicas, fmt.Sprintf("must be at least %d: one replica can restart or move while the other answers", c.opts.MinReplicas)))
	}
	for name, v := range map[string]*int32{"revisionHistoryLimit": d.Spec.RevisionHistoryLimit, "progressDeadlineSeconds": d.Spec.ProgressDeadlineSeconds} {
		if v != nil && *v < 0 {
			c.add(d, field.Invalid(spec.Child(name), *v, "must be greater than or equal to 0"))
		}
	}
	if d.Spec.MinReadySeconds < 0 {
		c.add(d, field.Invalid(spec.Child("minReadySeconds"), d.Spec.MinReadySeconds, "must be greater than or equal to 0"))
	}
	c.addList(d, metav1validation.ValidateLabels(d.Spec.Template.Labels, spec.Child("template", "metadata", "labels")))
	c.addList(d, apivalidation.ValidateAnnotations(d.Spec.Template.Annotations, spec.Child("template", "metadata", "annotations")))
	if len(d.Spec.Template.Labels) == 0 {
		c.add(d, field.Required(spec.Child("template", "metadata", "labels"), "the pods need labels for the selectors"))
	}
	c.selects(d, d.Spec.Selector, spec.Child("selector"))
	c.strategy(d, spec.Child("strategy"))
	c.podSpec(d, &d.Spec.Template, spec.Child("template"))
}

func (c *checker) strategy(d *appsv1.Deployment, p *field.Path) {
	s := d.Spec.Strategy
	if s.Type != "" && s.Type != appsv1.RollingUpdateDeploymentStrategyType {
		c.add(d, field.Invalid(p.Child("type"), s.Type, "careerbot replicas are replaced one by one: use RollingUpdate"))
		return
	}
	ru := s.RollingUpdate
	if ru == nil || ru.MaxUnavailable == nil {
		c.add(d, field.Required(p.Child("rollingUpdate", "maxUnavailable"), "set it to 0, so that a new replica is ready before an old one stops"))
		return
	}
	replicas := 1
	if d.Spec.Replicas != nil {
		replicas = int(*d.Spec.Replicas)
	}
	unavailable, err := intstr.GetScaledValueFromIntOrPercent(ru.MaxUnavailable, replicas, false)
	if err != nil || unavailable < 0 {
		c.add(d, field.Invalid(p.Child("rollingUpdate", "maxUnavailable"), ru.MaxUnavailable.String(), "must be a non-negative number or percentage"))
		return
	}
	if unavailable != 0 {
		c.add(d, field.Invalid(p.Child("rollingUpdate", "maxUnavailable"), ru.MaxUnavailable.String(), "must be 0: rolling updates would take replicas down before new ones are ready"))
	}
	surge := 1 // the default, 25%, rounds up to 1
	if ru.MaxSurge != nil {
		if surge, err = intstr.GetScaledValueFromIntOrPercent(ru.MaxSurge, replicas, true); err != nil || surge < 0 {
			c.add(d, field.Invalid(p.Child("rollingUpdate", "maxSurge"), ru.MaxSurge.String(), "must be a non-negative number or percentage"))
			return
		}
	}
	if surge == 0 {
		c.add(d, field.Invalid(p.Child("rollingUpdate", "maxSurge"), ru.MaxSurge.String(), "may not be 0 when maxUnavailable is 0: no rollout could proceed"))
	}
}

func (c *checker) podSpec(d *appsv1.Deployment, tmpl *corev1.PodTemplateSpec, p *field.Path) {
	pod := &tmpl.Spec
	sp := p.Child("spec")
	if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
		c.add(d, field.Invalid(sp.Child("automountServiceAccountToken"), pod.AutomountServiceAccountToken, "must be false: careerbot calls nothing in the cluster"))
	}
	grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
	if pod.TerminationGracePeriodSeconds != nil {
		grace = *pod.TerminationGracePeriodSeconds
		if grace < 0 {
			c.add(d, field.Invalid(sp.Child("terminationGracePeriodSeconds"), grace, "must be greater than or equal to 0"))
		}
	}
	psc := pod.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	if psc.RunAsUser != nil && *psc.RunAsUser == 0 {
		c.add(d, field.Invalid(sp.Child("securityContext", "runAsUser"), 0, "careerbot runs as a non-root user"))
	}
	if psc.RunAsGroup != nil && *psc.RunAsGroup < 0 {
		c.add(d, field.Invalid(sp.Child("securityContext", "runAsGroup"), *psc.RunAsGroup, "must be greater than or equal to 0"))
	}
	for i, tsc := range pod.TopologySpreadConstraints {
		tp := sp.Child("topologySpreadConstraints").Index(i)
		if tsc.MaxSkew < 1 {
			c.add(d, field.Invalid(tp.Child("maxSkew"), tsc.MaxSkew, "must be greater than zero"))
		}
		if tsc.TopologyKey == "" {
			c.add(d, field.Required(tp.Child("topologyKey"), "the node label to spread over"))
		}
		if w := tsc.WhenUnsatisfiable; w != corev1.DoNotSchedule && w != corev1.ScheduleAnyway {
			c.add(d, field.NotSupported(tp.Child("whenUnsatisfiable"), w, []corev1.UnsatisfiableConstraintAction{corev1.DoNotSchedule, corev1.ScheduleAnyway}))
		}
		c.selects(d, tsc.LabelSelector, tp.Child("labelSelector"))
	}

	volumes := map[string]bool{}
	for i, v := range pod.Volumes {
		vp := sp.Child("volumes").Index(i)
		c.addList(d, strs(vp.Child("name"), v.Name, validation.IsDNS1123Label(v.Name)))
		if volumes[v.Name] {
			c.add(d, field.Duplicate(vp.Child("name"), v.Name))
		}
		volumes[v.Name] = true
		switch {
		case v.EmptyDir != nil:
			if v.EmptyDir.SizeLimit != nil && v.EmptyDir.SizeLimit.Sign() <= 0 {
				c.add(d, field.Invalid(vp.Child("emptyDir", "sizeLimit"), v.EmptyDir.SizeLimit.String(), "must be greater than zero"))
			}
		case v.ConfigMap != nil:
			c.reference(d, "ConfigMap", v.ConfigMap.Name, v.ConfigMap.Optional, vp.Child("configMap", "name"))
			for j, it := range v.ConfigMap.Items {
				c.key(d, "ConfigMap", v.ConfigMap.Name, it.Key, v.ConfigMap.Optional, vp.Child("configMap", "items").Index(j).Child("key"))
			}
		case v.Secret != nil:
			c.reference(d, "Secret", v.Secret.SecretName, v.Secret.Optional, vp.Child("secret", "secretName"))
			for j, it := range v.Secret.Items {
				c.key(d, "Secret", v.Secret.SecretName, it.Key, v.Secret.Optional, vp.Child("secret", "items").Index(j).Child("key"))
			}
		}
	}

	if len(pod.Containers) != 1 {
		c.add(d, field.Invalid(sp.Child("containers"), len(pod.Containers), "careerbot's pod has one container"))
	}
	for i := range pod.Containers {
		c.container(d, &pod.Containers[i], psc, volumes, grace, sp.Child("containers").Index(i))
	}
	if len(pod.InitContainers) > 0 {
		c.add(d, field.Forbidden(sp.Child("initContainers"), "careerbot migrates the database itself, at start, under a lock"))
	}

	// Prometheus scrapes the port the annotation names.
	if v, ok := tmpl.Annotations["prometheus.io/port"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			c.add(d, field.Invalid(p.Child("metadata", "annotations").Key("prometheus.io/port"), v, "must be a port number"))
		} else {
			c.resolvePort(d, intstr.FromInt32(int32(n)), corev1.ProtocolTCP, p.Child("metadata", "annotations").Key("prometheus.io/port"))
		}
	}
}

func (c *checker) container(d *appsv1.Deployment, ct *corev1.Container, psc *corev1.PodSecurityContext, volumes map[string]bool, grace int64, p *field.Path) {
	c.addList(d, strs(p.Child("name"), ct.Name, validation.IsDNS1123Label(ct.Name)))
	if ct.Image == "" {
		c.add(d, field.Required(p.Child("image"), "the image built from deploy/docker/Dockerfile"))
	}
	switch ct.ImagePullPolicy {
	case "", corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever:
	default:
		c.add(d, field.NotSupported(p.Child("imagePullPolicy"), ct.ImagePullPolicy, []corev1.PullPolicy{corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever}))
	}

	// Ports.
	names, numbers := map[string]bool{}, map[string]bool{}
	for i, port := range ct.Ports {
		pp := p.Child("ports").Index(i)
		if port.Name != "" {
			c.addList(d, strs(pp.Child("name"), port.Name, validation.IsValidPortName(port.Name)))
			if names[port.Name] {
				c.add(d, field.Duplicate(pp.Child("name"), port.Name))
			}
			names[port.Name] = true
		}
		c.addList(d, strs(pp.Child("containerPort"), port.ContainerPort, validation.IsValidPortNum(int(port.ContainerPort))))
		if port.HostPort != 0 {
			c.add(d, field.Forbidden(pp.Child("hostPort"), "replicas on one node would clash: reach careerbot through the Service"))
		}
		if !slices.Contains(protocols, protocolOf(port.Protocol)) {
			c.add(d, field.NotSupported(pp.Child("protocol"), port.Protocol, protocols))
		}
		key := fmt.Sprintf("%d/%s", port.ContainerPort, protocolOf(port.Protocol))
		if numbers[key] {
			c.add(d, field.Duplicate(pp.Child("containerPort"), port.ContainerPort))
		}
		numbers[key] = true
	}

	// Probes.
	c.probe(d, ct.LivenessProbe, "/healthz", true, p.Child("livenessProbe"))
	c.probe(d, ct.ReadinessProbe, "/readyz", true, p.Child("readinessProbe"))
	c.probe(d, ct.StartupProbe, "/healthz", false, p.Child("startupProbe"))

	// Resources.
	c.resources(d, ct.Resources, p.Child("resources"))

	// Security: the container's settings win over the pod's.
	sc := ct.SecurityContext
	if sc == nil {
		c.add(d, field.Required(p.Child("securityContext"), "careerbot runs non-root, on a read-only root filesystem, with no capabilities"))
		sc = &corev1.SecurityContext{}
	}
	sp := p.Child("securityContext")
	nonRoot := psc.RunAsNonRoot
	if sc.RunAsNonRoot != nil {
		nonRoot = sc.RunAsNonRoot
	}
	if nonRoot == nil || !*nonRoot {
		c.add(d, field.Invalid(sp.Child("runAsNonRoot"), nonRoot, "must be true (here or in the pod's securityContext): careerbot runs as a non-root user"))
	}
	if sc.RunAsUser != nil && *sc.RunAsUser == 0 {
		c.add(d, field.Invalid(sp.Child("runAsUser"), 0, "careerbot runs as a non-root user"))
	}
	if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		c.add(d, field.Invalid(sp.Child("readOnlyRootFilesystem"), sc.ReadOnlyRootFilesystem, "must be true: careerbot writes nothing but to /tmp"))
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		c.add(d, field.Invalid(sp.Child("allowPrivilegeEscalation"), sc.AllowPrivilegeEscalation, "must be false"))
	}
	if sc.Privileged != nil && *sc.Privileged {
		c.add(d, field.Forbidden(sp.Child("privileged"), "careerbot needs no privilege"))
	}
	if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
		c.add(d, field.Invalid(sp.Child("capabilities", "drop"), capsDrop(sc), `must drop "ALL"`))
	}
	if sc.Capabilities != nil && len(sc.Capabilities.Add) > 0 {
		c.add(d, field.Forbidden(sp.Child("capabilities", "add"), "careerbot needs no capability"))
	}
	seccomp := psc.SeccompProfile
	if sc.SeccompProfile != nil {
		seccomp = sc.SeccompProfile
	}
	if seccomp == nil || seccomp.Type == corev1.SeccompProfileTypeUnconfined {
		c.add(d, field.Invalid(sp.Child("seccompProfile", "type"), seccompType(seccomp), "set RuntimeDefault (here or in the pod's securityContext)"))
	}

	// Volumes.
	for i, vm := range ct.VolumeMounts {
		vp := p.Child("volumeMounts").Index(i)
		if !volumes[vm.Name] {
			c.add(d, field.NotFound(vp.Child("name"), vm.Name))
		}
		if !strings.HasPrefix(vm.MountPath, "/") {
			c.add(d, field.Invalid(vp.Child("mountPath"), vm.MountPath, "must be an absolute path"))
		}
	}

	// Environment: every ConfigMap, Secret and key referenced exists, and
	// every key becomes a variable careerbot reads.
	env := map[string]string{}
	for i, ef := range ct.EnvFrom {
		ep := p.Child("envFrom").Index(i)
		if ef.Prefix != "" {
			c.addList(d, strs(ep.Child("prefix"), ef.Prefix, validation.IsEnvVarName(ef.Prefix)))
		}
		var kind, name string
		var optional *bool
		switch {
		case ef.ConfigMapRef != nil:
			kind, name, optional = "ConfigMap", ef.ConfigMapRef.Name, ef.ConfigMapRef.Optional
			ep = ep.Child("configMapRef", "name")
		case ef.SecretRef != nil:
			kind, name, optional = "Secret", ef.SecretRef.Name, ef.SecretRef.Optional
			ep = ep.Child("secretRef", "name")
		default:
			c.add(d, field.Required(ep, "a configMapRef or a secretRef"))
			continue
		}
		if !c.reference(d, kind, name, optional, ep) {
			continue
		}
		for k, v := range c.keys(kind, name) {
			c.envKey(kind, name, ef.Prefix+k)
			env[ef.Prefix+k] = v
		}
	}
	for i, e := range ct.Env {
		ep := p.Child("env").Index(i)
		c.addList(d, strs(ep.Child("name"), e.Name, validation.IsEnvVarName(e.Name)))
		c.knownVar(d, e.Name, ep.Child("name"))
		env[e.Name] = e.Value
		if e.ValueFrom == nil {
			continue
		}
		switch {
		case e.ValueFrom.ConfigMapKeyRef != nil:
			r := e.ValueFrom.ConfigMapKeyRef
			if c.reference(d, "ConfigMap", r.Name, r.Optional, ep.Child("valueFrom", "configMapKeyRef", "name")) {
				c.key(d, "ConfigMap", r.Name, r.Key, r.Optional, ep.Child("valueFrom", "configMapKeyRef", "key"))
				env[e.Name] = c.keys("ConfigMap", r.Name)[r.Key]
			}
		case e.ValueFrom.SecretKeyRef != nil:
			r := e.ValueFrom.SecretKeyRef
			if c.reference(d, "Secret", r.Name, r.Optional, ep.Child("valueFrom", "secretKeyRef", "name")) {
				c.key(d, "Secret", r.Name, r.Key, r.Optional, ep.Child("valueFrom", "secretKeyRef", "key"))
				env[e.Name] = c.keys("Secret", r.Name)[r.Key]
			}
		}
	}
	c.careerbotEnv(d, ct, env, grace)
}

// careerbotEnv checks careerbot's settings against the Deployment: the
// listen address is the http container port, and the shutdown timeout is
// shorter than the grace period.
func (c *checker) careerbotEnv(d *appsv1.Deployment, ct *corev1.Container, env map[string]string, grace int64) {
	addr := env["CAREERBOT_HTTP_ADDR"]
	if addr == "" {
		addr = ":8080"
	}
	where := c.varSource(ct, "CAREERBOT_HTTP_ADDR")
	_, port, err := net.SplitHostPort(addr)
	n, nerr := strconv.Atoi(port)
	switch {
	case err != nil || nerr != nil:
		c.problems = append(c.problems, Problem{where.file, field.Invalid(where.path, addr, "must be HOST:PORT or :PORT")})
	case !slices.ContainsFunc(c.containerPorts(), func(cp containerPort) bool { return int(cp.number) == n && cp.name == "http" }):
		c.problems = append(c.problems, Problem{where.file, field.Invalid(where.path, addr, fmt.Sprintf("careerbot would listen on port %d, which is not the container port named http (%s)", n, c.m.fileOf(d)))})
	}
	timeout := env["CAREERBOT_SHUTDOWN_TIMEOUT"]
	if timeout == "" {
		timeout = "20s"
	}
	where = c.varSource(ct, "CAREERBOT_SHUTDOWN_TIMEOUT")
	if v, err := time.ParseDuration(timeout); err != nil || v <= 0 {
		c.problems = append(c.problems, Problem{where.file, field.Invalid(where.path, timeout, "must be a positive duration, such as 20s")})
	} else if v >= time.Duration(grace)*time.Second {
		c.add(d, field.Invalid(field.NewPath("spec", "template", "spec", "terminationGracePeriodSeconds"), grace,
			fmt.Sprintf("must be longer than CAREERBOT_SHUTDOWN_TIMEOUT (%s), or the kubelet kills answers in flight", timeout)))
	}
}

// source is where a variable's value is set: a file and a field.
type source struct {
	file string
	path *field.Path
}

// varSource returns where the container's variable name is set: its env
// entry, the ConfigMap or Secret key it comes from, or the container
// itself when it is not set.
func (c *checker) varSource(ct *corev1.Container, name string) source {
	cp := field.NewPath("spec", "template", "spec", "containers").Index(0)
	for i, e := range ct.Env {
		if e.Name == name {
			return source{c.m.fileOf(c.m.Deployment), cp.Child("env").Index(i).Child("value")}
		}
	}
	for i := len(ct.EnvFrom) - 1; i >= 0; i-- {
		ef := ct.EnvFrom[i]
		if ef.ConfigMapRef != nil {
			if cm := c.configMapNamed(ef.ConfigMapRef.Name); cm != nil {
				if _, ok := cm.Data[strings.TrimPrefix(name, ef.Prefix)]; ok {
					return source{c.m.fileOf(cm), field.NewPath("data").Key(strings.TrimPrefix(name, ef.Prefix))}
				}
			}
		}
		if ef.SecretRef != nil {
			if s := c.secretNamed(ef.SecretRef.Name); s != nil {
				if _, ok := s.StringData[strings.TrimPrefix(name, ef.Prefix)]; ok {
					return source{c.m.fileOf(s), field.NewPath("stringData").Key(strings.TrimPrefix(name, ef.Prefix))}
				}
			}
		}
	}
	return source{c.m.fileOf(c.m.Deployment), cp.Child("env")}
}

// unused reports the ConfigMaps and Secrets the Deployment does not use:
// their settings would never reach careerbot.
func (c *checker) unused() {
	used := map[string]bool{}
	pod := c.m.Deployment.Spec.Template.Spec
	for _, ct := range pod.Containers {
		for _, ef := range ct.EnvFrom {
			if ef.ConfigMapRef != nil {
				used["ConfigMap/"+ef.ConfigMapRef.Name] = true
			}
			if ef.SecretRef != nil {
				used["Secret/"+ef.SecretRef.Name] = true
			}
		}
		for _, e := range ct.Env {
			if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil {
				used["ConfigMap/"+e.ValueFrom.ConfigMapKeyRef.Name] = true
			}
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
				used["Secret/"+e.ValueFrom.SecretKeyRef.Name] = true
			}
		}
	}
	for _, v := range pod.Volumes {
		if v.ConfigMap != nil {
			used["ConfigMap/"+v.ConfigMap.Name] = true
		}
		if v.Secret != nil {
			used["Secret/"+v.Secret.SecretName] = true
		}
	}
	for _, cm := range c.m.ConfigMaps {
		if !used["ConfigMap/"+cm.Name] {
			c.add(cm, field.Invalid(field.NewPath("metadata", "name"), cm.Name, "the Deployment uses no ConfigMap of this name: its settings would not reach careerbot"))
		}
	}
	for _, s := range c.m.Secrets {
		if !used["Secret/"+s.Name] {
			c.add(s, field.Invalid(field.NewPath("metadata", "name"), s.Name, "the Deployment uses no Secret of this name: its values would not reach careerbot"))
		}
	}
}

// envKey checks that a key a ConfigMap or Secret gives the environment is
// a variable name careerbot reads.
func (c *checker) envKey(kind, name, key string) {
	var obj any
	var p *field.Path
	if kind == "ConfigMap" {
		obj, p = c.configMapNamed(name), field.NewPath("data").Key(key)
	} else {
		obj, p = c.secretNamed(name), field.NewPath("stringData").Key(key)
	}
	if msgs := validation.IsEnvVarName(key); len(msgs) > 0 {
		c.addList(obj, strs(p, key, append(msgs, "the kubelet leaves such a key out of the environment")))
		return
	}
	c.knownVar(obj, key, p)
}

// knownVar checks that name is a variable careerbot reads.
func (c *checker) knownVar(obj any, name string, p *field.Path) {
	if len(c.opts.EnvVars) > 0 && !slices.Contains(c.opts.EnvVars, name) {
		c.add(obj, field.Invalid(p, name, "careerbot reads no such variable ('careerbot env' lists them)"))
	}
}

// reference checks that the Deployment's reference to a ConfigMap or
// Secret names one of the manifests, and reports whether it does.
func (c *checker) reference(d *appsv1.Deployment, kind, name string, optional *bool, p *field.Path) bool {
	if c.keys(kind, name) != nil {
		return true
	}
	if optional == nil || !*optional {
		c.add(d, field.Invalid(p, name, fmt.Sprintf("no %s of deploy/k8s has this name: the pods would not start", kind)))
	}
	return false
}

// key checks that a key referenced by the Deployment is in its ConfigMap
// or Secret.
func (c *checker) key(d *appsv1.Deployment, kind, name, key string, optional *bool, p *field.Path) {
	keys := c.keys(kind, name)
	if keys == nil {
		return
	}
	if _, ok := keys[key]; !ok && (optional == nil || !*optional) {
		c.add(d, field.Invalid(p, key, fmt.Sprintf("the %s %s has no such key: the pods would not start", kind, name)))
	}
}

func capsDrop(sc *corev1.SecurityContext) any {
	if sc.Capabilities == nil {
		return nil
	}
	return sc.Capabilities.Drop
}

func seccompType(p *corev1.SeccompProfile) any {
	if p == nil {
		return nil
	}
	return p.Type
}

// probe checks one of the container's probes: an HTTP GET of path on a
// container port, with positive periods, timeouts and thresholds.
func (c *checker) probe(d *appsv1.Deployment, pr *corev1.Probe, wantPath string, required bool, p *field.Path) {
	if pr == nil {
		if required {
			c.add(d, field.Required(p, "an HTTP GET of "+wantPath))
		}
		return
	}
	handlers := 0
	for _, set := range []bool{pr.HTTPGet != nil, pr.TCPSocket != nil, pr.Exec != nil, pr.GRPC != nil} {
		if set {
			handlers++
		}
	}
	if handlers != 1 || pr.HTTPGet == nil {
		c.add(d, field.Invalid(p, handlers, "must have exactly one handler, an httpGet of "+wantPath))
	} else {
		h := pr.HTTPGet
		if h.Path != wantPath {
			c.add(d, field.Invalid(p.Child("httpGet", "path"), h.Path, "must be "+wantPath))
		}
		if h.Scheme != "" && h.Scheme != corev1.URISchemeHTTP {
			c.add(d, field.Invalid(p.Child("httpGet", "scheme"), h.Scheme, "careerbot serves plain HTTP: use HTTP"))
		}
		c.resolvePort(d, h.Port, corev1.ProtocolTCP, p.Child("httpGet", "port"))
	}
	// Zero means the API server's default; anything set must be positive.
	for _, f := range []struct {
		name string
		v    int32
	}{{"periodSeconds", pr.PeriodSeconds}, {"timeoutSeconds", pr.TimeoutSeconds}, {"successThreshold", pr.SuccessThreshold}, {"failureThreshold", pr.FailureThreshold}} {
		if f.v < 0 {
			c.add(d, field.Invalid(p.Child(f.name), f.v, "must be positive"))
		}
	}
	if pr.InitialDelaySeconds < 0 {
		c.add(d, field.Invalid(p.Child("initialDelaySeconds"), pr.InitialDelaySeconds, "must be greater than or equal to 0"))
	}
	if pr.TerminationGracePeriodSeconds != nil && *pr.TerminationGracePeriodSeconds <= 0 {
		c.add(d, field.Invalid(p.Child("terminationGracePeriodSeconds"), *pr.TerminationGracePeriodSeconds, "must be positive"))
	}
	if wantPath == "/healthz" && pr.SuccessThreshold > 1 {
		c.add(d, field.Invalid(p.Child("successThreshold"), pr.SuccessThreshold, "must be 1 for liveness and startup probes"))
	}
}

// resources checks that CPU and memory are requested, that no quantity is
// negative, that no request exceeds its limit, and that the memory limit
// leaves careerbot room.
func (c *checker) resources(d *appsv1.Deployment, r corev1.ResourceRequirements, p *field.Path) {
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if q, ok := r.Requests[name]; !ok || q.IsZero() {
			c.add(d, field.Required(p.Child("requests").Key(string(name)), "the scheduler places pods by their requests"))
		}
	}
	for _, set := range []struct {
		name string
		list corev1.ResourceList
	}{{"requests", r.Requests}, {"limits", r.Limits}} {
		for name, q := range set.list {
			if q.Sign() < 0 {
				c.add(d, field.Invalid(p.Child(set.name).Key(string(name)), q.String(), "must be greater than or equal to 0"))
			}
		}
	}
	for name, req := range r.Requests {
		if lim, ok := r.Limits[name]; ok && req.Cmp(lim) > 0 {
			c.add(d, field.Invalid(p.Child("requests").Key(string(name)), req.String(), fmt.Sprintf("must be less than or equal to the %s limit, %s", name, lim.String())))
		}
	}
	if q, ok := r.Limits[corev1.ResourceMemory]; !ok {
		c.add(d, field.Required(p.Child("limits").Key("memory"), "a memory limit of 128Mi or more"))
	} else if q.Cmp(resource.MustParse("128Mi")) < 0 {
		c.add(d, field.Invalid(p.Child("limits").Key("memory"), q.String(), "must be 128Mi or more: careerbot holds the local embedder and its answers in flight"))
	}
}

func (c *checker) service(s *corev1.Service) {
	c.meta(s, &s.ObjectMeta, apivalidation.NameIsDNS1035Label)
	spec := field.NewPath("spec")
	switch s.Spec.Type {
	case "", corev1.ServiceTypeClusterIP, corev1.ServiceTypeNodePort, corev1.ServiceTypeLoadBalancer:
	default:
		c.add(s, field.NotSupported(spec.Child("type"), s.Spec.Type, []corev1.ServiceType{corev1.ServiceTypeClusterIP, corev1.ServiceTypeNodePort, corev1.ServiceTypeLoadBalancer}))
	}
	sp := spec.Child("selector")
	if len(s.Spec.Selector) == 0 {
		c.add(s, field.Required(sp, "a selector of the Deployment's pods"))
	} else {
		c.addList(s, metav1validation.ValidateLabels(s.Spec.Selector, sp))
		if pods := c.podLabels(); pods != nil && !labels.SelectorFromSet(s.Spec.Selector).Matches(pods) {
			c.add(s, field.Invalid(sp, labels.Set(s.Spec.Selector).String(), fmt.Sprintf("does not select the Deployment's pods, labelled %s", pods)))
		}
	}
	if len(s.Spec.Ports) == 0 {
		c.add(s, field.Required(spec.Child("ports"), "the http port"))
	}
	names, numbers := map[string]bool{}, map[string]bool{}
	var http bool
	for i, port := range s.Spec.Ports {
		pp := spec.Child("ports").Index(i)
		if port.Name != "" || len(s.Spec.Ports) > 1 {
			c.addList(s, strs(pp.Child("name"), port.Name, validation.IsDNS1123Label(port.Name)))
		}
		if names[port.Name] {
			c.add(s, field.Duplicate(pp.Child("name"), port.Name))
		}
		names[port.Name] = true
		c.addList(s, strs(pp.Child("port"), port.Port, validation.IsValidPortNum(int(port.Port))))
		key := fmt.Sprintf("%d/%s", port.Port, protocolOf(port.Protocol))
		if numbers[key] {
			c.add(s, field.Duplicate(pp.Child("port"), port.Port))
		}
		numbers[key] = true
		if !slices.Contains(protocols, protocolOf(port.Protocol)) {
			c.add(s, field.NotSupported(pp.Child("protocol"), port.Protocol, protocols))
		}
		if port.NodePort != 0 && s.Spec.Type != corev1.ServiceTypeNodePort && s.Spec.Type != corev1.ServiceTypeLoadBalancer {
			c.add(s, field.Forbidden(pp.Child("nodePort"), "only NodePort and LoadBalancer Services have node ports"))
		}
		target := port.TargetPort
		if target.Type == intstr.Int && target.IntVal == 0 {
			target = intstr.FromInt32(port.Port) // the API server's default
		}
		c.resolvePort(s, target, protocolOf(port.Protocol), pp.Child("targetPort"))
		http = http || target.Type == intstr.String && target.StrVal == "http" ||
			slices.ContainsFunc(c.containerPorts(), func(cp containerPort) bool {
				return cp.name == "http" && target.Type == intstr.Int && cp.number == target.IntVal
			})
	}
	if !http && len(s.Spec.Ports) > 0 {
		c.add(s, field.Invalid(spec.Child("ports"), len(s.Spec.Ports), "no port targets the container port named http"))
	}
}

func (c *checker) pdb(b *policyv1.PodDisruptionBudget) {
	c.meta(b, &b.ObjectMeta, apivalidation.NameIsDNSSubdomain)
	spec := field.NewPath("spec")
	c.selects(b, b.Spec.Selector, spec.Child("selector"))
	switch {
	case b.Spec.MinAvailable == nil && b.Spec.MaxUnavailable == nil:
		c.add(b, field.Required(spec.Child("minAvailable"), "minAvailable or maxUnavailable, so that a drain keeps a replica"))
		return
	case b.Spec.MinAvailable != nil && b.Spec.MaxUnavailable != nil:
		c.add(b, field.Invalid(spec, "minAvailable and maxUnavailable", "set only one of them"))
		return
	}
	replicas := 1
	if d := c.m.Deployment; d != nil && d.Spec.Replicas != nil {
		replicas = int(*d.Spec.Replicas)
	}
	if v := b.Spec.MinAvailable; v != nil {
		n, err := intstr.GetScaledValueFromIntOrPercent(v, replicas, true)
		switch {
		case err != nil || n < 0 || v.Type == intstr.String && len(validation.IsValidPercent(v.StrVal)) > 0:
			c.add(b, field.Invalid(spec.Child("minAvailable"), v.String(), "must be a non-negative number or a percentage"))
		case n >= replicas:
			c.add(b, field.Invalid(spec.Child("minAvailable"), v.String(), fmt.Sprintf("blocks every drain with %d replicas: must be fewer than the replicas", replicas)))
		case n < 1:
			c.add(b, field.Invalid(spec.Child("minAvailable"), v.String(), "must keep at least one replica"))
		}
	}
	if v := b.Spec.MaxUnavailable; v != nil {
		n, err := intstr.GetScaledValueFromIntOrPercent(v, replicas, true)
		switch {
		case err != nil || n < 0 || v.Type == intstr.String && len(validation.IsValidPercent(v.StrVal)) > 0:
			c.add(b, field.Invalid(spec.Child("maxUnavailable"), v.String(), "must be a non-negative number or a percentage"))
		case n < 1:
			c.add(b, field.Invalid(spec.Child("maxUnavailable"), v.String(), "blocks every drain: must be 1 or more"))
		case n >= replicas:
			c.add(b, field.Invalid(spec.Child("maxUnavailable"), v.String(), "lets a drain take every replica"))
		}
	}
}
