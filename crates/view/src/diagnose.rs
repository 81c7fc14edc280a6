//! Why a Service has no (ready) endpoints: selector mismatches (which key/value fails on which
//! pods), pods that are not Ready, targetPorts no container declares, a missing selector.

use std::collections::BTreeMap;

use kubeplay_model::{LabelSelector, Object, ObjectExt};
use serde_json::Value;

use crate::endpoints::{endpoint_state, slice_endpoint_count, EndpointState};
use crate::pod_status::{pod_is_terminal, pod_ready_text, pod_status_text, pod_unschedulable};
use crate::snapshot::Snapshot;
use crate::util::{arr, condition, find_port, join_capped, selector_text, str_at, target_port};

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceDiagnosis {
    /// True when the Service routes to at least one ready endpoint and nothing looks wrong.
    pub ok: bool,
    pub summary: String,
    pub findings: Vec<String>,
}

fn diag(ok: bool, summary: String, findings: Vec<String>) -> ServiceDiagnosis {
    ServiceDiagnosis { ok, summary, findings }
}

/// How many pod names to list in one sentence.
const LIST_MAX: usize = 3;

/// Explains, in plain language, whether and why Service `ns/name` has no (ready) endpoints.
pub fn explain_service(s: &Snapshot, ns: &str, name: &str) -> ServiceDiagnosis {
    let Some(svc) = s.service(ns, name) else {
        return diag(false, format!("Service \"{name}\" not found in namespace {ns}."), vec![]);
    };
    if str_at(svc, "spec.type") == "ExternalName" {
        return diag(
            true,
            format!(
                "Service \"{name}\" is an ExternalName alias for {}: DNS answers with a CNAME, no endpoints are involved.",
                str_at(svc, "spec.externalName")
            ),
            vec![],
        );
    }
    let sel_map = svc.at("spec.selector").and_then(Value::as_object).filter(|m| !m.is_empty());
    let Some(sel_map) = sel_map else {
        let manual = slice_endpoint_count(s, ns, name);
        if ns == "default" && name == "kubernetes" {
            return diag(
                true,
                "Service \"kubernetes\" is the API server's own Service; its endpoint is the API server."
                    .into(),
                vec![],
            );
        }
        if manual > 0 {
            return diag(
                true,
                format!("Service \"{name}\" has no selector; its {manual} endpoint(s) are managed by hand in EndpointSlices."),
                vec![],
            );
        }
        return diag(
            false,
            format!("Service \"{name}\" has no selector, so Kubernetes creates no endpoints for it."),
            vec!["Add spec.selector with the labels of the pods that should receive its traffic (for example app: web), or create an EndpointSlice by hand.".into()],
        );
    };
    let sel = LabelSelector::from_map(sel_map);
    let sel_text = selector_text(svc);
    let in_ns: Vec<&Object> = s.pods.iter().copied().filter(|p| p.namespace() == ns).collect();
    let matched: Vec<&Object> = in_ns.iter().copied().filter(|p| sel.matches_object(p)).collect();

    if matched.is_empty() {
        let findings = selector_mismatch(s, ns, sel_map, &sel_text, &sel, &in_ns);
        return diag(
            false,
            format!(
                "Service \"{name}\" has no endpoints: selector {sel_text} matches no pods in namespace {ns}."
            ),
            findings,
        );
    }

    let active: Vec<&Object> = matched.iter().copied().filter(|p| !pod_is_terminal(p)).collect();
    if active.is_empty() {
        let listed: Vec<String> =
            matched.iter().map(|p| format!("{} ({})", p.name(), pod_status_text(p))).collect();
        return diag(
            false,
            format!(
                "Service \"{name}\" has no endpoints: the pods matching {sel_text} have all finished, and finished pods are never endpoints."
            ),
            vec![format!("finished pods: {}", join_capped(&listed, LIST_MAX))],
        );
    }

    let mut findings = Vec::new();
    let port_check = check_ports(svc, &active);
    findings.extend(port_check.findings.iter().cloned());

    let states: Vec<(&Object, EndpointState)> = active.iter().map(|p| (*p, endpoint_state(svc, p))).collect();
    let ready: Vec<&Object> = states.iter().filter(|(_, st)| st.is_ready()).map(|(p, _)| *p).collect();
    let not_ready: Vec<&(&Object, EndpointState)> =
        states.iter().filter(|(_, st)| !st.is_ready() && *st != EndpointState::NoPort).collect();
    for (p, st) in not_ready.iter().take(10) {
        findings.push(pod_not_ready_reason(p, st));
    }
    if not_ready.len() > 10 {
        findings.push(format!("… and {} more pods that are not ready", not_ready.len() - 10));
    }

    if ready.is_empty() {
        if states.iter().all(|(_, st)| *st == EndpointState::NoPort) {
            let summary = format!(
                "Service \"{name}\" has no endpoints: {} pod(s) match {sel_text}, but none declares the named targetPort.",
                states.len()
            );
            return diag(false, summary, findings);
        }
        let summary = if active.len() == 1 {
            format!(
                "Service \"{name}\" has no ready endpoints: 1 pod matches {sel_text} but it is not Ready."
            )
        } else {
            format!(
                "Service \"{name}\" has no ready endpoints: {} pods match {sel_text} but none is Ready.",
                active.len()
            )
        };
        return diag(false, summary, findings);
    }

    let addresses: Vec<String> = ready.iter().flat_map(|p| endpoint_addresses(svc, p)).collect();
    let shown = if addresses.len() > LIST_MAX {
        format!("{} + {} more", addresses[..LIST_MAX].join(", "), addresses.len() - LIST_MAX)
    } else {
        addresses.join(", ")
    };
    let n = ready.len();
    let eps = if n == 1 { "1 ready endpoint".to_string() } else { format!("{n} ready endpoints") };
    if let Some(warn) = &port_check.undeclared {
        return diag(false, format!("Service \"{name}\" has {eps}, but {warn}."), findings);
    }
    if port_check.named_missing {
        return diag(
            false,
            format!("Service \"{name}\" has {eps} ({shown}), but some pods lack its named targetPort."),
            findings,
        );
    }
    diag(true, format!("Service \"{name}\" routes to {eps}: {shown}."), findings)
}

