//! deployments: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "deployments",
    columns: &[
        ("NAME", 0),
        ("READY", 0),
        ("UP-TO-DATE", 0),
        ("AVAILABLE", 0),
        ("AGE", 0),
        ("CONTAINERS", 1),
        ("IMAGES", 1),
        ("SELECTOR", 1),
    ],
    cells,
    describe: Some(describe_deployment),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    let (c, im) = containers_cells(o.at("spec.template.spec"));
    let sel = match selector_string(o.at("spec.selector")).as_str() {
        "<none>" => String::new(),
        x => x.to_string(),
    };
    vec![
        name,
        format!("{}/{}", num(o.at("status.readyReplicas")), num(o.at("spec.replicas"))),
        num(o.at("status.updatedReplicas")),
        num(o.at("status.availableReplicas")),
        age(o, now),
        c,
        im,
        sel,
    ]
}

fn describe_deployment(w: &mut describe::W, d: &Object, ctx: &describe::DescribeContext, now: SimTime) {
    w.w(0, &format!("Name:\t{}\n", d.name()));
    w.w(0, &format!("Namespace:\t{}\n", d.namespace()));
    w.w(
        0,
        &format!("CreationTimestamp:\t{}\n", describe::time_field(d.str_at("metadata.creationTimestamp"))),
    );
    describe::labels_multiline(w, "Labels", d.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", d.at("metadata.annotations"));
    let sel = match selector_string(d.at("spec.selector")).as_str() {
        "<none>" => String::new(),
        x => x.to_string(),
    };
    w.w(0, &format!("Selector:\t{sel}\n"));
    let n = |p: &str| d.i64_at(p).unwrap_or(0);
    w.w(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            n("spec.replicas"),
            n("status.updatedReplicas"),
            n("status.replicas"),
            n("status.availableReplicas"),
            n("status.unavailableReplicas")
        ),
    );
    w.w(0, &format!("StrategyType:\t{}\n", d.str_at("spec.strategy.type").unwrap_or("")));
    w.w(0, &format!("MinReadySeconds:\t{}\n", n("spec.minReadySeconds")));
    if let Some(ru) = d.at("spec.strategy.rollingUpdate").filter(|v| v.is_object()) {
        w.w(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                describe::int_or_string(ru.get("maxUnavailable")),
                describe::int_or_string(ru.get("maxSurge"))
            ),
        );
    }
    describe::pod_template(w, d.at("spec.template"));
    describe::conditions_type_status_reason(w, arr(d, "status.conditions"));
    let (new, old) = describe::split_replicasets(d, &ctx.replicasets);
    let old: Vec<&Object> =
        old.into_iter().filter(|rs| rs.i64_at("spec.replicas").unwrap_or(0) != 0).collect();
    w.w(0, &format!("OldReplicaSets:\t{}\n", describe::rs_list(&old)));
    w.w(0, &format!("NewReplicaSet:\t{}\n", describe::rs_list(&new.into_iter().collect::<Vec<_>>())));
    describe::describe_events(w, &ctx.events, now);
}
