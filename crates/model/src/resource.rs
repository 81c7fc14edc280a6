//! The resource registry: every kind the API server serves, with the names kubectl accepts.
//! Mirrors `kubectl api-resources` of a v1.33 kubeadm cluster (the subset a playground needs).

/// One API resource as discovery describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResourceType {
    pub plural: &'static str,
    pub singular: &'static str,
    pub short_names: &'static [&'static str],
    /// API group, empty for the core group.
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    pub namespaced: bool,
    /// Whether `kubectl get all` includes it.
    pub in_all: bool,
    /// Whether the playground simulates it (others are stored and shown with a warning).
    pub simulated: bool,
}

impl ResourceType {
    /// `apps/v1`, or `v1` for core.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
    /// `deployments.apps`, or `pods` for core: the form in NotFound/AlreadyExists messages.
    pub fn qualified_plural(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }
    /// `deployment.apps`, or `pod` for core: the form in name-printer lines (`deployment.apps/web created`).
    pub fn qualified_kind_lower(&self) -> String {
        let k = self.kind.to_ascii_lowercase();
        if self.group.is_empty() {
            k
        } else {
            format!("{k}.{}", self.group)
        }
    }
}

macro_rules! rt {
    ($plural:literal, $singular:literal, [$($short:literal),*], $group:literal, $version:literal, $kind:literal, $ns:literal, $all:literal, $sim:literal) => {
        ResourceType {
            plural: $plural, singular: $singular, short_names: &[$($short),*], group: $group,
            version: $version, kind: $kind, namespaced: $ns, in_all: $all, simulated: $sim,
        }
    };
}

/// Every resource, in `kubectl api-resources` order (core first, then groups alphabetically).
pub static RESOURCES: &[ResourceType] = &[
    rt!("bindings", "binding", [], "", "v1", "Binding", true, false, false),
    rt!("componentstatuses", "componentstatus", ["cs"], "", "v1", "ComponentStatus", false, false, false),
    rt!("configmaps", "configmap", ["cm"], "", "v1", "ConfigMap", true, false, true),
    rt!("endpoints", "endpoints", ["ep"], "", "v1", "Endpoints", true, false, true),
    rt!("events", "event", ["ev"], "", "v1", "Event", true, false, true),
    rt!("limitranges", "limitrange", ["limits"], "", "v1", "LimitRange", true, false, false),
    rt!("namespaces", "namespace", ["ns"], "", "v1", "Namespace", false, false, true),
    rt!("nodes", "node", ["no"], "", "v1", "Node", false, false, true),
    rt!(
        "persistentvolumeclaims",
        "persistentvolumeclaim",
        ["pvc"],
        "",
        "v1",
        "PersistentVolumeClaim",
        true,
        false,
        false
    ),
    rt!("persistentvolumes", "persistentvolume", ["pv"], "", "v1", "PersistentVolume", false, false, false),
    rt!("pods", "pod", ["po"], "", "v1", "Pod", true, true, true),
    rt!("podtemplates", "podtemplate", [], "", "v1", "PodTemplate", true, false, false),
    rt!(
        "replicationcontrollers",
        "replicationcontroller",
        ["rc"],
        "",
        "v1",
        "ReplicationController",
        true,
        true,
        false
    ),
    rt!("resourcequotas", "resourcequota", ["quota"], "", "v1", "ResourceQuota", true, false, false),
    rt!("secrets", "secret", [], "", "v1", "Secret", true, false, true),
    rt!("serviceaccounts", "serviceaccount", ["sa"], "", "v1", "ServiceAccount", true, false, true),
    rt!("services", "service", ["svc"], "", "v1", "Service", true, true, true),
    rt!(
        "customresourcedefinitions",
        "customresourcedefinition",
        ["crd", "crds"],
        "apiextensions.k8s.io",
        "v1",
        "CustomResourceDefinition",
        false,
        false,
        false
    ),
    rt!(
        "controllerrevisions",
        "controllerrevision",
        [],
        "apps",
        "v1",
        "ControllerRevision",
        true,
        false,
        false
    ),
    rt!("daemonsets", "daemonset", ["ds"], "apps", "v1", "DaemonSet", true, true, false),
    rt!("deployments", "deployment", ["deploy"], "apps", "v1", "Deployment", true, true, true),
    rt!("replicasets", "replicaset", ["rs"], "apps", "v1", "ReplicaSet", true, true, true),
    rt!("statefulsets", "statefulset", ["sts"], "apps", "v1", "StatefulSet", true, true, false),
    rt!(
        "horizontalpodautoscalers",
        "horizontalpodautoscaler",
        ["hpa"],
        "autoscaling",
        "v2",
        "HorizontalPodAutoscaler",
        true,
        true,
        false
    ),
    rt!("cronjobs", "cronjob", ["cj"], "batch", "v1", "CronJob", true, true, false),
    rt!("jobs", "job", [], "batch", "v1", "Job", true, true, false),
    rt!("leases", "lease", [], "coordination.k8s.io", "v1", "Lease", true, false, false),
    rt!("endpointslices", "endpointslice", [], "discovery.k8s.io", "v1", "EndpointSlice", true, false, true),
    rt!("ingressclasses", "ingressclass", [], "networking.k8s.io", "v1", "IngressClass", false, false, false),
    rt!("ingresses", "ingress", ["ing"], "networking.k8s.io", "v1", "Ingress", true, false, false),
    rt!(
        "networkpolicies",
        "networkpolicy",
        ["netpol"],
        "networking.k8s.io",
        "v1",
        "NetworkPolicy",
        true,
        false,
        false
    ),
    rt!(
        "poddisruptionbudgets",
        "poddisruptionbudget",
        ["pdb"],
        "policy",
        "v1",
        "PodDisruptionBudget",
        true,
        false,
        false
    ),
    rt!(
        "clusterrolebindings",
        "clusterrolebinding",
        [],
        "rbac.authorization.k8s.io",
        "v1",
        "ClusterRoleBinding",
        false,
        false,
        false
    ),
    rt!(
        "clusterroles",
        "clusterrole",
        [],
        "rbac.authorization.k8s.io",
        "v1",
        "ClusterRole",
        false,
        false,
        false
    ),
    rt!(
        "rolebindings",
        "rolebinding",
        [],
        "rbac.authorization.k8s.io",
        "v1",
        "RoleBinding",
        true,
        false,
        false
    ),
    rt!("roles", "role", [], "rbac.authorization.k8s.io", "v1", "Role", true, false, false),
    rt!(
        "priorityclasses",
        "priorityclass",
        ["pc"],
        "scheduling.k8s.io",
        "v1",
        "PriorityClass",
        false,
        false,
        false
    ),
    rt!(
        "storageclasses",
        "storageclass",
        ["sc"],
        "storage.k8s.io",
        "v1",
        "StorageClass",
        false,
        false,
        false
    ),
];