/// Which part of the selector fails, on which pods.
fn selector_mismatch(
    s: &Snapshot,
    ns: &str,
    sel_map: &serde_json::Map<String, Value>,
    sel_text: &str,
    sel: &LabelSelector,
    in_ns: &[&Object],
) -> Vec<String> {
    let mut findings = Vec::new();
    if in_ns.is_empty() {
        findings.push(format!("There are no pods in namespace {ns}."));
    }
    let mut failing = 0;
    let mut per_key = Vec::new();
    for (k, v) in sel_map {
        let v = v.as_str().unwrap_or("");
        let hits = in_ns.iter().filter(|p| p.label(k) == Some(v)).count();
        per_key.push(format!("{k}={v} matches {}", plural_pods(hits)));
        if hits > 0 || in_ns.is_empty() {
            continue;
        }
        failing += 1;
        // Pods grouped by the value they do have for this key.
        let mut by_value: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for p in in_ns {
            if let Some(have) = p.label(k) {
                by_value.entry(have).or_default().push(p.name().to_string());
            }
        }
        let lead = if sel_map.len() == 1 { format!("selector {k}={v}") } else { format!("{k}={v}") };
        if by_value.is_empty() {
            findings.push(format!("{lead} matches no pods; no pod in namespace {ns} has a label {k}"));
        } else {
            let parts: Vec<String> = by_value
                .iter()
                .take(LIST_MAX)
                .map(|(have, pods)| {
                    let which = if pods.len() == 1 { "pod" } else { "pods" };
                    format!(
                        "{which} {} {} {k}={have}",
                        join_capped(pods, LIST_MAX),
                        if pods.len() == 1 { "has" } else { "have" }
                    )
                })
                .collect();
            findings.push(format!("{lead} matches no pods; {}", parts.join("; ")));
        }
    }
    if failing == 0 && !in_ns.is_empty() {
        findings.push(format!(
            "Each label matches some pods, but no pod has all of them: {}.",
            per_key.join(", ")
        ));
    }
    // Matching pods in other namespaces.
    let elsewhere: Vec<String> = s
        .pods
        .iter()
        .filter(|p| p.namespace() != ns && sel.matches_object(p))
        .map(|p| format!("{}/{}", p.namespace(), p.name()))
        .collect();
    if !elsewhere.is_empty() {
        findings.push(format!(
            "Pods matching {sel_text} exist in other namespaces ({}); a Service only selects pods in its own namespace.",
            join_capped(&elsewhere, LIST_MAX)
        ));
    }
    // Deployments whose pod template would match.
    for d in s.deployments.iter().filter(|d| d.namespace() == ns) {
        let Some(tl) = d.at("spec.template.metadata.labels").and_then(Value::as_object) else { continue };
        if !sel.matches(tl) {
            continue;
        }
        if d.i64_at("spec.replicas") == Some(0) {
            findings.push(format!(
                "Deployment {} would create matching pods, but it is scaled to 0 replicas.",
                d.name()
            ));
        } else {
            findings.push(format!("Deployment {} creates matching pods, but none exists yet.", d.name()));
        }
    }
    findings
}

