//! `kubectl describe` layouts (reference §8.7; kubectl `pkg/describe/describe.go`). Each
//! describer writes tab-separated lines with a level prefix (two spaces per level), then the
//! whole text goes through the tabwriter with padding 2 once, as `tabbedString` does.

use kubeplay_model::pod::quantity_milli;
use kubeplay_model::time::human_duration;
use kubeplay_model::{Object, ObjectExt, SimTime};
use serde_json::{Map, Value};

use super::gofmt::go_v;
use super::tabwriter;
use super::util::{arr, plain, s};

/// What the describers look up besides the object itself. The caller fills what applies.
#[derive(Clone, Debug, Default)]
pub struct DescribeContext<'a> {
    /// Events whose involvedObject is the described object (any order; sorted here).
    pub events: Vec<&'a Object>,
    /// Deployment: the ReplicaSets it owns (new/old are worked out here).
    pub replicasets: Vec<&'a Object>,
    /// ReplicaSet: the pods it controls (for `Pods Status`). Node: the pods bound to it (Succeeded
    /// and Failed ones are skipped here, as kubectl's field selector does).
    pub pods: Vec<&'a Object>,
    /// Service: its Endpoints object, if any (same-named; kubectl 1.33 reads the EndpointSlices,
    /// which carry the same ready addresses: `None` prints `<none>`, no ready address an empty cell).
    pub endpoints: Option<&'a Object>,
}

/// Lines with kubectl's `PrefixWriter` levels.
#[derive(Default)]
pub(crate) struct W {
    pub(crate) buf: String,
}

impl W {
    pub(crate) fn w(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.buf.push_str("  ");
        }
        self.buf.push_str(text);
    }
}

pub(crate) fn time_field(v: Option<&str>) -> String {
    match v.and_then(SimTime::parse_rfc3339) {
        Some(t) => t.to_rfc1123z(),
        None => "Mon, 01 Jan 0001 00:00:00 +0000".into(),
    }
}

pub(crate) fn since(v: Option<&str>, now: SimTime) -> String {
    match v.and_then(SimTime::parse_rfc3339) {
        Some(t) => human_duration(now.millis() - t.millis()),
        None => "<unknown>".into(),
    }
}

pub(crate) fn str_map(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), plain(v))).collect())
        .unwrap_or_default()
}

/// `printLabelsMultiline(w, title, labels)`.
pub(crate) fn labels_multiline(w: &mut W, title: &str, labels: Option<&Value>) {
    w.w(0, &format!("{title}:\t"));
    let items = str_map(labels);
    if items.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    for (i, (k, v)) in items.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        w.w(0, &format!("{k}={v}\n"));
    }
}

const MAX_ANNOTATION_LEN: usize = 140;

/// `printAnnotationsMultiline`, hiding `kubectl.kubernetes.io/last-applied-configuration`.
pub(crate) fn annotations_multiline(w: &mut W, title: &str, annotations: Option<&Value>) {
    w.w(0, &format!("{title}:\t"));
    let items: Vec<(String, String)> = str_map(annotations)
        .into_iter()
        .filter(|(k, _)| k != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if items.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    for (i, (k, v)) in items.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let v = v.strip_suffix('\n').unwrap_or(v);
        if v.len() + k.len() + 2 > MAX_ANNOTATION_LEN || v.contains('\n') {
            w.w(0, &format!("{k}:\n"));
            for line in v.split('\n') {
                let short = if line.len() > MAX_ANNOTATION_LEN - 2 {
                    let cut: String = line.chars().take(MAX_ANNOTATION_LEN - 2).collect();
                    format!("{cut}...")
                } else {
                    line.to_string()
                };
                w.w(0, &format!("\t  {short}\n"));
            }
        } else {
            w.w(0, &format!("{k}: {v}\n"));
        }
    }
}

pub(crate) fn tolerations_multiline(w: &mut W, title: &str, tolerations: &[Value]) {
    w.w(0, &format!("{title}:\t"));
    if tolerations.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    let mut sorted: Vec<&Value> = tolerations.iter().collect();
    sorted.sort_by(|a, b| s(a, "key").cmp(s(b, "key")));
    for (i, t) in sorted.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let mut line = s(t, "key").to_string();
        if !s(t, "value").is_empty() {
            line.push_str(&format!("={}", s(t, "value")));
        }
        if !s(t, "effect").is_empty() {
            line.push_str(&format!(":{}", s(t, "effect")));
        }
        if s(t, "operator") == "Exists" && s(t, "value").is_empty() {
            if !s(t, "key").is_empty() || !s(t, "effect").is_empty() {
                line.push_str(" op=Exists");
            } else {
                line.push_str("op=Exists");
            }
        }
        if let Some(secs) = t.get("tolerationSeconds").and_then(Value::as_i64) {
            line.push_str(&format!(" for {secs}s"));
        }
        w.w(0, &format!("{line}\n"));
    }
}

pub(crate) fn taints_multiline(w: &mut W, title: &str, taints: &[Value]) {
    w.w(0, &format!("{title}:\t"));
    if taints.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    let mut sorted: Vec<&Value> = taints.iter().collect();
    sorted.sort_by_key(|t| format!("{},{}", s(t, "effect"), s(t, "key")));
    for (i, t) in sorted.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        w.w(0, &format!("{}\n", taint_string(t)));
    }
}

/// `Taint.ToString`: `key=value:effect`, or `key:effect`.
pub(crate) fn taint_string(t: &Value) -> String {
    if s(t, "value").is_empty() {
        format!("{}:{}", s(t, "key"), s(t, "effect"))
    } else {
        format!("{}={}:{}", s(t, "key"), s(t, "value"), s(t, "effect"))
    }
}

