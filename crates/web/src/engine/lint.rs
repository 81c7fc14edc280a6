//! Editor intelligence until `kubeplay_yaml` / `kubeplay_schema` land: diagnostics (syntax, strict
//! decoding of known fields, semantic checks with a plain-language hint), completion of field names
//! and enum values at the cursor path, and hover docs.

use super::yamlish;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct Diag {
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
    pub severity: &'static str,
    pub message: String,
    pub hint: String,
}

/// (path pattern, field, doc, enum values). `*` matches one path segment (list items are `[]`).
type FieldDoc = (&'static str, &'static str, &'static str, &'static [&'static str]);

const FIELDS: &[FieldDoc] = &[
    ("", "apiVersion", "APIVersion defines the versioned schema of this representation of an object.", &["v1", "apps/v1"]),
    ("", "kind", "Kind is a string value representing the REST resource this object represents.", &["Deployment", "Service", "ConfigMap", "Secret", "Pod"]),
    ("", "metadata", "Standard object's metadata.", &[]),
    ("", "spec", "Specification of the desired behavior of the object.", &[]),
    ("", "data", "Data contains the configuration data (ConfigMap) or secret data, base64 encoded (Secret).", &[]),
    ("", "stringData", "stringData allows specifying non-binary secret data in string form.", &[]),
    ("", "type", "Used to facilitate programmatic handling of secret data.", &["Opaque"]),
    ("metadata", "name", "Name must be unique within a namespace. Cannot be updated.", &[]),
    ("metadata", "namespace", "Namespace defines the space within which each name must be unique.", &[]),
    ("metadata", "labels", "Map of string keys and values that can be used to organize and categorize (scope and select) objects.", &[]),
    ("metadata", "annotations", "Annotations is an unstructured key value map stored with a resource.", &[]),
    ("Deployment:spec", "replicas", "Number of desired pods. Defaults to 1.", &[]),
    ("Deployment:spec", "selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.", &[]),
    ("Deployment:spec", "template", "Template describes the pods that will be created.", &[]),
    ("Deployment:spec", "strategy", "The deployment strategy to use to replace existing pods with new ones.", &[]),
    ("Deployment:spec", "minReadySeconds", "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.", &[]),
    ("Deployment:spec", "revisionHistoryLimit", "The number of old ReplicaSets to retain to allow rollback. Defaults to 10.", &[]),
    ("Deployment:spec", "progressDeadlineSeconds", "The maximum time in seconds for a deployment to make progress before it is considered to be failed. Defaults to 600s.", &[]),
    ("Deployment:spec.strategy", "type", "Type of deployment.", &["RollingUpdate", "Recreate"]),
    ("Deployment:spec.strategy", "rollingUpdate", "Rolling update config params.", &[]),
    ("Deployment:spec.strategy.rollingUpdate", "maxSurge", "The maximum number of pods that can be scheduled above the desired number of pods. Defaults to 25%.", &[]),
    ("Deployment:spec.strategy.rollingUpdate", "maxUnavailable", "The maximum number of pods that can be unavailable during the update. Defaults to 25%.", &[]),
    ("*selector", "matchLabels", "matchLabels is a map of {key,value} pairs.", &[]),
    ("*selector", "matchExpressions", "matchExpressions is a list of label selector requirements.", &[]),
    ("*template", "metadata", "Standard object's metadata.", &[]),
    ("*template", "spec", "Specification of the desired behavior of the pod.", &[]),
    ("*template.metadata", "labels", "Map of string keys and values. The Deployment's selector must match these.", &[]),
    ("*spec", "containers", "List of containers belonging to the pod. There must be at least one container in a Pod.", &[]),
    ("*spec", "initContainers", "List of initialization containers belonging to the pod.", &[]),
    ("*spec", "volumes", "List of volumes that can be mounted by containers belonging to the pod.", &[]),
    ("*spec", "nodeSelector", "NodeSelector is a selector which must be true for the pod to fit on a node.", &[]),
    ("*spec", "restartPolicy", "Restart policy for all containers within the pod.", &["Always", "OnFailure", "Never"]),
    ("*spec", "terminationGracePeriodSeconds", "Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds.", &[]),
    ("*containers[]", "name", "Name of the container specified as a DNS_LABEL. Cannot be updated.", &[]),
    ("*containers[]", "image", "Container image name.", &[]),
    ("*containers[]", "imagePullPolicy", "Image pull policy. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.", &["Always", "Never", "IfNotPresent"]),
    ("*containers[]", "command", "Entrypoint array. Not executed within a shell.", &[]),
    ("*containers[]", "args", "Arguments to the entrypoint.", &[]),
    ("*containers[]", "env", "List of environment variables to set in the container.", &[]),
    ("*containers[]", "envFrom", "List of sources to populate environment variables in the container.", &[]),
    ("*containers[]", "ports", "List of ports to expose from the container.", &[]),
    ("*containers[]", "resources", "Compute Resources required by this container.", &[]),
    ("*containers[]", "readinessProbe", "Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails.", &[]),
    ("*containers[]", "livenessProbe", "Periodic probe of container liveness. Container will be restarted if the probe fails.", &[]),
    ("*containers[]", "volumeMounts", "Pod volumes to mount into the container's filesystem.", &[]),
    ("*ports[]", "containerPort", "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.", &[]),
    ("*ports[]", "protocol", "Protocol for port. Defaults to \"TCP\".", &["TCP", "UDP", "SCTP"]),
    ("*ports[]", "name", "Name of the port.", &[]),
    ("*ports[]", "port", "The port that will be exposed by this service.", &[]),
    ("*ports[]", "targetPort", "Number or name of the port to access on the pods targeted by the service.", &[]),
    ("*env[]", "name", "Name of the environment variable.", &[]),
    ("*env[]", "value", "Variable references $(VAR_NAME) are expanded using the previously defined environment variables.", &[]),
    ("*env[]", "valueFrom", "Source for the environment variable's value.", &[]),
    ("*resources", "requests", "Requests describes the minimum amount of compute resources required.", &[]),
    ("*resources", "limits", "Limits describes the maximum amount of compute resources allowed.", &[]),
    ("Service:spec", "selector", "Route service traffic to pods with label keys and values matching this selector.", &[]),
    ("Service:spec", "ports", "The list of ports that are exposed by this service.", &[]),
    ("Service:spec", "type", "type determines how the Service is exposed. Defaults to ClusterIP.", &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]),
    ("Service:spec", "clusterIP", "clusterIP is the IP address of the service and is usually assigned randomly.", &[]),
];

fn pattern_matches(pat: &str, kind: &str, path: &str) -> bool {
    if let Some(rest) = pat.strip_prefix('*') {
        return path.ends_with(rest)
            && (path.len() == rest.len() || path[..path.len() - rest.len()].ends_with('.'));
    }
    match pat.split_once(':') {
        Some((k, p)) => k == kind && p == path,
        None => pat == path,
    }
}

pub fn fields_at(kind: &str, path: &str) -> Vec<&'static FieldDoc> {
    FIELDS.iter().filter(|f| pattern_matches(f.0, kind, path)).collect()
}

