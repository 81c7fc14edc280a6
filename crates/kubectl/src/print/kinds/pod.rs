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
    describe: Some(describe::describe_pod),
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