fn plural_pods(n: usize) -> String {
    if n == 1 {
        "1 pod".into()
    } else {
        format!("{n} pods")
    }
}

struct PortCheck {
    findings: Vec<String>,
    /// Some pod lacks a named targetPort.
    named_missing: bool,
    /// "no container declares port 8080" when pods declare ports but not this one.
    undeclared: Option<String>,
}

fn declared_ports(pod: &Object) -> Vec<(String, i64, String)> {
    let mut out = Vec::new();
    for c in arr(pod, "spec.containers") {
        for p in arr(c, "ports") {
            out.push((
                str_at(p, "name").to_string(),
                p.get("containerPort").and_then(Value::as_i64).unwrap_or(0),
                p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string(),
            ));
        }
    }
    out
}

fn check_ports(svc: &Object, pods: &[&Object]) -> PortCheck {
    let mut out = PortCheck { findings: Vec::new(), named_missing: false, undeclared: None };
    for (i, port) in arr(svc, "spec.ports").iter().enumerate() {
        let proto = port.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
        let tp = target_port(port);
        let svc_port = port.get("port").and_then(Value::as_i64).unwrap_or(0);
        let port_label = match port.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()) {
            Some(n) => format!("port {svc_port} ({n})"),
            None => format!("port {svc_port}"),
        };
        match tp.as_str().filter(|t| t.parse::<i64>().is_err()) {
            Some(named) => {
                let missing: Vec<String> = pods
                    .iter()
                    .filter(|p| find_port(p, &tp, proto).is_none())
                    .map(|p| p.name().to_string())
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                out.named_missing = true;
                let mut declared: Vec<String> = pods
                    .iter()
                    .flat_map(|p| declared_ports(p))
                    .map(
                        |(n, num, pr)| {
                            if n.is_empty() {
                                format!("{num}/{pr}")
                            } else {
                                format!("{n} ({num}/{pr})")
                            }
                        },
                    )
                    .collect();
                declared.sort();
                declared.dedup();
                let have = if declared.is_empty() {
                    "they declare no ports".to_string()
                } else {
                    format!("they declare {}", declared.join(", "))
                };
                out.findings.push(format!(
                    "targetPort \"{named}\" of {port_label} matches no containerPort named \"{named}\" ({proto}) in pods {}; {have}. Those pods are left out of the endpoints for this port (spec.ports[{i}]).",
                    join_capped(&missing, LIST_MAX)
                ));
            }
            None => {
                let n = tp.as_i64().or_else(|| tp.as_str().and_then(|t| t.parse().ok())).unwrap_or(0);
                let declaring: Vec<Vec<(String, i64, String)>> =
                    pods.iter().map(|p| declared_ports(p)).collect();
                if declaring.iter().all(Vec::is_empty) {
                    out.findings.push(format!(
                        "The containers declare no ports, so targetPort {n} of {port_label} cannot be checked; requests reach the pods only if the app listens on {n}."
                    ));
                    continue;
                }
                let any = declaring.iter().any(|d| d.iter().any(|(_, num, pr)| *num == n && pr == proto));
                if !any {
                    let mut have: Vec<String> =
                        declaring.iter().flatten().map(|(_, num, pr)| format!("{num}/{pr}")).collect();
                    have.sort();
                    have.dedup();
                    let warn = format!("no container declares port {n}; requests will be refused unless the app listens there");
                    out.findings.push(format!(
                        "targetPort {n} of {port_label}: {warn} (the containers declare {}). Kubernetes still routes a numeric targetPort.",
                        have.join(", ")
                    ));
                    out.undeclared.get_or_insert(warn);
                }
            }
        }
    }
    out
}

