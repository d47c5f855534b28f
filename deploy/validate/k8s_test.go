package validate

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// readK8s returns the files of deploy/k8s, by name.
func readK8s(t *testing.T) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob("../k8s/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = b
	}
	if len(files) == 0 {
		t.Fatal("no manifest in deploy/k8s")
	}
	return files
}

// loadManifests decodes deploy/k8s, failing the test on any problem.
func loadManifests(t *testing.T) *Manifests {
	t.Helper()
	m, problems := LoadManifests(readK8s(t))
	for _, p := range problems {
		t.Error(p)
	}
	if t.Failed() {
		t.FailNow()
	}
	return m
}

var (
	envVarsOnce sync.Once
	envVars     []string
	envVarsErr  error
)

// careerbotEnvVars returns the variables careerbot reads, as `careerbot
// env` lists them, built from the repository.
func careerbotEnvVars(t *testing.T) []string {
	t.Helper()
	envVarsOnce.Do(func() {
		cmd := exec.Command("go", "run", "./cmd/careerbot", "env")
		cmd.Dir = "../.."
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			envVarsErr = err
			t.Logf("careerbot env: %v\n%s", err, stderr.String())
			return
		}
		for _, m := range regexp.MustCompile(`(?m)^([A-Z][A-Z0-9_]*)\s`).FindAllStringSubmatch(string(out), -1) {
			envVars = append(envVars, m[1])
		}
	})
	if envVarsErr != nil || len(envVars) < 10 {
		t.Fatalf("careerbot env listed %d variables: %v", len(envVars), envVarsErr)
	}
	return envVars
}

// check loads and checks files as make deploy-check does.
func check(t *testing.T, files map[string][]byte) []Problem {
	t.Helper()
	m, problems := LoadManifests(files)
	return append(problems, m.Check(Options{EnvVars: careerbotEnvVars(t)})...)
}

// The manifests of deploy/k8s decode strictly and pass every check.
func TestManifests(t *testing.T) {
	for _, p := range check(t, readK8s(t)) {
		t.Error(p)
	}
}

// The settings that configmap.yaml and secret.yaml hold as comments, for
// the operator to uncomment, pass the checks once uncommented.
func TestCommentedSettings(t *testing.T) {
	files := readK8s(t)
	commented := regexp.MustCompile(`(?m)^  # ([A-Z][A-Z0-9_]*): `)
	n := 0
	for _, name := range []string{"configmap.yaml", "secret.yaml"} {
		n += len(commented.FindAll(files[name], -1))
		files[name] = commented.ReplaceAll(files[name], []byte("  $1: "))
	}
	if n == 0 {
		t.Fatal("no commented setting found")
	}
	for _, p := range check(t, files) {
		t.Error(p)
	}
	t.Logf("%d commented settings uncommented", n)
}

// mutation is a broken copy of one manifest: old replaced by new in file
// (old must occur exactly once), and the problem it must cause, as
// substrings of one problem's message: the file, the field and what is
// wrong.
type mutation struct {
	name, file, old, new string
	want                 []string
}

