//! Pod and PodSpec validation (`pkg/apis/core/validation/validation.go`: ValidatePodSpec,
//! validateContainers, validateContainerPorts, ValidateEnv, ValidateVolumes, probes, resources).

use kubeplay_model::errors::BadValue;
use kubeplay_model::names::{is_dns1123_label, is_dns1123_subdomain, is_valid_port_name};
use kubeplay_model::quantity::Quantity;
use kubeplay_model::{FieldError, Object};
use serde_json::Value;

use super::{non_negative, objectmeta, Errs};

const PORT_RANGE: &str = "must be between 1 and 65535, inclusive";

fn port_num(v: i64, field: &str, errs: &mut Errs) {
    if !(1..=65535).contains(&v) {
        errs.push(FieldError::invalid(field, BadValue::Int(v), PORT_RANGE));
    }
}

/// `ValidatePortNumOrName` for probe / targetPort references.
pub fn port_num_or_name(v: Option<&Value>, field: &str, errs: &mut Errs) {
    match v {
        Some(Value::Number(n)) => port_num(n.as_i64().unwrap_or(0), field, errs),
        Some(Value::String(s)) => {
            for msg in is_valid_port_name(s) {
                errs.push(FieldError::invalid(field, BadValue::Str(s.clone()), msg));
            }
        }
        _ => {}
    }
}

fn volumes(spec: &Value, path: &str, errs: &mut Errs) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let sources = [
        "hostPath",
        "emptyDir",
        "gcePersistentDisk",
        "awsElasticBlockStore",
        "gitRepo",
        "secret",
        "nfs",
        "iscsi",
        "glusterfs",
        "persistentVolumeClaim",
        "rbd",
        "flexVolume",
        "cinder",
        "cephfs",
        "flocker",
        "downwardAPI",
        "fc",
        "azureFile",
        "configMap",
        "vsphereVolume",
        "quobyte",
        "azureDisk",
        "photonPersistentDisk",
        "projected",
        "portworxVolume",
        "scaleIO",
        "storageos",
        "csi",
        "ephemeral",
        "image",
    ];
    for (i, v) in spec.get("volumes").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let p = || format!("{path}.volumes[{i}]");
        let name = v.get("name").and_then(Value::as_str).unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(format!("{}.name", p()), ""));
        } else {
            for msg in is_dns1123_label(name) {
                errs.push(FieldError::invalid(format!("{}.name", p()), BadValue::Str(name.to_string()), msg));
            }
            if names.iter().any(|n| n == name) {
                errs.push(FieldError::duplicate(format!("{}.name", p()), BadValue::Str(name.to_string())));
            } else {
                names.push(name.to_string());
            }
        }
        let n = v
            .as_object()
            .map(|m| m.iter().filter(|(k, x)| !x.is_null() && sources.contains(&k.as_str())).count())
            .unwrap_or(0);
        if n == 0 {
            errs.push(FieldError::required(p(), "must specify a volume type"));
        } else if n > 1 {
            errs.push(FieldError::forbidden(p(), "may not specify more than 1 volume type"));
        }
        if let Some(cm) = v.get("configMap") {
            if cm.get("name").and_then(Value::as_str).is_none_or(str::is_empty) {
                errs.push(FieldError::required(format!("{}.configMap.name", p()), ""));
            }
        }
        if let Some(s) = v.get("secret") {
            if s.get("secretName").and_then(Value::as_str).is_none_or(str::is_empty) {
                errs.push(FieldError::required(format!("{}.secret.secretName", p()), ""));
            }
        }
        if let Some(c) = v.get("persistentVolumeClaim") {
            if c.get("claimName").and_then(Value::as_str).is_none_or(str::is_empty) {
                errs.push(FieldError::required(format!("{}.persistentVolumeClaim.claimName", p()), ""));
            }
        }
        if let Some(h) = v.get("hostPath") {
            if h.get("path").and_then(Value::as_str).is_none_or(str::is_empty) {
                errs.push(FieldError::required(format!("{}.hostPath.path", p()), ""));
            }
        }
    }
    names
}

