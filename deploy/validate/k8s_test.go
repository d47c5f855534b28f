package validate

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// manifests are the objects of deploy/k8s, decoded strictly: an unknown
// or misspelt field, or a value of the wrong type, fails the test.
type manifests struct {
	deployment *appsv1.Deployment
	service    *corev1.Service
	configMap  *corev1.ConfigMap
	secret     *corev1.Secret
	pdb        *policyv1.PodDisruptionBudget
	files      []string
}

func loadManifests(t *testing.T) manifests {
	t.Helper()
	paths, err := filepath.Glob("../k8s/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m manifests
	for _, p := range paths {
		if filepath.Base(p) == "kustomization.yaml" {
			continue
		}
		m.files = append(m.files, filepath.Base(p))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range bytes.Split(b, []byte("\n---")) {
			if len(bytes.TrimSpace(stripComments(doc))) == 0 {
				continue
			}
			var meta struct {
				APIVersion string `json:"apiVersion"`
				Kind       string `json:"kind"`
			}
			if err := yaml.Unmarshal(doc, &meta); err != nil {
				t.Fatalf("%s document %d: %v", p, i+1, err)
			}
			var obj any
			switch meta.APIVersion + " " + meta.Kind {
			case "apps/v1 Deployment":
				m.deployment = &appsv1.Deployment{}
				obj = m.deployment
			case "v1 Service":
				m.service = &corev1.Service{}
				obj = m.service
			case "v1 ConfigMap":
				m.configMap = &corev1.ConfigMap{}
				obj = m.configMap
			case "v1 Secret":
				m.secret = &corev1.Secret{}
				obj = m.secret
			case "policy/v1 PodDisruptionBudget":
				m.pdb = &policyv1.PodDisruptionBudget{}
				obj = m.pdb
			default:
				t.Fatalf("%s document %d: unexpected %s %s", p, i+1, meta.APIVersion, meta.Kind)
			}
			if err := decodeStrict(doc, obj); err != nil {
				t.Errorf("%s document %d (%s): %v", p, i+1, meta.Kind, err)
			}
		}
	}
	if m.deployment == nil || m.service == nil || m.configMap == nil || m.secret == nil || m.pdb == nil {
		t.Fatalf("deploy/k8s lacks an object: deployment %v service %v configmap %v secret %v pdb %v",
			m.deployment != nil, m.service != nil, m.configMap != nil, m.secret != nil, m.pdb != nil)
	}
	return m
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

// The Deployment runs two replicas or more, non-root on a read-only root
// filesystem without capabilities, with liveness on /healthz, readiness on
// /readyz, resources, and a grace period longer than the shutdown timeout.
func TestDeployment(t *testing.T) {
	m := loadManifests(t)
	d := m.deployment
	if d.Spec.Replicas == nil || *d.Spec.Replicas < 2 {
		t.Errorf("replicas %v, want 2 or more", d.Spec.Replicas)
	}
	if d.Spec.Selector == nil || !subset(d.Spec.Selector.MatchLabels, d.Spec.Template.Labels) || len(d.Spec.Selector.MatchLabels) == 0 {
		t.Errorf("selector %v does not select the pod labels %v", d.Spec.Selector, d.Spec.Template.Labels)
	}
	pod := d.Spec.Template.Spec
	if pod.SecurityContext == nil || pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
		t.Error("pod securityContext.runAsNonRoot is not true")
	}
	if pod.SecurityContext != nil && pod.SecurityContext.RunAsUser != nil && *pod.SecurityContext.RunAsUser == 0 {
		t.Error("pod runs as user 0")
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	sc := c.SecurityContext
	switch {
	case sc == nil:
		t.Fatal("container has no securityContext")
	case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
		t.Error("container root filesystem is not read-only")
	case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
		t.Error("container allows privilege escalation")
	case sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, corev1.Capability("ALL")):
		t.Error("container does not drop all capabilities")
	}
	ports := map[string]int32{}
	for _, p := range c.Ports {
		ports[p.Name] = p.ContainerPort
	}
	probe := func(name string, p *corev1.Probe, path string) {
		if p == nil || p.HTTPGet == nil {
			t.Errorf("%s probe missing or not an HTTP GET", name)
			return
		}
		if p.HTTPGet.Path != path {
			t.Errorf("%s probe on %s, want %s", name, p.HTTPGet.Path, path)
		}
		if port := p.HTTPGet.Port; port.Type == intstr.String && ports[port.StrVal] == 0 || port.Type == intstr.Int && !slices.Contains(mapValues(ports), port.IntVal) {
			t.Errorf("%s probe port %s is not a container port", name, port.String())
		}
	}
	probe("liveness", c.LivenessProbe, "/healthz")
	probe("readiness", c.ReadinessProbe, "/readyz")
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if q, ok := c.Resources.Requests[r]; !ok || q.IsZero() {
			t.Errorf("no %s request", r)
		}
	}
	if q, ok := c.Resources.Limits[corev1.ResourceMemory]; !ok || q.Cmp(resource.MustParse("128Mi")) < 0 {
		t.Errorf("memory limit %v, want one of 128Mi or more", c.Resources.Limits.Memory())
	}
	var fromConfig, fromSecret bool
	for _, e := range c.EnvFrom {
		fromConfig = fromConfig || e.ConfigMapRef != nil && e.ConfigMapRef.Name == m.configMap.Name
		fromSecret = fromSecret || e.SecretRef != nil && e.SecretRef.Name == m.secret.Name
	}
	if !fromConfig || !fromSecret {
		t.Errorf("container env from the ConfigMap %v, from the Secret %v", fromConfig, fromSecret)
	}
	if addr := m.configMap.Data["CAREERBOT_HTTP_ADDR"]; !strings.HasSuffix(addr, fmt.Sprintf(":%d", ports["http"])) {
		t.Errorf("CAREERBOT_HTTP_ADDR %q does not match the http container port %d", addr, ports["http"])
	}
	grace := int64(30)
	if pod.TerminationGracePeriodSeconds != nil {
		grace = *pod.TerminationGracePeriodSeconds
	}
	if timeout := m.configMap.Data["CAREERBOT_SHUTDOWN_TIMEOUT"]; timeout == "" || !shorter(timeout, grace) {
		t.Errorf("CAREERBOT_SHUTDOWN_TIMEOUT %q is not shorter than the %ds grace period", timeout, grace)
	}
	if s := d.Spec.Strategy.RollingUpdate; s == nil || s.MaxUnavailable == nil || s.MaxUnavailable.IntValue() != 0 {
		t.Error("rolling updates may take replicas down before new ones are ready: set maxUnavailable 0")
	}
}

