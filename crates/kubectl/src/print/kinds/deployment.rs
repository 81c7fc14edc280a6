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
    describe: Some(describe::describe_deployment),
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
