package validate

import (
	"slices"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// podSecurity checks the pod's security settings, and returns its
// securityContext (empty when not set) for the containers' checks.
func (c *checker) podSecurity(d *appsv1.Deployment, pod *corev1.PodSpec, sp *field.Path) *corev1.PodSecurityContext {
	if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
		c.add(d, field.Invalid(sp.Child("automountServiceAccountToken"), pod.AutomountServiceAccountToken, "must be false: careerbot calls nothing in the cluster"))
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
	return psc
}

// securityContext checks the container's security settings, sc, at sp;
// the container's settings win over the pod's, psc.
func (c *checker) securityContext(d *appsv1.Deployment, sc *corev1.SecurityContext, psc *corev1.PodSecurityContext, sp *field.Path) {
	if sc == nil {
		c.add(d, field.Required(sp, "careerbot runs non-root, on a read-only root filesystem, with no capabilities"))
		sc = &corev1.SecurityContext{}
	}
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