pub(crate) fn int_or_string(v: Option<&Value>) -> String {
    v.map(plain).unwrap_or_default()
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

fn describe_probe(p: &Value) -> String {
    let num = |k: &str| p.get(k).and_then(Value::as_i64).unwrap_or(0);
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        num("initialDelaySeconds"),
        num("timeoutSeconds"),
        num("periodSeconds"),
        num("successThreshold"),
        num("failureThreshold")
    );
    if let Some(e) = p.get("exec") {
        let cmd: Vec<String> = e
            .get("command")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(plain).collect())
            .unwrap_or_default();
        return format!("exec [{}] {attrs}", cmd.join(" "));
    }
    if let Some(h) = p.get("httpGet") {
        let scheme = s(h, "scheme").to_ascii_lowercase();
        let port = int_or_string(h.get("port"));
        let host = s(h, "host");
        let hostport = if port.is_empty() {
            host.to_string()
        } else if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let scheme_part = if scheme.is_empty() { String::new() } else { format!("{scheme}:") };
        return format!("http-get {scheme_part}//{hostport}{} {attrs}", s(h, "path"));
    }
    if let Some(t) = p.get("tcpSocket") {
        return format!("tcp-socket {}:{} {attrs}", s(t, "host"), int_or_string(t.get("port")));
    }
    if let Some(g) = p.get("grpc") {
        return format!(
            "grpc <pod>:{} {} {attrs}",
            g.get("port").and_then(Value::as_i64).unwrap_or(0),
            s(g, "service")
        );
    }
    format!("unknown {attrs}")
}

fn describe_state(w: &mut W, name: &str, state: Option<&Value>) {
    let st = state.and_then(Value::as_object);
    let get = |k: &str| st.and_then(|m| m.get(k)).filter(|v| v.is_object());
    if let Some(r) = get("running") {
        w.w(2, &format!("{name}:\tRunning\n"));
        w.w(3, &format!("Started:\t{}\n", time_field(r.get("startedAt").and_then(Value::as_str))));
    } else if let Some(wt) = get("waiting") {
        w.w(2, &format!("{name}:\tWaiting\n"));
        if !s(wt, "reason").is_empty() {
            w.w(3, &format!("Reason:\t{}\n", s(wt, "reason")));
        }
    } else if let Some(t) = get("terminated") {
        w.w(2, &format!("{name}:\tTerminated\n"));
        if !s(t, "reason").is_empty() {
            w.w(3, &format!("Reason:\t{}\n", s(t, "reason")));
        }
        if !s(t, "message").is_empty() {
            w.w(3, &format!("Message:\t{}\n", s(t, "message")));
        }
        w.w(3, &format!("Exit Code:\t{}\n", t.get("exitCode").and_then(Value::as_i64).unwrap_or(0)));
        if let Some(sig) = t.get("signal").and_then(Value::as_i64).filter(|x| *x > 0) {
            w.w(3, &format!("Signal:\t{sig}\n"));
        }
        w.w(3, &format!("Started:\t{}\n", time_field(t.get("startedAt").and_then(Value::as_str))));
        w.w(3, &format!("Finished:\t{}\n", time_field(t.get("finishedAt").and_then(Value::as_str))));
    } else {
        w.w(2, &format!("{name}:\tWaiting\n"));
    }
}

/// `EnvValueFrom(pod)` for the fieldRefs a playground meets.
fn resolve_field_ref(pod: Option<&Object>, path: &str) -> String {
    let Some(pod) = pod else { return String::new() };
    let v = match path {
        "metadata.name" => pod.str_at("metadata.name"),
        "metadata.namespace" => pod.str_at("metadata.namespace"),
        "metadata.uid" => pod.str_at("metadata.uid"),
        "spec.nodeName" => pod.str_at("spec.nodeName"),
        "spec.serviceAccountName" => pod.str_at("spec.serviceAccountName"),
        "status.podIP" => pod.str_at("status.podIP"),
        "status.hostIP" => pod.str_at("status.hostIP"),
        _ => None,
    };
    v.unwrap_or("").to_string()
}

