//! What a pod spec refers to: ConfigMaps and Secrets (env `valueFrom`, `envFrom`, volumes,
//! projected volumes), and Services named in env values (`redis`, `redis:6379`,
//! `http://api.default.svc:8080/x`).

use kubeplay_model::ObjectExt;
use serde_json::Value;

/// Which kind of object a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConfigKind {
    ConfigMap,
    Secret,
}

/// How the pod uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RefUse {
    /// `env[].valueFrom.{configMapKeyRef,secretKeyRef}` (detail = key).
    EnvKey,
    /// `envFrom[].{configMapRef,secretRef}`.
    EnvFrom,
    /// `volumes[].{configMap,secret}` or a projected source (detail = volume name).
    Volume,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConfigRef {
    pub kind: ConfigKind,
    pub name: String,
    pub usage: RefUse,
    /// The key (EnvKey), `envFrom` (EnvFrom) or the volume name (Volume).
    pub detail: String,
    pub optional: bool,
    /// Where it is written, relative to the pod spec (`containers[0].env[1]`, `volumes[0]`).
    pub path: String,
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn str_of<'a>(v: &'a Value, path: &str) -> &'a str {
    v.str_at(path).unwrap_or("")
}

/// Every ConfigMap/Secret reference of a pod spec (`spec` of a Pod, or `spec.template.spec`).
pub fn config_refs(pod_spec: &Value) -> Vec<ConfigRef> {
    let mut out = Vec::new();
    for list in ["initContainers", "containers"] {
        for (ci, c) in arr(pod_spec, list).iter().enumerate() {
            for (ei, e) in arr(c, "env").iter().enumerate() {
                let path = format!("{list}[{ci}].env[{ei}]");
                for (field, kind) in
                    [("configMapKeyRef", ConfigKind::ConfigMap), ("secretKeyRef", ConfigKind::Secret)]
                {
                    if let Some(r) = e.at("valueFrom").and_then(|v| v.get(field)) {
                        out.push(ConfigRef {
                            kind,
                            name: str_of(r, "name").to_string(),
                            usage: RefUse::EnvKey,
                            detail: str_of(r, "key").to_string(),
                            optional: r.bool_at("optional").unwrap_or(false),
                            path: path.clone(),
                        });
                    }
                }
            }
            for (ei, e) in arr(c, "envFrom").iter().enumerate() {
                for (field, kind) in
                    [("configMapRef", ConfigKind::ConfigMap), ("secretRef", ConfigKind::Secret)]
                {
                    if let Some(r) = e.get(field) {
                        out.push(ConfigRef {
                            kind,
                            name: str_of(r, "name").to_string(),
                            usage: RefUse::EnvFrom,
                            detail: "envFrom".into(),
                            optional: r.bool_at("optional").unwrap_or(false),
                            path: format!("{list}[{ci}].envFrom[{ei}]"),
                        });
                    }
                }
            }
        }
    }
    for (vi, v) in arr(pod_spec, "volumes").iter().enumerate() {
        let vol = str_of(v, "name").to_string();
        let path = format!("volumes[{vi}]");
        if let Some(r) = v.get("configMap") {
            out.push(ConfigRef {
                kind: ConfigKind::ConfigMap,
                name: str_of(r, "name").into(),
                usage: RefUse::Volume,
                detail: vol.clone(),
                optional: r.bool_at("optional").unwrap_or(false),
                path: path.clone(),
            });
        }
        if let Some(r) = v.get("secret") {
            out.push(ConfigRef {
                kind: ConfigKind::Secret,
                name: str_of(r, "secretName").into(),
                usage: RefUse::Volume,
                detail: vol.clone(),
                optional: r.bool_at("optional").unwrap_or(false),
                path: path.clone(),
            });
        }
        // The service-account admission plugin gives every pod a `kube-api-access-*` projected
        // volume reading `kube-root-ca.crt`: an edge from every pod to it would say nothing.
        let api_access = vol.starts_with("kube-api-access-");
        for src in v.at("projected.sources").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
            for (field, kind) in [("configMap", ConfigKind::ConfigMap), ("secret", ConfigKind::Secret)] {
                if let Some(r) = src.get(field).filter(|_| !api_access) {
                    out.push(ConfigRef {
                        kind,
                        name: str_of(r, "name").into(),
                        usage: RefUse::Volume,
                        detail: vol.clone(),
                        optional: r.bool_at("optional").unwrap_or(false),
                        path: path.clone(),
                    });
                }
            }
        }
    }
    out.retain(|r| !r.name.is_empty());
    out
}

/// A Service an env value seems to name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ServiceMention {
    /// The env variable's name.
    pub env: String,
    pub service: String,
    /// The namespace written in the value, if any (`api.other` / `api.other.svc…`).
    pub namespace: Option<String>,
    pub port: Option<String>,
}

