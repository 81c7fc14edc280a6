//! The pod status the kubelet reports (`kubelet_pods.go` generateAPIPodStatus, `status/generate.go`):
//! phase, conditions in kubectl's order, container statuses, IPs, start time.

use kubeplay_model::{Object, ObjectExt, SimTime};
use serde_json::{json, Map, Value};

use crate::env::container_spec;
use crate::runtime::{ContainerRuntime, ContainerState, PodRuntime, Term};

fn term_json(t: &Term) -> Value {
    let mut m = json!({
        "containerID": format!("containerd://{}", t.container_id),
        "exitCode": t.exit_code,
        "finishedAt": t.finished.to_rfc3339(),
        "reason": t.reason,
        "startedAt": t.started.to_rfc3339(),
    });
    if let Some(msg) = &t.message {
        m["message"] = json!(msg);
    }
    m
}

fn container_status(c: &ContainerRuntime, pod: &Object) -> Value {
    let spec = container_spec(pod, &c.name).cloned().unwrap_or(Value::Null);
    let ran = c.run.is_some();
    let image = match (&c.image_ref, ran || c.pulled) {
        (Some(r), true) => r.canonical(),
        _ => c.image.clone(),
    };
    let image_id = match (&c.image_ref, ran) {
        (Some(r), true) => r.image_id(),
        _ => String::new(),
    };
    let state = match &c.state {
        ContainerState::Waiting { reason, message } => {
            let mut w = json!({"reason": reason});
            if let Some(m) = message {
                w["message"] = json!(m);
            }
            json!({"waiting": w})
        }
        ContainerState::Running { since } => json!({"running": {"startedAt": since.to_rfc3339()}}),
        ContainerState::Terminated(t) => json!({"terminated": term_json(t)}),
    };
    let mut s = json!({
        "image": image,
        "imageID": image_id,
        "lastState": c.last_term.as_ref().map_or(json!({}), |t| json!({"terminated": term_json(t)})),
        "name": c.name,
        "ready": c.ready && c.is_running() || (c.init && !c.sidecar && c.completed),
        "restartCount": c.restart_count,
        "started": c.is_running() && c.started_ok,
        "state": state,
    });
    if let Some(run) = &c.run {
        s["containerID"] = json!(format!("containerd://{}", run.container_id));
    }
    let res = spec.get("resources").and_then(Value::as_object).filter(|m| !m.is_empty());
    if let Some(r) = res {
        s["resources"] = Value::Object(r.clone());
    }
    let mounts: Vec<Value> = spec
        .get("volumeMounts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|m| {
            let mut o = json!({"mountPath": m.get("mountPath").cloned().unwrap_or(Value::Null), "name": m.get("name").cloned().unwrap_or(Value::Null)});
            if m.get("readOnly").and_then(Value::as_bool) == Some(true) {
                o["readOnly"] = json!(true);
                o["recursiveReadOnly"] = json!("Disabled");
            }
            o
        })
        .collect();
    if !mounts.is_empty() {
        s["volumeMounts"] = json!(mounts);
    }
    s
}

/// Pod phase from the container states (spec §5.1).
pub fn phase(rt: &PodRuntime, pod: &Object) -> &'static str {
    let policy = pod.str_at("spec.restartPolicy").unwrap_or("Always");
    let init_failed =
        rt.init.iter().any(|c| matches!(&c.state, ContainerState::Terminated(t) if t.exit_code != 0))
            && policy == "Never";
    if init_failed {
        return "Failed";
    }
    if !rt.init_done() {
        return "Pending";
    }
    let (mut waiting, mut running, mut stopped, mut succeeded) = (0, 0, 0, 0);
    for c in &rt.ctrs {
        match &c.state {
            ContainerState::Running { .. } => running += 1,
            ContainerState::Terminated(t) => {
                stopped += 1;
                if t.exit_code == 0 {
                    succeeded += 1;
                }
            }
            ContainerState::Waiting { .. } => match &c.last_term {
                Some(t) => {
                    stopped += 1;
                    if t.exit_code == 0 {
                        succeeded += 1;
                    }
                }
                None => waiting += 1,
            },
        }
    }
    if waiting > 0 {
        return "Pending";
    }
    if running > 0 {
        return "Running";
    }
    if stopped == 0 {
        return "Pending";
    }
    if rt.terminating {
        return if stopped == succeeded { "Succeeded" } else { "Failed" };
    }
    if policy == "Always" {
        return "Running";
    }
    if stopped == succeeded {
        return "Succeeded";
    }
    if policy == "Never" {
        return "Failed";
    }
    "Running"
}