pub(crate) fn describe_containers(
    w: &mut W,
    label: &str,
    containers: &[Value],
    statuses: Option<&[Value]>,
    pod: Option<&Object>,
    space: &str,
) {
    let none = if containers.is_empty() { " <none>" } else { "" };
    w.w(0, &format!("{space}{label}:{none}\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in containers {
        let name = s(c, "name");
        let status = statuses.and_then(|st| st.iter().find(|x| s(x, "name") == name));
        w.w(1, &format!("{name_indent}{name}:\n"));
        if let Some(st) = status {
            w.w(2, &format!("Container ID:\t{}\n", s(st, "containerID")));
        }
        w.w(2, &format!("Image:\t{}\n", s(c, "image")));
        if let Some(st) = status {
            w.w(2, &format!("Image ID:\t{}\n", s(st, "imageID")));
        }
        let ports = c.get("ports").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        let proto = |p: &Value| p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string();
        // kubectl 1.33 prints no port names here (recorded golden `describe_deployment.txt`).
        let port_strs: Vec<String> = ports
            .iter()
            .map(|p| format!("{}/{}", p.get("containerPort").and_then(Value::as_i64).unwrap_or(0), proto(p)))
            .collect();
        let host_strs: Vec<String> = ports
            .iter()
            .map(|p| format!("{}/{}", p.get("hostPort").and_then(Value::as_i64).unwrap_or(0), proto(p)))
            .collect();
        if port_strs.len() > 1 {
            w.w(2, &format!("Ports:\t{}\n", port_strs.join(", ")));
        } else {
            w.w(2, &format!("Port:\t{}\n", port_strs.first().map(String::as_str).unwrap_or("<none>")));
        }
        if host_strs.len() > 1 {
            w.w(2, &format!("Host Ports:\t{}\n", host_strs.join(", ")));
        } else {
            w.w(2, &format!("Host Port:\t{}\n", host_strs.first().map(String::as_str).unwrap_or("<none>")));
        }
        if let Some(rp) = c.get("restartPolicy").and_then(Value::as_str) {
            w.w(2, &format!("Restart Policy:\t{rp}\n"));
        }
        for (key, title) in [("command", "Command"), ("args", "Args")] {
            let items = c.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
            if !items.is_empty() {
                w.w(2, &format!("{title}:\n"));
                for item in items {
                    for line in plain(item).split('\n') {
                        w.w(3, &format!("{line}\n"));
                    }
                }
            }
        }
        if let Some(st) = status {
            describe_state(w, "State", st.get("state"));
            if st.get("lastState").and_then(|l| l.get("terminated")).is_some_and(Value::is_object) {
                describe_state(w, "Last State", st.get("lastState"));
            }
            w.w(
                2,
                &format!("Ready:\t{}\n", bool_str(st.get("ready").and_then(Value::as_bool).unwrap_or(false))),
            );
            w.w(
                2,
                &format!("Restart Count:\t{}\n", st.get("restartCount").and_then(Value::as_i64).unwrap_or(0)),
            );
        }
        for (key, title) in [("limits", "Limits"), ("requests", "Requests")] {
            let items = str_map(c.get("resources").and_then(|r| r.get(key)));
            if !items.is_empty() {
                w.w(2, &format!("{title}:\n"));
                for (k, v) in sorted_resources(items) {
                    w.w(3, &format!("{k}:\t{}\n", canonical_quantity(&v)));
                }
            }
        }
        for (key, title) in
            [("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup")]
        {
            if let Some(p) = c.get(key).filter(|p| p.is_object()) {
                w.w(2, &format!("{title}:\t{}\n", describe_probe(p)));
            }
        }
        let env_from = c.get("envFrom").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        if !env_from.is_empty() {
            w.w(2, "Environment Variables from:\n");
            for e in env_from {
                let (from, r) = if let Some(r) = e.get("configMapRef") {
                    ("ConfigMap", r)
                } else if let Some(r) = e.get("secretRef") {
                    ("Secret", r)
                } else {
                    ("", &Value::Null)
                };
                let optional = r.get("optional").and_then(Value::as_bool).unwrap_or(false);
                let name = r.get("name").and_then(Value::as_str).unwrap_or("");
                if s(e, "prefix").is_empty() {
                    w.w(3, &format!("{name}\t{from}\tOptional: {optional}\n"));
                } else {
                    w.w(
                        3,
                        &format!("{name}\t{from} with prefix '{}'\tOptional: {optional}\n", s(e, "prefix")),
                    );
                }
            }
        }
        let env = c.get("env").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        w.w(2, &format!("Environment:{}\n", if env.is_empty() { "\t<none>" } else { "" }));
        for e in env {
            let name = s(e, "name");
            let Some(from) = e.get("valueFrom").filter(|v| v.is_object()) else {
                for (i, line) in s(e, "value").split('\n').enumerate() {
                    if i == 0 {
                        w.w(3, &format!("{name}:\t{line}\n"));
                    } else {
                        w.w(3, &format!("\t{line}\n"));
                    }
                }
                continue;
            };
            if let Some(f) = from.get("fieldRef") {
                let path = s(f, "fieldPath");
                let api = f.get("apiVersion").and_then(Value::as_str).unwrap_or("v1");
                w.w(3, &format!("{name}:\t{} ({api}:{path})\n", resolve_field_ref(pod, path)));
            } else if let Some(r) = from.get("resourceFieldRef") {
                w.w(3, &format!("{name}:\t ({})\n", s(r, "resource")));
            } else if let Some(k) = from.get("secretKeyRef") {
                let optional = k.get("optional").and_then(Value::as_bool).unwrap_or(false);
                w.w(
                    3,
                    &format!(
                        "{name}:\t<set to the key '{}' in secret '{}'>\tOptional: {optional}\n",
                        s(k, "key"),
                        s(k, "name")
                    ),
                );
            } else if let Some(k) = from.get("configMapKeyRef") {
                let optional = k.get("optional").and_then(Value::as_bool).unwrap_or(false);
                w.w(
                    3,
                    &format!(
                        "{name}:\t<set to the key '{}' of config map '{}'>\tOptional: {optional}\n",
                        s(k, "key"),
                        s(k, "name")
                    ),
                );
            }
        }
        let mut mounts: Vec<&Value> =
            c.get("volumeMounts").and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default();
        w.w(2, &format!("Mounts:{}\n", if mounts.is_empty() { "\t<none>" } else { "" }));
        mounts.sort_by(|a, b| s(a, "mountPath").cmp(s(b, "mountPath")));
        for m in mounts {
            let mut flags = vec![if m.get("readOnly").and_then(Value::as_bool) == Some(true) {
                "ro".to_string()
            } else {
                "rw".to_string()
            }];
            if !s(m, "subPath").is_empty() {
                flags.push(format!("path={}", super::gofmt::go_quote(s(m, "subPath"))));
            }
            w.w(3, &format!("{} from {} ({})\n", s(m, "mountPath"), s(m, "name"), flags.join(",")));
        }
    }
}

/// `resource.Quantity.String()`: the canonical form the API server stores (`0.5` → `500m`,
/// `1000m` → `1`, `1024Mi` → `1Gi`, `1000` → `1k`). Exponent forms are kept as written.
pub(crate) fn canonical_quantity(q: &str) -> String {
    let Ok(parsed) = kubeplay_model::quantity::Quantity::parse(q) else { return q.to_string() };
    let suffix = q.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '+' || c == '-');
    if suffix.starts_with('e') || suffix.starts_with('E') {
        return q.to_string();
    }
    format_quantity(parsed.milli, suffix.ends_with('i'))
}