fn ports(c: &Value, path: &str, errs: &mut Errs) {
    let mut names: Vec<String> = Vec::new();
    for (i, p) in c.get("ports").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let ip = || format!("{path}.ports[{i}]");
        if let Some(name) = p.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()) {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                for msg in msgs {
                    errs.push(FieldError::invalid(
                        format!("{}.name", ip()),
                        BadValue::Str(name.to_string()),
                        msg,
                    ));
                }
            } else if names.iter().any(|n| n == name) {
                errs.push(FieldError::duplicate(format!("{}.name", ip()), BadValue::Str(name.to_string())));
            } else {
                names.push(name.to_string());
            }
        }
        let cp = p.get("containerPort").and_then(Value::as_i64).unwrap_or(0);
        if cp == 0 {
            errs.push(FieldError::required(format!("{}.containerPort", ip()), ""));
        } else {
            port_num(cp, &format!("{}.containerPort", ip()), errs);
        }
        let hp = p.get("hostPort").and_then(Value::as_i64).unwrap_or(0);
        if hp != 0 {
            port_num(hp, &format!("{}.hostPort", ip()), errs);
        }
        match p.get("protocol").and_then(Value::as_str).unwrap_or("") {
            "" => errs.push(FieldError::required(format!("{}.protocol", ip()), "")),
            "TCP" | "UDP" | "SCTP" => {}
            other => errs.push(FieldError::not_supported(
                format!("{}.protocol", ip()),
                BadValue::Str(other.to_string()),
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
}

fn env(c: &Value, path: &str, errs: &mut Errs) {
    for (i, e) in c.get("env").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let ep = || format!("{path}.env[{i}]");
        let name = e.get("name").and_then(Value::as_str).unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(format!("{}.name", ep()), ""));
        } else if !name.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'=') {
            // RelaxedEnvironmentVariableValidation is on by default in v1.33.
            errs.push(FieldError::invalid(
                format!("{}.name", ep()),
                BadValue::Str(name.to_string()),
                "a valid environment variable name must consist only of printable ASCII characters other than '='",
            ));
        }
        if let Some(vf) = e.get("valueFrom").filter(|v| v.is_object()) {
            let n = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"]
                .iter()
                .filter(|k| vf.get(**k).is_some_and(|x| !x.is_null()))
                .count();
            if e.get("value").and_then(Value::as_str).is_some_and(|v| !v.is_empty()) {
                errs.push(FieldError::invalid(
                    format!("{}.valueFrom", ep()),
                    BadValue::Str(String::new()),
                    "may not be specified when `value` is not empty",
                ));
            }
            if n == 0 {
                errs.push(FieldError::invalid(
                    format!("{}.valueFrom", ep()),
                    BadValue::Str(String::new()),
                    "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
                ));
            } else if n > 1 {
                errs.push(FieldError::invalid(
                    format!("{}.valueFrom", ep()),
                    BadValue::Str(String::new()),
                    "may not have more than one field specified at a time",
                ));
            }
            for (k, what) in [("configMapKeyRef", "configMapKeyRef"), ("secretKeyRef", "secretKeyRef")] {
                if let Some(r) = vf.get(k) {
                    if r.get("key").and_then(Value::as_str).is_none_or(str::is_empty) {
                        errs.push(FieldError::required(format!("{}.valueFrom.{what}.key", ep()), ""));
                    }
                    if r.get("name").and_then(Value::as_str).is_none_or(str::is_empty) {
                        errs.push(FieldError::required(format!("{}.valueFrom.{what}.name", ep()), ""));
                    }
                }
            }
            if let Some(fr) = vf.get("fieldRef") {
                if fr.get("fieldPath").and_then(Value::as_str).is_none_or(str::is_empty) {
                    errs.push(FieldError::required(format!("{}.valueFrom.fieldRef.fieldPath", ep()), ""));
                }
            }
        }
    }
}

fn volume_mounts(c: &Value, path: &str, vols: &[String], errs: &mut Errs) {
    let mut paths: Vec<&str> = Vec::new();
    for (i, m) in c.get("volumeMounts").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let mp = || format!("{path}.volumeMounts[{i}]");
        let name = m.get("name").and_then(Value::as_str).unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(format!("{}.name", mp()), ""));
        } else if !vols.iter().any(|v| v == name) {
            errs.push(FieldError::new(
                kubeplay_model::FieldErrorType::NotFound,
                format!("{}.name", mp()),
                BadValue::Str(name.to_string()),
                "",
            ));
        }
        let mount_path = m.get("mountPath").and_then(Value::as_str).unwrap_or("");
        if mount_path.is_empty() {
            errs.push(FieldError::required(format!("{}.mountPath", mp()), ""));
        } else if paths.contains(&mount_path) {
            errs.push(FieldError::invalid(
                format!("{}.mountPath", mp()),
                BadValue::Str(mount_path.to_string()),
                "must be unique",
            ));
        } else {
            paths.push(mount_path);
        }
    }
}