/// Parses an env value as something that addresses a host: a bare name, `host:port`, or a URL.
/// Returns (service, namespace, port) if the host is a plausible Service DNS name
/// (`svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`).
pub fn parse_service_host(value: &str) -> Option<(String, Option<String>, Option<String>)> {
    let v = value.trim();
    if v.is_empty() || v.contains(char::is_whitespace) || v.contains(',') {
        return None;
    }
    let (rest, had_scheme) = match v.split_once("://") {
        Some((scheme, rest))
            if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+') =>
        {
            (rest, true)
        }
        Some(_) => return None,
        None => (v, false),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if !had_scheme && authority.len() != rest.len() {
        // `a/b` without a scheme is a path, not a host.
        return None;
    }
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => {
            (h, Some(p.to_string()))
        }
        Some(_) => return None,
        None => (host_port, None),
    };
    let labels: Vec<&str> = host.split('.').collect();
    let ok_label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if !labels.iter().all(|l| ok_label(l)) {
        return None;
    }
    let ns = match labels.as_slice() {
        [_] => None,
        [_, ns] | [_, ns, "svc"] | [_, ns, "svc", "cluster", "local"] => Some(ns.to_string()),
        _ => return None,
    };
    let svc = labels.first()?.to_string();
    // A bare number is a port or a count, never a Service name.
    if svc.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((svc, ns, port))
}

/// Services named in literal env values of a pod spec, in container/env order.
pub fn service_mentions(pod_spec: &Value) -> Vec<ServiceMention> {
    let mut out = Vec::new();
    for list in ["initContainers", "containers"] {
        for c in arr(pod_spec, list) {
            for e in arr(c, "env") {
                let Some(value) = e.get("value").and_then(Value::as_str) else { continue };
                if let Some((service, namespace, port)) = parse_service_host(value) {
                    out.push(ServiceMention { env: str_of(e, "name").to_string(), service, namespace, port });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn hosts_urls_and_names() {
        assert_eq!(parse_service_host("redis-service"), Some(("redis-service".into(), None, None)));
        assert_eq!(
            parse_service_host("redis-service:6379"),
            Some(("redis-service".into(), None, Some("6379".into())))
        );
        assert_eq!(
            parse_service_host("http://api.default.svc:8080/v1"),
            Some(("api".into(), Some("default".into()), Some("8080".into())))
        );
        assert_eq!(
            parse_service_host("postgres://u:p@db.data.svc.cluster.local:5432/app"),
            Some(("db".into(), Some("data".into()), Some("5432".into())))
        );
        assert_eq!(parse_service_host("web.other"), Some(("web".into(), Some("other".into()), None)));
        assert_eq!(parse_service_host("Hello World"), None);
        assert_eq!(parse_service_host("8080"), None);
        assert_eq!(parse_service_host("/etc/config"), None);
        assert_eq!(parse_service_host("example.com.evil.org.x"), None);
        assert_eq!(parse_service_host("DEBUG"), None);
    }

    #[test]
    fn config_refs_from_env_envfrom_and_volumes() {
        let spec = json!({
            "containers": [{"name": "web",
                "env": [{"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "mode"}}},
                        {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password", "optional": true}}}],
                "envFrom": [{"configMapRef": {"name": "common"}}, {"secretRef": {"name": "tokens"}}]}],
            "volumes": [{"name": "conf", "configMap": {"name": "nginx-conf"}},
                        {"name": "tls", "secret": {"secretName": "web-tls"}},
                        {"name": "all", "projected": {"sources": [{"configMap": {"name": "p-cm"}}, {"secret": {"name": "p-s"}}]}},
                        {"name": "kube-api-access-x7k2p", "projected": {"sources": [{"serviceAccountToken": {"path": "token"}},
                            {"configMap": {"name": "kube-root-ca.crt"}}]}}]
        });
        let r = config_refs(&spec);
        let names: Vec<(ConfigKind, &str, RefUse, &str)> =
            r.iter().map(|r| (r.kind, r.name.as_str(), r.usage, r.detail.as_str())).collect();
        assert_eq!(
            names,
            vec![
                (ConfigKind::ConfigMap, "cfg", RefUse::EnvKey, "mode"),
                (ConfigKind::Secret, "db", RefUse::EnvKey, "password"),
                (ConfigKind::ConfigMap, "common", RefUse::EnvFrom, "envFrom"),
                (ConfigKind::Secret, "tokens", RefUse::EnvFrom, "envFrom"),
                (ConfigKind::ConfigMap, "nginx-conf", RefUse::Volume, "conf"),
                (ConfigKind::Secret, "web-tls", RefUse::Volume, "tls"),
                (ConfigKind::ConfigMap, "p-cm", RefUse::Volume, "all"),
                (ConfigKind::Secret, "p-s", RefUse::Volume, "all"),
            ]
        );
        assert!(r[1].optional);
        assert_eq!(r[0].path, "containers[0].env[0]");
    }

    #[test]
    fn mentions_in_env_values() {
        let spec = json!({"containers": [{"name": "app", "env": [
            {"name": "REDIS_HOST", "value": "redis-service"},
            {"name": "API_URL", "value": "http://api.default.svc:8080"},
            {"name": "GREETING", "value": "hello world"},
            {"name": "FROM_CM", "valueFrom": {"configMapKeyRef": {"name": "x", "key": "y"}}}]}]});
        let m = service_mentions(&spec);
        assert_eq!(m.len(), 2);
        assert_eq!(
            m[0],
            ServiceMention {
                env: "REDIS_HOST".into(),
                service: "redis-service".into(),
                namespace: None,
                port: None
            }
        );
        assert_eq!(m[1].service, "api");
        assert_eq!(m[1].namespace.as_deref(), Some("default"));
    }
}