/// Resource names sorted alphabetically (`SortableResourceNames`).
pub(crate) fn sorted_resources(mut items: Vec<(String, String)>) -> Vec<(String, String)> {
    items.sort();
    items
}

fn opt_bool(v: Option<&Value>) -> String {
    match v {
        Some(Value::Bool(b)) => b.to_string(),
        _ => "false".into(),
    }
}

pub(crate) fn describe_volumes(w: &mut W, volumes: &[Value], space: &str) {
    if volumes.is_empty() {
        w.w(0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.w(0, &format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in volumes {
        w.w(1, &format!("{name_indent}{}:\n", s(v, "name")));
        if let Some(h) = v.get("hostPath") {
            let ty = h.get("type").and_then(Value::as_str).unwrap_or("<none>");
            let ty = if ty.is_empty() && h.get("type").is_some() { "" } else { ty };
            w.w(
                2,
                &format!(
                    "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{ty}\n",
                    s(h, "path")
                ),
            );
        } else if let Some(e) = v.get("emptyDir") {
            let size = e
                .get("sizeLimit")
                .map(plain)
                .filter(|x| !x.is_empty() && x != "0")
                .unwrap_or_else(|| "<unset>".into());
            w.w(
                2,
                &format!(
                    "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{size}\n",
                    s(e, "medium")
                ),
            );
        } else if let Some(sec) = v.get("secret") {
            w.w(
                2,
                &format!(
                    "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
                    s(sec, "secretName"),
                    opt_bool(sec.get("optional"))
                ),
            );
        } else if let Some(cm) = v.get("configMap") {
            w.w(
                2,
                &format!(
                    "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
                    s(cm, "name"),
                    opt_bool(cm.get("optional"))
                ),
            );
        } else if let Some(p) = v.get("projected") {
            w.w(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
            for src in p.get("sources").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(sec) = src.get("secret") {
                    w.w(
                        2,
                        &format!(
                            "SecretName:\t{}\n    Optional:\t{}\n",
                            s(sec, "name"),
                            opt_bool(sec.get("optional"))
                        ),
                    );
                } else if src.get("downwardAPI").is_some() {
                    w.w(2, "DownwardAPI:\ttrue\n");
                } else if let Some(cm) = src.get("configMap") {
                    w.w(
                        2,
                        &format!(
                            "ConfigMapName:\t{}\n    Optional:\t{}\n",
                            s(cm, "name"),
                            opt_bool(cm.get("optional"))
                        ),
                    );
                } else if let Some(t) = src.get("serviceAccountToken") {
                    w.w(
                        2,
                        &format!(
                            "TokenExpirationSeconds:\t{}\n",
                            t.get("expirationSeconds").and_then(Value::as_i64).unwrap_or(3600)
                        ),
                    );
                }
            }
        } else if let Some(pvc) = v.get("persistentVolumeClaim") {
            w.w(
                2,
                &format!(
                    "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
                    s(pvc, "claimName"),
                    opt_bool(pvc.get("readOnly"))
                ),
            );
        } else {
            w.w(1, "<unknown>\n");
        }
    }
}

/// `DescribePodTemplate` (also used raw, untabbed, by `rollout history --revision`).
pub(crate) fn pod_template(w: &mut W, t: Option<&Value>) {
    w.w(0, "Pod Template:\n");
    let Some(t) = t.filter(|t| t.is_object()) else {
        w.w(1, "<unset>");
        return;
    };
    labels_multiline(w, "  Labels", t.at("metadata.labels"));
    if t.at("metadata.annotations").and_then(Value::as_object).is_some_and(|m| !m.is_empty()) {
        annotations_multiline(w, "  Annotations", t.at("metadata.annotations"));
    }
    let spec = t.get("spec").cloned().unwrap_or(Value::Null);
    if !s(&spec, "serviceAccountName").is_empty() {
        w.w(1, &format!("Service Account:\t{}\n", s(&spec, "serviceAccountName")));
    }
    let inits = arr(&spec, "initContainers");
    if !inits.is_empty() {
        describe_containers(w, "Init Containers", inits, None, None, "  ");
    }
    describe_containers(w, "Containers", arr(&spec, "containers"), None, None, "  ");
    describe_volumes(w, arr(&spec, "volumes"), "  ");
    if !s(&spec, "priorityClassName").is_empty() {
        w.w(1, &format!("Priority Class Name:\t{}\n", s(&spec, "priorityClassName")));
    }
    labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"));
    tolerations_multiline(w, "  Tolerations", arr(&spec, "tolerations"));
}

fn event_time(e: &Value) -> Option<SimTime> {
    e.at("series.lastObservedTime")
        .and_then(Value::as_str)
        .or_else(|| e.str_at("lastTimestamp"))
        .or_else(|| e.str_at("eventTime"))
        .and_then(SimTime::parse_rfc3339)
}

/// The `Age` cell of an event: first-seen age, or `<last> (x<count> over <first>)`.
pub(crate) fn event_interval(e: &Value, now: SimTime) -> String {
    let first = if e.str_at("eventTime").is_some() {
        since(e.str_at("eventTime"), now)
    } else {
        since(e.str_at("firstTimestamp"), now)
    };
    if let Some(series) = e.get("series").filter(|v| v.is_object()) {
        return format!(
            "{} (x{} over {first})",
            since(series.get("lastObservedTime").and_then(Value::as_str), now),
            series.get("count").and_then(Value::as_i64).unwrap_or(0)
        );
    }
    let count = e.i64_at("count").unwrap_or(0);
    if count > 1 {
        return format!("{} (x{count} over {first})", since(e.str_at("lastTimestamp"), now));
    }
    first
}

/// Events sorted by last-seen time (stable), as `SortableEvents` orders them.
pub(crate) fn sorted_events<'a>(events: &[&'a Object]) -> Vec<&'a Object> {
    let mut v = events.to_vec();
    v.sort_by_key(|e| event_time(e));
    v
}

