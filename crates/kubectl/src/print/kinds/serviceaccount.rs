//! serviceaccounts: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "serviceaccounts",
    columns: &[("NAME", 0), ("SECRETS", 0), ("AGE", 0)],
    cells,
    describe: Some(describe_serviceaccount),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    vec![name, arr(o, "secrets").len().to_string(), age(o, now)]
}

fn describe_serviceaccount(w: &mut describe::W, sa: &Object, ctx: &describe::DescribeContext, now: SimTime) {
    w.w(0, &format!("Name:\t{}\n", sa.name()));
    w.w(0, &format!("Namespace:\t{}\n", sa.namespace()));
    describe::labels_multiline(w, "Labels", sa.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", sa.at("metadata.annotations"));
    let names =
        |key: &str| -> Vec<String> { arr(sa, key).iter().map(|x| s(x, "name").to_string()).collect() };
    // Headers padded to one width and listed in sorted order, as kubectl does.
    for (header, list) in [
        ("Image pull secrets:", names("imagePullSecrets")),
        ("Mountable secrets: ", names("secrets")),
        ("Tokens:            ", Vec::new()),
    ] {
        if list.is_empty() {
            w.w(0, &format!("{header}\t<none>\n"));
        }
        for (i, n) in list.iter().enumerate() {
            let h = if i == 0 { header } else { "                   " };
            w.w(0, &format!("{h}\t{n}\n"));
        }
    }
    describe::describe_events(w, &ctx.events, now);
}
