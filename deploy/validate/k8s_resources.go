package validate

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

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
