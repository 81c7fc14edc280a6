//! A small local stand-in for `kubeplay_kubectl::Session` + `kubeplay_cluster::Cluster`, used only
//! until the real engine crates land. It implements just enough of the Deployment → ReplicaSet → Pod
//! flow, Services, ConfigMaps/Secrets, nodes and a few kubectl verbs for the UI to be built and
//! tested end to end. Delete this file when `engine/mod.rs` is switched to the real crates.

use super::yamlish;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub type Key = (String, String, String); // kind, namespace, name

#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub text: String,
    pub exit_code: i32,
    pub stream: Option<u64>,
}

impl Output {
    fn ok(text: impl Into<String>) -> Self {
        Output { text: text.into(), exit_code: 0, stream: None }
    }
    fn err(text: impl Into<String>) -> Self {
        Output { text: text.into(), exit_code: 1, stream: None }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub first: u64,
    pub last: u64,
    pub type_: String,
    pub reason: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub message: String,
    pub count: u32,
}

#[derive(Clone, Debug, Default)]
struct PodRt {
    started_at: Option<u64>,
    next_at: u64,
    restarts: u32,
    probe_fail: bool,
    crash_once: bool,
    logs: Vec<String>,
    prev_logs: Vec<String>,
}

#[derive(Clone, Debug)]
enum Stream {
    WatchPods { ns: String, last: BTreeMap<String, String> },
    Rollout { ns: String, name: String, last: String },
    Logs { ns: String, pod: String, sent: usize },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub at: u64,
    pub kind: String,
    pub text: String,
    pub filename: String,
}

pub struct Session {
    pub now: u64,
    pub objs: BTreeMap<Key, Value>,
    pub events: Vec<Event>,
    pub rv: u64,
    rng: u64,
    rt: BTreeMap<(String, String), PodRt>,
    streams: BTreeMap<u64, Stream>,
    next_stream: u64,
    pub actions: Vec<Action>,
    pub history: BTreeMap<(String, String), Vec<(u64, i64, i64, i64)>>,
    next_ip: u32,
    rr: u64,
    pub namespace: String,
}

const POD_STARTUP_MS: u64 = 2000;

fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

const ALNUM: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

fn encode(mut h: u64, n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push(ALNUM[(h % ALNUM.len() as u64) as usize] as char);
        h /= ALNUM.len() as u64;
    }
    s
}

pub fn human_age(ms: u64) -> String {
    let s = ms / 1000;
    if s < 120 {
        format!("{s}s")
    } else if s < 600 {
        if s.is_multiple_of(60) {
            format!("{}m", s / 60)
        } else {
            format!("{}m{}s", s / 60, s % 60)
        }
    } else if s < 3 * 3600 {
        format!("{}m", s / 60)
    } else {
        format!("{}h", s / 3600)
    }
}

fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            if i + 1 == r.len() {
                line.push_str(c);
            } else {
                line.push_str(&format!("{c:<w$}", w = widths[i] + 3));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn s(v: &Value, path: &[&str]) -> String {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(x) => cur = x,
            None => return String::new(),
        }
    }
    cur.as_str().map(str::to_string).unwrap_or_default()
}

fn i(v: &Value, path: &[&str]) -> i64 {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(x) => cur = x,
            None => return 0,
        }
    }
    cur.as_i64().unwrap_or(0)
}

fn labels_match(sel: &Value, labels: &Value) -> bool {
    match sel.as_object() {
        Some(m) if !m.is_empty() => m.iter().all(|(k, v)| labels.get(k) == Some(v)),
        _ => false,
    }
}

pub fn kind_for(resource: &str) -> Option<&'static str> {
    Some(match resource.to_ascii_lowercase().as_str() {
        "po" | "pod" | "pods" => "Pod",
        "deploy" | "deployment" | "deployments" | "deployment.apps" => "Deployment",
        "rs" | "replicaset" | "replicasets" | "replicaset.apps" => "ReplicaSet",
        "svc" | "service" | "services" => "Service",
        "cm" | "configmap" | "configmaps" => "ConfigMap",
        "secret" | "secrets" => "Secret",
        "no" | "node" | "nodes" => "Node",
        "ev" | "event" | "events" => "Event",
        "ns" | "namespace" | "namespaces" => "Namespace",
        _ => return None,
    })
}

pub fn resource_of(kind: &str) -> &'static str {
    match kind {
        "Pod" => "pod",
        "Deployment" => "deployment.apps",
        "ReplicaSet" => "replicaset.apps",
        "Service" => "service",
        "ConfigMap" => "configmap",
        "Secret" => "secret",
        "Node" => "node",
        _ => "object",
    }
}

pub fn pod_status(p: &Value) -> String {
    if p.pointer("/metadata/deletionTimestamp").is_some() {
        return "Terminating".into();
    }
    if let Some(cs) = p.pointer("/status/containerStatuses/0/state") {
        if let Some(r) = cs.pointer("/waiting/reason").and_then(Value::as_str) {
            return r.to_string();
        }
        if let Some(r) = cs.pointer("/terminated/reason").and_then(Value::as_str) {
            return r.to_string();
        }
        if cs.get("running").is_some() {
            return "Running".into();
        }
    }
    s(p, &["status", "phase"]).pipe_default("Pending")
}

trait PipeDefault {
    fn pipe_default(self, d: &str) -> String;
}
impl PipeDefault for String {
    fn pipe_default(self, d: &str) -> String {
        if self.is_empty() {
            d.to_string()
        } else {
            self
        }
    }
}

pub fn pod_ready(p: &Value) -> bool {
    p.pointer("/status/containerStatuses/0/ready").and_then(Value::as_bool).unwrap_or(false)
        && p.pointer("/metadata/deletionTimestamp").is_none()
}

impl Session {
    pub fn new() -> Self {
        let mut s = Session {
            now: 0,
            objs: BTreeMap::new(),
            events: Vec::new(),
            rv: 1,
            rng: 0x9e3779b97f4a7c15,
            rt: BTreeMap::new(),
            streams: BTreeMap::new(),
            next_stream: 1,
            actions: Vec::new(),
            history: BTreeMap::new(),
            next_ip: 10,
            rr: 0,
            namespace: "default".into(),
        };
        for n in ["kubeplay-control-plane", "kubeplay-worker", "kubeplay-worker2"] {
            let cp = n.ends_with("plane");
            let mut node = json!({"apiVersion":"v1","kind":"Node","metadata":{"name":n,"labels":{"kubernetes.io/hostname":n}},
                "spec":{},"status":{"capacity":{"cpu":"2","memory":"4Gi","pods":"110"},"conditions":[{"type":"Ready","status":"True"}]}});
            if cp {
                node["spec"]["taints"] =
                    json!([{"key":"node-role.kubernetes.io/control-plane","effect":"NoSchedule"}]);
                node["metadata"]["labels"]["node-role.kubernetes.io/control-plane"] = json!("");
            }
            s.put(node);
        }
        for ns in ["default", "kube-system"] {
            s.put(json!({"apiVersion":"v1","kind":"Namespace","metadata":{"name":ns},"status":{"phase":"Active"}}));
        }
        s.put(json!({"apiVersion":"v1","kind":"Service","metadata":{"name":"kubernetes","namespace":"default","labels":{"component":"apiserver"}},
            "spec":{"clusterIP":"10.96.0.1","ports":[{"name":"https","port":443,"protocol":"TCP","targetPort":6443}],"type":"ClusterIP"}}));
        s
    }

    fn rand(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }

    fn key_of(v: &Value) -> Key {
        (s(v, &["kind"]), s(v, &["metadata", "namespace"]), s(v, &["metadata", "name"]))
    }

    fn put(&mut self, mut v: Value) {
        self.rv += 1;
        if v.pointer("/metadata/creationTimestamp").is_none() {
            v["metadata"]["creationTimestamp"] = json!(self.now);
        }
        if v.pointer("/metadata/uid").is_none() {
            let u = self.rand();
            v["metadata"]["uid"] = json!(format!(
                "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                u >> 32,
                u & 0xffff,
                (u >> 16) & 0xfff,
                (u >> 4) & 0xfff,
                u & 0xffff_ffff_ffff
            ));
        }
        v["metadata"]["resourceVersion"] = json!(self.rv.to_string());
        self.objs.insert(Self::key_of(&v), v);
    }

    fn remove(&mut self, k: &Key) {
        self.rv += 1;
        self.objs.remove(k);
        if k.0 == "Pod" {
            self.rt.remove(&(k.1.clone(), k.2.clone()));
        }
    }

    pub fn list(&self, kind: &str, ns: Option<&str>) -> Vec<&Value> {
        self.objs
            .iter()
            .filter(|((k, n, _), _)| k == kind && ns.is_none_or(|x| x == n))
            .map(|(_, v)| v)
            .collect()
    }

    pub fn get(&self, kind: &str, ns: &str, name: &str) -> Option<&Value> {
        let ns = if matches!(kind, "Node" | "Namespace") { "" } else { ns };
        self.objs.get(&(kind.to_string(), ns.to_string(), name.to_string()))
    }

    fn event(&mut self, type_: &str, reason: &str, kind: &str, ns: &str, name: &str, message: String) {
        if let Some(e) = self.events.iter_mut().rev().take(40).find(|e| {
            e.reason == reason
                && e.kind == kind
                && e.name == name
                && e.namespace == ns
                && e.message == message
        }) {
            e.count += 1;
            e.last = self.now;
            return;
        }
        self.events.push(Event {
            first: self.now,
            last: self.now,
            type_: type_.into(),
            reason: reason.into(),
            kind: kind.into(),
            namespace: ns.into(),
            name: name.into(),
            message,
            count: 1,
        });
    }

    fn record(&mut self, kind: &str, text: &str, filename: &str) {
        self.actions.push(Action {
            at: self.now,
            kind: kind.into(),
            text: text.into(),
            filename: filename.into(),
        });
    }

    pub fn replay(actions: &[Action], now: u64) -> Self {
        let mut s = Session::new();
        for a in actions {
            if a.at > s.now {
                s.advance(a.at - s.now);
            }
            match a.kind.as_str() {
                "apply" => {
                    s.apply_text(&a.text, &a.filename);
                }
                "inject" => s.inject(&a.text),
                _ => {
                    let o = s.run(&a.text);
                    if let Some(id) = o.stream {
                        s.cancel_stream(id);
                    }
                }
            }
        }
        if now > s.now {
            s.advance(now - s.now);
        }
        s
    }

