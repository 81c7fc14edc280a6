//! Service validation (`ValidateService`, `validateServicePort`, `ValidateServiceUpdate`).

use kubeplay_model::errors::{go_quote, BadValue};
use kubeplay_model::names::is_dns1123_label;
use kubeplay_model::object::ObjectExt;
use kubeplay_model::{FieldError, Object};
use serde_json::Value;

use super::{objectmeta, pod::port_num_or_name, Errs};
use crate::allocator::parse_ipv4;

const PORT_RANGE: &str = "must be between 1 and 65535, inclusive";

/// `%#v` of the (protocol, port) key upstream reports duplicates with.
fn service_port_key(proto: &str, port: i64) -> String {
    format!(
        "core.ServicePort{{Name:\"\", Protocol:{}, AppProtocol:(*string)(nil), Port:{port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}",
        go_quote(proto)
    )
}

pub fn service(obj: &Object, errs: &mut Errs) {
    let Some(spec) = obj.get("spec") else {
        errs.push(FieldError::required("spec.ports", ""));
        return;
    };
    let ty = spec.get("type").and_then(Value::as_str).unwrap_or("ClusterIP");
    let headless = spec.get("clusterIP").and_then(Value::as_str) == Some("None");
    let ports: Vec<&Value> = spec.get("ports").and_then(Value::as_array).into_iter().flatten().collect();
    if ports.is_empty() && !headless && ty != "ExternalName" {
        errs.push(FieldError::required("spec.ports", ""));
    }
    if ty == "ExternalName" {
        let en = spec.get("externalName").and_then(Value::as_str).unwrap_or("");
        if en.is_empty() {
            errs.push(FieldError::required("spec.externalName", ""));
        } else {
            let trimmed = en.strip_suffix('.').unwrap_or(en);
            for msg in kubeplay_model::names::is_dns1123_subdomain(trimmed) {
                errs.push(FieldError::invalid("spec.externalName", BadValue::Str(en.to_string()), msg));
            }
        }
    }
    let mut names: Vec<&str> = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        let pp = format!("spec.ports[{i}]");
        let name = p.get("name").and_then(Value::as_str).unwrap_or("");
        if ports.len() > 1 && name.is_empty() {
            errs.push(FieldError::required(format!("{pp}.name"), ""));
        } else if !name.is_empty() {
            for msg in is_dns1123_label(name) {
                errs.push(FieldError::invalid(format!("{pp}.name"), BadValue::Str(name.to_string()), msg));
            }
            if names.contains(&name) {
                errs.push(FieldError::duplicate(format!("{pp}.name"), BadValue::Str(name.to_string())));
            } else {
                names.push(name);
            }
        }
        let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
        if !(1..=65535).contains(&port) {
            errs.push(FieldError::invalid(format!("{pp}.port"), BadValue::Int(port), PORT_RANGE));
        }
        match p.get("protocol").and_then(Value::as_str).unwrap_or("") {
            "" => errs.push(FieldError::required(format!("{pp}.protocol"), "")),
            "TCP" | "UDP" | "SCTP" => {}
            other => errs.push(FieldError::not_supported(
                format!("{pp}.protocol"),
                BadValue::Str(other.to_string()),
                &["SCTP", "TCP", "UDP"],
            )),
        }
        port_num_or_name(p.get("targetPort"), &format!("{pp}.targetPort"), errs);
    }
    if let Some(sel) = spec.get("selector") {
        objectmeta::labels(Some(sel), "spec.selector", errs);
    }
    match spec.get("sessionAffinity").and_then(Value::as_str).unwrap_or("") {
        "" => errs.push(FieldError::required("spec.sessionAffinity", "")),
        "None" | "ClientIP" => {}
        other => errs.push(FieldError::not_supported(
            "spec.sessionAffinity",
            BadValue::Str(other.to_string()),
            &["ClientIP", "None"],
        )),
    }
    if let Some(ip) = spec.get("clusterIP").and_then(Value::as_str).filter(|s| !s.is_empty() && *s != "None")
    {
        if parse_ipv4(ip).is_none() {
            errs.push(FieldError::invalid(
                "spec.clusterIPs[0]",
                BadValue::Str(ip.to_string()),
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            ));
        }
    }
    if !matches!(ty, "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName") {
        errs.push(FieldError::not_supported(
            "spec.type",
            BadValue::Str(ty.to_string()),
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        ));
    }
    if ty == "ClusterIP" {
        for (i, p) in ports.iter().enumerate() {
            if p.get("nodePort").and_then(Value::as_i64).is_some_and(|n| n != 0) {
                errs.push(FieldError::forbidden(
                    format!("spec.ports[{i}].nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            }
        }
    }
    // Duplicate node ports and duplicate (protocol, port) pairs.
    let mut seen_np: Vec<(String, i64)> = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string();
        if let Some(np) = p.get("nodePort").and_then(Value::as_i64).filter(|n| *n != 0) {
            if seen_np.contains(&(proto.clone(), np)) {
                errs.push(FieldError::duplicate(format!("spec.ports[{i}].nodePort"), BadValue::Int(np)));
            } else {
                seen_np.push((proto.clone(), np));
            }
        }
    }
    let mut seen: Vec<(String, i64)> = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string();
        let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
        if seen.contains(&(proto.clone(), port)) {
            errs.push(FieldError::duplicate(
                format!("spec.ports[{i}]"),
                BadValue::Raw(service_port_key(&proto, port)),
            ));
        } else {
            seen.push((proto, port));
        }
    }
    for (field, allowed) in [
        ("internalTrafficPolicy", &["Cluster", "Local"][..]),
        ("externalTrafficPolicy", &["Cluster", "Local"][..]),
    ] {
        if let Some(v) = spec.get(field).and_then(Value::as_str) {
            if !allowed.contains(&v) {
                errs.push(FieldError::not_supported(
                    format!("spec.{field}"),
                    BadValue::Str(v.to_string()),
                    allowed,
                ));
            }
        }
    }
    let etp = spec.get("externalTrafficPolicy").and_then(Value::as_str).unwrap_or("");
    if (ty == "ClusterIP" || ty == "ExternalName") && !etp.is_empty() {
        errs.push(FieldError::invalid(
            "spec.externalTrafficPolicy",
            BadValue::Str(etp.to_string()),
            "may only be set for externally-accessible services",
        ));
    }
}

pub fn service_update(new: &Object, old: &Object, errs: &mut Errs) {
    let (n, o) = (new.str_at("spec.clusterIP").unwrap_or(""), old.str_at("spec.clusterIP").unwrap_or(""));
    let new_ty = new.str_at("spec.type").unwrap_or("ClusterIP");
    let old_ty = old.str_at("spec.type").unwrap_or("ClusterIP");
    if !o.is_empty() && !n.is_empty() && n != o && old_ty != "ExternalName" && new_ty != "ExternalName" {
        errs.push(FieldError::invalid(
            "spec.clusterIPs[0]",
            BadValue::Str(n.to_string()),
            "may not change once set",
        ));
    }
}
