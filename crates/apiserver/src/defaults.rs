//! Defaulting (`pkg/apis/apps/v1/defaults.go`, `pkg/apis/core/v1/defaults.go`), applied on create
//! and update before validation, plus the decode-time checks that turn into BadRequest.

use kubeplay_model::object::ObjectExt;
use kubeplay_model::quantity::{Quantity, QUANTITY_REGEX_ERROR};
use kubeplay_model::{ApiError, Object};
use serde_json::{json, Map, Value};

use crate::store::ResInfo;

/// Where the pod template's spec lives for each workload resource.
pub fn pod_spec_path(plural: &str) -> Option<&'static str> {
    kubeplay_model::resource::by_plural(plural).and_then(|r| r.pod_spec_path)
}

fn obj_mut<'a>(v: &'a mut Value, key: &str) -> Option<&'a mut Map<String, Value>> {
    v.as_object_mut()?.get_mut(key)?.as_object_mut()
}

/// Sets `key` when absent or null; the value is only built when needed (this runs on every write).
fn set_default(m: &mut Map<String, Value>, key: &str, v: impl FnOnce() -> Value) {
    match m.get(key) {
        None | Some(Value::Null) => {
            m.insert(key.to_string(), v());
        }
        _ => {}
    }
}

fn containers_of(spec: &Value) -> impl Iterator<Item = &Value> {
    ["containers", "initContainers", "ephemeralContainers"]
        .into_iter()
        .filter_map(move |k| spec.get(k).and_then(Value::as_array))
        .flatten()
}

/// Resource quantities are parsed while decoding: a malformed one is a BadRequest before any
/// validation (`Deployment in version "v1" cannot be handled as a Deployment: quantities must …`).
pub fn check_decodable(info: &ResInfo, obj: &Object) -> Result<(), ApiError> {
    let bad = || {
        ApiError::bad_request(format!(
            "{} in version {:?} cannot be handled as a {}: {QUANTITY_REGEX_ERROR}",
            info.kind, info.version, info.kind
        ))
    };
    let check_map = |m: Option<&Value>| -> Result<(), ApiError> {
        for v in m.and_then(Value::as_object).into_iter().flat_map(|m| m.values()) {
            match v {
                Value::String(s) if Quantity::parse(s).is_ok() => {}
                Value::Number(_) | Value::Null => {}
                _ => return Err(bad()),
            }
        }
        Ok(())
    };
    if let Some(spec) = pod_spec_path(&info.plural).and_then(|p| obj.at(p)) {
        for c in containers_of(spec) {
            check_map(c.at("resources.requests"))?;
            check_map(c.at("resources.limits"))?;
        }
    }
    for path in crate::registry::strategy(&info.plural).quantity_maps() {
        check_map(obj.at(path))?;
    }
    Ok(())
}

/// Applies every default for the object's kind: the kind's own (its strategy), then the pod
/// template's, which every kind with one shares.
pub fn apply(info: &ResInfo, obj: &mut Object) {
    crate::registry::strategy(&info.plural).default(obj);
    pod_template(&info.plural, obj);
}

/// A Go struct field decodes `null` or an absent key as its zero value, an empty struct: the
/// defaults then fill it in (`spec:` with only a comment under it is such a null).
pub(crate) fn zero_struct(obj: &mut Object, path: &str) {
    let parent = path.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
    if !parent.is_empty() && !obj.at(parent).is_some_and(Value::is_object) {
        return;
    }
    if obj.at(path).is_none_or(Value::is_null) {
        *obj.at_mut(path) = json!({});
    }
}

/// `.spec.replicas` defaults to 1 (ReplicaSet, ReplicationController).
pub(crate) fn replicas(obj: &mut Object) {
    if let Some(spec) = obj_mut(obj, "spec") {
        set_default(spec, "replicas", || json!(1));
    }
}

pub(crate) fn cronjob(obj: &mut Object) {
    if let Some(spec) = obj_mut(obj, "spec") {
        set_default(spec, "concurrencyPolicy", || json!("Allow"));
        set_default(spec, "suspend", || json!(false));
        set_default(spec, "successfulJobsHistoryLimit", || json!(3));
        set_default(spec, "failedJobsHistoryLimit", || json!(1));
    }
    if obj.at("spec.jobTemplate.spec").is_some() {
        job(obj.at_mut("spec.jobTemplate.spec"));
    }
}

