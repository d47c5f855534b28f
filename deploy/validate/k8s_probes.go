package validate

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

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
