//! namespaces: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "namespaces",
    columns: &[("NAME", 0), ("STATUS", 0), ("AGE", 0)],
    cells,
    describe: Some(|w, o, _, _| describe_namespace(w, o)),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    vec![name, o.str_at("status.phase").unwrap_or("").to_string(), age(o, now)]
}

fn describe_namespace(w: &mut describe::W, ns: &Object) {
    w.w(0, &format!("Name:\t{}\n", ns.name()));
    describe::labels_multiline(w, "Labels", ns.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", ns.at("metadata.annotations"));
    w.w(0, &format!("Status:\t{}\n", ns.str_at("status.phase").unwrap_or("")));
    w.w(0, "\nNo resource quota.\n");
    w.w(0, "\nNo LimitRange resource.\n");
}
