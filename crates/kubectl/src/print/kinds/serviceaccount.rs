//! serviceaccounts: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "serviceaccounts",
    columns: &[("NAME", 0), ("SECRETS", 0), ("AGE", 0)],
    cells,
    describe: Some(describe::describe_serviceaccount),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    vec![name, arr(o, "secrets").len().to_string(), age(o, now)]
}