fn resources(c: &Value, path: &str, errs: &mut Errs) {
    let Some(r) = c.get("resources") else { return };
    let rp = || format!("{path}.resources");
    let parse = |v: &Value| -> Option<(String, Quantity)> {
        let s = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let q = Quantity::parse(&s).ok()?;
        Some((s, q))
    };
    for part in ["limits", "requests"] {
        for (k, v) in r.get(part).and_then(Value::as_object).into_iter().flatten() {
            if let Some((s, q)) = parse(v) {
                if q.milli < 0 {
                    errs.push(FieldError::invalid(
                        format!("{}.{part}[{k}]", rp()),
                        BadValue::Str(s),
                        "must be greater than or equal to 0",
                    ));
                }
            }
        }
    }
    let limits = r.get("limits").and_then(Value::as_object);
    for (k, v) in r.get("requests").and_then(Value::as_object).into_iter().flatten() {
        let Some((rs, rq)) = parse(v) else { continue };
        let Some((ls, lq)) = limits.and_then(|l| l.get(k)).and_then(parse) else { continue };
        if rq.milli > lq.milli {
            errs.push(FieldError::invalid(
                format!("{}.requests", rp()),
                BadValue::Str(rs),
                format!("must be less than or equal to {k} limit of {ls}"),
            ));
        }
    }
}

fn probe(c: &Value, key: &str, path: &str, errs: &mut Errs) {
    let Some(p) = c.get(key).filter(|p| p.is_object()) else { return };
    let pp = format!("{path}.{key}");
    let handlers = ["exec", "httpGet", "tcpSocket", "grpc"];
    let n = handlers.iter().filter(|h| p.get(**h).is_some_and(|x| !x.is_null())).count();
    if n == 0 {
        errs.push(FieldError::required(pp.clone(), "must specify a handler type"));
    } else if n > 1 {
        errs.push(FieldError::forbidden(pp.clone(), "may not specify more than 1 handler type"));
    }
    if let Some(h) = p.get("httpGet") {
        port_num_or_name(h.get("port"), &format!("{pp}.httpGet.port"), errs);
    }
    if let Some(t) = p.get("tcpSocket") {
        port_num_or_name(t.get("port"), &format!("{pp}.tcpSocket.port"), errs);
    }
    for f in
        ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]
    {
        non_negative(p.get(f), &format!("{pp}.{f}"), errs);
    }
    if key != "readinessProbe" {
        if let Some(s) = p.get("successThreshold").and_then(Value::as_i64) {
            if s != 1 {
                errs.push(FieldError::invalid(
                    format!("{pp}.successThreshold"),
                    BadValue::Int(s),
                    "must be 1",
                ));
            }
        }
    }
}

