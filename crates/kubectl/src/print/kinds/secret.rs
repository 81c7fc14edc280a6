//! secrets: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "secrets",
    columns: &[("NAME", 0), ("TYPE", 0), ("DATA", 0), ("AGE", 0)],
    cells,
    describe: Some(|w, o, _, _| describe_secret(w, o)),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    let n = o.get("data").and_then(Value::as_object).map_or(0, |m| m.len());
    vec![name, o.str_at("type").unwrap_or("").to_string(), n.to_string(), age(o, now)]
}

fn describe_secret(w: &mut describe::W, sec: &Object) {
    w.w(0, &format!("Name:\t{}\n", sec.name()));
    w.w(0, &format!("Namespace:\t{}\n", sec.namespace()));
    describe::labels_multiline(w, "Labels", sec.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", sec.at("metadata.annotations"));
    let ty = sec.str_at("type").unwrap_or("");
    w.w(0, &format!("\nType:\t{ty}\n"));
    w.w(0, "\nData\n====\n");
    for (k, v) in describe::sorted_str_map(sec.get("data")) {
        if k == "token" && ty == "kubernetes.io/service-account-token" {
            w.w(0, &format!("{k}:\t{}\n", describe::base64_decode(&v)));
        } else {
            w.w(0, &format!("{k}:\t{} bytes\n", describe::base64_len(&v)));
        }
    }
}
