//! namespaces: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "namespaces",
    columns: &[("NAME", 0), ("STATUS", 0), ("AGE", 0)],
    cells,
    describe: Some(|w, o, _, _| describe::describe_namespace(w, o)),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    vec![name, o.str_at("status.phase").unwrap_or("").to_string(), age(o, now)]
}
