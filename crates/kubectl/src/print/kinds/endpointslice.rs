//! endpointslices: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "endpointslices",
    columns: &[("NAME", 0), ("ADDRESSTYPE", 0), ("PORTS", 0), ("ENDPOINTS", 0), ("AGE", 0)],
    cells,
    describe: Some(describe_endpointslice),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    let (ports, eps) = endpointslice_cells(o);
    vec![name, o.str_at("addressType").unwrap_or("").to_string(), ports, eps, age(o, now)]
}

fn list_with_more(list: Vec<String>, more: bool, count: usize) -> String {
    let ret = list.join(",");
    if more {
        return format!("{ret} + {} more...", count - 3);
    }
    if ret.is_empty() {
        "<unset>".into()
    } else {
        ret
    }
}

fn endpointslice_cells(es: &Object) -> (String, String) {
    let (mut list, mut more, mut count) = (Vec::new(), false, 0);
    for p in arr(es, "ports") {
        if list.len() < 3 {
            let n = match (p.get("port").and_then(Value::as_i64), p.get("name").and_then(Value::as_str)) {
                (Some(n), _) => n.to_string(),
                (None, Some(name)) => name.to_string(),
                _ => "*".to_string(),
            };
            list.push(n);
        } else {
            more = true;
        }
        count += 1;
    }
    let ports = list_with_more(list, more, count);
    let (mut list, mut more, mut count) = (Vec::new(), false, 0);
    for e in arr(es, "endpoints") {
        for a in e.get("addresses").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
            if list.len() < 3 {
                list.push(plain(a));
            } else {
                more = true;
            }
            count += 1;
        }
    }
    (ports, list_with_more(list, more, count))
}

fn describe_endpointslice(w: &mut describe::W, es: &Object, ctx: &describe::DescribeContext, now: SimTime) {
    w.w(0, &format!("Name:\t{}\n", es.name()));
    w.w(0, &format!("Namespace:\t{}\n", es.namespace()));
    describe::labels_multiline(w, "Labels", es.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", es.at("metadata.annotations"));
    w.w(0, &format!("AddressType:\t{}\n", es.str_at("addressType").unwrap_or("")));
    let ports = arr(es, "ports");
    if ports.is_empty() {
        w.w(0, "Ports: <unset>\n");
    } else {
        w.w(0, "Ports:\n");
        w.w(1, "Name\tPort\tProtocol\n");
        w.w(1, "----\t----\t--------\n");
        for p in ports {
            let name = if s(p, "name").is_empty() { "<unset>" } else { s(p, "name") };
            let port = p
                .get("port")
                .and_then(Value::as_i64)
                .map(|n| n.to_string())
                .unwrap_or_else(|| "<unset>".into());
            w.w(
                1,
                &format!("{name}\t{port}\t{}\n", p.get("protocol").and_then(Value::as_str).unwrap_or("TCP")),
            );
        }
    }
    let eps = arr(es, "endpoints");
    if eps.is_empty() {
        w.w(0, "Endpoints: <none>\n");
    } else {
        w.w(0, "Endpoints:\n");
        let opt =
            |v: Option<&Value>| v.map(plain).filter(|x| !x.is_empty()).unwrap_or_else(|| "<unset>".into());
        for e in eps {
            let addrs: Vec<String> = e
                .get("addresses")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(plain).collect())
                .unwrap_or_default();
            let addrs = if addrs.is_empty() { "<none>".to_string() } else { addrs.join(", ") };
            w.w(1, &format!("- Addresses:\t{addrs}\n"));
            w.w(2, "Conditions:\n");
            w.w(3, &format!("Ready:\t{}\n", opt(e.at("conditions.ready"))));
            w.w(2, &format!("Hostname:\t{}\n", opt(e.get("hostname"))));
            if let Some(t) = e.get("targetRef").filter(|t| t.is_object()) {
                w.w(2, &format!("TargetRef:\t{}/{}\n", s(t, "kind"), s(t, "name")));
            }
            w.w(2, &format!("NodeName:\t{}\n", opt(e.get("nodeName"))));
            w.w(2, &format!("Zone:\t{}\n", opt(e.get("zone"))));
        }
    }
    describe::describe_events(w, &ctx.events, now);
}