var mutations = []mutation{
	// Names.
	{"Deployment name not a DNS subdomain", "deployment.yaml", "kind: Deployment\nmetadata:\n  name: careerbot", "kind: Deployment\nmetadata:\n  name: Careerbot_BAD!",
		[]string{`deployment.yaml: metadata.name: Invalid value: "Careerbot_BAD!"`, "RFC 1123 subdomain"}},
	{"Service name not a DNS-1035 label", "service.yaml", "kind: Service\nmetadata:\n  name: careerbot", "kind: Service\nmetadata:\n  name: 1careerbot",
		[]string{`service.yaml: metadata.name: Invalid value: "1careerbot"`, "a DNS-1035 label must"}},
	{"ConfigMap name not a DNS subdomain", "configmap.yaml", "kind: ConfigMap\nmetadata:\n  name: careerbot", "kind: ConfigMap\nmetadata:\n  name: careerbot..config",
		[]string{`configmap.yaml: metadata.name: Invalid value: "careerbot..config"`, "a lowercase RFC 1123 subdomain"}},
	{"container name not a DNS label", "deployment.yaml", "- name: careerbot\n          image:", "- name: Careerbot\n          image:",
		[]string{`deployment.yaml: spec.template.spec.containers[0].name: Invalid value: "Careerbot"`}},
	{"label value invalid", "deployment.yaml", "  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: careerbot", "  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: careerbot!",
		[]string{`deployment.yaml: spec.template.metadata.labels: Invalid value: "careerbot!"`}},
	{"namespace invalid", "pdb.yaml", "  name: careerbot\n", "  name: careerbot\n  namespace: Careers\n",
		[]string{`pdb.yaml: metadata.namespace: Invalid value: "Careers"`}},
	{"unknown field", "deployment.yaml", "  replicas: 2", "  replicas: 2\n  replica: 3",
		[]string{`deployment.yaml: unknown field "spec.replica"`}},
	{"field of the wrong type", "service.yaml", "port: 80", "port: eighty",
		[]string{"service.yaml:", "spec.ports"}},

	// Selectors.
	{"Deployment selector selects no pod", "deployment.yaml", "  selector:\n    matchLabels:\n      app.kubernetes.io/name: careerbot", "  selector:\n    matchLabels:\n      app.kubernetes.io/name: careerbot-web",
		[]string{`deployment.yaml: spec.selector: Invalid value: "app.kubernetes.io/name=careerbot-web": does not select the Deployment's pods`}},
	{"Deployment selector empty", "deployment.yaml", "  selector:\n    matchLabels:\n      app.kubernetes.io/name: careerbot", "  selector: {}",
		[]string{"deployment.yaml: spec.selector: Required value"}},
	{"Service selector selects no pod", "service.yaml", "  selector:\n    app.kubernetes.io/name: careerbot", "  selector:\n    app.kubernetes.io/name: careerbot\n    tier: web",
		[]string{`service.yaml: spec.selector: Invalid value: "app.kubernetes.io/name=careerbot,tier=web": does not select the Deployment's pods`}},
	{"PDB selector selects no pod", "pdb.yaml", "      app.kubernetes.io/name: careerbot", "      app.kubernetes.io/name: careerbots",
		[]string{`pdb.yaml: spec.selector: Invalid value: "app.kubernetes.io/name=careerbots"`}},
	{"spread constraint selects no pod", "deployment.yaml", "          labelSelector:\n            matchLabels:\n              app.kubernetes.io/name: careerbot", "          labelSelector:\n            matchLabels:\n              app: careerbot",
		[]string{`deployment.yaml: spec.template.spec.topologySpreadConstraints[0].labelSelector: Invalid value: "app=careerbot"`}},

	// Ports.
	{"container port out of range", "deployment.yaml", "containerPort: 8080", "containerPort: 99999",
		[]string{"deployment.yaml: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 99999: must be between 1 and 65535"}},
	{"container port name invalid", "deployment.yaml", "- name: http\n              containerPort", "- name: http_port\n              containerPort",
		[]string{`deployment.yaml: spec.template.spec.containers[0].ports[0].name: Invalid value: "http_port"`}},
	{"host port", "deployment.yaml", "containerPort: 8080", "containerPort: 8080\n              hostPort: 8080",
		[]string{"deployment.yaml: spec.template.spec.containers[0].ports[0].hostPort: Forbidden"}},
	{"Service port out of range", "service.yaml", "port: 80", "port: 70000",
		[]string{"service.yaml: spec.ports[0].port: Invalid value: 70000"}},
	{"Service targets an unknown port name", "service.yaml", "targetPort: http", "targetPort: web",
		[]string{`service.yaml: spec.ports[0].targetPort: Invalid value: "web": no container port has this name`}},
	{"Service targets a port no container opens", "service.yaml", "targetPort: http", "targetPort: 9090",
		[]string{"service.yaml: spec.ports[0].targetPort: Invalid value: 9090: no container opens this port"}},
	{"Service protocol not the container's", "service.yaml", "      protocol: TCP", "      protocol: UDP",
		[]string{`service.yaml: spec.ports[0].targetPort: Invalid value: "http": the container port http is TCP, not UDP`}},
	{"Prometheus scrapes another port", "deployment.yaml", `prometheus.io/port: "8080"`, `prometheus.io/port: "9090"`,
		[]string{"deployment.yaml: spec.template.metadata.annotations[prometheus.io/port]: Invalid value: 9090: no container opens this port"}},
	{"careerbot listens on another port", "configmap.yaml", `CAREERBOT_HTTP_ADDR: ":8080"`, `CAREERBOT_HTTP_ADDR: ":9090"`,
		[]string{`configmap.yaml: data[CAREERBOT_HTTP_ADDR]: Invalid value: ":9090": careerbot would listen on port 9090`}},

	// Probes.
	{"probe period negative", "deployment.yaml", "            periodSeconds: 10\n            timeoutSeconds: 3", "            periodSeconds: -5\n            timeoutSeconds: 3",
		[]string{"deployment.yaml: spec.template.spec.containers[0].livenessProbe.periodSeconds: Invalid value: -5: must be positive"}},
	{"probe timeout negative", "deployment.yaml", "timeoutSeconds: 5", "timeoutSeconds: -1",
		[]string{"deployment.yaml: spec.template.spec.containers[0].readinessProbe.timeoutSeconds: Invalid value: -1: must be positive"}},
	{"probe threshold negative", "deployment.yaml", "failureThreshold: 60", "failureThreshold: -60",
		[]string{"deployment.yaml: spec.template.spec.containers[0].startupProbe.failureThreshold: Invalid value: -60"}},
	{"probe initial delay negative", "deployment.yaml", "            periodSeconds: 10\n            timeoutSeconds: 5", "            initialDelaySeconds: -1\n            periodSeconds: 10\n            timeoutSeconds: 5",
		[]string{"deployment.yaml: spec.template.spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1"}},
	{"liveness on the readiness path", "deployment.yaml", "              path: /healthz\n              port: http\n            periodSeconds: 10", "              path: /readyz\n              port: http\n            periodSeconds: 10",
		[]string{`deployment.yaml: spec.template.spec.containers[0].livenessProbe.httpGet.path: Invalid value: "/readyz": must be /healthz`}},
	{"probe on an unknown port", "deployment.yaml", "              path: /readyz\n              port: http", "              path: /readyz\n              port: metrics",
		[]string{`deployment.yaml: spec.template.spec.containers[0].readinessProbe.httpGet.port: Invalid value: "metrics": no container port has this name`}},
	{"no readiness probe", "deployment.yaml", "readinessProbe:", "xReadinessProbe:",
		[]string{`deployment.yaml: unknown field "spec.template.spec.containers[0].xReadinessProbe"`, "deployment.yaml: spec.template.spec.containers[0].readinessProbe: Required value"}},

	// Resources.
	{"memory request above the limit", "deployment.yaml", "memory: 128Mi", "memory: 1000Ti",
		[]string{`deployment.yaml: spec.template.spec.containers[0].resources.requests[memory]: Invalid value: "1000Ti": must be less than or equal to the memory limit, 512Mi`}},
	{"CPU request above the limit", "deployment.yaml", "            limits:\n", "            limits:\n              cpu: 50m\n",
		[]string{`deployment.yaml: spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: "100m": must be less than or equal to the cpu limit, 50m`}},
	{"no CPU request", "deployment.yaml", "              cpu: 100m\n", "",
		[]string{"deployment.yaml: spec.template.spec.containers[0].resources.requests[cpu]: Required value"}},
	{"memory limit too small", "deployment.yaml", "memory: 512Mi", "memory: 64Mi",
		[]string{`deployment.yaml: spec.template.spec.containers[0].resources.limits[memory]: Invalid value: "64Mi"`}},

	// Replicas and rollouts.
	{"one replica", "deployment.yaml", "replicas: 2", "replicas: 1",
		[]string{"deployment.yaml: spec.replicas: Invalid value: 1: must be at least 2"}},
	{"rollout takes replicas down", "deployment.yaml", "maxUnavailable: 0", "maxUnavailable: 1",
		[]string{"deployment.yaml: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"1\": must be 0"}},
	{"rollout cannot proceed", "deployment.yaml", "maxSurge: 1", "maxSurge: 0",
		[]string{"deployment.yaml: spec.strategy.rollingUpdate.maxSurge: Invalid value: \"0\""}},
	{"PDB blocks every drain", "pdb.yaml", "minAvailable: 1", "minAvailable: 2",
		[]string{`pdb.yaml: spec.minAvailable: Invalid value: "2": blocks every drain with 2 replicas`}},
	{"PDB with both bounds", "pdb.yaml", "minAvailable: 1", "minAvailable: 1\n  maxUnavailable: 1",
		[]string{"pdb.yaml: spec: Invalid value"}},
	{"grace period shorter than the shutdown timeout", "configmap.yaml", "CAREERBOT_SHUTDOWN_TIMEOUT: 20s", "CAREERBOT_SHUTDOWN_TIMEOUT: 45s",
		[]string{"deployment.yaml: spec.template.spec.terminationGracePeriodSeconds: Invalid value: 30: must be longer than CAREERBOT_SHUTDOWN_TIMEOUT (45s)"}},
	{"shutdown timeout not a duration", "configmap.yaml", "CAREERBOT_SHUTDOWN_TIMEOUT: 20s", "CAREERBOT_SHUTDOWN_TIMEOUT: twenty",
		[]string{`configmap.yaml: data[CAREERBOT_SHUTDOWN_TIMEOUT]: Invalid value: "twenty"`}},

	// Security.
	{"root allowed", "deployment.yaml", "            runAsNonRoot: true\n", "            runAsNonRoot: false\n",
		[]string{"deployment.yaml: spec.template.spec.containers[0].securityContext.runAsNonRoot: Invalid value: false: must be true"}},
	{"runs as root", "deployment.yaml", "runAsUser: 65532", "runAsUser: 0",
		[]string{"deployment.yaml: spec.template.spec.securityContext.runAsUser: Invalid value: 0"}},
	{"writable root filesystem", "deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false",
		[]string{"deployment.yaml: spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: Invalid value: false: must be true"}},
	{"privilege escalation", "deployment.yaml", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true",
		[]string{"deployment.yaml: spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: Invalid value: true: must be false"}},
	{"capabilities kept", "deployment.yaml", `drop: ["ALL"]`, `drop: ["NET_RAW"]`,
		[]string{`deployment.yaml: spec.template.spec.containers[0].securityContext.capabilities.drop: Invalid value: ["NET_RAW"]: must drop "ALL"`}},
	{"no seccomp profile", "deployment.yaml", "        seccompProfile:\n          type: RuntimeDefault\n", "",
		[]string{"deployment.yaml: spec.template.spec.containers[0].securityContext.seccompProfile.type"}},
	{"service account token mounted", "deployment.yaml", "automountServiceAccountToken: false", "automountServiceAccountToken: true",
		[]string{"deployment.yaml: spec.template.spec.automountServiceAccountToken: Invalid value: true: must be false"}},

	// References to ConfigMaps, Secrets, keys and volumes.
	{"ConfigMap reference to nothing", "deployment.yaml", "            - configMapRef:\n                name: careerbot", "            - configMapRef:\n                name: careerbot-config",
		[]string{`deployment.yaml: spec.template.spec.containers[0].envFrom[0].configMapRef.name: Invalid value: "careerbot-config": no ConfigMap of deploy/k8s has this name`, `configmap.yaml: metadata.name: Invalid value: "careerbot": the Deployment uses no ConfigMap`}},
	{"Secret reference to nothing", "deployment.yaml", "            - secretRef:\n                name: careerbot", "            - secretRef:\n                name: careerbot-secrets",
		[]string{`deployment.yaml: spec.template.spec.containers[0].envFrom[1].secretRef.name: Invalid value: "careerbot-secrets": no Secret of deploy/k8s has this name`}},
	{"Secret key reference to nothing", "deployment.yaml", "          envFrom:\n", "          env:\n            - name: OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef:\n                  name: careerbot\n                  key: OPENAI_API_KEY\n          envFrom:\n",
		[]string{`deployment.yaml: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key: Invalid value: "OPENAI_API_KEY": the Secret careerbot has no such key`}},
	{"ConfigMap key reference to nothing", "deployment.yaml", "          envFrom:\n", "          env:\n            - name: CAREERBOT_CHAT_MODEL\n              valueFrom:\n                configMapKeyRef:\n                  name: careerbot\n                  key: CHAT_MODEL\n          envFrom:\n",
		[]string{`deployment.yaml: spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Invalid value: "CHAT_MODEL": the ConfigMap careerbot has no such key`}},
	{"variable careerbot does not read", "configmap.yaml", "CAREERBOT_LOG_LEVEL: info", "CAREERBOT_LOG_LEVL: info",
		[]string{`configmap.yaml: data[CAREERBOT_LOG_LEVL]: Invalid value: "CAREERBOT_LOG_LEVL": careerbot reads no such variable`}},
	{"Secret key careerbot does not read", "secret.yaml", "SLACK_BOT_TOKEN: xoxb-CHANGE-ME", "SLACK_TOKEN: xoxb-CHANGE-ME",
		[]string{`secret.yaml: stringData[SLACK_TOKEN]: Invalid value: "SLACK_TOKEN": careerbot reads no such variable`}},
	{"key not a variable name", "configmap.yaml", "CAREERBOT_LOG_LEVEL: info", "1CAREERBOT_LOG_LEVEL: info",
		[]string{`configmap.yaml: data[1CAREERBOT_LOG_LEVEL]: Invalid value: "1CAREERBOT_LOG_LEVEL"`, "the kubelet leaves such a key out"}},
	{"mount of no volume", "deployment.yaml", "            - name: tmp\n              mountPath: /tmp", "            - name: scratch\n              mountPath: /tmp",
		[]string{`deployment.yaml: spec.template.spec.containers[0].volumeMounts[0].name: Not found: "scratch"`}},
	{"volume size not positive", "deployment.yaml", "sizeLimit: 64Mi", "sizeLimit: -64Mi",
		[]string{`deployment.yaml: spec.template.spec.volumes[0].emptyDir.sizeLimit: Invalid value: "-64Mi"`}},
}

