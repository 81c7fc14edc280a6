//! Service REST hooks (`pkg/registry/core/service/storage/alloc.go`): ClusterIP and NodePort
//! allocation on create and update, carrying allocated values over on update, and release.

use kubeplay_model::errors::{go_quote, BadValue};
use kubeplay_model::object::ObjectExt;
use kubeplay_model::{FieldError, Object};
use serde_json::{json, Value};

use crate::store::ApiServer;
use crate::Ctx;

/// What one request allocated, so a failed or dry-run request can give it back.
#[derive(Debug, Default)]
pub(crate) struct AllocTxn {
    ips: Vec<String>,
    ports: Vec<i64>,
}

fn svc_type(o: &Object) -> &str {
    o.str_at("spec.type").unwrap_or("ClusterIP")
}

fn needs_node_ports(o: &Object) -> bool {
    match svc_type(o) {
        "NodePort" => true,
        "LoadBalancer" => o.bool_at("spec.allocateLoadBalancerNodePorts") != Some(false),
        _ => false,
    }
}

fn cluster_ips(o: &Object) -> Vec<String> {
    let mut v: Vec<String> = o
        .at("spec.clusterIPs")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
        .unwrap_or_default();
    if v.is_empty() {
        if let Some(ip) = o.str_at("spec.clusterIP").filter(|s| !s.is_empty()) {
            v.push(ip.to_string());
        }
    }
    v.retain(|ip| ip != "None" && !ip.is_empty());
    v
}

fn node_ports(o: &Object) -> Vec<i64> {
    o.at("spec.ports")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter().filter_map(|p| p.get("nodePort").and_then(Value::as_i64)).filter(|n| *n != 0).collect()
        })
        .unwrap_or_default()
}

fn go_string_slice(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| go_quote(s)).collect();
    format!("[]string{{{}}}", q.join(", "))
}

impl ApiServer {
    pub(crate) fn rollback(&mut self, txn: AllocTxn) {
        for ip in txn.ips {
            self.ips.release(&ip);
        }
        for p in txn.ports {
            self.ports.release(p);
        }
    }