/// Normalise `spec.template.spec.containers[0].ports[1]` to `spec.template.spec.containers[].ports[]`.
fn norm(path: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for c in path.chars() {
        match c {
            '[' => {
                out.push('[');
                skip = true;
            }
            ']' => {
                out.push(']');
                skip = false;
            }
            _ if skip => {}
            c => out.push(c),
        }
    }
    out
}

/// Keys allowed under a map path for strict checking (None = not checked).
fn known_keys(kind: &str, path: &str) -> Option<Vec<&'static str>> {
    let p = norm(path);
    if matches!(p.as_str(), "metadata.labels" | "metadata.annotations" | "data" | "stringData")
        || p.ends_with("matchLabels")
        || p.ends_with("labels")
        || p.ends_with("selector") && kind == "Service"
        || p.ends_with("nodeSelector")
        || p.ends_with("requests")
        || p.ends_with("limits")
        || p.ends_with("valueFrom")
        || p.ends_with("Probe")
        || p.ends_with("annotations")
    {
        return None;
    }
    let f = fields_at(kind, &p);
    if f.is_empty() {
        return None;
    }
    let mut v: Vec<&str> = f.iter().map(|x| x.1).collect();
    if p.is_empty() {
        v.push("status");
    }
    if p == "metadata" {
        v.extend([
            "generateName",
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "ownerReferences",
            "finalizers",
            "generation",
        ]);
    }
    if p.ends_with("spec") && kind != "Service" && !p.starts_with("spec.strategy") {
        v.extend([
            "affinity",
            "tolerations",
            "serviceAccountName",
            "securityContext",
            "hostname",
            "dnsPolicy",
            "priorityClassName",
            "schedulerName",
            "paused",
        ]);
    }
    if p.ends_with("containers[]") {
        v.extend([
            "workingDir",
            "securityContext",
            "startupProbe",
            "lifecycle",
            "stdin",
            "tty",
            "terminationMessagePath",
        ]);
    }
    if kind == "Service" && p == "spec" {
        v.extend([
            "sessionAffinity",
            "externalTrafficPolicy",
            "ipFamilies",
            "ipFamilyPolicy",
            "clusterIPs",
            "externalName",
            "loadBalancerIP",
            "internalTrafficPolicy",
        ]);
    }
    Some(v)
}