fn containers(spec: &Value, path: &str, key: &str, is_pod: bool, vols: &[String], errs: &mut Errs) {
    let list = spec.get(key).and_then(Value::as_array);
    let cp = format!("{path}.{key}");
    if key == "containers" && list.is_none_or(Vec::is_empty) {
        errs.push(FieldError::required(cp.clone(), ""));
        return;
    }
    let mut names: Vec<&str> = Vec::new();
    for (i, c) in list.into_iter().flatten().enumerate() {
        let p = format!("{cp}[{i}]");
        let name = c.get("name").and_then(Value::as_str).unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(format!("{p}.name"), ""));
        } else {
            for msg in is_dns1123_label(name) {
                errs.push(FieldError::invalid(format!("{p}.name"), BadValue::Str(name.to_string()), msg));
            }
        }
        let image = c.get("image").and_then(Value::as_str).unwrap_or("");
        if image.is_empty() {
            errs.push(FieldError::required(format!("{p}.image"), ""));
        } else if is_pod && image.trim() != image {
            errs.push(FieldError::invalid(
                format!("{p}.image"),
                BadValue::Str(image.to_string()),
                "must not have leading or trailing whitespace",
            ));
        }
        match c.get("terminationMessagePolicy").and_then(Value::as_str).unwrap_or("File") {
            "File" | "FallbackToLogsOnError" => {}
            other => errs.push(FieldError::not_supported(
                format!("{p}.terminationMessagePolicy"),
                BadValue::Str(other.to_string()),
                &["File", "FallbackToLogsOnError"],
            )),
        }
        ports(c, &p, errs);
        env(c, &p, errs);
        volume_mounts(c, &p, vols, errs);
        match c.get("imagePullPolicy").and_then(Value::as_str) {
            None | Some("Always") | Some("IfNotPresent") | Some("Never") => {}
            Some(other) => errs.push(FieldError::not_supported(
                format!("{p}.imagePullPolicy"),
                BadValue::Str(other.to_string()),
                &["Always", "IfNotPresent", "Never"],
            )),
        }
        resources(c, &p, errs);
        if !name.is_empty() {
            if names.contains(&name) {
                errs.push(FieldError::duplicate(format!("{p}.name"), BadValue::Str(name.to_string())));
            } else {
                names.push(name);
            }
        }
        if key == "containers" {
            probe(c, "livenessProbe", &p, errs);
            probe(c, "readinessProbe", &p, errs);
            probe(c, "startupProbe", &p, errs);
        } else if key == "initContainers" && c.get("restartPolicy").and_then(Value::as_str) != Some("Always")
        {
            for pr in ["livenessProbe", "readinessProbe", "startupProbe"] {
                if c.get(pr).is_some_and(|x| !x.is_null()) {
                    errs.push(FieldError::forbidden(
                        format!("{p}.{pr}"),
                        "may not be set for init containers without restartPolicy=Always",
                    ));
                }
            }
        }
    }
}