    // ---------------------------------------------------------------- apply

    pub fn apply_text(&mut self, text: &str, filename: &str) -> Output {
        let (docs, err) = yamlish::parse(text);
        if let Some(e) = err {
            return Output::err(format!(
                "error: error parsing {filename}: error converting YAML to JSON: yaml: line {}: {}\n",
                e.line, e.message
            ));
        }
        if docs.is_empty() {
            return Output::err("error: no objects passed to apply\n");
        }
        self.record("apply", text, filename);
        let mut out = String::new();
        let mut code = 0;
        for d in docs {
            match self.apply_one(d.value) {
                Ok(line) => out.push_str(&line),
                Err(e) => {
                    code = 1;
                    out.push_str(&e);
                }
            }
            out.push('\n');
        }
        self.reconcile();
        Output { text: out, exit_code: code, stream: None }
    }

    fn apply_one(&mut self, mut v: Value) -> Result<String, String> {
        let kind = s(&v, &["kind"]);
        let name = s(&v, &["metadata", "name"]);
        if kind.is_empty() || s(&v, &["apiVersion"]).is_empty() {
            return Err("error: error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false".into());
        }
        if !matches!(kind.as_str(), "Deployment" | "Service" | "ConfigMap" | "Secret" | "Pod" | "Namespace") {
            return Err(format!("error: resource mapping not found for name: \"{name}\" namespace: \"\" from \"STDIN\": no matches for kind \"{kind}\" in version \"{}\"", s(&v, &["apiVersion"])));
        }
        if name.is_empty() {
            return Err(
                "error: error when retrieving current configuration: resource name may not be empty".into()
            );
        }
        if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
            || name.starts_with('-')
            || name.ends_with('-')
        {
            return Err(format!("The {kind} \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        }
        let ns = if kind == "Namespace" {
            String::new()
        } else {
            s(&v, &["metadata", "namespace"]).pipe_default(&self.namespace)
        };
        if kind != "Namespace" {
            v["metadata"]["namespace"] = json!(ns);
        }
        let res = resource_of(&kind);
        if kind == "Deployment" {
            let sel = v.pointer("/spec/selector/matchLabels").cloned().unwrap_or(Value::Null);
            let tl = v.pointer("/spec/template/metadata/labels").cloned().unwrap_or(Value::Null);
            if !labels_match(&sel, &tl) {
                return Err(format!("The Deployment \"{name}\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{}: `selector` does not match template `labels`", serde_json::to_string(&tl).unwrap_or_default()));
            }
            if v.pointer("/spec/replicas").is_none() {
                v["spec"]["replicas"] = json!(1);
            }
        }
        if kind == "Secret" {
            if let Some(sd) = v.get("stringData").and_then(Value::as_object).cloned() {
                for (k, val) in sd {
                    v["data"][k] = json!(b64(val.as_str().unwrap_or_default().as_bytes()));
                }
                v.as_object_mut().map(|m| m.remove("stringData"));
            }
        }
        let key = (kind.clone(), ns.clone(), name.clone());
        match self.objs.get(&key).cloned() {
            None => {
                if kind == "Service" {
                    self.next_ip += 1;
                    if v.pointer("/spec/clusterIP").is_none() {
                        v["spec"]["clusterIP"] =
                            json!(format!("10.96.{}.{}", self.next_ip / 250, self.next_ip % 250 + 1));
                    }
                    if v.pointer("/spec/type").is_none() {
                        v["spec"]["type"] = json!("ClusterIP");
                    }
                }
                if kind == "Deployment" {
                    v["metadata"]["generation"] = json!(1);
                }
                self.put(v);
                Ok(format!("{res}/{name} created"))
            }
            Some(old) => {
                let mut merged = old.clone();
                let mut changed = false;
                for f in ["spec", "data", "metadata"] {
                    if let Some(nv) = v.get(f) {
                        let mut target = merged.get(f).cloned().unwrap_or(json!({}));
                        if f == "metadata" {
                            for lf in ["labels", "annotations"] {
                                if let Some(x) = nv.get(lf) {
                                    if target.get(lf) != Some(x) {
                                        target[lf] = x.clone();
                                        changed = true;
                                    }
                                }
                            }
                        } else {
                            let mut nv = nv.clone();
                            if f == "spec" && kind == "Service" {
                                nv["clusterIP"] = target.get("clusterIP").cloned().unwrap_or(Value::Null);
                                if nv.get("type").is_none() {
                                    nv["type"] = json!("ClusterIP");
                                }
                            }
                            if target != nv {
                                target = nv;
                                changed = true;
                            }
                        }
                        merged[f] = target;
                    }
                }
                if !changed {
                    return Ok(format!("{res}/{name} unchanged"));
                }
                if kind == "Deployment" {
                    let g = i(&merged, &["metadata", "generation"]) + 1;
                    merged["metadata"]["generation"] = json!(g);
                }
                self.put(merged);
                Ok(format!("{res}/{name} configured"))
            }
        }
    }

    // ---------------------------------------------------------------- clock

    pub fn next_wakeup(&self) -> Option<u64> {
        self.rt.values().map(|r| r.next_at).filter(|t| *t > self.now).min()
    }

    pub fn advance(&mut self, ms: u64) {
        let end = self.now + ms;
        // Step at most 500 ms at a time so timers fire in order.
        while self.now < end {
            let step = 500.min(end - self.now);
            let target = match self.next_wakeup() {
                Some(t) if t < self.now + step => t,
                _ => self.now + step,
            };
            self.now = target.max(self.now + 1).min(end);
            self.reconcile();
        }
    }

    // ---------------------------------------------------------------- controllers

    pub fn reconcile(&mut self) {
        for _ in 0..4 {
            let before = self.rv;
            self.sync_deployments();
            self.sync_replicasets();
            self.sync_pods();
            if self.rv == before {
                break;
            }
        }
        self.record_history();
    }

    fn template_hash(t: &Value) -> String {
        encode(hash_str(&serde_json::to_string(t).unwrap_or_default()), 10)
    }

    fn owned(&self, kind: &str, ns: &str, owner_uid: &str) -> Vec<Value> {
        self.list(kind, Some(ns))
            .into_iter()
            .filter(|o| {
                o.pointer("/metadata/ownerReferences/0/uid").and_then(Value::as_str) == Some(owner_uid)
            })
            .cloned()
            .collect()
    }

    fn sync_deployments(&mut self) {
        let deps: Vec<Value> = self.list("Deployment", None).into_iter().cloned().collect();
        for d in deps {
            let ns = s(&d, &["metadata", "namespace"]);
            let name = s(&d, &["metadata", "name"]);
            let uid = s(&d, &["metadata", "uid"]);
            let desired = i(&d, &["spec", "replicas"]);
            let template = d.pointer("/spec/template").cloned().unwrap_or(json!({}));
            let hash = Self::template_hash(&template);
            let mut rss = self.owned("ReplicaSet", &ns, &uid);
            let max_rev = rss
                .iter()
                .map(|r| {
                    s(r, &["metadata", "annotations", "deployment.kubernetes.io/revision"])
                        .parse::<i64>()
                        .unwrap_or(0)
                })
                .max()
                .unwrap_or(0);
            let new_name = format!("{name}-{hash}");
            if !rss.iter().any(|r| s(r, &["metadata", "name"]) == new_name) {
                let mut t = template.clone();
                t["metadata"]["labels"]["pod-template-hash"] = json!(hash);
                let mut sel = d.pointer("/spec/selector").cloned().unwrap_or(json!({}));
                sel["matchLabels"]["pod-template-hash"] = json!(hash);
                let rs = json!({"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":new_name,"namespace":ns,
                    "labels":t["metadata"]["labels"].clone(),
                    "annotations":{"deployment.kubernetes.io/revision":(max_rev+1).to_string(),"deployment.kubernetes.io/desired-replicas":desired.to_string()},
                    "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":name,"uid":uid,"controller":true}]},
                    "spec":{"replicas":0,"selector":sel,"template":t},"status":{"replicas":0}});
                self.put(rs.clone());
                rss.push(rs);
            } else if let Some(r) = rss.iter().find(|r| s(r, &["metadata", "name"]) == new_name) {
                let rev = s(r, &["metadata", "annotations", "deployment.kubernetes.io/revision"])
                    .parse::<i64>()
                    .unwrap_or(0);
                if rev < max_rev {
                    let mut r = r.clone();
                    r["metadata"]["annotations"]["deployment.kubernetes.io/revision"] =
                        json!((max_rev + 1).to_string());
                    self.put(r);
                    continue;
                }
            }
            let new =
                rss.iter().find(|r| s(r, &["metadata", "name"]) == new_name).cloned().unwrap_or(json!({}));
            let olds: Vec<Value> =
                rss.iter().filter(|r| s(r, &["metadata", "name"]) != new_name).cloned().collect();
            let surge = (desired + 3) / 4;
            let mut unavail = desired / 4;
            if surge == 0 && unavail == 0 {
                unavail = 1;
            }
            let new_rep = i(&new, &["spec", "replicas"]);
            let old_total: i64 = olds.iter().map(|r| i(r, &["spec", "replicas"])).sum();
            let ready_of = |me: &Self, r: &Value| -> i64 {
                me.owned("Pod", &ns, &s(r, &["metadata", "uid"])).iter().filter(|p| pod_ready(p)).count()
                    as i64
            };
            let strategy = s(&d, &["spec", "strategy", "type"]);
            let mut target_new = new_rep;
            if old_total == 0 {
                target_new = desired;
            } else if strategy == "Recreate" {
                let running: usize =
                    olds.iter().map(|r| self.owned("Pod", &ns, &s(r, &["metadata", "uid"])).len()).sum();
                for r in &olds {
                    self.scale_rs(r, 0, &d);
                }
                target_new = if running == 0 { desired } else { 0 };
            } else {
                let max_total = desired + surge;
                if new_rep < desired {
                    target_new = new_rep + (max_total - (new_rep + old_total)).max(0).min(desired - new_rep);
                }
                let all_ready: i64 =
                    ready_of(self, &new) + olds.iter().map(|r| ready_of(self, r)).sum::<i64>();
                let min_avail = desired - unavail;
                let mut can_down = (all_ready - min_avail).max(0);
                // Old pods that are not ready can always go.
                for r in &olds {
                    let rep = i(r, &["spec", "replicas"]);
                    if rep == 0 {
                        continue;
                    }
                    let not_ready = (rep - ready_of(self, r)).max(0);
                    let down = (not_ready + can_down).min(rep);
                    can_down -= (down - not_ready).max(0);
                    if down > 0 {
                        self.scale_rs(r, rep - down, &d);
                    }
                }
            }
            if target_new != new_rep {
                self.scale_rs(&new, target_new, &d);
            }
            // status
            let d2 = match self.get("Deployment", &ns, &name) {
                Some(x) => x.clone(),
                None => continue,
            };
            let rss = self.owned("ReplicaSet", &ns, &uid);
            let mut total = 0;
            let mut ready = 0;
            let mut updated = 0;
            for r in &rss {
                let pods = self.owned("Pod", &ns, &s(r, &["metadata", "uid"]));
                let live =
                    pods.iter().filter(|p| p.pointer("/metadata/deletionTimestamp").is_none()).count() as i64;
                total += live;
                let rd = pods.iter().filter(|p| pod_ready(p)).count() as i64;
                ready += rd;
                if s(r, &["metadata", "name"]) == new_name {
                    updated = live;
                }
            }
            let mut status = json!({"observedGeneration": i(&d2, &["metadata","generation"]), "replicas": total, "updatedReplicas": updated,
            "readyReplicas": ready, "availableReplicas": ready, "unavailableReplicas": (desired - ready).max(0),
            "conditions": [
                {"type":"Available","status": if ready >= desired - unavail {"True"} else {"False"},
                 "reason": if ready >= desired - unavail {"MinimumReplicasAvailable"} else {"MinimumReplicasUnavailable"},
                 "message": if ready >= desired - unavail {"Deployment has minimum availability.".to_string()} else {"Deployment does not have minimum availability.".to_string()}},
                {"type":"Progressing","status":"True","reason": if updated == desired && total == desired && ready == desired {"NewReplicaSetAvailable"} else {"ReplicaSetUpdated"},
                 "message": format!("ReplicaSet \"{new_name}\" {}", if updated == desired && ready == desired {"has successfully progressed."} else {"is progressing."})}
            ]});
            for k in
                ["readyReplicas", "availableReplicas", "unavailableReplicas", "updatedReplicas", "replicas"]
            {
                if status[k] == json!(0) {
                    status.as_object_mut().map(|m| m.remove(k));
                }
            }
            if d2.get("status") != Some(&status) {
                let mut d3 = d2.clone();
                d3["status"] = status;
                self.put(d3);
            }
        }
    }

