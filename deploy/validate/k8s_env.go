package validate

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

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

// containerEnv checks the container's environment: every ConfigMap, Secret
// and key referenced exists, and every key becomes a variable careerbot
// reads. It returns the variables, with their values when known.
func (c *checker) containerEnv(d *appsv1.Deployment, ct *corev1.Container, p *field.Path) map[string]string {
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
	return env
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