pub(crate) fn describe_events(w: &mut W, events: &[&Object], now: SimTime) {
    if events.is_empty() {
        w.w(0, "Events:\t<none>\n");
        return;
    }
    w.w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.w(1, "----\t------\t----\t----\t-------\n");
    for e in sorted_events(events) {
        let mut from = e.str_at("source.component").unwrap_or("").to_string();
        if from.is_empty() {
            from = e.str_at("reportingController").unwrap_or("").to_string();
        }
        w.w(
            1,
            &format!(
                "{}\t{}\t{}\t{from}\t{}\n",
                e.str_at("type").unwrap_or(""),
                e.str_at("reason").unwrap_or(""),
                event_interval(e, now),
                e.str_at("message").unwrap_or("").trim()
            ),
        );
    }
}

pub(crate) fn conditions_type_status_reason(w: &mut W, conds: &[Value]) {
    if conds.is_empty() {
        return;
    }
    w.w(0, "Conditions:\n  Type\tStatus\tReason\n");
    w.w(1, "----\t------\t------\n");
    for c in conds {
        w.w(1, &format!("{} \t{}\t{}\n", s(c, "type"), s(c, "status"), s(c, "reason")));
    }
}

pub(crate) fn controlled_by(o: &Object) -> Option<String> {
    o.controller_ref().map(|r| format!("{}/{}", s(r, "kind"), s(r, "name")))
}

/// The pod template without the `pod-template-hash` label (deployment util `EqualIgnoreHash`).
fn template_without_hash(t: Option<&Value>) -> Value {
    let mut t = t.cloned().unwrap_or(Value::Null);
    if let Some(l) = t.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
        l.remove("pod-template-hash");
        if l.is_empty() {
            if let Some(m) = t.pointer_mut("/metadata").and_then(Value::as_object_mut) {
                m.remove("labels");
            }
        }
    }
    t
}

/// The Deployment's new ReplicaSet (template equal ignoring the hash) and its old ones.
pub(crate) fn split_replicasets<'a>(d: &Object, rss: &[&'a Object]) -> (Option<&'a Object>, Vec<&'a Object>) {
    let want = template_without_hash(d.at("spec.template"));
    let mut sorted = rss.to_vec();
    sorted.sort_by(|a, b| (a.creation_timestamp(), a.name()).cmp(&(b.creation_timestamp(), b.name())));
    let new = sorted.iter().copied().find(|rs| template_without_hash(rs.at("spec.template")) == want);
    let old = sorted
        .into_iter()
        .filter(|rs| new.is_none_or(|n| n.uid() != rs.uid() || n.name() != rs.name()))
        .collect();
    (new, old)
}