pub(crate) fn namespace(obj: &mut Object) {
    if let Some(m) = obj.as_object_mut() {
        let status = m.entry("status").or_insert_with(|| json!({}));
        if let Some(s) = status.as_object_mut() {
            set_default(s, "phase", || json!("Active"));
        }
    }
    let name = obj.name().to_string();
    if !name.is_empty() {
        obj.set_label("kubernetes.io/metadata.name", &name);
    }
}

/// Allocatable defaults to capacity; quantities in canonical form.
pub(crate) fn node(obj: &mut Object) {
    if obj.at("status.allocatable").is_none() {
        if let Some(cap) = obj.at("status.capacity").cloned() {
            *obj.at_mut("status.allocatable") = cap;
        }
    }
    normalize_quantities(obj.pointer_mut("/status/capacity"));
    normalize_quantities(obj.pointer_mut("/status/allocatable"));
}

pub(crate) fn endpoints(obj: &mut Object) {
    if let Some(subsets) = obj.get_mut("subsets").and_then(Value::as_array_mut) {
        for s in subsets {
            for p in s.get_mut("ports").and_then(Value::as_array_mut).into_iter().flatten() {
                if let Some(p) = p.as_object_mut() {
                    set_default(p, "protocol", || json!("TCP"));
                }
            }
        }
    }
}

/// PodSpec defaults wherever the kind keeps its pod template's spec.
fn pod_template(plural: &str, obj: &mut Object) {
    if let Some(path) = pod_spec_path(plural) {
        // Go structs always carry a (possibly empty) pod spec once the template exists.
        let parent = path.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
        let exists = parent.is_empty() || obj.at(parent).is_some_and(Value::is_object);
        if exists && obj.at(path).is_none_or(|s| s.is_object() || s.is_null()) {
            let spec = obj.at_mut(path);
            if spec.is_null() {
                *spec = json!({});
            }
            pod_spec(spec, plural == "pods");
        }
    }
}

pub(crate) fn deployment(obj: &mut Object) {
    let Some(spec) = obj_mut(obj, "spec") else { return };
    set_default(spec, "replicas", || json!(1));
    let strategy = spec.entry("strategy").or_insert_with(|| json!({}));
    if let Some(st) = strategy.as_object_mut() {
        set_default(st, "type", || json!("RollingUpdate"));
        if st.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
            let ru = st.entry("rollingUpdate").or_insert_with(|| json!({}));
            if let Some(ru) = ru.as_object_mut() {
                set_default(ru, "maxUnavailable", || json!("25%"));
                set_default(ru, "maxSurge", || json!("25%"));
            }
        }
    }
    set_default(spec, "revisionHistoryLimit", || json!(10));
    set_default(spec, "progressDeadlineSeconds", || json!(600));
}

pub(crate) fn statefulset(obj: &mut Object) {
    let Some(spec) = obj_mut(obj, "spec") else { return };
    set_default(spec, "replicas", || json!(1));
    set_default(spec, "podManagementPolicy", || json!("OrderedReady"));
    set_default(spec, "revisionHistoryLimit", || json!(10));
    let st = spec.entry("updateStrategy").or_insert_with(|| json!({}));
    if let Some(st) = st.as_object_mut() {
        set_default(st, "type", || json!("RollingUpdate"));
        if st.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
            let ru = st.entry("rollingUpdate").or_insert_with(|| json!({}));
            if let Some(ru) = ru.as_object_mut() {
                set_default(ru, "partition", || json!(0));
            }
        }
    }
    let p = spec.entry("persistentVolumeClaimRetentionPolicy").or_insert_with(|| json!({}));
    if let Some(p) = p.as_object_mut() {
        set_default(p, "whenDeleted", || json!("Retain"));
        set_default(p, "whenScaled", || json!("Retain"));
    }
}