/// `ValidatePodSpec` for pods (`is_pod`) and templates, under `path`.
pub fn pod_spec(spec: &Value, path: &str, is_pod: bool, errs: &mut Errs) {
    let vols = volumes(spec, path, errs);
    containers(spec, path, "containers", is_pod, &vols, errs);
    containers(spec, path, "initContainers", is_pod, &vols, errs);
    // Names must be unique across init and regular containers.
    let regular: Vec<&str> = spec
        .get("containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("name").and_then(Value::as_str))
        .collect();
    for (i, c) in spec.get("initContainers").and_then(Value::as_array).into_iter().flatten().enumerate() {
        if let Some(n) =
            c.get("name").and_then(Value::as_str).filter(|n| !n.is_empty() && regular.contains(n))
        {
            errs.push(FieldError::duplicate(
                format!("{path}.initContainers[{i}].name"),
                BadValue::Str(n.to_string()),
            ));
        }
    }
    match spec.get("restartPolicy").and_then(Value::as_str).unwrap_or("") {
        "Always" | "OnFailure" | "Never" => {}
        "" => errs.push(FieldError::required(format!("{path}.restartPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            format!("{path}.restartPolicy"),
            BadValue::Str(other.to_string()),
            &["Always", "OnFailure", "Never"],
        )),
    }
    match spec.get("dnsPolicy").and_then(Value::as_str).unwrap_or("") {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => errs.push(FieldError::required(format!("{path}.dnsPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            format!("{path}.dnsPolicy"),
            BadValue::Str(other.to_string()),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        )),
    }
    objectmeta::labels(spec.get("nodeSelector"), &format!("{path}.nodeSelector"), errs);
    if let Some(sa) = spec.get("serviceAccountName").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        for msg in is_dns1123_subdomain(sa) {
            errs.push(FieldError::invalid(
                format!("{path}.serviceAccountName"),
                BadValue::Str(sa.to_string()),
                msg,
            ));
        }
    }
    if let Some(n) = spec.get("nodeName").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        for msg in is_dns1123_subdomain(n) {
            errs.push(FieldError::invalid(format!("{path}.nodeName"), BadValue::Str(n.to_string()), msg));
        }
    }
    if let Some(ads) = spec.get("activeDeadlineSeconds").and_then(Value::as_i64) {
        if !(1..=2_147_483_647).contains(&ads) {
            errs.push(FieldError::invalid(
                format!("{path}.activeDeadlineSeconds"),
                BadValue::Int(ads),
                "must be between 1 and 2147483647, inclusive",
            ));
        }
    }
    for (i, t) in spec.get("tolerations").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let tp = || format!("{path}.tolerations[{i}]");
        let op = t.get("operator").and_then(Value::as_str).unwrap_or("Equal");
        let key = t.get("key").and_then(Value::as_str).unwrap_or("");
        if op == "Exists" && t.get("value").and_then(Value::as_str).is_some_and(|v| !v.is_empty()) {
            errs.push(FieldError::invalid(
                format!("{}.operator", tp()),
                BadValue::Str(op.to_string()),
                "value must be empty when `operator` is 'Exists'",
            ));
        }
        if op != "Exists" && op != "Equal" {
            errs.push(FieldError::not_supported(
                format!("{}.operator", tp()),
                BadValue::Str(op.to_string()),
                &["Equal", "Exists"],
            ));
        }
        if key.is_empty() && op != "Exists" {
            errs.push(FieldError::invalid(
                format!("{}.operator", tp()),
                BadValue::Str(op.to_string()),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        match t.get("effect").and_then(Value::as_str).unwrap_or("") {
            "" | "NoSchedule" | "PreferNoSchedule" | "NoExecute" => {}
            other => errs.push(FieldError::not_supported(
                format!("{}.effect", tp()),
                BadValue::Str(other.to_string()),
                &["NoExecute", "NoSchedule", "PreferNoSchedule"],
            )),
        }
    }
    non_negative(
        spec.get("terminationGracePeriodSeconds"),
        &format!("{path}.terminationGracePeriodSeconds"),
        errs,
    );
}

pub fn pod(obj: &Object, errs: &mut Errs) {
    match obj.get("spec") {
        Some(spec) => pod_spec(spec, "spec", true, errs),
        None => errs.push(FieldError::required("spec.containers", "")),
    }
}

/// Equality of two container lists, ignoring `image` (the one mutable container field).
fn containers_equal_but_image(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a.and_then(Value::as_array), b.and_then(Value::as_array)) {
        (Some(x), Some(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(c, d)| match (c.as_object(), d.as_object()) {
                    (Some(c), Some(d)) => {
                        c.iter().filter(|(k, _)| *k != "image").eq(d.iter().filter(|(k, _)| *k != "image"))
                    }
                    _ => c == d,
                })
        }
        _ => a == b,
    }
}

/// Pod updates may only change images, activeDeadlineSeconds, tolerations (additions) and
/// terminationGracePeriodSeconds; everything else in spec is immutable. Compared in place:
/// this runs on every pod write.
pub fn pod_update(new: &Object, old: &Object, errs: &mut Errs) {
    let (Some(ns), Some(os)) =
        (new.get("spec").and_then(Value::as_object), old.get("spec").and_then(Value::as_object))
    else {
        return;
    };
    const MUTABLE: [&str; 5] = [
        "containers",
        "initContainers",
        "activeDeadlineSeconds",
        "tolerations",
        "terminationGracePeriodSeconds",
    ];
    let immutable_part_eq = ns
        .iter()
        .filter(|(k, _)| !MUTABLE.contains(&k.as_str()))
        .eq(os.iter().filter(|(k, _)| !MUTABLE.contains(&k.as_str())));
    // Tolerations may only be added to; the grace period may only go from negative to 1.
    let tol = |m: &serde_json::Map<String, Value>| {
        m.get("tolerations").and_then(Value::as_array).cloned().unwrap_or_default()
    };
    let (nt, ot) = (tol(ns), tol(os));
    let tolerations_ok = ot.iter().all(|t| nt.contains(t));
    let (ng, og) = (ns.get("terminationGracePeriodSeconds"), os.get("terminationGracePeriodSeconds"));
    let grace_ok = ng == og
        || (og.and_then(Value::as_i64).is_some_and(|g| g < 0) && ng.and_then(Value::as_i64) == Some(1));
    let same = immutable_part_eq
        && tolerations_ok
        && grace_ok
        && containers_equal_but_image(ns.get("containers"), os.get("containers"))
        && containers_equal_but_image(ns.get("initContainers"), os.get("initContainers"));
    if !same {
        errs.push(FieldError::forbidden(
            "spec",
            "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
        ));
    }
}
