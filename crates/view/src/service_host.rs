//! Which Service a URL names, as cluster DNS resolves it from a pod: `web`, `web.shop`,
//! `web.shop.svc` and `web.shop.svc.cluster.local` (the search path of a pod's resolv.conf is
//! `<ns>.svc.cluster.local svc.cluster.local cluster.local`).

/// A Service named by a URL's host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceHost {
    pub namespace: String,
    pub name: String,
    /// The host spelled out the cluster domain (`….svc` or `….svc.cluster.local`), so it can
    /// only mean a Service; a short name might be an outside host as well.
    pub qualified: bool,
}

/// The Service a URL's host names, if it has a Service's shape. `default_ns` is the namespace
/// a bare name resolves in.
pub fn service_host(url: &str, default_ns: &str) -> Option<ServiceHost> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port.split(':').next().unwrap_or_default().trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| !is_dns_label(l)) {
        return None;
    }
    let (name, namespace, qualified) = match labels.as_slice() {
        [name] => (*name, default_ns, false),
        [name, ns] => (*name, *ns, false),
        [name, ns, "svc"] | [name, ns, "svc", "cluster", "local"] => (*name, *ns, true),
        _ => return None,
    };
    // A bare number is an IP octet or a port, never a Service name.
    if name.bytes().all(|b| b.is_ascii_digit()) || name == "localhost" {
        return None;
    }
    Some(ServiceHost { namespace: namespace.to_string(), name: name.to_string(), qualified })
}

/// An RFC 1123 label: 1-63 lowercase alphanumerics or '-', starting and ending alphanumeric.
fn is_dns_label(l: &str) -> bool {
    let b = l.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(ns: &str, name: &str, qualified: bool) -> Option<ServiceHost> {
        Some(ServiceHost { namespace: ns.into(), name: name.into(), qualified })
    }

    #[test]
    fn the_forms_cluster_dns_resolves() {
        assert_eq!(service_host("http://web.default.svc.cluster.local", "x"), svc("default", "web", true));
        assert_eq!(service_host("http://web.shop.svc:8080/path?q=1", "x"), svc("shop", "web", true));
        assert_eq!(service_host("web.shop", "default"), svc("shop", "web", false));
        assert_eq!(service_host("http://web", "default"), svc("default", "web", false));
        assert_eq!(service_host("http://user@Web:80/", "default"), svc("default", "web", false));
    }

    #[test]
    fn other_hosts_are_not_services() {
        assert_eq!(service_host("http://localhost:8080", "default"), None);
        assert_eq!(service_host("http://10.96.0.10", "default"), None);
        assert_eq!(service_host("https://www.example.com/", "default"), None);
        assert_eq!(service_host("http://web_app", "default"), None);
        assert_eq!(service_host("http://-web", "default"), None);
        assert_eq!(service_host("", "default"), None);
    }
}