pub(crate) fn daemonset(obj: &mut Object) {
    let Some(spec) = obj_mut(obj, "spec") else { return };
    set_default(spec, "revisionHistoryLimit", || json!(10));
    let st = spec.entry("updateStrategy").or_insert_with(|| json!({}));
    if let Some(st) = st.as_object_mut() {
        set_default(st, "type", || json!("RollingUpdate"));
        if st.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
            let ru = st.entry("rollingUpdate").or_insert_with(|| json!({}));
            if let Some(ru) = ru.as_object_mut() {
                set_default(ru, "maxUnavailable", || json!(1));
                set_default(ru, "maxSurge", || json!(0));
            }
        }
    }
}

pub(crate) fn job(spec: &mut Value) {
    let Some(spec) = spec.as_object_mut() else { return };
    set_default(spec, "parallelism", || json!(1));
    if spec.get("completions").is_none() && spec.get("parallelism").and_then(Value::as_i64) == Some(1) {
        spec.insert("completions".into(), json!(1));
    }
    set_default(spec, "backoffLimit", || json!(6));
    set_default(spec, "completionMode", || json!("NonIndexed"));
    set_default(spec, "suspend", || json!(false));
    set_default(spec, "manualSelector", || json!(false));
    set_default(spec, "podReplacementPolicy", || json!("TerminatingOrFailed"));
}

/// Quantities are stored as canonical strings (YAML numbers included), as the API serialises them.
fn normalize_quantities(m: Option<&mut Value>) {
    let Some(m) = m.and_then(Value::as_object_mut) else { return };
    for v in m.values_mut() {
        let canonical = match v {
            Value::Number(n) => crate::quantity::canonical(&n.to_string()),
            Value::String(s) => crate::quantity::canonical(s).filter(|c| c != s),
            _ => None,
        };
        if let Some(c) = canonical {
            *v = Value::String(c);
        }
    }
}

/// PodSpec defaults for pods and templates; `pod_only` adds the Pod-object defaults.
pub fn pod_spec(spec: &mut Value, pod_only: bool) {
    let Some(s) = spec.as_object_mut() else { return };
    set_default(s, "dnsPolicy", || json!("ClusterFirst"));
    set_default(s, "restartPolicy", || json!("Always"));
    set_default(s, "securityContext", || json!({}));
    set_default(s, "terminationGracePeriodSeconds", || json!(30));
    set_default(s, "schedulerName", || json!("default-scheduler"));
    if pod_only {
        set_default(s, "enableServiceLinks", || json!(true));
    }
    let host_network = s.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    for key in ["containers", "initContainers", "ephemeralContainers"] {
        for c in s.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten() {
            container(c, pod_only, host_network);
        }
    }
    for v in s.get_mut("volumes").and_then(Value::as_array_mut).into_iter().flatten() {
        volume(v);
    }
}

fn image_pull_policy(image: &str) -> &'static str {
    // The tag is after the last ':' that follows the last '/'; a digest is after '@'.
    let (name, digest) = match image.split_once('@') {
        Some((n, _)) => (n, true),
        None => (image, false),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    let tag = last.split_once(':').map(|(_, t)| t);
    match tag {
        Some("latest") => "Always",
        Some(_) => "IfNotPresent",
        None if digest => "IfNotPresent",
        None => "Always",
    }
}

