//! secrets: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "secrets",
    columns: &[("NAME", 0), ("TYPE", 0), ("DATA", 0), ("AGE", 0)],
    cells,
    describe: Some(|w, o, _, _| describe::describe_secret(w, o)),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    let n = o.get("data").and_then(Value::as_object).map_or(0, |m| m.len());
    vec![name, o.str_at("type").unwrap_or("").to_string(), n.to_string(), age(o, now)]
}