pub(crate) fn rs_list(rss: &[&Object]) -> String {
    if rss.is_empty() {
        return "<none>".into();
    }
    rss.iter()
        .map(|rs| {
            format!(
                "{} ({}/{} replicas created)",
                rs.name(),
                rs.i64_at("status.replicas").unwrap_or(0),
                rs.i64_at("spec.replicas").unwrap_or(0)
            )
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The QoS class the API server recorded, or the same rule computed (a pod without status).
pub(crate) fn qos_class(pod: &Object) -> String {
    match pod.str_at("status.qosClass").filter(|q| !q.is_empty()) {
        Some(q) => q.to_string(),
        None => kubeplay_model::pod::qos_class(pod).to_string(),
    }
}

/// kubectl 1.33 formats the Service's EndpointSlices (ready endpoints only, `<none>` when there
/// is no slice, an empty cell when slices exist but nothing is ready). The Endpoints object
/// carries the same ready addresses, and exists exactly when the slices do.
pub(crate) fn endpoints_for_port(ep: Option<&Object>, port_name: &str) -> String {
    let Some(ep) = ep else { return "<none>".into() };
    let subsets = arr(ep, "subsets");
    let mut list = Vec::new();
    let mut count = 0;
    let mut more = false;
    for ss in subsets {
        let addrs = ss.get("addresses").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        let ports = ss.get("ports").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        if ports.is_empty() {
            count += addrs.len();
            for a in addrs {
                if list.len() == 3 {
                    more = true;
                    break;
                }
                list.push(s(a, "ip").to_string());
            }
            continue;
        }
        for p in ports.iter().filter(|p| s(p, "name") == port_name) {
            count += addrs.len();
            for a in addrs {
                if list.len() == 3 {
                    more = true;
                    break;
                }
                list.push(format!("{}:{}", s(a, "ip"), p.get("port").and_then(Value::as_i64).unwrap_or(0)));
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - 3)
    } else {
        ret
    }
}

pub(crate) fn sorted_str_map(v: Option<&Value>) -> Vec<(String, String)> {
    str_map(v)
}

/// Decoded length of a base64 string (Secret and binaryData values are stored encoded).
pub(crate) fn base64_len(v: &str) -> usize {
    let body: Vec<u8> = v.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let pad = body.iter().rev().take_while(|b| **b == b'=').count();
    (body.len() / 4 * 3
        + match body.len() % 4 {
            2 => 1,
            3 => 2,
            _ => 0,
        })
    .saturating_sub(pad)
}

/// A stored (valid) base64 value as text; invalid UTF-8 shown lossily, as `string(bytes)` prints.
pub(crate) fn base64_decode(v: &str) -> String {
    String::from_utf8_lossy(&kubeplay_model::base64::decode(v).unwrap_or_default()).into_owned()
}

/// Canonical quantity text from milli-units: binary suffixes for binary quantities of at least
/// 1Ki that are whole multiples, otherwise decimal SI (`250m`, `1`, `1k`, `1500m`).
pub(crate) fn format_quantity(milli: i128, binary: bool) -> String {
    if milli == 0 {
        return "0".into();
    }
    if milli % 1000 != 0 {
        return format!("{milli}m");
    }
    let mut v = milli / 1000;
    if binary && v.abs() >= 1024 {
        let mut idx = 0;
        while v % 1024 == 0 && idx < 6 {
            v /= 1024;
            idx += 1;
        }
        return format!("{v}{}", ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][idx]);
    }
    let mut idx = 0;
    while v % 1000 == 0 && idx < 6 {
        v /= 1000;
        idx += 1;
    }
    format!("{v}{}", ["", "k", "M", "G", "T", "P", "E"][idx])
}

pub(crate) fn pod_request(pod: &Object, kind: &str, res: &str) -> i128 {
    let sum: i128 = arr(pod, "spec.containers")
        .iter()
        .map(|c| quantity_milli(c.at(&format!("resources.{kind}")).and_then(|m| m.get(res))))
        .fold(0i128, i128::saturating_add);
    // Init containers count with their maximum (PodRequestsAndLimits).
    let init_max = arr(pod, "spec.initContainers")
        .iter()
        .map(|c| quantity_milli(c.at(&format!("resources.{kind}")).and_then(|m| m.get(res))))
        .max()
        .unwrap_or(0);
    sum.max(init_max)
}

pub(crate) fn is_binary(v: Option<&Value>) -> bool {
    v.map(plain).is_some_and(|q| q.ends_with('i'))
}

/// `smartLabelFor`: `apiVersion` → `API Version`, `creationTimestamp` → `Creation Timestamp`.
fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    let chars: Vec<char> = field.chars().collect();
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            None => false,
            Some(p) => {
                (p.is_lowercase() && c.is_uppercase())
                    || (p.is_uppercase() && c.is_uppercase() && next.is_some_and(char::is_lowercase))
                    || (p == '-') != (c == '-')
            }
        };
        if boundary && !cur.is_empty() {
            parts.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
        .into_iter()
        .map(|p| {
            let up = p.to_uppercase();
            if ["API", "URL", "UID", "OSB", "GUID"].contains(&up.as_str()) {
                up
            } else {
                let mut cs = p.chars();
                match cs.next() {
                    Some(f) => f.to_uppercase().chain(cs).collect(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

const GENERIC_SKIP: [&str; 5] = [
    ".metadata.managedFields",
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
];

fn unstructured(w: &mut W, level: usize, content: &Map<String, Value>, prefix: &str) {
    for (field, value) in content {
        let path = format!("{prefix}.{field}");
        if GENERIC_SKIP.contains(&path.as_str()) {
            continue;
        }
        match value {
            Value::Object(m) => {
                w.w(level, &format!("{}:\n", smart_label(field)));
                unstructured(w, level + 1, m, &path);
            }
            Value::Array(a) => {
                w.w(level, &format!("{}:\n", smart_label(field)));
                for child in a {
                    match child {
                        Value::Object(m) => unstructured(w, level + 1, m, &path),
                        other => w.w(level + 1, &format!("{}\n", go_v(other))),
                    }
                }
            }
            other => w.w(level, &format!("{}:\t{}\n", smart_label(field), go_v(other))),
        }
    }
}

fn describe_generic(w: &mut W, o: &Object, ctx: &DescribeContext, now: SimTime) {
    w.w(0, &format!("Name:\t{}\n", o.name()));
    w.w(0, &format!("Namespace:\t{}\n", o.namespace()));
    labels_multiline(w, "Labels", o.at("metadata.labels"));
    annotations_multiline(w, "Annotations", o.at("metadata.annotations"));
    if let Some(m) = o.as_object() {
        unstructured(w, 0, m, "");
    }
    describe_events(w, &ctx.events, now);
}

/// `kubectl describe <resource> <name>` for one object (plural resource name, e.g. `pods`).
pub fn describe(resource: &str, obj: &Object, ctx: &DescribeContext, now: SimTime) -> String {
    let mut w = W::default();
    let describer = super::kinds::printer(resource).and_then(|p| p.describe).unwrap_or(describe_generic);
    describer(&mut w, obj, ctx, now);
    tabwriter::describe(&w.buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn t(s: &str) -> SimTime {
        SimTime::parse_rfc3339(s).unwrap()
    }

    fn deployment() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "default", "uid": "d1", "generation": 1,
                "creationTimestamp": "2025-03-01T10:00:00Z",
                "labels": {"app": "web"},
                "annotations": {"deployment.kubernetes.io/revision": "1",
                    "kubectl.kubernetes.io/last-applied-configuration": "{}"}},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
                "minReadySeconds": 0, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
                "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                        "ports": [{"containerPort": 80, "protocol": "TCP"}]}],
                        "restartPolicy": "Always", "dnsPolicy": "ClusterFirst"}}},
            "status": {"replicas": 3, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3,
                "observedGeneration": 1,
                "conditions": [
                    {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                    {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]}})
    }

    fn replicaset() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": "web-66b6c48dd5", "namespace": "default", "uid": "r1",
                "creationTimestamp": "2025-03-01T10:00:00Z",
                "labels": {"app": "web", "pod-template-hash": "66b6c48dd5"},
                "annotations": {"deployment.kubernetes.io/revision": "1"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "d1", "controller": true}]},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "66b6c48dd5"}},
                "template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "66b6c48dd5"}},
                    "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                        "ports": [{"containerPort": 80, "protocol": "TCP"}]}],
                        "restartPolicy": "Always", "dnsPolicy": "ClusterFirst"}}},
            "status": {"replicas": 3, "readyReplicas": 3, "availableReplicas": 3}})
    }

    fn event(reason: &str, msg: &str, from: &str, first: &str, last: &str, count: i64) -> Value {
        json!({"type": "Normal", "reason": reason, "message": msg, "source": {"component": from},
               "firstTimestamp": first, "lastTimestamp": last, "count": count})
    }

    #[test]
    fn deployment_matches_reference_example() {
        // §8.7's worked example, with CreationTimestamp filled in.
        let d = deployment();
        let rs = replicaset();
        let ev = event(
            "ScalingReplicaSet",
            "Scaled up replica set web-66b6c48dd5 from 0 to 3",
            "deployment-controller",
            "2025-03-01T10:00:00Z",
            "2025-03-01T10:00:00Z",
            1,
        );
        let ctx = DescribeContext { events: vec![&ev], replicasets: vec![&rs], ..Default::default() };
        let out = describe("deployments", &d, &ctx, t("2025-03-01T10:00:12Z"));
        let want = "\
Name:                   web
Namespace:              default
CreationTimestamp:      Sat, 01 Mar 2025 10:00:00 +0000
Labels:                 app=web
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=web
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   web:
    Image:         nginx:1.27
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   web-66b6c48dd5 (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  12s   deployment-controller  Scaled up replica set web-66b6c48dd5 from 0 to 3
";
        assert_eq!(out, want);
    }

    #[test]
    fn replicaset_adds_controller_replicas_and_pod_status() {
        let rs = replicaset();
        let running = json!({"status": {"phase": "Running"}});
        let pending = json!({"status": {"phase": "Pending"}});
        let ctx = DescribeContext { pods: vec![&running, &running, &pending], ..Default::default() };
        let out = describe("replicasets", &rs, &ctx, t("2025-03-01T10:00:12Z"));
        // §8.7 ReplicaSet describe additions.
        assert!(out.contains("\nControlled By:  Deployment/web\n"), "{out}");
        assert!(out.contains("\nReplicas:       3 current / 3 desired\n"), "{out}");
        assert!(out.contains("\nPods Status:    2 Running / 1 Waiting / 0 Succeeded / 0 Failed\n"), "{out}");
        // `Events:\t<none>` joins the Tolerations column block.
        assert!(out.ends_with("  Tolerations:     <none>\nEvents:            <none>\n"), "{out}");
    }

    #[test]
    fn event_age_with_count() {
        // §8.7: `<last> (x<count> over <first>)`.
        let ev = event(
            "BackOff",
            "Back-off restarting failed container web in pod web_default(u)",
            "kubelet",
            "2025-03-01T10:00:00Z",
            "2025-03-01T10:04:30Z",
            5,
        );
        assert_eq!(event_interval(&ev, t("2025-03-01T10:05:00Z")), "30s (x5 over 5m)");
    }

    #[test]
    fn pod_sections() {
        let pod = json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web-66b6c48dd5-abcde", "namespace": "default", "uid": "p1",
                "creationTimestamp": "2025-03-01T10:00:00Z",
                "labels": {"app": "web", "pod-template-hash": "66b6c48dd5"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-66b6c48dd5", "uid": "r1", "controller": true}]},
            "spec": {"nodeName": "node-1", "serviceAccountName": "default", "priority": 0,
                "containers": [{"name": "web", "image": "nginx:1.27",
                    "ports": [{"containerPort": 80, "protocol": "TCP"}],
                    "env": [{"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "mode"}}}],
                    "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
                        "initialDelaySeconds": 0, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
                    "resources": {"limits": {"memory": "128Mi", "cpu": "500m"}, "requests": {"cpu": "250m", "memory": "64Mi"}},
                    "volumeMounts": [{"name": "kube-api-access-abcde", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true}]}],
                "volumes": [{"name": "kube-api-access-abcde", "projected": {"defaultMode": 420, "sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                    {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                    {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}}],
                "tolerations": [
                    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]},
            "status": {"phase": "Running", "hostIP": "10.0.0.11", "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}],
                "startTime": "2025-03-01T10:00:01Z", "qosClass": "Burstable",
                "conditions": [
                    {"type": "PodReadyToStartContainers", "status": "True"},
                    {"type": "Initialized", "status": "True"},
                    {"type": "Ready", "status": "True"},
                    {"type": "ContainersReady", "status": "True"},
                    {"type": "PodScheduled", "status": "True"}],
                "containerStatuses": [{"name": "web", "ready": true, "restartCount": 1, "image": "nginx:1.27",
                    "imageID": "docker.io/library/nginx@sha256:abc", "containerID": "containerd://c1",
                    "state": {"running": {"startedAt": "2025-03-01T10:00:05Z"}},
                    "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                        "startedAt": "2025-03-01T10:00:02Z", "finishedAt": "2025-03-01T10:00:04Z"}}}]}});
        let out = describe("pods", &pod, &DescribeContext::default(), t("2025-03-01T10:01:00Z"));
        let want_containers = "\
Containers:
  web:
    Container ID:   containerd://c1
    Image:          nginx:1.27
    Image ID:       docker.io/library/nginx@sha256:abc
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Sat, 01 Mar 2025 10:00:05 +0000
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      Sat, 01 Mar 2025 10:00:02 +0000
      Finished:     Sat, 01 Mar 2025 10:00:04 +0000
    Ready:          True
    Restart Count:  1
    Limits:
      cpu:     500m
      memory:  128Mi
    Requests:
      cpu:      250m
      memory:   64Mi
    Readiness:  http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3
    Environment:
      MODE:  <set to the key 'mode' of config map 'cfg'>  Optional: false
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-abcde (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-abcde:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:                      <none>
";
        assert!(out.starts_with("Name:             web-66b6c48dd5-abcde\nNamespace:        default\nPriority:         0\nService Account:  default\nNode:             node-1/10.0.0.11\nStart Time:       Sat, 01 Mar 2025 10:00:01 +0000\nLabels:           app=web\n                  pod-template-hash=66b6c48dd5\nAnnotations:      <none>\nStatus:           Running\nIP:               10.244.1.5\nIPs:\n  IP:           10.244.1.5\nControlled By:  ReplicaSet/web-66b6c48dd5\n"), "{out}");
        assert!(out.ends_with(want_containers), "{out}");
    }

    #[test]
    fn terminating_pod_status() {
        let pod = json!({"metadata": {"name": "p", "namespace": "default", "deletionTimestamp": "2025-03-01T10:00:30Z",
                "deletionGracePeriodSeconds": 30},
            "spec": {"containers": []}, "status": {"phase": "Running"}});
        let out = describe("pods", &pod, &DescribeContext::default(), t("2025-03-01T10:00:10Z"));
        // §5.7: `Status: Terminating (lasts <age>)` and `Termination Grace Period: 30s`.
        assert!(
            out.contains(
                "Status:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn configmap_and_secret() {
        let cm =
            json!({"metadata": {"name": "cfg", "namespace": "default"}, "data": {"a": "1", "b": "x\ny"}});
        let out = describe("configmaps", &cm, &DescribeContext::default(), SimTime(0));
        assert_eq!(out, "Name:         cfg\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\na:\n----\n1\n\nb:\n----\nx\ny\n\n\nBinaryData\n====\n\nEvents:  <none>\n");
        let sec = json!({"metadata": {"name": "s", "namespace": "default"}, "type": "Opaque", "data": {"password": "czNjcjN0"}});
        let out = describe("secrets", &sec, &DescribeContext::default(), SimTime(0));
        assert_eq!(out, "Name:         s\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  6 bytes\n");
    }

    #[test]
    fn service_layout() {
        let svc = json!({"metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
            "spec": {"type": "ClusterIP", "selector": {"app": "web"}, "clusterIP": "10.96.12.34", "clusterIPs": ["10.96.12.34"],
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
                "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}]}});
        let ep = json!({"subsets": [{"addresses": [{"ip": "10.244.1.5"}, {"ip": "10.244.2.7"}], "ports": [{"port": 80, "protocol": "TCP"}]}]});
        let ctx = DescribeContext { endpoints: Some(&ep), ..Default::default() };
        let out = describe("services", &svc, &ctx, SimTime(0));
        assert_eq!(
            out,
            "\
Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.12.34
IPs:                      10.96.12.34
Port:                     <unset>  80/TCP
TargetPort:               80/TCP
Endpoints:                10.244.1.5:80,10.244.2.7:80
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
"
        );
    }

    #[test]
    fn qos_classes() {
        let pod = |res: Value| json!({"spec": {"containers": [{"name": "a", "resources": res}]}});
        assert_eq!(qos_class(&pod(json!({}))), "BestEffort");
        assert_eq!(qos_class(&pod(json!({"requests": {"cpu": "100m"}}))), "Burstable");
        // As stored: the API server has defaulted the memory request to its limit; `0.5` equals
        // `500m`.
        let stored =
            json!({"limits": {"cpu": "0.5", "memory": "1Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}});
        assert_eq!(qos_class(&pod(stored)), "Guaranteed");
        // The recorded class wins.
        let mut p = pod(json!({}));
        p["status"] = json!({"qosClass": "Burstable"});
        assert_eq!(qos_class(&p), "Burstable");
    }

    #[test]
    fn canonical_quantities() {
        // apimachinery `Quantity.String()` canonical forms.
        for (i, o) in [
            ("0.5", "500m"),
            ("1000m", "1"),
            ("1024Mi", "1Gi"),
            ("1536Mi", "1536Mi"),
            ("1000", "1k"),
            ("128Mi", "128Mi"),
            ("100m", "100m"),
            ("0", "0"),
            ("512", "512"),
            ("1.5Gi", "1536Mi"),
            ("1e3", "1e3"),
        ] {
            assert_eq!(canonical_quantity(i), o, "{i}");
        }
    }

    #[test]
    fn smart_labels() {
        assert_eq!(smart_label("apiVersion"), "API Version");
        assert_eq!(smart_label("creationTimestamp"), "Creation Timestamp");
        assert_eq!(smart_label("uid"), "UID");
        assert_eq!(smart_label("replicas2"), "replicas2");
    }
}