fn condition(
    old: &[Value],
    now: SimTime,
    type_: &str,
    ok: bool,
    reason: Option<&str>,
    message: Option<String>,
) -> Value {
    let status = if ok { "True" } else { "False" };
    let prev = old.iter().find(|c| c.get("type").and_then(Value::as_str) == Some(type_));
    let ltt = match prev {
        Some(p) if p.get("status").and_then(Value::as_str) == Some(status) => {
            p.get("lastTransitionTime").cloned().unwrap_or(json!(now.to_rfc3339()))
        }
        _ => json!(now.to_rfc3339()),
    };
    let mut c = json!({"lastProbeTime": null, "lastTransitionTime": ltt, "status": status, "type": type_});
    if let Some(r) = reason {
        c["reason"] = json!(r);
    }
    if let Some(m) = message {
        c["message"] = json!(m);
    }
    c
}

pub fn build(rt: &PodRuntime, pod: &Object, now: SimTime) -> Value {
    let mut st: Map<String, Value> =
        pod.get("status").and_then(Value::as_object).cloned().unwrap_or_default();
    let old: Vec<Value> = st.get("conditions").and_then(Value::as_array).cloned().unwrap_or_default();
    let phase = phase(rt, pod);
    let terminal = matches!(phase, "Succeeded" | "Failed");
    let incomplete: Vec<&str> = rt.init.iter().filter(|c| !c.completed).map(|c| c.name.as_str()).collect();
    let unready: Vec<&str> =
        rt.ctrs.iter().filter(|c| !(c.ready && c.is_running())).map(|c| c.name.as_str()).collect();
    let mut conds =
        vec![condition(&old, now, "PodReadyToStartContainers", rt.sandbox_ready && !terminal, None, None)];
    conds.push(if incomplete.is_empty() {
        condition(&old, now, "Initialized", true, None, None)
    } else {
        condition(
            &old,
            now,
            "Initialized",
            false,
            Some("ContainersNotInitialized"),
            Some(format!("containers with incomplete status: [{}]", incomplete.join(" "))),
        )
    });
    for t in ["Ready", "ContainersReady"] {
        conds.push(if phase == "Succeeded" {
            condition(&old, now, t, false, Some("PodCompleted"), None)
        } else if unready.is_empty() {
            condition(&old, now, t, true, None, None)
        } else {
            condition(
                &old,
                now,
                t,
                false,
                Some("ContainersNotReady"),
                Some(format!("containers with unready status: [{}]", unready.join(" "))),
            )
        });
    }
    conds.push(
        old.iter()
            .find(|c| c.get("type").and_then(Value::as_str) == Some("PodScheduled"))
            .cloned()
            .unwrap_or_else(|| json!({"lastProbeTime": null, "lastTransitionTime": rt.start_time.to_rfc3339(), "status": "True", "type": "PodScheduled"})),
    );
    // Conditions other components own (readiness gates, DisruptionTarget) are kept.
    for c in &old {
        let t = c.get("type").and_then(Value::as_str).unwrap_or("");
        if !matches!(
            t,
            "PodReadyToStartContainers" | "Initialized" | "Ready" | "ContainersReady" | "PodScheduled"
        ) {
            conds.push(c.clone());
        }
    }
    st.insert("conditions".into(), json!(conds));
    st.insert("phase".into(), json!(phase));
    st.insert("hostIP".into(), json!(rt.host_ip));
    st.insert("hostIPs".into(), json!([{"ip": rt.host_ip}]));
    if rt.sandbox_ready && !rt.pod_ip.is_empty() {
        st.insert("podIP".into(), json!(rt.pod_ip));
        st.insert("podIPs".into(), json!([{"ip": rt.pod_ip}]));
    }
    st.insert("startTime".into(), json!(rt.start_time.to_rfc3339()));
    st.insert(
        "containerStatuses".into(),
        json!(rt.ctrs.iter().map(|c| container_status(c, pod)).collect::<Vec<_>>()),
    );
    if !rt.init.is_empty() {
        st.insert(
            "initContainerStatuses".into(),
            json!(rt.init.iter().map(|c| container_status(c, pod)).collect::<Vec<_>>()),
        );
    }
    Value::Object(st)
}
