//! replicasets: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "replicasets",
    columns: &[
        ("NAME", 0),
        ("DESIRED", 0),
        ("CURRENT", 0),
        ("READY", 0),
        ("AGE", 0),
        ("CONTAINERS", 1),
        ("IMAGES", 1),
        ("SELECTOR", 1),
    ],
    cells,
    describe: Some(describe_replicaset),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    let (c, im) = containers_cells(o.at("spec.template.spec"));
    vec![
        name,
        num(o.at("spec.replicas")),
        num(o.at("status.replicas")),
        num(o.at("status.readyReplicas")),
        age(o, now),
        c,
        im,
        selector_string(o.at("spec.selector")),
    ]
}

fn describe_replicaset(w: &mut describe::W, rs: &Object, ctx: &describe::DescribeContext, now: SimTime) {
    w.w(0, &format!("Name:\t{}\n", rs.name()));
    w.w(0, &format!("Namespace:\t{}\n", rs.namespace()));
    w.w(0, &format!("Selector:\t{}\n", selector_string(rs.at("spec.selector"))));
    describe::labels_multiline(w, "Labels", rs.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", rs.at("metadata.annotations"));
    if let Some(c) = describe::controlled_by(rs) {
        w.w(0, &format!("Controlled By:\t{c}\n"));
    }
    w.w(
        0,
        &format!(
            "Replicas:\t{} current / {} desired\n",
            rs.i64_at("status.replicas").unwrap_or(0),
            rs.i64_at("spec.replicas").unwrap_or(0)
        ),
    );
    let count = |ph: &str| ctx.pods.iter().filter(|p| p.str_at("status.phase") == Some(ph)).count();
    w.w(
        0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n",
            count("Running"),
            count("Pending"),
            count("Succeeded"),
            count("Failed")
        ),
    );
    describe::pod_template(w, rs.at("spec.template"));
    describe::conditions_type_status_reason(w, arr(rs, "status.conditions"));
    describe::describe_events(w, &ctx.events, now);
}
