// Package validate checks careerbot's deployment files without a Docker
// engine or a Kubernetes cluster, and without the network; `make
// deploy-check` (part of `make test`) runs its tests.
//
//   - The Dockerfile is parsed by BuildKit's parser and checked: a static
//     -trimpath build, a distroless final stage run as a non-root user,
//     the health check. Dockerfile.dockerignore is read with the pattern
//     matcher Docker uses: the build context keeps every file `go list`
//     says the binary is built from, and leaves out the history, the local
//     PostgreSQL cluster, build outputs and deploy/docker/.env.
//   - compose.yaml is loaded with .env.example by the Compose
//     Specification's reference loader, and every setting of .env.example
//     is a variable careerbot reads (`careerbot env`) or one compose.yaml
//     uses.
//   - The Kubernetes manifests are decoded strictly into the Kubernetes API
//     types (LoadManifests), then checked (Manifests.Check) with the
//     validation helpers of k8s.io/apimachinery and careerbot's own rules:
//     object, container, port and volume names; labels and annotations;
//     selectors of the Deployment, the Service, the PodDisruptionBudget and
//     the spread constraints selecting the pod template's labels; port
//     ranges, the Service's targetPort, the probes' ports and the
//     Prometheus annotation naming a container port; probe periods,
//     timeouts and thresholds positive; requests within limits; two
//     replicas or more and rollouts that keep them; non-root, read-only
//     root filesystem, no privilege, no capability, RuntimeDefault
//     seccomp; the ConfigMaps, Secrets and keys the Deployment references
//     existing, and every key they bring being a variable careerbot reads;
//     CAREERBOT_HTTP_ADDR on the http container port, and the shutdown
//     timeout within the grace period. Each problem names the file and the
//     field, as the API server does. The tests run the checks on broken
//     copies of the manifests, made in the test, and require each to fail
//     with the message it should.
//
// The Kubernetes checks are in files by concern: k8s_parse.go (strict
// decoding), k8s.go (the checker and object metadata), k8s_workload.go
// (the Deployment, its pod and container), k8s_security.go (non-root,
// privileges, capabilities, seccomp), k8s_selectors.go (labels, selectors,
// ports, the Service and the PodDisruptionBudget), k8s_probes.go,
// k8s_resources.go and k8s_env.go (ConfigMaps, Secrets and the
// environment).
//
// kube-linter (golang.stackrox.io/kube-linter) would cover the workload
// rules, but the Go module proxy these machines reach does not serve it,
// and no other maintained linter of manifests is installable here without
// downloading at run time; so the rules are kept here, on top of
// apimachinery's validation.
//
// kubeconform (github.com/yannh/kubeconform) is not used. It validates
// against JSON schemas that it downloads at run time from the
// yannh/kubernetes-json-schema repository on GitHub, which this project's
// machines and CI cannot reach, and nothing may be downloaded at run time.
// Its Go module ships no schema for the built-in kinds (only test
// fixtures), and the schema repository is no Go module: it holds the
// schemas of every Kubernetes version, far more than the 500 MB a module
// may have, so it cannot be had through the Go module proxy, the one
// source of Go code these machines reach, which is for Go modules. The
// schemas would also check less than the checks here: they know the
// fields' types, which the strict decoding into the API types already
// enforces, but not names, selectors, ports, references or limits.
//
// It is a module of its own so that these libraries never reach
// careerbot's binary.
package validate
