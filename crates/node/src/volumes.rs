//! Volumes as the container sees them: the files of ConfigMap, Secret, downwardAPI and
//! service-account volumes, plus the kubelet-managed /etc/hosts, /etc/hostname, /etc/resolv.conf.

use std::collections::BTreeMap;

use kubeplay_model::{Object, ObjectExt};
use serde_json::Value;

use crate::env::{object_data, source_data};
use crate::Store;

fn volume<'a>(pod: &'a Object, name: &str) -> Option<&'a Value> {
    pod.at("spec.volumes")
        .and_then(Value::as_array)?
        .iter()
        .find(|v| v.get("name").and_then(Value::as_str) == Some(name))
}

/// The first volume that cannot be set up: (`MountVolume.SetUp failed for volume "cfg" : configmap "cfg" not found`).
pub(crate) fn mount_error<S: Store + ?Sized>(pod: &Object, api: &S) -> Option<String> {
    for v in pod.at("spec.volumes").and_then(Value::as_array).into_iter().flatten() {
        let vname = v.get("name").and_then(Value::as_str).unwrap_or("");
        for (key, secret, name_key) in [("configMap", false, "name"), ("secret", true, "secretName")] {
            if let Some(src) = v.get(key) {
                let name = src.get(name_key).and_then(Value::as_str).unwrap_or("");
                let optional = src.get("optional").and_then(Value::as_bool).unwrap_or(false);
                if optional {
                    continue;
                }
                if let Err(e) = source_data(api, secret, pod.namespace(), name) {
                    return Some(format!("MountVolume.SetUp failed for volume \"{vname}\" : {e}"));
                }
            }
        }
    }
    None
}

