//! `--config FILE`: the cluster a script runs against, in YAML or JSON:
//! `seed`, `start` (RFC 3339), `nodes: [{name, cpu, memory, pods, controlPlane, labels, taints: [{key, value, effect}]}]`.

use kubeplay_cluster::{ClusterConfig, NodeSpec};
use kubeplay_model::SimTime;
use serde_json::Value;

pub fn parse(text: &str) -> Result<ClusterConfig, String> {
    let (docs, diags) = kubeplay_yaml::parse_documents(text);
    if let Some(d) = diags.iter().find(|d| d.severity == kubeplay_yaml::Severity::Error) {
        return Err(format!("line {}: {}", d.pos.line, d.message));
    }
    let v = docs.into_iter().next().map(|d| d.value).unwrap_or(Value::Null);
    let mut cfg = ClusterConfig::default();
    if let Some(seed) = v.get("seed").and_then(Value::as_u64) {
        cfg.seed = seed;
    }
    if let Some(start) = v.get("start").and_then(Value::as_str) {
        cfg.start =
            SimTime::parse_rfc3339(start).ok_or_else(|| format!("start: not an RFC 3339 time: {start}"))?;
    }
    if let Some(nodes) = v.get("nodes").and_then(Value::as_array) {
        cfg.nodes = Vec::new();
        for n in nodes {
            let name = n.get("name").and_then(Value::as_str).ok_or("nodes[].name is required")?;
            let mut spec = NodeSpec::worker(name);
            if let Some(c) = n.get("cpu") {
                spec.cpu = c.as_str().map(String::from).unwrap_or_else(|| c.to_string());
            }
            if let Some(m) = n.get("memory").and_then(Value::as_str) {
                spec.memory = m.to_string();
            }
            if let Some(p) = n.get("pods").and_then(Value::as_i64) {
                spec.pods = p;
            }
            if let Some(cp) = n.get("controlPlane").and_then(Value::as_bool) {
                spec.control_plane = cp;
            }
            if let Some(l) = n.get("labels").and_then(Value::as_object) {
                for (k, v) in l {
                    spec.labels.insert(k.clone(), v.as_str().unwrap_or_default().to_string());
                }
            }
            if let Some(ts) = n.get("taints").and_then(Value::as_array) {
                for t in ts {
                    let s = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                    spec.taints.push((s("key"), s("value"), s("effect")));
                }
            }
            cfg.nodes.push(spec);
        }
    }
    Ok(cfg)
}