const KINDS: &[(&str, &str)] = &[
    ("v1", "Pod"),
    ("v1", "Service"),
    ("v1", "ConfigMap"),
    ("v1", "Secret"),
    ("v1", "Namespace"),
    ("apps/v1", "Deployment"),
];

fn walk(kind: &str, path: &str, v: &Value, doc: &yamlish::Doc, out: &mut Vec<Diag>) {
    match v {
        Value::Object(m) => {
            if let Some(allowed) = known_keys(kind, path) {
                for k in m.keys() {
                    if !allowed.contains(&k.as_str()) {
                        let full = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                        let (line, col) = doc.keys.get(&full).copied().unwrap_or((doc.start_line, 1));
                        let near: Vec<&&str> = allowed.iter().filter(|a| close(a, k)).collect();
                        out.push(Diag {
                            line,
                            col,
                            end_line: line,
                            end_col: col + k.chars().count() as u32,
                            severity: "error",
                            message: format!("strict decoding error: unknown field \"{full}\""),
                            hint: match near.first() {
                                Some(n) => format!("The API server rejects fields it does not know. Did you mean \"{n}\"?"),
                                None => "The API server rejects fields it does not know; check the spelling and the indentation (a field indented under the wrong parent is unknown there).".into(),
                            },
                        });
                    }
                }
            }
            for (k, c) in m {
                let full = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                walk(kind, &full, c, doc, out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                walk(kind, &format!("{path}[{i}]"), c, doc, out);
            }
        }
        _ => {}
    }
}

fn close(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    a.starts_with(&b) || b.starts_with(&a) || {
        let common = a.chars().zip(b.chars()).filter(|(x, y)| x == y).count();
        common + 2 >= a.len().max(b.len()) && a.len().abs_diff(b.len()) <= 2
    }
}

fn at(doc: &yamlish::Doc, path: &str) -> (u32, u32) {
    let mut p = path.to_string();
    loop {
        if let Some(x) = doc.keys.get(&p) {
            return *x;
        }
        match p.rfind(['.', '[']) {
            Some(i) => p.truncate(i),
            None => return (doc.start_line, 1),
        }
    }
}

fn diag(doc: &yamlish::Doc, path: &str, message: String, hint: &str, severity: &'static str) -> Diag {
    let (line, col) = at(doc, path);
    let last = path.rsplit('.').next().unwrap_or(path);
    Diag {
        line,
        col,
        end_line: line,
        end_col: col + last.chars().count().max(1) as u32,
        severity,
        message,
        hint: hint.into(),
    }
}

pub fn diagnostics(text: &str) -> Vec<Diag> {
    let (docs, err) = yamlish::parse(text);
    let mut out = Vec::new();
    if let Some(e) = err {
        out.push(Diag {
            line: e.line,
            col: e.col,
            end_line: e.line,
            end_col: e.col + 1,
            severity: "error",
            message: format!("yaml: line {}: {}", e.line, e.message),
            hint: "This is a YAML syntax problem: check the indentation (spaces only, the same depth for siblings) and that every `key:` is followed by a space.".into(),
        });
    }
    for doc in &docs {
        let v = &doc.value;
        if !v.is_object() {
            out.push(Diag {
                line: doc.start_line,
                col: 1,
                end_line: doc.start_line,
                end_col: 2,
                severity: "error",
                message: "error: unable to decode: Object 'Kind' is missing".into(),
                hint: "Each document must be a mapping with apiVersion, kind and metadata.".into(),
            });
            continue;
        }
        let api = v.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
        let kind = v.get("kind").and_then(Value::as_str).unwrap_or_default();
        if api.is_empty() || kind.is_empty() {
            let missing: Vec<&str> = [("apiVersion", api), ("kind", kind)]
                .iter()
                .filter(|x| x.1.is_empty())
                .map(|x| x.0)
                .collect();
            out.push(Diag { line: doc.start_line, col: 1, end_line: doc.start_line, end_col: 2, severity: "error",
                message: format!("error validating data: [{}]", missing.iter().map(|m| format!("{m} not set")).collect::<Vec<_>>().join(", ")),
                hint: "Every object needs apiVersion and kind so the API server knows what it is (e.g. apiVersion: apps/v1, kind: Deployment).".into() });
            continue;
        }
        if !KINDS.iter().any(|(a, k)| *a == api && *k == kind) {
            let expected = KINDS.iter().find(|(_, k)| *k == kind).map(|(a, _)| *a);
            out.push(diag(doc, "apiVersion", format!("no matches for kind \"{kind}\" in version \"{api}\""),
                &match expected { Some(a) => format!("{kind} lives in apiVersion \"{a}\"."), None => format!("This playground simulates Deployments, Pods, Services, ConfigMaps and Secrets; \"{kind}\" is not one of them.") }, "error"));
            continue;
        }
        let name = v.pointer("/metadata/name").and_then(Value::as_str).unwrap_or_default();
        if name.is_empty() {
            out.push(diag(
                doc,
                "metadata",
                "metadata.name: Required value: name or generateName is required".into(),
                "Give the object a name under metadata.",
                "error",
            ));
        } else if !(name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
            && !name.starts_with(['-', '.'])
            && !name.ends_with(['-', '.']))
        {
            out.push(diag(doc, "metadata.name", format!("metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"), "Names are lower case letters, digits, '-' and '.'.", "error"));
        }
        walk(kind, "", v, doc, &mut out);
        if kind == "Deployment" {
            if let Some(r) = v.pointer("/spec/replicas") {
                if !r.is_i64() {
                    out.push(diag(doc, "spec.replicas", format!("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal {} into Go struct field DeploymentSpec.spec.replicas of type int32", if r.is_string() { "string" } else { "number" }), "replicas is a whole number, e.g. `replicas: 3` (no quotes).", "error"));
                }
            }
            let sel = v.pointer("/spec/selector/matchLabels");
            let tl = v.pointer("/spec/template/metadata/labels");
            let ok = match (sel.and_then(Value::as_object), tl) {
                (Some(m), Some(t)) if !m.is_empty() => m.iter().all(|(k, x)| t.get(k) == Some(x)),
                _ => false,
            };
            if !ok {
                out.push(diag(doc, "spec.selector", format!("spec.template.metadata.labels: Invalid value: map[string]string{}: `selector` does not match template `labels`", tl.map(|t| serde_json::to_string(t).unwrap_or_default()).unwrap_or_else(|| "{}".into())),
                    "The Deployment finds its pods by spec.selector.matchLabels; every one of those labels must also be in spec.template.metadata.labels.", "error"));
            }
            if v.pointer("/spec/template/spec/containers/0").is_none() {
                out.push(diag(
                    doc,
                    "spec.template.spec",
                    "spec.template.spec.containers: Required value".into(),
                    "A pod needs at least one container with a name and an image.",
                    "error",
                ));
            }
        }
        if kind == "Service" {
            let sel = v.pointer("/spec/selector").and_then(Value::as_object);
            if let Some(sel) = sel {
                // Does any pod template in the whole text carry these labels?
                let any = docs.iter().any(|d| {
                    let t = d.value.pointer("/spec/template/metadata/labels").or_else(|| {
                        if d.value.get("kind").and_then(Value::as_str) == Some("Pod") {
                            d.value.pointer("/metadata/labels")
                        } else {
                            None
                        }
                    });
                    t.map(|t| sel.iter().all(|(k, x)| t.get(k) == Some(x))).unwrap_or(false)
                });
                let has_workload = docs.iter().any(|d| {
                    matches!(d.value.get("kind").and_then(Value::as_str), Some("Deployment" | "Pod"))
                });
                if !any && has_workload {
                    out.push(diag(doc, "spec.selector", format!("selector {} matches no pod template in this file", sel.iter().map(|(k, x)| format!("{k}={}", x.as_str().unwrap_or_default())).collect::<Vec<_>>().join(",")),
                        "The Service will have no endpoints: no pod template here has all of these labels. Compare spec.selector with the Deployment's spec.template.metadata.labels.", "warning"));
                }
            }
        }
    }
    out
}

/// The field path and kind at a byte offset, by indentation (works on half-typed text).
pub fn path_at(text: &str, offset: usize) -> (String, String, String, bool) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or("");
    let doc_start = before.rfind("\n---").map(|i| i + 4).unwrap_or(0);
    let doc_text = &text[doc_start..];
    let kind = doc_text
        .lines()
        .find_map(|l| l.strip_prefix("kind:"))
        .map(|k| k.trim().to_string())
        .unwrap_or_default();
    let cur_line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = &text
        [cur_line_start..text[cur_line_start..].find('\n').map(|i| cur_line_start + i).unwrap_or(text.len())];
    let typed = &text[cur_line_start..offset];
    let stripped = typed.trim_start();
    let (indent, is_item) = {
        let base = typed.len() - stripped.len();
        if let Some(r) = stripped.strip_prefix("- ") {
            (base + 2 + (r.len() - r.trim_start().len()), true)
        } else {
            (base, false)
        }
    };
    let in_value = stripped.contains(": ");
    let key_here =
        line.trim_start().trim_start_matches("- ").split(':').next().unwrap_or("").trim().to_string();
    let mut parents: Vec<String> = Vec::new();
    let mut want = indent;
    let mut item_pending = is_item;
    for l in text[doc_start.min(cur_line_start)..cur_line_start].lines().rev() {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        let t = l.trim_start();
        let mut ind = l.len() - t.len();
        let mut t2 = t;
        let dash = t.starts_with("- ");
        if dash {
            t2 = t[2..].trim_start();
            ind = l.len() - t2.len();
        }
        if ind < want && t2.contains(':') {
            let k = t2.split(':').next().unwrap_or("").trim().to_string();
            if item_pending {
                parents.push(format!("{k}[]"));
                item_pending = false;
            } else {
                parents.push(k);
            }
            want = if dash { l.len() - t.len() } else { ind };
            if dash {
                item_pending = true;
                // the list item itself: its parent key is above, less indented.
            }
            if want == 0 {
                break;
            }
        } else if dash && ind <= want && l.len() - t.len() < want && !item_pending {
            item_pending = true;
            want = l.len() - t.len();
        }
    }
    parents.reverse();
    let path = parents.join(".");
    (kind, path, key_here, in_value)
}