/// Finds a resource the way kubectl resolves a type argument: plural, singular, short name or
/// kind (case-insensitive), optionally qualified with a group (`deployments.apps`) or a
/// version and group (`deployments.v1.apps`).
pub fn lookup(name: &str) -> Option<&'static ResourceType> {
    let lower = name.to_ascii_lowercase();
    let (base, qual) = match lower.split_once('.') {
        Some((b, q)) => (b.to_string(), Some(q.to_string())),
        None => (lower.clone(), None),
    };
    RESOURCES.iter().find(|r| {
        let name_ok = r.plural == base
            || r.singular == base
            || r.short_names.contains(&base.as_str())
            || r.kind.eq_ignore_ascii_case(&base);
        let group_ok = match &qual {
            None => true,
            Some(q) => q == r.group || *q == format!("{}.{}", r.version, r.group),
        };
        name_ok && group_ok
    })
}

/// Finds the resource for an object's `apiVersion` and `kind`.
pub fn by_kind(api_version: &str, kind: &str) -> Option<&'static ResourceType> {
    let (group, version) = match api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    };
    RESOURCES.iter().find(|r| r.kind == kind && r.group == group && r.version == version)
}

/// Finds a resource by its plural name (the form stored in `ObjectRef::resource`).
pub fn by_plural(plural: &str) -> Option<&'static ResourceType> {
    RESOURCES.iter().find(|r| r.plural == plural)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn kubectl_type_forms_resolve() {
        for n in ["pods", "pod", "po", "Pod", "PODS"] {
            assert_eq!(lookup(n).map(|r| r.plural), Some("pods"), "{n}");
        }
        for n in ["deployments.apps", "deploy", "deployment.v1.apps", "Deployment"] {
            assert_eq!(lookup(n).map(|r| r.plural), Some("deployments"), "{n}");
        }
        assert!(lookup("podz").is_none());
        assert!(lookup("deployments.batch").is_none());
        assert_eq!(
            by_kind("apps/v1", "ReplicaSet").map(|r| r.qualified_kind_lower()),
            Some("replicaset.apps".into())
        );
        assert_eq!(by_kind("v1", "Service").map(|r| r.qualified_plural()), Some("services".into()));
    }
}