fn container(c: &mut Value, pod_only: bool, host_network: bool) {
    let Some(m) = c.as_object_mut() else { return };
    if !m.contains_key("imagePullPolicy") {
        if let Some(img) = m.get("image").and_then(Value::as_str) {
            let p = image_pull_policy(img);
            m.insert("imagePullPolicy".into(), json!(p));
        }
    }
    set_default(m, "terminationMessagePath", || json!("/dev/termination-log"));
    set_default(m, "terminationMessagePolicy", || json!("File"));
    set_default(m, "resources", || json!({}));
    for p in m.get_mut("ports").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(p) = p.as_object_mut() {
            set_default(p, "protocol", || json!("TCP"));
            if host_network && pod_only {
                if let Some(cp) = p.get("containerPort").cloned() {
                    set_default(p, "hostPort", move || cp);
                }
            }
        }
    }
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(p) = m.get_mut(probe).and_then(Value::as_object_mut) {
            set_default(p, "timeoutSeconds", || json!(1));
            set_default(p, "periodSeconds", || json!(10));
            set_default(p, "successThreshold", || json!(1));
            set_default(p, "failureThreshold", || json!(3));
            if let Some(h) = p.get_mut("httpGet").and_then(Value::as_object_mut) {
                set_default(h, "path", || json!("/"));
                set_default(h, "scheme", || json!("HTTP"));
            }
        }
    }
    for hook in ["postStart", "preStop"] {
        if let Some(h) =
            m.get_mut("lifecycle").and_then(|l| l.get_mut(hook)).and_then(|h| h.get_mut("httpGet"))
        {
            if let Some(h) = h.as_object_mut() {
                set_default(h, "path", || json!("/"));
                set_default(h, "scheme", || json!("HTTP"));
            }
        }
    }
    for e in m.get_mut("env").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(fr) = e.pointer_mut("/valueFrom/fieldRef").and_then(Value::as_object_mut) {
            set_default(fr, "apiVersion", || json!("v1"));
        }
    }
    if let Some(res) = m.get_mut("resources") {
        normalize_quantities(res.get_mut("limits"));
        normalize_quantities(res.get_mut("requests"));
        if pod_only {
            // Requests default to limits, per resource.
            let limits = res.get("limits").and_then(Value::as_object).cloned();
            if let (Some(limits), Some(r)) = (limits, res.as_object_mut()) {
                if !limits.is_empty() {
                    let req = r.entry("requests").or_insert_with(|| json!({}));
                    if let Some(req) = req.as_object_mut() {
                        for (k, v) in limits {
                            req.entry(k).or_insert(v);
                        }
                    }
                }
            }
        }
    }
}

fn volume(v: &mut Value) {
    let Some(m) = v.as_object_mut() else { return };
    for (src, mode_key) in [
        ("configMap", "defaultMode"),
        ("secret", "defaultMode"),
        ("projected", "defaultMode"),
        ("downwardAPI", "defaultMode"),
    ] {
        if let Some(s) = m.get_mut(src).and_then(Value::as_object_mut) {
            set_default(s, mode_key, || json!(420));
        }
    }
    if let Some(h) = m.get_mut("hostPath").and_then(Value::as_object_mut) {
        set_default(h, "type", || json!(""));
    }
    for item in m
        .get_mut("downwardAPI")
        .and_then(|d| d.get_mut("items"))
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        if let Some(fr) = item.get_mut("fieldRef").and_then(Value::as_object_mut) {
            set_default(fr, "apiVersion", || json!("v1"));
        }
    }
}

pub(crate) fn service(obj: &mut Object) {
    let Some(spec) = obj_mut(obj, "spec") else { return };
    set_default(spec, "type", || json!("ClusterIP"));
    set_default(spec, "sessionAffinity", || json!("None"));
    let ty = spec.get("type").and_then(Value::as_str).unwrap_or("ClusterIP").to_string();
    if spec.get("sessionAffinity").and_then(Value::as_str) == Some("ClientIP") {
        let cfg = spec.entry("sessionAffinityConfig").or_insert_with(|| json!({}));
        if let Some(cfg) = cfg.as_object_mut() {
            let cip = cfg.entry("clientIP").or_insert_with(|| json!({}));
            if let Some(cip) = cip.as_object_mut() {
                set_default(cip, "timeoutSeconds", || json!(10800));
            }
        }
    }
    for p in spec.get_mut("ports").and_then(Value::as_array_mut).into_iter().flatten() {
        let Some(p) = p.as_object_mut() else { continue };
        set_default(p, "protocol", || json!("TCP"));
        let unset = match p.get("targetPort") {
            None | Some(Value::Null) => true,
            Some(Value::Number(n)) => n.as_i64() == Some(0),
            Some(Value::String(s)) => s.is_empty(),
            _ => false,
        };
        if unset {
            if let Some(port) = p.get("port").cloned() {
                p.insert("targetPort".into(), port);
            }
        }
    }
    if ty != "ExternalName" {
        set_default(spec, "internalTrafficPolicy", || json!("Cluster"));
    }
    if ty == "NodePort" || ty == "LoadBalancer" {
        set_default(spec, "externalTrafficPolicy", || json!("Cluster"));
    }
    if ty == "LoadBalancer" {
        set_default(spec, "allocateLoadBalancerNodePorts", || json!(true));
    }
}