pub fn completions(text: &str, offset: usize) -> Vec<(String, String, String)> {
    let (kind, path, key, in_value) = path_at(text, offset);
    let norm_path = path.clone();
    if in_value {
        let full = if norm_path.is_empty() { key.clone() } else { format!("{norm_path}.{key}") };
        let (parent, field) = match full.rsplit_once('.') {
            Some((p, f)) => (p.to_string(), f.to_string()),
            None => (String::new(), full.clone()),
        };
        return fields_at(&kind, &parent)
            .into_iter()
            .filter(|f| f.1 == field)
            .flat_map(|f| f.3.iter().map(|e| (e.to_string(), "enum".to_string(), f.2.to_string())))
            .collect();
    }
    fields_at(&kind, &norm_path)
        .into_iter()
        .map(|f| (f.1.to_string(), "property".to_string(), f.2.to_string()))
        .collect()
}

pub fn hover(text: &str, offset: usize) -> Option<String> {
    let line_start = text.get(..offset.min(text.len()))?.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[line_start..].find('\n').map(|i| line_start + i).unwrap_or(text.len());
    let line = &text[line_start..line_end];
    let key = line.trim_start().trim_start_matches("- ").split(':').next()?.trim();
    if key.is_empty() || !line.contains(':') {
        return None;
    }
    let key_pos = line.find(key)? + line_start;
    let (kind, path, _, _) = path_at(text, key_pos);
    let f = fields_at(&kind, &path).into_iter().find(|f| f.1 == key)?;
    let full = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    let mut s =
        format!("{}.{}\n\n{}", if kind.is_empty() { "object" } else { &kind }, full.replace("[]", ""), f.2);
    if !f.3.is_empty() {
        s.push_str(&format!("\n\nPossible enum values: {}", f.3.join(", ")));
    }
    Some(s)
}
