//! configmaps: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "configmaps",
    columns: &[("NAME", 0), ("DATA", 0), ("AGE", 0)],
    cells,
    describe: Some(describe::describe_configmap),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    let n = |k: &str| o.get(k).and_then(Value::as_object).map_or(0, |m| m.len());
    vec![name, (n("data") + n("binaryData")).to_string(), age(o, now)]
}