pub(crate) fn resolv_conf<S: Store + ?Sized>(pod: &Object, api: &S) -> String {
    let ns = pod.namespace();
    let dns_ip = api
        .get("services", "kube-system", "kube-dns")
        .and_then(|s| s.str_at("spec.clusterIP").map(String::from))
        .unwrap_or_else(|| "10.96.0.10".into());
    let policy = pod.str_at("spec.dnsPolicy").unwrap_or("ClusterFirst");
    let host_net = pod.bool_at("spec.hostNetwork") == Some(true);
    if policy == "Default" || (policy == "ClusterFirst" && host_net) {
        return "nameserver 172.18.0.1\noptions ndots:0\n".into();
    }
    if policy == "None" {
        let mut s = String::new();
        let list = |k: &str| -> Vec<String> {
            pod.at(&format!("spec.dnsConfig.{k}"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        };
        let searches = list("searches");
        if !searches.is_empty() {
            s.push_str(&format!("search {}\n", searches.join(" ")));
        }
        for n in list("nameservers") {
            s.push_str(&format!("nameserver {n}\n"));
        }
        return s;
    }
    format!("search {ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver {dns_ip}\noptions ndots:5\n")
}

pub(crate) fn etc_hosts(pod: &Object, pod_ip: &str, hostname: &str) -> String {
    let mut s = String::from(
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n",
    );
    match pod.str_at("spec.subdomain").filter(|s| !s.is_empty()) {
        Some(sub) => s.push_str(&format!(
            "{pod_ip}\t{hostname}.{sub}.{}.svc.cluster.local\t{hostname}\n",
            pod.namespace()
        )),
        None => s.push_str(&format!("{pod_ip}\t{hostname}\n")),
    }
    let aliases = pod.at("spec.hostAliases").and_then(Value::as_array).cloned().unwrap_or_default();
    if !aliases.is_empty() {
        s.push_str("\n# Entries added by HostAliases.\n");
        for a in aliases {
            let ip = a.get("ip").and_then(Value::as_str).unwrap_or("");
            let names: Vec<&str> = a
                .get("hostnames")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            s.push_str(&format!("{ip}\t{}\n", names.join("\t")));
        }
    }
    s
}

/// Every file a container can read: kubelet-managed files, image files, mounted volumes.
pub(crate) fn container_files<S: Store + ?Sized>(
    pod: &Object,
    container: &Value,
    api: &S,
    pod_ip: &str,
    hostname: &str,
    image_files: &[(&str, &str)],
) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for (p, c) in image_files {
        files.insert(p.to_string(), c.to_string());
    }
    for d in ["/bin/", "/dev/", "/home/", "/lib/", "/proc/", "/root/", "/sys/", "/tmp/", "/usr/", "/var/"] {
        files.insert(d.to_string(), String::new());
    }
    files.insert("/etc/hostname".into(), format!("{hostname}\n"));
    files.insert("/etc/hosts".into(), etc_hosts(pod, pod_ip, hostname));
    files.insert("/etc/resolv.conf".into(), resolv_conf(pod, api));
    let ns = pod.namespace();
    for m in container.get("volumeMounts").and_then(Value::as_array).into_iter().flatten() {
        let mount =
            m.get("mountPath").and_then(Value::as_str).unwrap_or("").trim_end_matches('/').to_string();
        let sub = m.get("subPath").and_then(Value::as_str).filter(|s| !s.is_empty());
        let Some(v) = volume(pod, m.get("name").and_then(Value::as_str).unwrap_or("")) else { continue };
        let mut entries: Vec<(String, String)> = Vec::new();
        let add_source = |secret: bool, src: &Value, name_key: &str, entries: &mut Vec<(String, String)>| {
            let name = src.get(name_key).and_then(Value::as_str).unwrap_or("");
            let res = if secret { "secrets" } else { "configmaps" };
            let Some(obj) = api.get(res, ns, name) else { return };
            let data = object_data(&obj, secret);
            match src.get("items").and_then(Value::as_array) {
                Some(items) => {
                    for it in items {
                        let key = it.get("key").and_then(Value::as_str).unwrap_or("");
                        let path = it.get("path").and_then(Value::as_str).unwrap_or(key);
                        if let Some((_, val)) = data.iter().find(|(k, _)| k == key) {
                            entries.push((path.to_string(), val.clone()));
                        }
                    }
                }
                None => entries.extend(data),
            }
        };
        if let Some(src) = v.get("configMap") {
            add_source(false, src, "name", &mut entries);
        } else if let Some(src) = v.get("secret") {
            add_source(true, src, "secretName", &mut entries);
        } else if let Some(src) = v.get("downwardAPI") {
            for it in src.get("items").and_then(Value::as_array).into_iter().flatten() {
                let path = it.get("path").and_then(Value::as_str).unwrap_or("");
                let fp = it.at("fieldRef.fieldPath").and_then(Value::as_str).unwrap_or("");
                let val = match fp {
                    "metadata.labels" | "metadata.annotations" => pod
                        .at(fp)
                        .and_then(Value::as_object)
                        .map(|m| {
                            m.iter()
                                .map(|(k, v)| format!("{k}=\"{}\"", v.as_str().unwrap_or("")))
                                .collect::<Vec<_>>()
                                .join("\n")
                        })
                        .unwrap_or_default(),
                    _ => pod.str_at(fp).unwrap_or("").to_string(),
                };
                entries.push((path.to_string(), val));
            }
        } else if let Some(src) = v.get("projected") {
            for s in src.get("sources").and_then(Value::as_array).into_iter().flatten() {
                if let Some(t) = s.get("serviceAccountToken") {
                    let path = t.get("path").and_then(Value::as_str).unwrap_or("token");
                    entries.push((path.into(), format!("eyJhbGciOiJSUzI1NiIsImtpZCI6Imt1YmVwbGF5In0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6{}", ns)));
                } else if let Some(c) = s.get("configMap") {
                    if c.get("name").and_then(Value::as_str) == Some("kube-root-ca.crt") {
                        entries.push(("ca.crt".into(), "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIkubeplay\n-----END CERTIFICATE-----\n".into()));
                    } else {
                        add_source(false, c, "name", &mut entries);
                    }
                } else if s.get("downwardAPI").is_some() {
                    entries.push(("namespace".into(), ns.to_string()));
                } else if let Some(c) = s.get("secret") {
                    add_source(true, c, "name", &mut entries);
                }
            }
        }
        for (path, content) in entries {
            match sub {
                Some(sp) if sp == path => {
                    files.insert(mount.clone(), content);
                }
                Some(_) => {}
                None => {
                    files.insert(format!("{mount}/{path}"), content);
                }
            }
        }
        if sub.is_none() {
            // Directories exist even when empty (emptyDir).
            files.entry(format!("{mount}/")).or_default();
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{cluster, pod};
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn resolv_conf_cluster_first() {
        let api = cluster();
        let p = pod("web", json!([{"name": "web", "image": "nginx"}]));
        assert_eq!(
            resolv_conf(&p, &api),
            "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
        );
    }

    #[test]
    fn configmap_volume_files_and_missing_volume() {
        let mut api = cluster();
        let mut p = pod(
            "web",
            json!([{"name": "web", "image": "nginx", "volumeMounts": [{"name": "cfg", "mountPath": "/etc/app"}]}]),
        );
        *p.at_mut("spec.volumes") = json!([{"name": "cfg", "configMap": {"name": "app-config"}}]);
        assert_eq!(
            mount_error(&p, &api).as_deref(),
            Some("MountVolume.SetUp failed for volume \"cfg\" : configmap \"app-config\" not found")
        );
        api.put("configmaps", json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config", "namespace": "default"}, "data": {"app.conf": "mode=prod\n"}}));
        assert_eq!(mount_error(&p, &api), None);
        let c = p.at("spec.containers.0").unwrap().clone();
        let files = container_files(&p, &c, &api, "10.244.1.5", "web", &[]);
        assert_eq!(files.get("/etc/app/app.conf").map(String::as_str), Some("mode=prod\n"));
        assert_eq!(files.get("/etc/hostname").map(String::as_str), Some("web\n"));
        assert!(files.get("/etc/hosts").unwrap().ends_with("fe00::2\tip6-allrouters\n10.244.1.5\tweb\n"));
    }
}
