package validate

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

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
