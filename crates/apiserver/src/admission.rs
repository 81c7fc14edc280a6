//! Pod admission on create: ServiceAccount (service account name, token volume and mounts),
//! DefaultTolerationSeconds, Priority.

use kubeplay_model::errors::go_quote;
use kubeplay_model::object::ObjectExt;
use kubeplay_model::{ApiError, Object};
use serde_json::{json, Map, Value};

use crate::store::ApiServer;
use crate::Ctx;

pub const SA_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

pub fn admit_pod_create(server: &ApiServer, ctx: &mut Ctx, pod: &mut Object) -> Result<(), ApiError> {
    let ns = pod.namespace().to_string();
    let name = pod.name().to_string();
    let mirror = is_mirror_pod(pod);
    let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) else { return Ok(()) };
    if mirror {
        mirror_pod_references_no_service_account(spec, &name)?;
    } else {
        admit_service_account(server, ctx, &ns, &name, spec)?;
    }

    // DefaultTolerationSeconds: not-ready and unreachable, NoExecute, 300 s, unless present.
    let tols = spec.entry("tolerations").or_insert_with(|| json!([]));
    if !tols.is_array() {
        *tols = json!([]);
    }
    if let Some(a) = tols.as_array_mut() {
        for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
            let present = a.iter().any(|t| {
                let eff = t.get("effect").and_then(Value::as_str).unwrap_or("");
                let k = t.get("key").and_then(Value::as_str).unwrap_or("");
                let op = t.get("operator").and_then(Value::as_str).unwrap_or("Equal");
                (eff.is_empty() || eff == "NoExecute") && (k == key || (k.is_empty() && op == "Exists"))
            });
            if !present {
                a.push(json!({"effect": "NoExecute", "key": key, "operator": "Exists", "tolerationSeconds": 300}));
            }
        }
    }

    // Priority admission (no PriorityClass objects are simulated: the global default is 0).
    let priority = match spec.get("priorityClassName").and_then(Value::as_str).unwrap_or("") {
        "" => 0,
        "system-node-critical" => 2_000_001_000,
        "system-cluster-critical" => 2_000_000_000,
        other => {
            return Err(ApiError::forbidden(format!(
                "pods {} is forbidden: no PriorityClass with name {other} was found",
                go_quote(&name)
            )))
        }
    };
    spec.entry("priority").or_insert(json!(priority));
    spec.entry("preemptionPolicy").or_insert(json!("PreemptLowerPriority"));
    Ok(())
}

/// A mirror pod (the API server's copy of a kubelet's static pod, annotated
/// `kubernetes.io/config.mirror`): the ServiceAccount plugin leaves its spec as the kubelet wrote
/// it, since the kubelet deletes a mirror whose spec differs from its static pod.
fn is_mirror_pod(pod: &Object) -> bool {
    pod.at("metadata.annotations")
        .and_then(Value::as_object)
        .is_some_and(|a| a.contains_key("kubernetes.io/config.mirror"))
}

/// The ServiceAccount plugin's only check on a mirror pod: it may not name a service account.
fn mirror_pod_references_no_service_account(spec: &Map<String, Value>, name: &str) -> Result<(), ApiError> {
    let named = ["serviceAccountName", "serviceAccount"]
        .iter()
        .any(|k| spec.get(*k).and_then(Value::as_str).is_some_and(|s| !s.is_empty()));
    if named {
        return Err(ApiError::forbidden(format!(
            "pods {} is forbidden: a mirror pod may not reference service accounts",
            go_quote(name)
        )));
    }
    Ok(())
}

/// ServiceAccount admission: the pod's service account (`default` unless named) must exist, and
/// unless automount is off its API token is mounted in every container.
fn admit_service_account(
    server: &ApiServer,
    ctx: &mut Ctx,
    ns: &str,
    name: &str,
    spec: &mut Map<String, Value>,
) -> Result<(), ApiError> {
    let sa_name = spec
        .get("serviceAccountName")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .or_else(|| spec.get("serviceAccount").and_then(Value::as_str).filter(|s| !s.is_empty()))
        .unwrap_or("default")
        .to_string();
    spec.insert("serviceAccountName".into(), json!(sa_name));
    spec.insert("serviceAccount".into(), json!(sa_name));
    let sa = server.lookup("serviceaccounts", ns, &sa_name);
    if sa.is_none() {
        return Err(ApiError::forbidden(format!(
            "pods {} is forbidden: error looking up service account {ns}/{sa_name}: serviceaccount {} not found",
            go_quote(name),
            go_quote(&sa_name)
        )));
    }
    let automount = spec
        .get("automountServiceAccountToken")
        .and_then(Value::as_bool)
        .or_else(|| sa.and_then(|s| s.bool_at("automountServiceAccountToken")))
        .unwrap_or(true);
    let has_sa_mount = ["containers", "initContainers"].iter().any(|k| {
        spec.get(*k).and_then(Value::as_array).into_iter().flatten().any(|c| {
            c.get("volumeMounts")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .any(|m| m.get("mountPath").and_then(Value::as_str) == Some(SA_MOUNT_PATH))
        })
    });
    if automount && !has_sa_mount {
        let vol_name = format!("kube-api-access-{}", ctx.rng.name_suffix(5));
        let mut vol = projected_token_volume().clone();
        vol["name"] = json!(vol_name);
        let vols = spec.entry("volumes").or_insert_with(|| json!([]));
        if !vols.is_array() {
            *vols = json!([]);
        }
        if let Some(a) = vols.as_array_mut() {
            a.push(vol);
        }
        let mount = json!({"mountPath": SA_MOUNT_PATH, "name": vol_name, "readOnly": true});
        for k in ["containers", "initContainers"] {
            for c in spec.get_mut(k).and_then(Value::as_array_mut).into_iter().flatten() {
                let Some(c) = c.as_object_mut() else { continue };
                let mounts = c.entry("volumeMounts").or_insert_with(|| json!([]));
                if !mounts.is_array() {
                    *mounts = json!([]);
                }
                if let Some(a) = mounts.as_array_mut() {
                    a.push(mount.clone());
                }
            }
        }
    }
    Ok(())
}

/// The projected service-account token volume, built once (every pod gets a copy).
fn projected_token_volume() -> &'static Value {
    static VOLUME: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    VOLUME.get_or_init(|| {
        json!({
            "name": "",
            "projected": {
                "defaultMode": 420,
                "sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                    {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                    {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
                ]
            }
        })
    })
}