pub(crate) fn secret(obj: &mut Object) {
    let Some(m) = obj.as_object_mut() else { return };
    set_default(m, "type", || json!("Opaque"));
    // stringData is write-only: merged into data (base64), stringData wins on conflicts.
    if let Some(Value::Object(sd)) = m.remove("stringData") {
        let data = m.entry("data").or_insert_with(|| json!({}));
        if !data.is_object() {
            *data = json!({});
        }
        if let Some(d) = data.as_object_mut() {
            for (k, v) in sd {
                let s = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                d.insert(k, json!(kubeplay_model::base64::encode(s.as_bytes())));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{deployment, pod, service, T};
    use kubeplay_model::rng::NAME_ALPHABET;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn deployment_defaults() {
        let mut t = T::new();
        let d = t.create("default", deployment("web")).unwrap();
        let spec = &d["spec"];
        assert_eq!(spec["replicas"], json!(1));
        assert_eq!(
            spec["strategy"],
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})
        );
        assert_eq!(spec["revisionHistoryLimit"], json!(10));
        assert_eq!(spec["progressDeadlineSeconds"], json!(600));
        assert_eq!(spec.get("minReadySeconds"), None);
        let ps = &spec["template"]["spec"];
        assert_eq!(ps["dnsPolicy"], json!("ClusterFirst"));
        assert_eq!(ps["restartPolicy"], json!("Always"));
        assert_eq!(ps["securityContext"], json!({}));
        assert_eq!(ps["terminationGracePeriodSeconds"], json!(30));
        assert_eq!(ps["schedulerName"], json!("default-scheduler"));
        assert_eq!(ps.get("enableServiceLinks"), None, "pod-only default");
        let c = &ps["containers"][0];
        assert_eq!(c["imagePullPolicy"], json!("IfNotPresent"));
        assert_eq!(c["terminationMessagePath"], json!("/dev/termination-log"));
        assert_eq!(c["terminationMessagePolicy"], json!("File"));
        assert_eq!(d["status"], json!({}));
    }

    #[test]
    fn pod_defaults_and_admission() {
        let mut t = T::new();
        let mut p = pod("p");
        p["spec"]["containers"][0]["ports"] = json!([{"containerPort": 80}]);
        p["spec"]["containers"][0]["readinessProbe"] = json!({"httpGet": {"port": 80}});
        p["spec"]["containers"][0]["resources"] = json!({"limits": {"cpu": "500m", "memory": "128Mi"}});
        let p = t.create("default", p).unwrap();
        let s = &p["spec"];
        assert_eq!(s["serviceAccountName"], json!("default"));
        assert_eq!(s["serviceAccount"], json!("default"));
        assert_eq!(s["enableServiceLinks"], json!(true));
        assert_eq!(s["priority"], json!(0));
        assert_eq!(s["preemptionPolicy"], json!("PreemptLowerPriority"));
        assert_eq!(
            s["tolerations"],
            json!([
                {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
                {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300}
            ])
        );
        let vol = s["volumes"][0]["name"].as_str().unwrap();
        assert!(vol.starts_with("kube-api-access-") && vol.len() == 21, "{vol}");
        assert!(vol[16..].bytes().all(|c| NAME_ALPHABET.contains(&c)));
        let c = &s["containers"][0];
        assert_eq!(
            c["volumeMounts"],
            json!([{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": vol, "readOnly": true}])
        );
        assert_eq!(c["imagePullPolicy"], json!("Always"));
        assert_eq!(c["ports"][0]["protocol"], json!("TCP"));
        assert_eq!(
            c["readinessProbe"],
            json!({"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1, "periodSeconds": 10,
                "successThreshold": 1, "failureThreshold": 3})
        );
        assert_eq!(c["resources"]["requests"], json!({"cpu": "500m", "memory": "128Mi"}));
        assert_eq!(p["status"], json!({"phase": "Pending", "qosClass": "Guaranteed"}));
    }

    #[test]
    fn mirror_pods_get_no_service_account() {
        // plugin/pkg/admission/serviceaccount: Admit leaves a mirror pod's spec alone and only
        // forbids it to name a service account.
        let mut t = T::new();
        let mut p = pod("kube-apiserver-node-1");
        p["metadata"]["annotations"] = json!({"kubernetes.io/config.mirror": "abc123"});
        let p = t.create("default", p).unwrap();
        assert_eq!(p.at("spec.serviceAccountName"), None);
        assert_eq!(p.at("spec.serviceAccount"), None);
        assert_eq!(p.at("spec.volumes"), None);
        assert_eq!(p.at("spec.containers.0.volumeMounts"), None);
        // The other plugins still run.
        assert_eq!(p.at("spec.priority"), Some(&json!(0)));
        let mut named = pod("etcd-node-1");
        named["metadata"]["annotations"] = json!({"kubernetes.io/config.mirror": "abc123"});
        named["spec"]["serviceAccountName"] = json!("default");
        let e = t.create("default", named).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (403, "pods \"etcd-node-1\" is forbidden: a mirror pod may not reference service accounts")
        );
    }

    #[test]
    fn service_defaults_and_allocation() {
        let mut t = T::new();
        let s = t.create("default", service("web")).unwrap();
        let spec = &s["spec"];
        assert_eq!(spec["type"], json!("ClusterIP"));
        assert_eq!(spec["sessionAffinity"], json!("None"));
        assert_eq!(spec["ports"], json!([{"port": 80, "protocol": "TCP", "targetPort": 80}]));
        assert_eq!(spec["internalTrafficPolicy"], json!("Cluster"));
        assert_eq!(spec.get("externalTrafficPolicy"), None);
        assert_eq!(spec["ipFamilies"], json!(["IPv4"]));
        assert_eq!(spec["ipFamilyPolicy"], json!("SingleStack"));
        let ip = spec["clusterIP"].as_str().unwrap();
        assert_eq!(spec["clusterIPs"], json!([ip]));
        let v = crate::allocator::parse_ipv4(ip).unwrap();
        assert!(v >= crate::allocator::parse_ipv4("10.96.1.1").unwrap(), "{ip} in the dynamic block");
        let mut np = service("np");
        np["spec"]["type"] = json!("NodePort");
        let np = t.create("default", np).unwrap();
        assert_eq!(np["spec"]["externalTrafficPolicy"], json!("Cluster"));
        let port = np["spec"]["ports"][0]["nodePort"].as_i64().unwrap();
        assert!((30086..=32767).contains(&port));
        // Deleting releases: the same explicit IP can be taken again.
        let mut a = service("a");
        a["spec"]["clusterIP"] = json!("10.96.0.10");
        t.create("default", a.clone()).unwrap();
        t.delete("services", "default", "a", Default::default()).unwrap();
        assert!(t.create("default", a).is_ok());
    }

    #[test]
    fn secret_string_data_is_merged_as_base64() {
        let mut t = T::new();
        let s = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
            "data": {"a": "eA=="}, "stringData": {"user": "admin"}});
        let s = t.create("default", s).unwrap();
        assert_eq!(s["type"], json!("Opaque"));
        assert_eq!(s["data"], json!({"a": "eA==", "user": "YWRtaW4="}));
        assert_eq!(s.get("stringData"), None);
    }

    #[test]
    fn node_allocatable_defaults_to_capacity() {
        let mut t = T::new();
        let n = json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"},
            "status": {"capacity": {"cpu": "4", "memory": "8Gi", "pods": 110}}});
        let n = t.create("", n).unwrap();
        assert_eq!(n["status"]["allocatable"], json!({"cpu": "4", "memory": "8Gi", "pods": "110"}));
    }

    #[test]
    fn image_pull_policy_rule() {
        assert_eq!(image_pull_policy("nginx"), "Always");
        assert_eq!(image_pull_policy("nginx:latest"), "Always");
        assert_eq!(image_pull_policy("nginx:1.27"), "IfNotPresent");
        assert_eq!(image_pull_policy("localhost:5000/app"), "Always");
        assert_eq!(image_pull_policy("localhost:5000/app:v2"), "IfNotPresent");
        assert_eq!(image_pull_policy("nginx@sha256:abc"), "IfNotPresent");
        assert_eq!(image_pull_policy("nginx:latest@sha256:abc"), "Always");
    }
}
