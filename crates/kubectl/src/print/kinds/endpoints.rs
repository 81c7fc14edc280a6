//! endpoints: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "endpoints",
    columns: &[("NAME", 0), ("ENDPOINTS", 0), ("AGE", 0)],
    cells,
    describe: Some(describe_endpoints),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    vec![name, format_endpoints(o), age(o, now)]
}

fn format_endpoints(ep: &Object) -> String {
    let subsets = arr(ep, "subsets");
    if subsets.is_empty() {
        return "<none>".into();
    }
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    for ss in subsets {
        let addrs = ss.get("addresses").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        let ports = ss.get("ports").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        if ports.is_empty() {
            count += addrs.len();
            for a in addrs {
                if list.len() == max {
                    more = true;
                    break;
                }
                list.push(s(a, "ip").to_string());
            }
            continue;
        }
        for p in ports {
            count += addrs.len();
            for a in addrs {
                if list.len() == max {
                    more = true;
                    break;
                }
                let ip = s(a, "ip");
                // net.JoinHostPort brackets IPv6 addresses.
                let host = if ip.contains(':') { format!("[{ip}]") } else { ip.to_string() };
                list.push(format!("{host}:{}", i(p, "port")));
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - max)
    } else {
        ret
    }
}

fn describe_endpoints(w: &mut describe::W, ep: &Object, ctx: &describe::DescribeContext, now: SimTime) {
    w.w(0, &format!("Name:\t{}\n", ep.name()));
    w.w(0, &format!("Namespace:\t{}\n", ep.namespace()));
    describe::labels_multiline(w, "Labels", ep.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", ep.at("metadata.annotations"));
    w.w(0, "Subsets:\n");
    for ss in arr(ep, "subsets") {
        let ips = |k: &str| {
            let v: Vec<&str> = ss
                .get(k)
                .and_then(Value::as_array)
                .map(|a| a.iter().map(|x| s(x, "ip")).collect())
                .unwrap_or_default();
            if v.is_empty() {
                "<none>".to_string()
            } else {
                v.join(",")
            }
        };
        w.w(1, &format!("Addresses:\t{}\n", ips("addresses")));
        w.w(1, &format!("NotReadyAddresses:\t{}\n", ips("notReadyAddresses")));
        let ports = ss.get("ports").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        if !ports.is_empty() {
            w.w(1, "Ports:\n");
            w.w(2, "Name\tPort\tProtocol\n");
            w.w(2, "----\t----\t--------\n");
            for p in ports {
                let name = if s(p, "name").is_empty() { "<unset>" } else { s(p, "name") };
                w.w(
                    2,
                    &format!(
                        "{name}\t{}\t{}\n",
                        p.get("port").and_then(Value::as_i64).unwrap_or(0),
                        p.get("protocol").and_then(Value::as_str).unwrap_or("TCP")
                    ),
                );
            }
        }
        w.w(0, "\n");
    }
    describe::describe_events(w, &ctx.events, now);
}
