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
    describe: Some(describe::describe_replicaset),
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
