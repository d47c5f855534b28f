// Package validate checks careerbot's deployment files without a Docker
// engine or a Kubernetes cluster: the Dockerfile is parsed by BuildKit's
// parser, compose.yaml is loaded by the Compose Specification's reference
// loader, and the Kubernetes manifests are decoded strictly into the
// Kubernetes API types. It is a module of its own so that these
// libraries never reach careerbot's binary; `make test` runs it.
package validate