    /// Allocates what `svc` needs (ClusterIP unless ExternalName or headless; node ports for
    /// NodePort/LoadBalancer), reusing what `old` already holds.
    pub(crate) fn allocate_service(
        &mut self,
        ctx: &mut Ctx,
        svc: &mut Object,
        old: Option<&Object>,
        txn: &mut AllocTxn,
    ) -> Result<(), Vec<FieldError>> {
        let ty = svc_type(svc).to_string();
        if ty == "ExternalName" {
            // dropTypeDependentFields: an ExternalName service keeps no cluster IP it held before.
            let old_ips = old.map(cluster_ips).unwrap_or_default();
            let cip = svc.str_at("spec.clusterIP").unwrap_or_default().to_string();
            if let Some(m) = svc.get_mut("spec").and_then(Value::as_object_mut) {
                if cip.is_empty() || old_ips.contains(&cip) {
                    for k in
                        ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy"]
                    {
                        m.remove(k);
                    }
                }
            }
        } else {
            let cip = svc.str_at("spec.clusterIP").unwrap_or_default().to_string();
            let old_ips = old.filter(|o| svc_type(o) != "ExternalName").map(cluster_ips).unwrap_or_default();
            let ip = if cip == "None" {
                "None".to_string()
            } else if cip.is_empty() {
                if let Some(first) = old_ips.first() {
                    first.clone()
                } else {
                    match self.ips.allocate_next(ctx.rng) {
                        Ok(ip) => {
                            txn.ips.push(ip.clone());
                            ip
                        }
                        Err(e) => {
                            return Err(vec![FieldError::invalid(
                                "spec.clusterIPs",
                                BadValue::Raw("[]string(nil)".into()),
                                format!("failed to allocate a serviceIP: {e}"),
                            )])
                        }
                    }
                }
            } else if old_ips.contains(&cip) {
                cip
            } else {
                if let Err(e) = self.ips.allocate(&cip) {
                    let shown = cluster_ips(svc);
                    let shown = if shown.is_empty() { vec![cip.clone()] } else { shown };
                    return Err(vec![FieldError::invalid(
                        "spec.clusterIPs",
                        BadValue::Raw(go_string_slice(&shown)),
                        format!("failed to allocate IP {cip}: {e}"),
                    )]);
                }
                txn.ips.push(cip.clone());
                cip
            };
            let spec = svc.at_mut("spec");
            if let Some(m) = spec.as_object_mut() {
                m.insert("clusterIP".into(), json!(ip));
                m.insert("clusterIPs".into(), json!([ip]));
                m.entry("ipFamilies").or_insert_with(|| json!(["IPv4"]));
                m.entry("ipFamilyPolicy").or_insert_with(|| json!("SingleStack"));
            }
        }
        let old_ports: Vec<(i64, String, i64)> = old
            .and_then(|o| o.at("spec.ports").and_then(Value::as_array))
            .map(|a| {
                a.iter()
                    .map(|p| {
                        (
                            p.get("port").and_then(Value::as_i64).unwrap_or(0),
                            p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string(),
                            p.get("nodePort").and_then(Value::as_i64).unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let old_needed = old.is_some_and(needs_node_ports);
        let needs = needs_node_ports(svc);
        let n = svc.at("spec.ports").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
        for i in 0..n {
            let Some(port) = svc.pointer_mut(&format!("/spec/ports/{i}")).and_then(Value::as_object_mut)
            else {
                continue;
            };
            let np = port.get("nodePort").and_then(Value::as_i64).unwrap_or(0);
            let pnum = port.get("port").and_then(Value::as_i64).unwrap_or(0);
            let proto = port.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string();
            let old_np =
                old_ports.iter().find(|(p, pr, _)| *p == pnum && *pr == proto).map(|t| t.2).unwrap_or(0);
            if !needs {
                // dropTypeDependentFields: leaving NodePort/LoadBalancer drops unchanged node ports.
                if old_needed && np != 0 && np == old_np {
                    port.remove("nodePort");
                }
                continue;
            }
            if np == 0 {
                if old_needed && old_np != 0 {
                    port.insert("nodePort".into(), json!(old_np));
                    continue;
                }
                match self.ports.allocate_next(ctx.rng) {
                    Ok(p) => {
                        txn.ports.push(p);
                        port.insert("nodePort".into(), json!(p));
                    }
                    Err(e) => {
                        return Err(vec![FieldError::invalid(
                            format!("spec.ports[{i}].nodePort"),
                            BadValue::Int(0),
                            format!("failed to allocate a nodePort: {e}"),
                        )])
                    }
                }
            } else if old_needed && old_ports.iter().any(|t| t.2 == np) {
                // Already held by this service.
            } else if let Err(e) = self.ports.allocate(np) {
                return Err(vec![FieldError::invalid(
                    format!("spec.ports[{i}].nodePort"),
                    BadValue::Int(np),
                    e,
                )]);
            } else {
                txn.ports.push(np);
            }
        }
        Ok(())
    }

    /// Releases everything a deleted Service held.
    pub(crate) fn release_service(&mut self, svc: &Object) {
        for ip in cluster_ips(svc) {
            self.ips.release(&ip);
        }
        for p in node_ports(svc) {
            self.ports.release(p);
        }
    }

    /// After an update: gives back what `old` held and `new` no longer does.
    pub(crate) fn release_stale(&mut self, old: &Object, new: &Object) {
        let (ni, np) = (cluster_ips(new), node_ports(new));
        for ip in cluster_ips(old) {
            if !ni.contains(&ip) {
                self.ips.release(&ip);
            }
        }
        for p in node_ports(old) {
            if !np.contains(&p) {
                self.ports.release(p);
            }
        }
    }
}