// The Secret template holds every secret careerbot reads, with placeholder
// values; the ConfigMap none.
func TestSecretAndConfigMap(t *testing.T) {
	m := loadManifests(t)
	for _, k := range []string{"DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "CAREERBOT_USER_SALT"} {
		v, ok := m.secret.StringData[k]
		if !ok {
			t.Errorf("Secret lacks %s", k)
		} else if !strings.Contains(v, "CHANGE-ME") {
			t.Errorf("Secret %s = %q: a template holds placeholders only", k, v)
		}
	}
	for k := range m.configMap.Data {
		for _, secret := range []string{"TOKEN", "SECRET", "KEY", "SALT", "DATABASE_URL"} {
			if strings.Contains(k, secret) {
				t.Errorf("ConfigMap holds %s, a secret", k)
			}
		}
	}
}

// The Service and the PodDisruptionBudget select the Deployment's pods;
// the Service targets the http port.
func TestServiceAndPDB(t *testing.T) {
	m := loadManifests(t)
	labels := m.deployment.Spec.Template.Labels
	if len(m.service.Spec.Selector) == 0 || !subset(m.service.Spec.Selector, labels) {
		t.Errorf("Service selector %v does not select the pods %v", m.service.Spec.Selector, labels)
	}
	var named bool
	for _, p := range m.service.Spec.Ports {
		named = named || p.TargetPort.StrVal == "http"
	}
	if !named {
		t.Error("the Service does not target the http port")
	}
	pdb := m.pdb.Spec
	if pdb.Selector == nil || !subset(pdb.Selector.MatchLabels, labels) {
		t.Errorf("PodDisruptionBudget selector %v does not select the pods", pdb.Selector)
	}
	if pdb.MinAvailable == nil && pdb.MaxUnavailable == nil {
		t.Error("PodDisruptionBudget sets neither minAvailable nor maxUnavailable")
	}
	if pdb.MinAvailable != nil && pdb.MinAvailable.IntValue() >= int(*m.deployment.Spec.Replicas) {
		t.Errorf("minAvailable %s blocks every drain with %d replicas", pdb.MinAvailable.String(), *m.deployment.Spec.Replicas)
	}
}

// kustomization.yaml lists every manifest.
func TestKustomization(t *testing.T) {
	m := loadManifests(t)
	b, err := os.ReadFile("../k8s/kustomization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var k struct {
		APIVersion string   `json:"apiVersion"`
		Kind       string   `json:"kind"`
		Resources  []string `json:"resources"`
		Labels     []any    `json:"labels"`
		Images     []struct {
			Name    string `json:"name"`
			NewName string `json:"newName"`
			NewTag  string `json:"newTag"`
		} `json:"images"`
	}
	if err := decodeStrict(b, &k); err != nil {
		t.Fatalf("kustomization.yaml: %v", err)
	}
	got := slices.Clone(k.Resources)
	sort.Strings(got)
	if !slices.Equal(got, m.files) {
		t.Errorf("kustomization resources %v, want %v", got, m.files)
	}
	image := m.deployment.Spec.Template.Spec.Containers[0].Image
	if len(k.Images) != 1 || k.Images[0].Name != image || k.Images[0].NewTag == "" {
		t.Errorf("kustomization images %+v do not set the Deployment's image %q", k.Images, image)
	}
}

func subset(sel, labels map[string]string) bool {
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

func mapValues(m map[string]int32) []int32 {
	var out []int32
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// shorter reports whether the duration d (such as 20s) is shorter than
// seconds.
func shorter(d string, seconds int64) bool {
	v, err := time.ParseDuration(d)
	return err == nil && v < time.Duration(seconds)*time.Second
}
