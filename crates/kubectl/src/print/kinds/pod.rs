//! pods: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "pods",
    columns: &[
        ("NAME", 0),
        ("READY", 0),
        ("STATUS", 0),
        ("RESTARTS", 0),
        ("AGE", 0),
        ("IP", 1),
        ("NODE", 1),
        ("NOMINATED NODE", 1),
        ("READINESS GATES", 1),
    ],
    cells,
    describe: Some(describe_pod),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    let sm = pod_summary(o, now);
    let ip = o
        .at("status.podIPs.0.ip")
        .and_then(Value::as_str)
        .or_else(|| o.str_at("status.podIP"))
        .unwrap_or("")
        .to_string();
    let gates = arr(o, "spec.readinessGates");
    let gates = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let conds = arr(o, "status.conditions");
        let trues = gates
            .iter()
            .filter(|g| {
                conds
                    .iter()
                    .find(|c| s(c, "type") == s(g, "conditionType"))
                    .is_some_and(|c| s(c, "status") == "True")
            })
            .count();
        format!("{trues}/{}", gates.len())
    };
    vec![
        name,
        sm.ready,
        sm.status,
        sm.restarts,
        age(o, now),
        or_none(ip),
        or_none(o.str_at("spec.nodeName").unwrap_or("").to_string()),
        or_none(o.str_at("status.nominatedNodeName").unwrap_or("").to_string()),
        gates,
    ]
}

fn describe_pod(w: &mut describe::W, pod: &Object, ctx: &describe::DescribeContext, now: SimTime) {
    w.w(0, &format!("Name:\t{}\n", pod.name()));
    w.w(0, &format!("Namespace:\t{}\n", pod.namespace()));
    if let Some(p) = pod.i64_at("spec.priority") {
        w.w(0, &format!("Priority:\t{p}\n"));
    }
    if let Some(pc) = pod.str_at("spec.priorityClassName").filter(|x| !x.is_empty()) {
        w.w(0, &format!("Priority Class Name:\t{pc}\n"));
    }
    if let Some(rc) = pod.str_at("spec.runtimeClassName").filter(|x| !x.is_empty()) {
        w.w(0, &format!("Runtime Class Name:\t{rc}\n"));
    }
    if let Some(sa) = pod.str_at("spec.serviceAccountName").filter(|x| !x.is_empty()) {
        w.w(0, &format!("Service Account:\t{sa}\n"));
    }
    match pod.str_at("spec.nodeName").filter(|x| !x.is_empty()) {
        None => w.w(0, "Node:\t<none>\n"),
        Some(n) => w.w(0, &format!("Node:\t{n}/{}\n", pod.str_at("status.hostIP").unwrap_or(""))),
    }
    if let Some(st) = pod.str_at("status.startTime") {
        w.w(0, &format!("Start Time:\t{}\n", describe::time_field(Some(st))));
    }
    describe::labels_multiline(w, "Labels", pod.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", pod.at("metadata.annotations"));
    let phase = pod.str_at("status.phase").unwrap_or("");
    if pod.is_deleting() && phase != "Failed" && phase != "Succeeded" {
        w.w(
            0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                describe::since(pod.str_at("metadata.deletionTimestamp"), now)
            ),
        );
        w.w(
            0,
            &format!(
                "Termination Grace Period:\t{}s\n",
                pod.i64_at("metadata.deletionGracePeriodSeconds").unwrap_or(0)
            ),
        );
    } else {
        w.w(0, &format!("Status:\t{phase}\n"));
    }
    if let Some(r) = pod.str_at("status.reason").filter(|x| !x.is_empty()) {
        w.w(0, &format!("Reason:\t{r}\n"));
    }
    if let Some(m) = pod.str_at("status.message").filter(|x| !x.is_empty()) {
        w.w(0, &format!("Message:\t{m}\n"));
    }
    w.w(0, &format!("IP:\t{}\n", pod.str_at("status.podIP").unwrap_or("")));
    let ips = arr(pod, "status.podIPs");
    if ips.is_empty() {
        w.w(0, "IPs:\t<none>\n");
    } else {
        w.w(0, "IPs:\n");
        for ip in ips {
            w.w(1, &format!("IP:\t{}\n", s(ip, "ip")));
        }
    }
    if let Some(c) = describe::controlled_by(pod) {
        w.w(0, &format!("Controlled By:\t{c}\n"));
    }
    if let Some(n) = pod.str_at("status.nominatedNodeName").filter(|x| !x.is_empty()) {
        w.w(0, &format!("NominatedNodeName:\t{n}\n"));
    }
    let inits = arr(pod, "spec.initContainers");
    if !inits.is_empty() {
        describe::describe_containers(
            w,
            "Init Containers",
            inits,
            Some(arr(pod, "status.initContainerStatuses")),
            Some(pod),
            "",
        );
    }
    describe::describe_containers(
        w,
        "Containers",
        arr(pod, "spec.containers"),
        Some(arr(pod, "status.containerStatuses")),
        Some(pod),
        "",
    );
    let conds = arr(pod, "status.conditions");
    let gates = arr(pod, "spec.readinessGates");
    if !gates.is_empty() {
        w.w(0, "Readiness Gates:\n  Type\tStatus\n");
        for g in gates {
            let ty = s(g, "conditionType");
            let st = conds
                .iter()
                .find(|c| s(c, "type") == ty)
                .map(|c| s(c, "status").to_string())
                .unwrap_or_else(|| "<none>".into());
            w.w(1, &format!("{ty} \t{st} \n"));
        }
    }
    if !conds.is_empty() {
        w.w(0, "Conditions:\n  Type\tStatus\n");
        for c in conds {
            w.w(1, &format!("{} \t{} \n", s(c, "type"), s(c, "status")));
        }
    }
    describe::describe_volumes(w, arr(pod, "spec.volumes"), "");
    w.w(0, &format!("QoS Class:\t{}\n", describe::qos_class(pod)));
    describe::labels_multiline(w, "Node-Selectors", pod.at("spec.nodeSelector"));
    describe::tolerations_multiline(w, "Tolerations", arr(pod, "spec.tolerations"));
    describe::describe_events(w, &ctx.events, now);
}