    fn scale_rs(&mut self, rs: &Value, to: i64, d: &Value) {
        let ns = s(rs, &["metadata", "namespace"]);
        let name = s(rs, &["metadata", "name"]);
        let Some(cur) = self.get("ReplicaSet", &ns, &name).cloned() else { return };
        let from = i(&cur, &["spec", "replicas"]);
        if from == to {
            return;
        }
        let mut r = cur;
        r["spec"]["replicas"] = json!(to);
        self.put(r);
        let dn = s(d, &["metadata", "name"]);
        let verb = if to > from { "up" } else { "down" };
        self.event(
            "Normal",
            "ScalingReplicaSet",
            "Deployment",
            &ns,
            &dn,
            format!("Scaled {verb} replica set {name} from {from} to {to}"),
        );
    }

    fn sync_replicasets(&mut self) {
        let rss: Vec<Value> = self.list("ReplicaSet", None).into_iter().cloned().collect();
        for r in rss {
            let ns = s(&r, &["metadata", "namespace"]);
            let name = s(&r, &["metadata", "name"]);
            let uid = s(&r, &["metadata", "uid"]);
            let want = i(&r, &["spec", "replicas"]);
            let pods = self.owned("Pod", &ns, &uid);
            let live: Vec<&Value> =
                pods.iter().filter(|p| p.pointer("/metadata/deletionTimestamp").is_none()).collect();
            let n = live.len() as i64;
            if n < want {
                for _ in n..want {
                    let suffix = {
                        let x = self.rand();
                        encode(x, 5)
                    };
                    let pname = format!("{name}-{suffix}");
                    let t = r.pointer("/spec/template").cloned().unwrap_or(json!({}));
                    let pod = json!({"apiVersion":"v1","kind":"Pod","metadata":{"name":pname,"namespace":ns,
                        "labels":t.pointer("/metadata/labels").cloned().unwrap_or(json!({})),
                        "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":name,"uid":uid,"controller":true}]},
                        "spec":t.get("spec").cloned().unwrap_or(json!({})),"status":{"phase":"Pending"}});
                    self.put(pod);
                    self.event(
                        "Normal",
                        "SuccessfulCreate",
                        "ReplicaSet",
                        &ns,
                        &name,
                        format!("Created pod: {pname}"),
                    );
                }
            } else if n > want {
                let mut victims: Vec<&Value> = live.clone();
                victims.sort_by_key(|p| {
                    (pod_ready(p), std::cmp::Reverse(i(p, &["metadata", "creationTimestamp"])))
                });
                for p in victims.into_iter().take((n - want) as usize) {
                    let pn = s(p, &["metadata", "name"]);
                    self.delete_pod(&ns, &pn);
                    self.event(
                        "Normal",
                        "SuccessfulDelete",
                        "ReplicaSet",
                        &ns,
                        &name,
                        format!("Deleted pod: {pn}"),
                    );
                }
            }
            let pods = self.owned("Pod", &ns, &uid);
            let ready = pods.iter().filter(|p| pod_ready(p)).count() as i64;
            let st = json!({"replicas": pods.len(), "readyReplicas": ready, "availableReplicas": ready, "fullyLabeledReplicas": pods.len()});
            if let Some(cur) = self.get("ReplicaSet", &ns, &name) {
                if cur.get("status") != Some(&st) {
                    let mut c = cur.clone();
                    c["status"] = st;
                    self.put(c);
                }
            }
        }
    }

    fn delete_pod(&mut self, ns: &str, name: &str) {
        if let Some(p) = self.get("Pod", ns, name).cloned() {
            if p.pointer("/metadata/deletionTimestamp").is_some() {
                return;
            }
            let mut p = p;
            p["metadata"]["deletionTimestamp"] = json!(self.now);
            if p.pointer("/status/containerStatuses/0").is_some() {
                p["status"]["containerStatuses"][0]["ready"] = json!(false);
                self.event(
                    "Normal",
                    "Killing",
                    "Pod",
                    ns,
                    name,
                    format!("Stopping container {}", container_name(&p)),
                );
            }
            self.put(p);
            let rt = self.rt.entry((ns.into(), name.into())).or_default();
            rt.next_at = self.now + 1000;
        }
    }

    fn missing_ref(&self, p: &Value, ns: &str) -> Option<String> {
        let c = p.pointer("/spec/containers/0")?;
        let mut refs: Vec<(&str, String)> = Vec::new();
        for e in c.get("env").and_then(Value::as_array).into_iter().flatten() {
            if let Some(n) = e.pointer("/valueFrom/configMapKeyRef/name").and_then(Value::as_str) {
                refs.push(("ConfigMap", n.into()));
            }
            if let Some(n) = e.pointer("/valueFrom/secretKeyRef/name").and_then(Value::as_str) {
                refs.push(("Secret", n.into()));
            }
        }
        for e in c.get("envFrom").and_then(Value::as_array).into_iter().flatten() {
            if let Some(n) = e.pointer("/configMapRef/name").and_then(Value::as_str) {
                refs.push(("ConfigMap", n.into()));
            }
            if let Some(n) = e.pointer("/secretRef/name").and_then(Value::as_str) {
                refs.push(("Secret", n.into()));
            }
        }
        refs.into_iter()
            .find(|(k, n)| self.get(k, ns, n).is_none())
            .map(|(k, n)| format!("{} \"{n}\" not found", k.to_ascii_lowercase()))
    }

    fn sync_pods(&mut self) {
        let pods: Vec<Value> = self.list("Pod", None).into_iter().cloned().collect();
        let nodes: Vec<Value> = self.list("Node", None).into_iter().cloned().collect();
        for p in pods {
            let ns = s(&p, &["metadata", "namespace"]);
            let name = s(&p, &["metadata", "name"]);
            let key = (ns.clone(), name.clone());
            let now = self.now;
            if p.pointer("/metadata/deletionTimestamp").is_some() {
                let due = self.rt.get(&key).map(|r| r.next_at).unwrap_or(0);
                if now >= due {
                    self.remove(&("Pod".into(), ns, name));
                }
                continue;
            }
            let node = s(&p, &["spec", "nodeName"]);
            if node.is_empty() {
                let cpu_req = parse_cpu(&req_of(&p));
                let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
                let mut chosen = None;
                let schedulable: Vec<&Value> = nodes.iter().collect();
                let n_nodes = schedulable.len();
                for (idx, nd) in schedulable.iter().enumerate() {
                    let nn = s(nd, &["metadata", "name"]);
                    let reason = if nd.pointer("/spec/taints").is_some()
                        && nd.pointer("/spec/taints/0/key").and_then(Value::as_str)
                            == Some("node-role.kubernetes.io/control-plane")
                    {
                        Some(
                            "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"
                                .to_string(),
                        )
                    } else if nd.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true) {
                        Some("node(s) were unschedulable".to_string())
                    } else if s(nd, &["status", "conditions"]).is_empty()
                        && nd.pointer("/status/conditions/0/status").and_then(Value::as_str) != Some("True")
                    {
                        Some("node(s) had untolerated taint {node.kubernetes.io/unreachable: }".to_string())
                    } else {
                        let used: u64 = self
                            .list("Pod", None)
                            .iter()
                            .filter(|q| {
                                s(q, &["spec", "nodeName"]) == nn
                                    && q.pointer("/metadata/deletionTimestamp").is_none()
                            })
                            .map(|q| parse_cpu(&req_of(q)))
                            .sum();
                        if used + cpu_req > 2000 {
                            Some("Insufficient cpu".to_string())
                        } else {
                            None
                        }
                    };
                    match reason {
                        Some(r) => *reasons.entry(r).or_default() += 1,
                        None => {
                            if chosen.is_none() || (self.rr + idx as u64).is_multiple_of(2) {
                                chosen = Some(nn);
                            }
                        }
                    }
                }
                self.rr += 1;
                match chosen {
                    Some(nn) => {
                        let mut p2 = p.clone();
                        p2["spec"]["nodeName"] = json!(nn);
                        self.next_ip += 1;
                        let node_idx =
                            nodes.iter().position(|x| s(x, &["metadata", "name"]) == nn).unwrap_or(0);
                        p2["status"] = json!({"phase":"Pending","podIP": format!("10.244.{}.{}", node_idx, self.next_ip % 250 + 2),
                            "conditions":[{"type":"PodScheduled","status":"True"}],
                            "containerStatuses":[{"name": container_name(&p),"ready":false,"restartCount":0,"image": image_of(&p),"state":{"waiting":{"reason":"ContainerCreating"}}}]});
                        self.put(p2);
                        self.event(
                            "Normal",
                            "Scheduled",
                            "Pod",
                            &ns,
                            &name,
                            format!("Successfully assigned {ns}/{name} to {nn}"),
                        );
                        let rt = self.rt.entry(key).or_default();
                        rt.next_at = now + POD_STARTUP_MS;
                    }
                    None => {
                        let mut parts: Vec<String> =
                            reasons
                                .iter()
                                .map(|(r, c)| {
                                    if r.starts_with(char::is_numeric) {
                                        r.clone()
                                    } else {
                                        format!("{c} {r}")
                                    }
                                })
                                .collect();
                        parts.sort();
                        let msg = format!("0/{n_nodes} nodes are available: {}. preemption: 0/{n_nodes} nodes are available: {}.", parts.join(", "), if reasons.contains_key("Insufficient cpu") { format!("1 Preemption is not helpful for scheduling, {} No preemption victims found for incoming pod", n_nodes - 1) } else { format!("{n_nodes} Preemption is not helpful for scheduling") });
                        let due = self.rt.get(&key).map(|r| r.next_at).unwrap_or(0);
                        if now >= due {
                            self.event("Warning", "FailedScheduling", "Pod", &ns, &name, msg);
                            let rt = self.rt.entry(key).or_default();
                            rt.next_at = now + 10_000;
                            let mut p2 = p.clone();
                            p2["status"] = json!({"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable"}]});
                            if p.get("status") != p2.get("status") {
                                self.put(p2);
                            }
                        }
                    }
                }
                continue;
            }
            let rt = self.rt.entry(key.clone()).or_default().clone();
            if now < rt.next_at {
                // Readiness changes happen between timers too.
                let should_ready = rt.started_at.is_some()
                    && !crashes(&p)
                    && !rt.probe_fail
                    && p.pointer("/status/containerStatuses/0/state/running").is_some();
                if p.pointer("/status/containerStatuses/0/ready").and_then(Value::as_bool)
                    != Some(should_ready)
                    && p.pointer("/status/containerStatuses/0/state/running").is_some()
                {
                    let mut p2 = p.clone();
                    p2["status"]["containerStatuses"][0]["ready"] = json!(should_ready);
                    if rt.probe_fail {
                        self.event(
                            "Warning",
                            "Unhealthy",
                            "Pod",
                            &ns,
                            &name,
                            "Readiness probe failed: HTTP probe failed with statuscode: 503".into(),
                        );
                    }
                    self.put(p2);
                }
                continue;
            }
            let image = image_of(&p);
            let cname = container_name(&p);
            let state = pod_status(&p);
            let mut p2 = p.clone();
            let mut rt2 = rt.clone();
            if let Some(m) = self.missing_ref(&p, &ns) {
                p2["status"]["containerStatuses"][0]["state"] =
                    json!({"waiting":{"reason":"CreateContainerConfigError","message":m}});
                self.event("Warning", "Failed", "Pod", &ns, &name, format!("Error: {m}"));
                rt2.next_at = now + 10_000;
            } else if image.contains("doesnotexist") || image.contains("nonexistent") {
                let repo = image.split(':').next().unwrap_or("").to_string();
                if state == "ErrImagePull" {
                    p2["status"]["containerStatuses"][0]["state"] = json!({"waiting":{"reason":"ImagePullBackOff","message":format!("Back-off pulling image \"{image}\"")}});
                    self.event(
                        "Normal",
                        "BackOff",
                        "Pod",
                        &ns,
                        &name,
                        format!("Back-off pulling image \"{image}\""),
                    );
                    self.event("Warning", "Failed", "Pod", &ns, &name, "Error: ImagePullBackOff".into());
                    rt2.next_at = now + 10_000;
                } else {
                    self.event("Normal", "Pulling", "Pod", &ns, &name, format!("Pulling image \"{image}\""));
                    self.event("Warning", "Failed", "Pod", &ns, &name, format!("Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/{image}\": failed to resolve reference \"docker.io/library/{image}\": docker.io/library/{repo}: not found"));
                    p2["status"]["containerStatuses"][0]["state"] =
                        json!({"waiting":{"reason":"ErrImagePull"}});
                    rt2.next_at = now + 5_000;
                }
            } else if state == "Running" {
                // A running container that must crash (command exits) or was crashed by a fault.
                if crashes(&p) || rt.crash_once {
                    rt2.crash_once = false;
                    rt2.restarts += 1;
                    rt2.prev_logs = std::mem::take(&mut rt2.logs);
                    rt2.started_at = None;
                    let exit = if rt.crash_once { 137 } else { 1 };
                    p2["status"]["containerStatuses"][0]["state"] =
                        json!({"terminated":{"reason":"Error","exitCode":exit}});
                    p2["status"]["containerStatuses"][0]["ready"] = json!(false);
                    p2["status"]["containerStatuses"][0]["restartCount"] = json!(rt2.restarts);
                    p2["status"]["containerStatuses"][0]["lastState"] =
                        json!({"terminated":{"reason":"Error","exitCode":exit}});
                    rt2.next_at = now + 1000;
                    if rt.crash_once {
                        self.event(
                            "Normal",
                            "Killing",
                            "Pod",
                            &ns,
                            &name,
                            format!("Container {cname} failed liveness probe, will be restarted"),
                        );
                    }
                } else {
                    rt2.next_at = u64::MAX;
                }
            } else if state == "Error" || state == "CrashLoopBackOff" {
                if state == "Error" && rt.restarts > 1 {
                    let backoff = (10_000u64 << (rt.restarts.min(6) - 2)).min(300_000);
                    p2["status"]["containerStatuses"][0]["state"] = json!({"waiting":{"reason":"CrashLoopBackOff","message":format!("back-off {} restarting failed container={cname} pod={name}_{ns}", human_age(backoff))}});
                    self.event(
                        "Warning",
                        "BackOff",
                        "Pod",
                        &ns,
                        &name,
                        format!(
                            "Back-off restarting failed container {cname} in pod {name}_{ns}({})",
                            s(&p, &["metadata", "uid"])
                        ),
                    );
                    rt2.next_at = now + backoff;
                } else {
                    self.start_container(&mut p2, &mut rt2, &image, &cname, &ns, &name, true);
                }
            } else {
                self.start_container(&mut p2, &mut rt2, &image, &cname, &ns, &name, false);
            }
            self.rt.insert(key, rt2);
            if p2 != p {
                self.put(p2);
            }
        }
    }

    fn start_container(
        &mut self,
        p2: &mut Value,
        rt: &mut PodRt,
        image: &str,
        cname: &str,
        ns: &str,
        name: &str,
        restart: bool,
    ) {
        if restart {
            self.event(
                "Normal",
                "Pulled",
                "Pod",
                ns,
                name,
                format!("Container image \"{image}\" already present on machine"),
            );
        } else {
            self.event("Normal", "Pulling", "Pod", ns, name, format!("Pulling image \"{image}\""));
            self.event("Normal", "Pulled", "Pod", ns, name, format!("Successfully pulled image \"{image}\" in 1.2s (1.2s including waiting). Image size: 72080558 bytes."));
        }
        self.event("Normal", "Created", "Pod", ns, name, format!("Created container: {cname}"));
        self.event("Normal", "Started", "Pod", ns, name, format!("Started container {cname}"));
        p2["status"]["phase"] = json!("Running");
        p2["status"]["containerStatuses"][0]["state"] = json!({"running":{"startedAt": self.now}});
        p2["status"]["containerStatuses"][0]["ready"] = json!(!rt.probe_fail && !crashes(p2));
        rt.started_at = Some(self.now);
        rt.logs = startup_logs(image, p2);
        rt.next_at = if crashes(p2) { self.now + 1500 } else { u64::MAX };
    }

    fn record_history(&mut self) {
        let deps: Vec<Value> = self.list("Deployment", None).into_iter().cloned().collect();
        for d in deps {
            let key = (s(&d, &["metadata", "namespace"]), s(&d, &["metadata", "name"]));
            let point = (
                self.now,
                i(&d, &["spec", "replicas"]),
                i(&d, &["status", "updatedReplicas"]),
                i(&d, &["status", "availableReplicas"]),
            );
            let h = self.history.entry(key).or_default();
            if h.last().map(|l| (l.1, l.2, l.3)) != Some((point.1, point.2, point.3)) {
                h.push(point);
                if h.len() > 200 {
                    h.remove(0);
                }
            }
        }
    }

    // ---------------------------------------------------------------- faults

    pub fn inject(&mut self, fault: &str) {
        self.record("inject", fault, "");
        let parts: Vec<&str> = fault.split_whitespace().collect();
        match parts.as_slice() {
            ["crash", ns, pod] => {
                if let Some(rt) = self.rt.get_mut(&(ns.to_string(), pod.to_string())) {
                    rt.crash_once = true;
                    rt.next_at = self.now;
                }
            }
            ["probe-fail", ns, pod] => {
                if let Some(rt) = self.rt.get_mut(&(ns.to_string(), pod.to_string())) {
                    rt.probe_fail = true;
                    rt.next_at = rt.next_at.min(self.now + 1000);
                }
            }
            ["node-fail", node] => {
                if let Some(n) = self.get("Node", "", node).cloned() {
                    let mut n = n;
                    n["status"]["conditions"] = json!([{"type":"Ready","status":"Unknown","reason":"NodeStatusUnknown","message":"Kubelet stopped posting node status."}]);
                    n["spec"]["taints"] =
                        json!([{"key":"node.kubernetes.io/unreachable","effect":"NoSchedule"}]);
                    self.put(n);
                    self.event(
                        "Normal",
                        "NodeNotReady",
                        "Node",
                        "",
                        node,
                        format!("Node {node} status is now: NodeNotReady"),
                    );
                    let victims: Vec<(String, String)> = self
                        .list("Pod", None)
                        .iter()
                        .filter(|p| s(p, &["spec", "nodeName"]) == *node)
                        .map(|p| (s(p, &["metadata", "namespace"]), s(p, &["metadata", "name"])))
                        .collect();
                    for (ns, n) in victims {
                        self.event(
                            "Normal",
                            "TaintManagerEviction",
                            "Pod",
                            &ns,
                            &n,
                            format!("Marking for deletion Pod {ns}/{n}"),
                        );
                        self.delete_pod(&ns, &n);
                    }
                }
            }
            _ => {}
        }
        self.reconcile();
    }

    // ---------------------------------------------------------------- kubectl

    pub fn run(&mut self, line: &str) -> Output {
        let line = line.trim();
        let words = split_words(line);
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        if args.first() == Some(&"kubectl") || args.first() == Some(&"k") {
            args.remove(0);
        }
        if args.is_empty() {
            return Output::ok("");
        }
        self.record("run", line, "");
        let mut ns = self.namespace.clone();
        let mut all_ns = false;
        let mut output = String::new();
        let mut watch = false;
        let mut follow = false;
        let mut previous = false;
        let mut selector = String::new();
        let mut pos: Vec<String> = Vec::new();
        let mut flags: BTreeMap<String, String> = BTreeMap::new();
        let mut it = args.iter().peekable();
        let mut after_dashdash: Vec<String> = Vec::new();
        while let Some(a) = it.next() {
            match *a {
                "--" => {
                    after_dashdash = it.by_ref().map(|x| x.to_string()).collect();
                    break;
                }
                "-n" | "--namespace" => ns = it.next().map(|x| x.to_string()).unwrap_or_default(),
                "-A" | "--all-namespaces" => all_ns = true,
                "-o" | "--output" => output = it.next().map(|x| x.to_string()).unwrap_or_default(),
                "-w" | "--watch" => watch = true,
                "-f" | "--follow" => follow = true,
                "-p" | "--previous" => previous = true,
                "-l" | "--selector" => selector = it.next().map(|x| x.to_string()).unwrap_or_default(),
                x if x.starts_with("--namespace=") => ns = x["--namespace=".len()..].to_string(),
                x if x.starts_with("-o") && x.len() > 2 => {
                    output = x.trim_start_matches("-o").trim_start_matches('=').to_string()
                }
                x if x.starts_with("--output=") => output = x["--output=".len()..].to_string(),
                x if x.starts_with("--") => {
                    let body = &x[2..];
                    match body.split_once('=') {
                        Some((k, v)) => flags.insert(k.into(), v.into()),
                        None => {
                            let v = match it.peek() {
                                Some(n)
                                    if !n.starts_with('-')
                                        && matches!(
                                            body,
                                            "replicas" | "image" | "to-revision" | "grace-period"
                                        ) =>
                                {
                                    it.next().map(|x| x.to_string()).unwrap_or_default()
                                }
                                _ => "true".into(),
                            };
                            flags.insert(body.into(), v)
                        }
                    };
                }
                x => pos.push(x.to_string()),
            }
        }
        let _ = selector;
        let verb = pos.first().cloned().unwrap_or_default();
        let rest: Vec<String> = pos.iter().skip(1).cloned().collect();
        let out = match verb.as_str() {
            "get" => self.cmd_get(&rest, &ns, all_ns, &output, watch),
            "describe" => self.cmd_describe(&rest, &ns),
            "delete" => self.cmd_delete(&rest, &ns),
            "scale" => self.cmd_scale(&rest, &ns, &flags),
            "set" => self.cmd_set(&rest, &ns),
            "rollout" => self.cmd_rollout(&rest, &ns, &flags),
            "logs" => self.cmd_logs(&rest, &ns, follow, previous),
            "exec" => self.cmd_exec(&rest, &ns, &after_dashdash),
            "cordon" | "uncordon" | "drain" => self.cmd_cordon(&verb, &rest),
            "create" => self.cmd_create(&rest, &ns, &flags),
            "version" => {
                Output::ok("Client Version: v1.33.0\nKustomize Version: v5.6.0\nServer Version: v1.33.0\n")
            }
            "apply" => Output::err(
                "error: apply from the console needs a file: use the editor's Apply button (Ctrl+Enter)\n",
            ),
            _ => Output::err(format!(
                "error: unknown command \"{verb}\" for \"kubectl\"\n\nDid you mean this?\n\tget\n"
            )),
        };
        self.reconcile();
        out
    }

    fn resolve_target(&self, rest: &[String]) -> Option<(String, String)> {
        let first = rest.first()?;
        if let Some((t, n)) = first.split_once('/') {
            return Some((kind_for(t)?.to_string(), n.to_string()));
        }
        Some((kind_for(first)?.to_string(), rest.get(1).cloned().unwrap_or_default()))
    }

    fn not_found(kind: &str, name: &str) -> Output {
        let plural = match kind {
            "Deployment" => "deployments.apps",
            "ReplicaSet" => "replicasets.apps",
            "Pod" => "pods",
            "Service" => "services",
            "ConfigMap" => "configmaps",
            "Secret" => "secrets",
            "Node" => "nodes",
            _ => "objects",
        };
        Output::err(format!("Error from server (NotFound): {plural} \"{name}\" not found\n"))
    }

    fn age(&self, o: &Value) -> String {
        human_age(
            self.now.saturating_sub(
                o.pointer("/metadata/creationTimestamp").and_then(Value::as_u64).unwrap_or(0),
            ),
        )
    }

    fn rows_for(&self, kind: &str, objs: &[&Value], wide: bool, with_ns: bool) -> Vec<Vec<String>> {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut head: Vec<&str> = match kind {
            "Pod" => vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            "Deployment" => vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            "ReplicaSet" => vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            "Service" => vec!["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
            "ConfigMap" => vec!["NAME", "DATA", "AGE"],
            "Secret" => vec!["NAME", "TYPE", "DATA", "AGE"],
            "Node" => vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            "Namespace" => vec!["NAME", "STATUS", "AGE"],
            _ => vec!["NAME"],
        };
        if wide && kind == "Pod" {
            head.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
        }
        let mut h: Vec<String> = head.iter().map(|x| x.to_string()).collect();
        if with_ns {
            h.insert(0, "NAMESPACE".into());
        }
        rows.push(h);
        for o in objs {
            let name = s(o, &["metadata", "name"]);
            let mut r = match kind {
                "Pod" => {
                    let restarts = o
                        .pointer("/status/containerStatuses/0/restartCount")
                        .and_then(Value::as_i64)
                        .unwrap_or(0);
                    let mut r = vec![
                        name,
                        format!("{}/1", if pod_ready(o) { 1 } else { 0 }),
                        pod_status(o),
                        restarts.to_string(),
                        self.age(o),
                    ];
                    if wide {
                        r.extend([
                            s(o, &["status", "podIP"]).pipe_default("<none>"),
                            s(o, &["spec", "nodeName"]).pipe_default("<none>"),
                            "<none>".into(),
                            "<none>".into(),
                        ]);
                    }
                    r
                }
                "Deployment" => vec![
                    name,
                    format!("{}/{}", i(o, &["status", "readyReplicas"]), i(o, &["spec", "replicas"])),
                    i(o, &["status", "updatedReplicas"]).to_string(),
                    i(o, &["status", "availableReplicas"]).to_string(),
                    self.age(o),
                ],
                "ReplicaSet" => vec![
                    name,
                    i(o, &["spec", "replicas"]).to_string(),
                    i(o, &["status", "replicas"]).to_string(),
                    i(o, &["status", "readyReplicas"]).to_string(),
                    self.age(o),
                ],
                "Service" => vec![
                    name,
                    s(o, &["spec", "type"]),
                    s(o, &["spec", "clusterIP"]),
                    "<none>".into(),
                    ports_of(o),
                    self.age(o),
                ],
                "ConfigMap" => vec![
                    name,
                    o.get("data").and_then(Value::as_object).map(|m| m.len()).unwrap_or(0).to_string(),
                    self.age(o),
                ],
                "Secret" => vec![
                    name,
                    s(o, &["type"]).pipe_default("Opaque"),
                    o.get("data").and_then(Value::as_object).map(|m| m.len()).unwrap_or(0).to_string(),
                    self.age(o),
                ],
                "Node" => {
                    let ready =
                        o.pointer("/status/conditions/0/status").and_then(Value::as_str) == Some("True");
                    let mut st = if ready { "Ready".to_string() } else { "NotReady".to_string() };
                    if o.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true) {
                        st.push_str(",SchedulingDisabled");
                    }
                    let role = if name.ends_with("control-plane") { "control-plane" } else { "<none>" };
                    vec![name, st, role.into(), self.age(o), "v1.33.0".into()]
                }
                "Namespace" => vec![name, "Active".into(), self.age(o)],
                _ => vec![name],
            };
            if with_ns {
                r.insert(0, s(o, &["metadata", "namespace"]));
            }
            rows.push(r);
        }
        rows
    }

    fn cmd_get(&mut self, rest: &[String], ns: &str, all_ns: bool, output: &str, watch: bool) -> Output {
        let Some(first) = rest.first() else {
            return Output::err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples.\n");
        };
        if first == "all" {
            let mut out = String::new();
            for k in ["Pod", "Service", "Deployment", "ReplicaSet"] {
                let objs = self.list(k, if all_ns { None } else { Some(ns) });
                if objs.is_empty() {
                    continue;
                }
                let mut rows = self.rows_for(k, &objs, false, all_ns);
                for r in rows.iter_mut().skip(1) {
                    let idx = if all_ns { 1 } else { 0 };
                    r[idx] = format!("{}/{}", resource_of(k), r[idx]);
                }
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&table(&rows));
            }
            if out.is_empty() {
                return Output::ok(format!("No resources found in {ns} namespace.\n"));
            }
            return Output::ok(out);
        }
        let (kind, name) = match self.resolve_target(rest) {
            Some(x) => x,
            None => {
                return Output::err(format!("error: the server doesn't have a resource type \"{first}\"\n"))
            }
        };
        if kind == "Event" {
            let mut rows = vec![vec![
                "LAST SEEN".to_string(),
                "TYPE".into(),
                "REASON".into(),
                "OBJECT".into(),
                "MESSAGE".into(),
            ]];
            for e in self.events.iter().filter(|e| all_ns || e.namespace == ns || e.namespace.is_empty()) {
                rows.push(vec![
                    human_age(self.now - e.last),
                    e.type_.clone(),
                    e.reason.clone(),
                    format!("{}/{}", e.kind.to_ascii_lowercase(), e.name),
                    e.message.clone(),
                ]);
            }
            if rows.len() == 1 {
                return Output::ok(format!("No resources found in {ns} namespace.\n"));
            }
            return Output::ok(table(&rows));
        }
        let scope = if matches!(kind.as_str(), "Node" | "Namespace") || all_ns { None } else { Some(ns) };
        let objs: Vec<&Value> = self
            .list(&kind, scope)
            .into_iter()
            .filter(|o| name.is_empty() || s(o, &["metadata", "name"]) == name)
            .collect();
        if objs.is_empty() {
            if !name.is_empty() {
                return Self::not_found(&kind, &name);
            }
            if !watch {
                return Output::ok(format!("No resources found in {ns} namespace.\n"));
            }
        }
        if output == "yaml" || output == "json" {
            let pretty = |o: &Value| -> Value { self.present(o) };
            let body = if objs.len() == 1 && !name.is_empty() {
                pretty(objs[0])
            } else {
                json!({"apiVersion":"v1","items": objs.iter().map(|o| pretty(o)).collect::<Vec<_>>(),"kind":"List","metadata":{"resourceVersion":""}})
            };
            return Output::ok(if output == "yaml" {
                yamlish::to_yaml(&body)
            } else {
                serde_json::to_string_pretty(&body).unwrap_or_default() + "\n"
            });
        }
        if output == "name" {
            return Output::ok(
                objs.iter()
                    .map(|o| format!("{}/{}\n", resource_of(&kind), s(o, &["metadata", "name"])))
                    .collect::<String>(),
            );
        }
        let text = table(&self.rows_for(&kind, &objs, output == "wide", all_ns));
        if watch && kind == "Pod" {
            let last = objs
                .iter()
                .map(|o| (s(o, &["metadata", "name"]), format!("{}{}", pod_status(o), pod_ready(o))))
                .collect();
            let id = self.next_stream;
            self.next_stream += 1;
            self.streams.insert(id, Stream::WatchPods { ns: ns.to_string(), last });
            return Output { text, exit_code: 0, stream: Some(id) };
        }
        Output::ok(text)
    }

    /// The object as the API returns it: timestamps as RFC 3339.
    fn present(&self, o: &Value) -> Value {
        let mut o = o.clone();
        for p in ["creationTimestamp", "deletionTimestamp"] {
            if let Some(t) = o.pointer(&format!("/metadata/{p}")).and_then(Value::as_u64) {
                o["metadata"][p] = json!(rfc3339(t));
            }
        }
        o
    }

    fn cmd_describe(&self, rest: &[String], ns: &str) -> Output {
        let Some((kind, name)) = self.resolve_target(rest) else {
            return Output::err("error: Required resource not specified.\n");
        };
        let Some(o) = self.get(&kind, ns, &name) else { return Self::not_found(&kind, &name) };
        let mut out = String::new();
        let kv =
            |out: &mut String, k: &str, v: String| out.push_str(&format!("{:<22}{}\n", format!("{k}:"), v));
        kv(&mut out, "Name", name.clone());
        if !matches!(kind.as_str(), "Node") {
            kv(&mut out, "Namespace", ns.to_string());
        }
        let labels = o
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join("\n                      ")
            })
            .filter(|x| !x.is_empty())
            .unwrap_or_else(|| "<none>".into());
        kv(&mut out, "Labels", labels);
        match kind.as_str() {
            "Pod" => {
                kv(&mut out, "Node", s(o, &["spec", "nodeName"]).pipe_default("<none>"));
                kv(&mut out, "Status", pod_status(o));
                kv(&mut out, "IP", s(o, &["status", "podIP"]));
                if let Some(c) = o.pointer("/metadata/ownerReferences/0") {
                    kv(&mut out, "Controlled By", format!("{}/{}", s(c, &["kind"]), s(c, &["name"])));
                }
                out.push_str(&format!("Containers:\n  {}:\n    Image:          {}\n    Ready:          {}\n    Restart Count:  {}\n", container_name(o), image_of(o), if pod_ready(o) { "True" } else { "False" }, o.pointer("/status/containerStatuses/0/restartCount").and_then(Value::as_i64).unwrap_or(0)));
                if let Some(env) = o.pointer("/spec/containers/0/env").and_then(Value::as_array) {
                    out.push_str("    Environment:\n");
                    for e in env {
                        out.push_str(&format!(
                            "      {}:  {}\n",
                            s(e, &["name"]),
                            s(e, &["value"]).pipe_default("<set from a reference>")
                        ));
                    }
                }
            }
            "Deployment" => {
                kv(
                    &mut out,
                    "Selector",
                    o.pointer("/spec/selector/matchLabels")
                        .and_then(Value::as_object)
                        .map(|m| {
                            m.iter()
                                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                                .collect::<Vec<_>>()
                                .join(",")
                        })
                        .unwrap_or_default(),
                );
                kv(
                    &mut out,
                    "Replicas",
                    format!(
                        "{} desired | {} updated | {} total | {} available | {} unavailable",
                        i(o, &["spec", "replicas"]),
                        i(o, &["status", "updatedReplicas"]),
                        i(o, &["status", "replicas"]),
                        i(o, &["status", "availableReplicas"]),
                        i(o, &["status", "unavailableReplicas"])
                    ),
                );
                kv(
                    &mut out,
                    "StrategyType",
                    s(o, &["spec", "strategy", "type"]).pipe_default("RollingUpdate"),
                );
                out.push_str(&format!(
                    "Pod Template:\n  Containers:\n   {}:\n    Image:  {}\n",
                    container_name(o.pointer("/spec/template").unwrap_or(&Value::Null)),
                    o.pointer("/spec/template/spec/containers/0/image")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                ));
            }
            "Service" => {
                kv(
                    &mut out,
                    "Selector",
                    o.pointer("/spec/selector")
                        .and_then(Value::as_object)
                        .map(|m| {
                            m.iter()
                                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                                .collect::<Vec<_>>()
                                .join(",")
                        })
                        .unwrap_or_default(),
                );
                kv(&mut out, "Type", s(o, &["spec", "type"]));
                kv(&mut out, "IP", s(o, &["spec", "clusterIP"]));
                kv(&mut out, "Port", ports_of(o));
                let eps = self.endpoints(o);
                kv(
                    &mut out,
                    "Endpoints",
                    if eps.iter().any(|e| e.2) {
                        eps.iter()
                            .filter(|e| e.2)
                            .map(|e| format!("{}:{}", e.1, target_port(o)))
                            .collect::<Vec<_>>()
                            .join(",")
                    } else {
                        String::new()
                    },
                );
            }
            _ => {}
        }
        let evs: Vec<&Event> = self.events.iter().filter(|e| e.kind == kind && e.name == name).collect();
        if evs.is_empty() {
            out.push_str("Events:               <none>\n");
        } else {
            out.push_str("Events:\n");
            let mut rows = vec![
                vec!["  Type".to_string(), "Reason".into(), "Age".into(), "From".into(), "Message".into()],
                vec!["  ----".to_string(), "------".into(), "----".into(), "----".into(), "-------".into()],
            ];
            for e in evs {
                let from = match e.reason.as_str() {
                    "Scheduled" | "FailedScheduling" => "default-scheduler",
                    "ScalingReplicaSet" => "deployment-controller",
                    "SuccessfulCreate" | "SuccessfulDelete" => "replicaset-controller",
                    _ => "kubelet",
                };
                rows.push(vec![
                    format!("  {}", e.type_),
                    e.reason.clone(),
                    human_age(self.now - e.last),
                    from.into(),
                    e.message.clone(),
                ]);
            }
            out.push_str(&table(&rows));
        }
        Output::ok(out)
    }

    /// (pod name, ip, ready) of the pods a Service selects.
    pub fn endpoints(&self, svc: &Value) -> Vec<(String, String, bool)> {
        let ns = s(svc, &["metadata", "namespace"]);
        let sel = svc.pointer("/spec/selector").cloned().unwrap_or(Value::Null);
        self.list("Pod", Some(&ns))
            .into_iter()
            .filter(|p| {
                labels_match(&sel, p.pointer("/metadata/labels").unwrap_or(&Value::Null))
                    && !s(p, &["status", "podIP"]).is_empty()
                    && p.pointer("/metadata/deletionTimestamp").is_none()
            })
            .map(|p| (s(p, &["metadata", "name"]), s(p, &["status", "podIP"]), pod_ready(p)))
            .collect()
    }

    fn cmd_delete(&mut self, rest: &[String], ns: &str) -> Output {
        let Some((kind, name)) = self.resolve_target(rest) else {
            return Output::err("error: You must provide one or more resources by argument or filename.\n");
        };
        if self.get(&kind, ns, &name).is_none() {
            return Self::not_found(&kind, &name);
        }
        if kind == "Pod" {
            self.delete_pod(ns, &name);
        } else {
            // Cascade: owned ReplicaSets and their pods.
            let uid = self.get(&kind, ns, &name).map(|o| s(o, &["metadata", "uid"])).unwrap_or_default();
            for rs in self.owned("ReplicaSet", ns, &uid) {
                let ruid = s(&rs, &["metadata", "uid"]);
                for p in self.owned("Pod", ns, &ruid) {
                    self.delete_pod(ns, &s(&p, &["metadata", "name"]));
                }
                self.remove(&("ReplicaSet".into(), ns.into(), s(&rs, &["metadata", "name"])));
            }
            for p in self.owned("Pod", ns, &uid) {
                self.delete_pod(ns, &s(&p, &["metadata", "name"]));
            }
            self.remove(&(kind.clone(), ns.into(), name.clone()));
        }
        Output::ok(format!("{} \"{name}\" deleted from {ns} namespace\n", resource_of(&kind)))
    }

    fn cmd_scale(&mut self, rest: &[String], ns: &str, flags: &BTreeMap<String, String>) -> Output {
        let Some(r) = flags.get("replicas").and_then(|x| x.parse::<i64>().ok()) else {
            return Output::err("error: required flag(s) \"replicas\" not set\n");
        };
        let Some((kind, name)) = self.resolve_target(rest) else {
            return Output::err("error: resource(s) were provided, but no name was specified\n");
        };
        let Some(d) = self.get(&kind, ns, &name).cloned() else { return Self::not_found(&kind, &name) };
        let mut d = d;
        d["spec"]["replicas"] = json!(r);
        self.put(d);
        Output::ok(format!("{}/{name} scaled\n", resource_of(&kind)))
    }

    fn cmd_set(&mut self, rest: &[String], ns: &str) -> Output {
        if rest.first().map(String::as_str) != Some("image") {
            return Output::err("error: only `kubectl set image` is supported here\n");
        }
        let Some((kind, name)) = self.resolve_target(&rest[1..]) else {
            return Output::err("error: you must specify resources\n");
        };
        let Some(d) = self.get(&kind, ns, &name).cloned() else { return Self::not_found(&kind, &name) };
        let mut d = d;
        let mut changed = false;
        for a in rest.iter().skip(2) {
            if let Some((c, img)) = a.split_once('=') {
                if let Some(cs) =
                    d.pointer_mut("/spec/template/spec/containers").and_then(Value::as_array_mut)
                {
                    for ct in cs.iter_mut() {
                        if ct.get("name").and_then(Value::as_str) == Some(c) || c == "*" {
                            ct["image"] = json!(img);
                            changed = true;
                        }
                    }
                }
                if !changed {
                    return Output::err(format!("error: unable to find container named \"{c}\"\n"));
                }
            }
        }
        let g = i(&d, &["metadata", "generation"]) + 1;
        d["metadata"]["generation"] = json!(g);
        self.put(d);
        Output::ok(format!("{}/{name} image updated\n", resource_of(&kind)))
    }

    fn rollout_line(&self, ns: &str, name: &str) -> (String, bool) {
        let Some(d) = self.get("Deployment", ns, name) else {
            return (format!("Error from server (NotFound): deployments.apps \"{name}\" not found\n"), true);
        };
        let want = i(d, &["spec", "replicas"]);
        let upd = i(d, &["status", "updatedReplicas"]);
        let total = i(d, &["status", "replicas"]);
        let avail = i(d, &["status", "availableReplicas"]);
        if upd < want {
            (format!("Waiting for deployment \"{name}\" rollout to finish: {upd} out of {want} new replicas have been updated...\n"), false)
        } else if total > upd {
            (format!("Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...\n", total - upd), false)
        } else if avail < upd {
            (format!("Waiting for deployment \"{name}\" rollout to finish: {avail} of {upd} updated replicas are available...\n"), false)
        } else {
            (format!("deployment \"{name}\" successfully rolled out\n"), true)
        }
    }

    fn cmd_rollout(&mut self, rest: &[String], ns: &str, flags: &BTreeMap<String, String>) -> Output {
        let sub = rest.first().cloned().unwrap_or_default();
        let Some((_, name)) = self.resolve_target(&rest[1.min(rest.len())..]) else {
            return Output::err("error: required resource not specified\n");
        };
        let Some(d) = self.get("Deployment", ns, &name).cloned() else {
            return Self::not_found("Deployment", &name);
        };
        let uid = s(&d, &["metadata", "uid"]);
        match sub.as_str() {
            "status" => {
                let (line, done) = self.rollout_line(ns, &name);
                if done {
                    return Output::ok(line);
                }
                let id = self.next_stream;
                self.next_stream += 1;
                self.streams.insert(id, Stream::Rollout { ns: ns.into(), name, last: line.clone() });
                Output { text: line, exit_code: 0, stream: Some(id) }
            }
            "history" => {
                let mut revs: Vec<i64> = self
                    .owned("ReplicaSet", ns, &uid)
                    .iter()
                    .map(|r| {
                        s(r, &["metadata", "annotations", "deployment.kubernetes.io/revision"])
                            .parse()
                            .unwrap_or(0)
                    })
                    .collect();
                revs.sort();
                let mut out = format!("deployment.apps/{name} \nREVISION  CHANGE-CAUSE\n");
                for r in revs {
                    out.push_str(&format!("{r:<10}<none>\n"));
                }
                Output::ok(out + "\n")
            }
            "undo" => {
                let mut rss = self.owned("ReplicaSet", ns, &uid);
                rss.sort_by_key(|r| {
                    std::cmp::Reverse(
                        s(r, &["metadata", "annotations", "deployment.kubernetes.io/revision"])
                            .parse::<i64>()
                            .unwrap_or(0),
                    )
                });
                let want: Option<i64> = flags.get("to-revision").and_then(|x| x.parse().ok());
                let target = match want {
                    Some(rv) => rss.iter().find(|r| {
                        s(r, &["metadata", "annotations", "deployment.kubernetes.io/revision"])
                            .parse::<i64>()
                            .unwrap_or(0)
                            == rv
                    }),
                    None => rss.get(1),
                };
                let Some(t) = target else {
                    return Output::err(
                        "error: no rollout history found for deployment \"".to_string() + &name + "\"\n",
                    );
                };
                let mut tmpl = t.pointer("/spec/template").cloned().unwrap_or(json!({}));
                tmpl["metadata"]["labels"].as_object_mut().map(|m| m.remove("pod-template-hash"));
                let mut d2 = d.clone();
                d2["spec"]["template"] = tmpl;
                self.put(d2);
                self.event(
                    "Normal",
                    "DeploymentRollback",
                    "Deployment",
                    ns,
                    &name,
                    format!(
                        "Rolled back deployment \"{name}\" to revision {}",
                        s(t, &["metadata", "annotations", "deployment.kubernetes.io/revision"])
                    ),
                );
                Output::ok(format!("deployment.apps/{name} rolled back\n"))
            }
            "restart" => {
                let mut d2 = d.clone();
                d2["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] =
                    json!(rfc3339(self.now));
                self.put(d2);
                Output::ok(format!("deployment.apps/{name} restarted\n"))
            }
            _ => Output::err(format!("error: unknown command \"{sub}\" for \"kubectl rollout\"\n")),
        }
    }

    fn cmd_logs(&mut self, rest: &[String], ns: &str, follow: bool, previous: bool) -> Output {
        let Some(target) = rest.first() else {
            return Output::err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n");
        };
        let name = target.strip_prefix("pod/").unwrap_or(target).to_string();
        if self.get("Pod", ns, &name).is_none() {
            return Self::not_found("Pod", &name);
        }
        let rt = self.rt.get(&(ns.into(), name.clone())).cloned().unwrap_or_default();
        if previous {
            if rt.restarts == 0 {
                return Output::err(format!("Error from server (BadRequest): previous terminated container \"{}\" in pod \"{name}\" not found\n", self.get("Pod", ns, &name).map(container_name).unwrap_or_default()));
            }
            return Output::ok(rt.prev_logs.iter().map(|l| format!("{l}\n")).collect::<String>());
        }
        let text: String = rt.logs.iter().map(|l| format!("{l}\n")).collect();
        if follow {
            let id = self.next_stream;
            self.next_stream += 1;
            self.streams.insert(id, Stream::Logs { ns: ns.into(), pod: name, sent: rt.logs.len() });
            return Output { text, exit_code: 0, stream: Some(id) };
        }
        Output::ok(text)
    }

    fn cmd_exec(&mut self, rest: &[String], ns: &str, cmd: &[String]) -> Output {
        let Some(name) = rest.iter().find(|x| !x.starts_with('-')) else {
            return Output::err(
                "error: expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\n",
            );
        };
        let name = name.strip_prefix("pod/").unwrap_or(name).to_string();
        let Some(p) = self.get("Pod", ns, &name).cloned() else { return Self::not_found("Pod", &name) };
        if pod_status(&p) != "Running" {
            return Output::err(format!(
                "error: unable to upgrade connection: container not found (\"{}\")\n",
                container_name(&p)
            ));
        }
        match cmd.first().map(String::as_str) {
            Some("env") | Some("printenv") => {
                let mut out = format!("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME={name}\n");
                for e in p.pointer("/spec/containers/0/env").and_then(Value::as_array).into_iter().flatten() {
                    out.push_str(&format!("{}={}\n", s(e, &["name"]), s(e, &["value"])));
                }
                out.push_str("KUBERNETES_SERVICE_HOST=10.96.0.1\nKUBERNETES_SERVICE_PORT=443\nHOME=/root\n");
                Output::ok(out)
            }
            Some("hostname") => Output::ok(format!("{name}\n")),
            Some(c) => Output::err(format!("error: exec: \"{c}\": this playground's stand-in shell only runs env and hostname\ncommand terminated with exit code 127\n")),
            None => Output::err("error: you must specify at least one command for the container\n"),
        }
    }

    fn cmd_cordon(&mut self, verb: &str, rest: &[String]) -> Output {
        let Some(name) = rest.first().map(|x| x.strip_prefix("node/").unwrap_or(x).to_string()) else {
            return Output::err("error: USAGE: cordon NODE [flags]\n");
        };
        let Some(n) = self.get("Node", "", &name).cloned() else { return Self::not_found("Node", &name) };
        let mut n = n;
        let unsched = verb != "uncordon";
        let already = n.pointer("/spec/unschedulable").and_then(Value::as_bool).unwrap_or(false) == unsched;
        if unsched {
            n["spec"]["unschedulable"] = json!(true);
        } else {
            n["spec"].as_object_mut().map(|m| m.remove("unschedulable"));
        }
        self.put(n);
        let mut out = if already {
            format!("node/{name} already {verb}ed\n")
        } else {
            format!("node/{name} {}\n", if verb == "uncordon" { "uncordoned" } else { "cordoned" })
        };
        if verb == "drain" {
            let pods: Vec<(String, String)> = self
                .list("Pod", None)
                .iter()
                .filter(|p| s(p, &["spec", "nodeName"]) == name)
                .map(|p| (s(p, &["metadata", "namespace"]), s(p, &["metadata", "name"])))
                .collect();
            for (ns, p) in &pods {
                out.push_str(&format!("evicting pod {ns}/{p}\n"));
            }
            for (ns, p) in &pods {
                self.delete_pod(ns, p);
                out.push_str(&format!("pod/{p} evicted\n"));
            }
            out.push_str(&format!("node/{name} drained\n"));
        }
        Output::ok(out)
    }

    fn cmd_create(&mut self, rest: &[String], ns: &str, flags: &BTreeMap<String, String>) -> Output {
        match rest.first().map(String::as_str) {
            Some("deployment") | Some("deploy") => {
                let Some(name) = rest.get(1) else {
                    return Output::err("error: exactly one NAME is required, got 0\n");
                };
                let Some(image) = flags.get("image") else {
                    return Output::err("error: required flag(s) \"image\" not set\n");
                };
                let replicas: i64 = flags.get("replicas").and_then(|x| x.parse().ok()).unwrap_or(1);
                let cname = image
                    .split(['/', ':'])
                    .rev()
                    .nth(if image.contains(':') { 1 } else { 0 })
                    .unwrap_or("app")
                    .to_string();
                let d = json!({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":name,"namespace":ns,"labels":{"app":name}},
                    "spec":{"replicas":replicas,"selector":{"matchLabels":{"app":name}},"template":{"metadata":{"labels":{"app":name}},"spec":{"containers":[{"name":cname,"image":image}]}}}});
                if self.get("Deployment", ns, name).is_some() {
                    return Output::err(format!(
                        "error: failed to create deployment: deployments.apps \"{name}\" already exists\n"
                    ));
                }
                match self.apply_one(d) {
                    Ok(_) => Output::ok(format!("deployment.apps/{name} created\n")),
                    Err(e) => Output::err(e + "\n"),
                }
            }
            _ => Output::err("error: only `kubectl create deployment` is supported here\n"),
        }
    }

    // ---------------------------------------------------------------- streams

    pub fn poll_stream(&mut self, id: u64) -> (String, bool) {
        let Some(st) = self.streams.get(&id).cloned() else { return (String::new(), true) };
        match st {
            Stream::WatchPods { ns, mut last } => {
                let pods: Vec<Value> = self.list("Pod", Some(&ns)).into_iter().cloned().collect();
                let mut out = String::new();
                let mut cur = BTreeMap::new();
                for p in &pods {
                    let n = s(p, &["metadata", "name"]);
                    let st = pod_status(p);
                    let sig = format!("{st}{}", pod_ready(p));
                    if last.get(&n) != Some(&sig) {
                        let row = self.rows_for("Pod", &[p], false, false);
                        // Formatted like the initial table (aligned while pod names have equal length).
                        if let Some(line) = table(&row).lines().nth(1) {
                            out.push_str(line);
                            out.push('\n');
                        }
                    }
                    cur.insert(n, sig);
                }
                last = cur;
                self.streams.insert(id, Stream::WatchPods { ns, last });
                (out, false)
            }
            Stream::Rollout { ns, name, last } => {
                let (line, done) = self.rollout_line(&ns, &name);
                if done {
                    self.streams.remove(&id);
                    return (line, true);
                }
                if line != last {
                    self.streams.insert(id, Stream::Rollout { ns, name, last: line.clone() });
                    return (line, false);
                }
                (String::new(), false)
            }
            Stream::Logs { ns, pod, sent } => {
                let logs =
                    self.rt.get(&(ns.clone(), pod.clone())).map(|r| r.logs.clone()).unwrap_or_default();
                if self.get("Pod", &ns, &pod).is_none() {
                    self.streams.remove(&id);
                    return (String::new(), true);
                }
                let out: String = logs.iter().skip(sent).map(|l| format!("{l}\n")).collect();
                self.streams.insert(id, Stream::Logs { ns, pod, sent: logs.len().max(sent) });
                (out, false)
            }
        }
    }

    pub fn cancel_stream(&mut self, id: u64) {
        self.streams.remove(&id);
    }

    /// A request to a Service: (path of object names, ok, reply).
    pub fn request(&mut self, ns: &str, svc: &str) -> (Vec<String>, bool, String) {
        let Some(sv) = self.get("Service", ns, svc).cloned() else {
            return (vec![], false, format!("curl: (6) Could not resolve host: {svc}"));
        };
        let eps: Vec<(String, String, bool)> = self.endpoints(&sv).into_iter().filter(|e| e.2).collect();
        if eps.is_empty() {
            return (
                vec![format!("Service/{svc}")],
                false,
                format!(
                    "curl: (7) Failed to connect to {svc} port {} after 0 ms: Couldn't connect to server",
                    sv.pointer("/spec/ports/0/port").and_then(Value::as_i64).unwrap_or(80)
                ),
            );
        }
        self.rr += 1;
        let (pod, ip, _) = eps[(self.rr as usize) % eps.len()].clone();
        let image = self.get("Pod", ns, &pod).map(image_of).unwrap_or_default();
        let reply = if image.contains("http-echo") {
            self.get("Pod", ns, &pod)
                .and_then(|p| {
                    p.pointer("/spec/containers/0/args").and_then(Value::as_array).and_then(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .find_map(|x| x.strip_prefix("-text=").map(str::to_string))
                    })
                })
                .unwrap_or_else(|| "hello-world".into())
        } else if image.contains("nginx") {
            "<!DOCTYPE html> … <title>Welcome to nginx!</title> …".into()
        } else {
            format!("HTTP/1.1 200 OK from {pod}")
        };
        if let Some(rt) = self.rt.get_mut(&(ns.into(), pod.clone())) {
            rt.logs
                .push(format!("10.244.0.1 - - \"GET / HTTP/1.1\" 200 {} \"-\" \"curl/8.5.0\"", reply.len()));
        }
        (
            vec![format!("Service/{svc}"), format!("Pod/{pod}")],
            true,
            format!("{reply}\n(answered by {pod} at {ip})"),
        )
    }

    pub fn complete(&self, line: &str, cursor: usize) -> Vec<String> {
        let head = line.get(..cursor.min(line.len())).unwrap_or(line);
        let words: Vec<&str> = head.split_whitespace().collect();
        let last = if head.ends_with(' ') { "" } else { words.last().copied().unwrap_or("") };
        let n = if head.ends_with(' ') { words.len() } else { words.len().saturating_sub(1) };
        let base = if words.first() == Some(&"kubectl") { 1 } else { 0 };
        let cands: Vec<String> = match n.saturating_sub(base) {
            0 => [
                "get", "describe", "delete", "scale", "set", "rollout", "logs", "exec", "cordon", "uncordon",
                "drain", "create", "version",
            ]
            .iter()
            .map(|x| x.to_string())
            .collect(),
            1 if words.get(base).map(|w| *w == "rollout").unwrap_or(false) => {
                ["status", "history", "undo", "restart"].iter().map(|x| x.to_string()).collect()
            }
            1 => [
                "pods",
                "deployments",
                "replicasets",
                "services",
                "configmaps",
                "secrets",
                "nodes",
                "events",
                "all",
            ]
            .iter()
            .map(|x| x.to_string())
            .collect(),
            _ => {
                let t = words.get(base + 1).copied().unwrap_or("pods");
                let kind = if words.get(base).map(|w| matches!(*w, "logs" | "exec")).unwrap_or(false) {
                    Some("Pod")
                } else {
                    kind_for(t)
                };
                kind.map(|k| {
                    self.list(k, if k == "Node" { None } else { Some(&self.namespace) })
                        .iter()
                        .map(|o| s(o, &["metadata", "name"]))
                        .collect()
                })
                .unwrap_or_default()
            }
        };
        cands.into_iter().filter(|c| c.starts_with(last)).collect()
    }
}

