//! services: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "services",
    columns: &[
        ("NAME", 0),
        ("TYPE", 0),
        ("CLUSTER-IP", 0),
        ("EXTERNAL-IP", 0),
        ("PORT(S)", 0),
        ("AGE", 0),
        ("SELECTOR", 1),
    ],
    cells,
    describe: Some(describe::describe_service),
};

fn cells(o: &Object, now: SimTime, wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    vec![
        name,
        o.str_at("spec.type").unwrap_or("ClusterIP").to_string(),
        o.at("spec.clusterIPs.0")
            .and_then(Value::as_str)
            .or_else(|| o.str_at("spec.clusterIP"))
            .filter(|x| !x.is_empty())
            .unwrap_or("<none>")
            .to_string(),
        service_external_ip(o, wide),
        service_ports(o),
        age(o, now),
        format_labels(o.at("spec.selector")),
    ]
}

fn service_ports(svc: &Object) -> String {
    let ports: Vec<String> = arr(svc, "spec.ports")
        .iter()
        .map(|p| {
            let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
            match p.get("nodePort").and_then(Value::as_i64).filter(|n| *n != 0) {
                Some(np) => format!("{}:{np}/{proto}", i(p, "port")),
                None => format!("{}/{proto}", i(p, "port")),
            }
        })
        .collect();
    or_none(ports.join(","))
}

fn load_balancer_ips(svc: &Object, wide: bool) -> String {
    let ips: Vec<&str> = arr(svc, "status.loadBalancer.ingress")
        .iter()
        .filter_map(|ing| {
            let ip = s(ing, "ip");
            let host = s(ing, "hostname");
            if !ip.is_empty() {
                Some(ip)
            } else if !host.is_empty() {
                Some(host)
            } else {
                None
            }
        })
        .collect();
    let r = ips.join(",");
    if !wide && r.chars().count() > 16 {
        let head: String = r.chars().take(13).collect();
        return format!("{head}...");
    }
    r
}

fn service_external_ip(svc: &Object, wide: bool) -> String {
    let external: Vec<String> = arr(svc, "spec.externalIPs").iter().map(plain).collect();
    match svc.str_at("spec.type").unwrap_or("ClusterIP") {
        "ClusterIP" | "NodePort" => or_none(external.join(",")),
        "LoadBalancer" => {
            let lb = load_balancer_ips(svc, wide);
            if !external.is_empty() {
                let mut all: Vec<String> =
                    if lb.is_empty() { vec![] } else { lb.split(',').map(String::from).collect() };
                all.extend(external);
                return all.join(",");
            }
            if lb.is_empty() {
                "<pending>".into()
            } else {
                lb
            }
        }
        "ExternalName" => svc.str_at("spec.externalName").unwrap_or("").to_string(),
        _ => "<unknown>".into(),
    }
}
