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
    describe: Some(describe_service),
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

fn describe_service(w: &mut describe::W, svc: &Object, ctx: &describe::DescribeContext, now: SimTime) {
    w.w(0, &format!("Name:\t{}\n", svc.name()));
    w.w(0, &format!("Namespace:\t{}\n", svc.namespace()));
    describe::labels_multiline(w, "Labels", svc.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", svc.at("metadata.annotations"));
    w.w(0, &format!("Selector:\t{}\n", format_labels(svc.at("spec.selector"))));
    w.w(0, &format!("Type:\t{}\n", svc.str_at("spec.type").unwrap_or("")));
    if let Some(p) = svc.str_at("spec.ipFamilyPolicy") {
        w.w(0, &format!("IP Family Policy:\t{p}\n"));
    }
    let fam: Vec<String> = arr(svc, "spec.ipFamilies").iter().map(plain).collect();
    w.w(0, &format!("IP Families:\t{}\n", if fam.is_empty() { "<none>".to_string() } else { fam.join(",") }));
    w.w(0, &format!("IP:\t{}\n", svc.str_at("spec.clusterIP").unwrap_or("")));
    let ips: Vec<String> = arr(svc, "spec.clusterIPs").iter().map(plain).collect();
    w.w(0, &format!("IPs:\t{}\n", if ips.is_empty() { "<none>".to_string() } else { ips.join(",") }));
    let ext: Vec<String> = arr(svc, "spec.externalIPs").iter().map(plain).collect();
    if !ext.is_empty() {
        w.w(0, &format!("External IPs:\t{}\n", ext.join(",")));
    }
    if let Some(en) = svc.str_at("spec.externalName").filter(|x| !x.is_empty()) {
        w.w(0, &format!("External Name:\t{en}\n"));
    }
    let ingress: Vec<String> = arr(svc, "status.loadBalancer.ingress")
        .iter()
        .map(|i| {
            let host = if s(i, "ip").is_empty() { s(i, "hostname") } else { s(i, "ip") };
            // `buildIngressString`: the ipMode follows in parentheses (golden describe_service_lb.txt).
            if s(i, "ipMode").is_empty() {
                host.to_string()
            } else {
                format!("{host} ({})", s(i, "ipMode"))
            }
        })
        .collect();
    if !ingress.is_empty() {
        w.w(0, &format!("LoadBalancer Ingress:\t{}\n", ingress.join(", ")));
    }
    for p in arr(svc, "spec.ports") {
        let name = if s(p, "name").is_empty() { "<unset>" } else { s(p, "name") };
        let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
        let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
        w.w(0, &format!("Port:\t{name}\t{port}/{proto}\n"));
        let target = p.get("targetPort").map(plain).unwrap_or_else(|| port.to_string());
        w.w(0, &format!("TargetPort:\t{target}/{proto}\n"));
        if let Some(np) = p.get("nodePort").and_then(Value::as_i64).filter(|n| *n != 0) {
            w.w(0, &format!("NodePort:\t{name}\t{np}/{proto}\n"));
        }
        w.w(0, &format!("Endpoints:\t{}\n", describe::endpoints_for_port(ctx.endpoints, s(p, "name"))));
    }
    w.w(0, &format!("Session Affinity:\t{}\n", svc.str_at("spec.sessionAffinity").unwrap_or("")));
    if let Some(x) = svc.str_at("spec.externalTrafficPolicy").filter(|x| !x.is_empty()) {
        w.w(0, &format!("External Traffic Policy:\t{x}\n"));
    }
    if let Some(x) = svc.str_at("spec.internalTrafficPolicy") {
        w.w(0, &format!("Internal Traffic Policy:\t{x}\n"));
    }
    if let Some(h) = svc.i64_at("spec.healthCheckNodePort").filter(|h| *h != 0) {
        w.w(0, &format!("HealthCheck NodePort:\t{h}\n"));
    }
    describe::describe_events(w, &ctx.events, now);
}