fn split_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() || any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() || any {
        out.push(cur);
    }
    out
}

fn container_name(p: &Value) -> String {
    p.pointer("/spec/containers/0/name").and_then(Value::as_str).unwrap_or("app").to_string()
}

pub fn image_of(p: &Value) -> String {
    p.pointer("/spec/containers/0/image").and_then(Value::as_str).unwrap_or_default().to_string()
}

fn req_of(p: &Value) -> String {
    p.pointer("/spec/containers/0/resources/requests/cpu")
        .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
        .unwrap_or_default()
}

fn parse_cpu(s: &str) -> u64 {
    if let Some(m) = s.strip_suffix('m') {
        m.parse().unwrap_or(0)
    } else {
        s.parse::<f64>().map(|x| (x * 1000.0) as u64).unwrap_or(0)
    }
}

fn crashes(p: &Value) -> bool {
    let c = p.pointer("/spec/containers/0");
    let text = c
        .map(|c| {
            format!(
                "{} {}",
                c.get("command").map(|x| x.to_string()).unwrap_or_default(),
                c.get("args").map(|x| x.to_string()).unwrap_or_default()
            )
        })
        .unwrap_or_default();
    text.contains("exit 1")
}

fn startup_logs(image: &str, p: &Value) -> Vec<String> {
    if crashes(p) {
        return vec![
            "starting job...".into(),
            "error: cannot connect to database: connection refused".into(),
        ];
    }
    if image.contains("nginx") {
        vec![
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration".into(),
            "/docker-entrypoint.sh: Configuration complete; ready for start up".into(),
            "2026/11/21 00:00:00 [notice] 1#1: nginx/1.27.3".into(),
            "2026/11/21 00:00:00 [notice] 1#1: start worker processes".into(),
        ]
    } else if image.contains("redis") {
        vec![
            "1:C 21 Nov 2026 00:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo".into(),
            "1:M 21 Nov 2026 00:00:00.001 * Ready to accept connections tcp".into(),
        ]
    } else if image.contains("http-echo") {
        vec!["2026/11/21 00:00:00 [INFO] server is listening on :5678".into()]
    } else {
        vec![format!("{image} started")]
    }
}

fn ports_of(o: &Value) -> String {
    o.pointer("/spec/ports")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    format!(
                        "{}/{}",
                        p.get("port").map(|x| x.to_string()).unwrap_or_default(),
                        s(p, &["protocol"]).pipe_default("TCP")
                    )
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .filter(|x| !x.is_empty())
        .unwrap_or_else(|| "<none>".into())
}

fn target_port(o: &Value) -> String {
    o.pointer("/spec/ports/0/targetPort")
        .or_else(|| o.pointer("/spec/ports/0/port"))
        .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
        .unwrap_or_default()
}

pub fn rfc3339(ms: u64) -> String {
    let s = ms / 1000;
    format!("2026-11-21T{:02}:{:02}:{:02}Z", 9 + s / 3600 % 24, s / 60 % 60, s % 60)
}

fn b64(data: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for ch in data.chunks(3) {
        let b = [ch[0], *ch.get(1).unwrap_or(&0), *ch.get(2).unwrap_or(&0)];
        let n = ((b[0] as u32) << 16) | ((b[1] as u32) << 8) | b[2] as u32;
        for k in 0..4 {
            if k <= ch.len() {
                out.push(T[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