fn pod_not_ready_reason(p: &Object, st: &EndpointState) -> String {
    let status = pod_status_text(p);
    let ready = pod_ready_text(p);
    let name = p.name();
    if p.is_deleting() {
        return format!("{name}: {status}; pods being deleted are taken out of the endpoints");
    }
    match st {
        EndpointState::NoIp if pod_unschedulable(p) => {
            let msg = condition(p, "PodScheduled").map(|c| str_at(c, "message")).unwrap_or("");
            format!("{name}: {status}, not scheduled: {msg}")
        }
        EndpointState::NoIp => format!("{name}: {status} (READY {ready}), no pod IP yet"),
        _ => {
            let has_probe = arr(p, "spec.containers").iter().any(|c| c.get("readinessProbe").is_some());
            if status == "Running" && has_probe {
                format!("{name}: Running but not Ready (READY {ready}): its readiness probe is failing")
            } else {
                format!("{name}: {status} (READY {ready})")
            }
        }
    }
}

/// `ip:port` for each Service port that resolves on the pod.
fn endpoint_addresses(svc: &Object, pod: &Object) -> Vec<String> {
    let ip = str_at(pod, "status.podIP");
    let ports = arr(svc, "spec.ports");
    if ports.is_empty() {
        return vec![ip.to_string()];
    }
    ports
        .iter()
        .filter_map(|p| {
            let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
            find_port(pod, &target_port(p), proto).map(|n| format!("{ip}:{n}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;
    use kubeplay_model::SimTime;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn explain(objs: &[Value], name: &str) -> ServiceDiagnosis {
        let s = Snapshot::from_objects(objs.iter(), SimTime(0), 1);
        explain_service(&s, "default", name)
    }

    fn pods3() -> Vec<Value> {
        vec![
            pod("web-7d9f8c6b5-abcde", "", "web", true),
            pod("web-7d9f8c6b5-fghij", "", "web", true),
            pod("db-0", "", "db", true),
        ]
    }

    #[test]
    fn selector_mismatch_names_the_failing_label_and_pods() {
        let mut objs = pods3();
        objs.push(service("web", json!({"app": "webb"}), json!(80)));
        let d = explain(&objs, "web");
        assert!(!d.ok);
        assert_eq!(
            d.summary,
            "Service \"web\" has no endpoints: selector app=webb matches no pods in namespace default."
        );
        assert_eq!(
            d.findings,
            vec!["selector app=webb matches no pods; pod db-0 has app=db; pods web-7d9f8c6b5-abcde, web-7d9f8c6b5-fghij have app=web"]
        );
    }

    #[test]
    fn selector_with_two_keys() {
        let mut objs = pods3();
        objs.push(service("web", json!({"app": "web", "tier": "frontend"}), json!(80)));
        let d = explain(&objs, "web");
        assert_eq!(
            d.findings,
            vec!["tier=frontend matches no pods; no pod in namespace default has a label tier"]
        );
        let mut objs = pods3();
        let mut fe = pod("fe-1", "", "fe", true);
        fe["metadata"]["labels"]["tier"] = json!("frontend");
        objs.push(fe);
        objs.push(service("web", json!({"app": "web", "tier": "frontend"}), json!(80)));
        let d = explain(&objs, "web");
        assert_eq!(
            d.findings,
            vec!["Each label matches some pods, but no pod has all of them: app=web matches 2 pods, tier=frontend matches 1 pod."]
        );
    }

    #[test]
    fn pods_in_another_namespace_and_scaled_to_zero() {
        let mut other = pod("api-1", "", "api", true);
        other["metadata"]["namespace"] = json!("other");
        let mut d0 = deployment("api", "api", 0, 1, (0, 0, 0, 0));
        d0["spec"]["replicas"] = json!(0);
        let objs = vec![other, d0, service("api", json!({"app": "api"}), json!(80))];
        let d = explain(&objs, "api");
        assert_eq!(
            d.findings,
            vec![
                "There are no pods in namespace default.".to_string(),
                "Pods matching app=api exist in other namespaces (other/api-1); a Service only selects pods in its own namespace.".into(),
                "Deployment api would create matching pods, but it is scaled to 0 replicas.".into(),
            ]
        );
    }

    #[test]
    fn matching_pods_not_ready_are_listed_with_status() {
        let mut running_unready = pod("web-2", "", "web", true);
        running_unready["status"]["conditions"][1]["status"] = json!("False");
        running_unready["status"]["containerStatuses"][0]["ready"] = json!(false);
        running_unready["spec"]["containers"][0]["readinessProbe"] =
            json!({"httpGet": {"path": "/healthz", "port": 80}});
        let objs = vec![
            pod("web-1", "", "web", false),
            running_unready,
            service("web", json!({"app": "web"}), json!("http")),
        ];
        let d = explain(&objs, "web");
        assert!(!d.ok);
        assert_eq!(
            d.summary,
            "Service \"web\" has no ready endpoints: 2 pods match app=web but none is Ready."
        );
        assert_eq!(
            d.findings,
            vec![
                "web-1: ContainerCreating (READY 0/1), no pod IP yet",
                "web-2: Running but not Ready (READY 0/1): its readiness probe is failing"
            ]
        );
    }

    #[test]
    fn terminating_pods_are_not_endpoints() {
        let mut p = pod("web-1", "", "web", true);
        p["metadata"]["deletionTimestamp"] = json!("2025-03-01T10:00:30Z");
        let objs = vec![p, service("web", json!({"app": "web"}), json!(80))];
        let d = explain(&objs, "web");
        assert_eq!(
            d.summary,
            "Service \"web\" has no ready endpoints: 1 pod matches app=web but it is not Ready."
        );
        assert_eq!(d.findings, vec!["web-1: Terminating; pods being deleted are taken out of the endpoints"]);
    }

    #[test]
    fn named_target_port_not_found() {
        let objs = vec![pod("web-1", "", "web", true), service("web", json!({"app": "web"}), json!("web"))];
        let d = explain(&objs, "web");
        assert!(!d.ok);
        assert_eq!(d.summary, "Service \"web\" has no endpoints: 1 pod(s) match app=web, but none declares the named targetPort.");
        assert_eq!(
            d.findings,
            vec!["targetPort \"web\" of port 80 matches no containerPort named \"web\" (TCP) in pods web-1; they declare http (80/TCP). Those pods are left out of the endpoints for this port (spec.ports[0])."]
        );
    }

    #[test]
    fn numeric_target_port_not_declared_still_routes() {
        let objs = vec![pod("web-1", "", "web", true), service("web", json!({"app": "web"}), json!(8080))];
        let d = explain(&objs, "web");
        assert!(!d.ok);
        assert_eq!(
            d.summary,
            "Service \"web\" has 1 ready endpoint, but no container declares port 8080; requests will be refused unless the app listens there."
        );
        assert_eq!(
            d.findings,
            vec!["targetPort 8080 of port 80: no container declares port 8080; requests will be refused unless the app listens there (the containers declare 80/TCP). Kubernetes still routes a numeric targetPort."]
        );
    }

    #[test]
    fn no_selector() {
        let mut svc = service("ext", json!({}), json!(80));
        svc["spec"].as_object_mut().unwrap().remove("selector");
        let d = explain(&[svc.clone()], "ext");
        assert!(!d.ok);
        assert_eq!(d.summary, "Service \"ext\" has no selector, so Kubernetes creates no endpoints for it.");
        let slice = json!({"kind": "EndpointSlice", "metadata": {"name": "ext-1", "namespace": "default",
            "labels": {"kubernetes.io/service-name": "ext"}}, "endpoints": [{"addresses": ["192.168.1.10"]}]});
        let d = explain(&[svc, slice], "ext");
        assert!(d.ok);
        assert_eq!(
            d.summary,
            "Service \"ext\" has no selector; its 1 endpoint(s) are managed by hand in EndpointSlices."
        );
    }

    #[test]
    fn healthy() {
        let mut objs = pods3();
        objs.push(pod("web-3", "", "web", false));
        objs.push(service("web", json!({"app": "web"}), json!("http")));
        let d = explain(&objs, "web");
        assert!(d.ok);
        assert_eq!(d.summary, "Service \"web\" routes to 2 ready endpoints: 10.244.1.5:80, 10.244.1.5:80.");
        assert_eq!(d.findings, vec!["web-3: ContainerCreating (READY 0/1), no pod IP yet"]);
    }

    #[test]
    fn not_found_and_finished_pods() {
        assert_eq!(explain(&[], "x").summary, "Service \"x\" not found in namespace default.");
        let mut done = pod("job-1", "", "job", true);
        done["status"] = json!({"phase": "Succeeded", "containerStatuses": [{"name": "web",
            "state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]});
        let d = explain(&[done, service("job", json!({"app": "job"}), json!(80))], "job");
        assert!(!d.ok);
        assert_eq!(d.findings, vec!["finished pods: job-1 (Completed)"]);
    }
}