// Each broken copy of a manifest fails with a message naming the file
// and the field.
func TestMutations(t *testing.T) {
	original := readK8s(t)
	for _, mu := range mutations {
		t.Run(mu.name, func(t *testing.T) {
			files := map[string][]byte{}
			for k, v := range original {
				files[k] = v
			}
			content := string(files[mu.file])
			if n := strings.Count(content, mu.old); n != 1 {
				t.Fatalf("%s holds %q %d times, want once: update the mutation", mu.file, mu.old, n)
			}
			files[mu.file] = []byte(strings.Replace(content, mu.old, mu.new, 1))
			problems := check(t, files)
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if len(got) == 0 {
				t.Fatalf("no problem found")
			}
			for _, want := range mu.want {
				i := slices.IndexFunc(got, func(s string) bool { return strings.Contains(s, want) })
				if i < 0 {
					t.Errorf("no problem says %q; got:\n  %s", want, strings.Join(got, "\n  "))
				} else {
					t.Log(got[i])
				}
			}
		})
	}
}

// The Secret template holds every secret careerbot reads, with placeholder
// values; the ConfigMap none.
func TestSecretAndConfigMap(t *testing.T) {
	m := loadManifests(t)
	secret, configMap := m.Secrets[0], m.ConfigMaps[0]
	for _, k := range []string{"DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "CAREERBOT_USER_SALT"} {
		v, ok := secret.StringData[k]
		if !ok {
			t.Errorf("Secret lacks %s", k)
		} else if !strings.Contains(v, "CHANGE-ME") {
			t.Errorf("Secret %s = %q: a template holds placeholders only", k, v)
		}
	}
	for k := range configMap.Data {
		for _, secret := range []string{"TOKEN", "SECRET", "KEY", "SALT", "DATABASE_URL"} {
			if strings.Contains(k, secret) {
				t.Errorf("ConfigMap holds %s, a secret", k)
			}
		}
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
	if !slices.Equal(got, m.Files) {
		t.Errorf("kustomization resources %v, want %v", got, m.Files)
	}
	image := m.Deployment.Spec.Template.Spec.Containers[0].Image
	if len(k.Images) != 1 || k.Images[0].Name != image || k.Images[0].NewTag == "" {
		t.Errorf("kustomization images %+v do not set the Deployment's image %q", k.Images, image)
	}
}
