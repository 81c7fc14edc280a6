//! configmaps: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "configmaps",
    columns: &[("NAME", 0), ("DATA", 0), ("AGE", 0)],
    cells,
    describe: Some(describe_configmap),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    let n = |k: &str| o.get(k).and_then(Value::as_object).map_or(0, |m| m.len());
    vec![name, (n("data") + n("binaryData")).to_string(), age(o, now)]
}

fn describe_configmap(w: &mut describe::W, cm: &Object, ctx: &describe::DescribeContext, now: SimTime) {
    w.w(0, &format!("Name:\t{}\n", cm.name()));
    w.w(0, &format!("Namespace:\t{}\n", cm.namespace()));
    describe::labels_multiline(w, "Labels", cm.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", cm.at("metadata.annotations"));
    w.w(0, "\nData\n====\n");
    for (k, v) in describe::sorted_str_map(cm.get("data")) {
        w.w(0, &format!("{k}:\n----\n"));
        w.w(0, &format!("{v}\n\n"));
    }
    w.w(0, "\nBinaryData\n====\n");
    for (k, v) in describe::sorted_str_map(cm.get("binaryData")) {
        w.w(0, &format!("{k}: {} bytes\n", describe::base64_len(&v)));
    }
    w.w(0, "\n");
    describe::describe_events(w, &ctx.events, now);
}
