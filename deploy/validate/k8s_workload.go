package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

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
	psc := c.podSecurity(d, pod, sp)
	grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
	if pod.TerminationGracePeriodSeconds != nil {
		grace = *pod.TerminationGracePeriodSeconds
		if grace < 0 {
			c.add(d, field.Invalid(sp.Child("terminationGracePeriodSeconds"), grace, "must be greater than or equal to 0"))
		}
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

	c.securityContext(d, ct.SecurityContext, psc, p.Child("securityContext"))

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

	env := c.containerEnv(d, ct, p)
	c.careerbotEnv(d, ct, env, grace)
}
