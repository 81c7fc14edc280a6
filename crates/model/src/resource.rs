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
    /// Scope: namespaced, or cluster-scoped (nodes, namespaces, …).
    pub namespaced: bool,
    /// Discovery categories (`all`: what `kubectl get all` lists).
    pub categories: &'static [&'static str],
    /// Where the pod template's spec lives, for kinds that run pods (`spec.template.spec`).
    pub pod_spec_path: Option<&'static str>,
    /// Whether `status` is a subresource (the main endpoint ignores it, `/status` writes only it).
    pub status_subresource: bool,
    /// Whether objects carry `metadata.generation` (1 on create, bumped on spec changes).
    pub generation: bool,
    /// Whether the playground simulates it (others are stored and shown with a warning).
    pub simulated: bool,
}

impl ResourceType {
    /// Whether discovery lists it in `category` (`all`).
    pub fn in_category(&self, category: &str) -> bool {
        self.categories.contains(&category)
    }
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

/// A namespaced resource with no category, no status subresource and no generation, stored but
/// not simulated; the builder methods below add what differs.
const fn res(
    plural: &'static str,
    singular: &'static str,
    short_names: &'static [&'static str],
    group: &'static str,
    version: &'static str,
    kind: &'static str,
) -> ResourceType {
    ResourceType {
        plural,
        singular,
        short_names,
        group,
        version,
        kind,
        namespaced: true,
        categories: &[],
        pod_spec_path: None,
        status_subresource: false,
        generation: false,
        simulated: false,
    }
}

impl ResourceType {
    const fn cluster_scoped(mut self) -> Self {
        self.namespaced = false;
        self
    }
    const fn in_category_all(mut self) -> Self {
        self.categories = &["all"];
        self
    }
    const fn pod_template(mut self, spec_path: &'static str) -> Self {
        self.pod_spec_path = Some(spec_path);
        self
    }
    const fn with_status(mut self) -> Self {
        self.status_subresource = true;
        self
    }
    const fn with_generation(mut self) -> Self {
        self.generation = true;
        self
    }
    const fn simulate(mut self) -> Self {
        self.simulated = true;
        self
    }
}

/// Every resource, in `kubectl api-resources` order (core first, then groups alphabetically).
/// That is also discovery's order, so a category (`kubectl get all`) expands in this order.
#[rustfmt::skip]
pub static RESOURCES: &[ResourceType] = &[
    res("bindings", "binding", &[], "", "v1", "Binding"),
    res("componentstatuses", "componentstatus", &["cs"], "", "v1", "ComponentStatus").cluster_scoped(),
    res("configmaps", "configmap", &["cm"], "", "v1", "ConfigMap").simulate(),
    res("endpoints", "endpoints", &["ep"], "", "v1", "Endpoints").simulate(),
    res("events", "event", &["ev"], "", "v1", "Event").simulate(),
    res("limitranges", "limitrange", &["limits"], "", "v1", "LimitRange"),
    res("namespaces", "namespace", &["ns"], "", "v1", "Namespace").cluster_scoped().with_status().simulate(),
    res("nodes", "node", &["no"], "", "v1", "Node").cluster_scoped().with_status().simulate(),
    res("persistentvolumeclaims", "persistentvolumeclaim", &["pvc"], "", "v1", "PersistentVolumeClaim").with_status(),
    res("persistentvolumes", "persistentvolume", &["pv"], "", "v1", "PersistentVolume").cluster_scoped().with_status(),
    res("pods", "pod", &["po"], "", "v1", "Pod").in_category_all().pod_template("spec").with_status().with_generation().simulate(),
    res("podtemplates", "podtemplate", &[], "", "v1", "PodTemplate").pod_template("template.spec"),
    res("replicationcontrollers", "replicationcontroller", &["rc"], "", "v1", "ReplicationController").in_category_all().pod_template("spec.template.spec").with_status().with_generation(),
    res("resourcequotas", "resourcequota", &["quota"], "", "v1", "ResourceQuota").with_status(),
    res("secrets", "secret", &[], "", "v1", "Secret").simulate(),
    res("serviceaccounts", "serviceaccount", &["sa"], "", "v1", "ServiceAccount").simulate(),
    res("services", "service", &["svc"], "", "v1", "Service").in_category_all().with_status().simulate(),
    res("customresourcedefinitions", "customresourcedefinition", &["crd", "crds"], "apiextensions.k8s.io", "v1", "CustomResourceDefinition").cluster_scoped().with_status().with_generation(),
    res("controllerrevisions", "controllerrevision", &[], "apps", "v1", "ControllerRevision"),
    res("daemonsets", "daemonset", &["ds"], "apps", "v1", "DaemonSet").in_category_all().pod_template("spec.template.spec").with_status().with_generation(),
    res("deployments", "deployment", &["deploy"], "apps", "v1", "Deployment").in_category_all().pod_template("spec.template.spec").with_status().with_generation().simulate(),
    res("replicasets", "replicaset", &["rs"], "apps", "v1", "ReplicaSet").in_category_all().pod_template("spec.template.spec").with_status().with_generation().simulate(),
    res("statefulsets", "statefulset", &["sts"], "apps", "v1", "StatefulSet").in_category_all().pod_template("spec.template.spec").with_status().with_generation(),
    res("horizontalpodautoscalers", "horizontalpodautoscaler", &["hpa"], "autoscaling", "v2", "HorizontalPodAutoscaler").in_category_all().with_status().with_generation(),
    res("cronjobs", "cronjob", &["cj"], "batch", "v1", "CronJob").in_category_all().pod_template("spec.jobTemplate.spec.template.spec").with_status().with_generation(),
    res("jobs", "job", &[], "batch", "v1", "Job").in_category_all().pod_template("spec.template.spec").with_status().with_generation(),
    res("leases", "lease", &[], "coordination.k8s.io", "v1", "Lease"),
    res("endpointslices", "endpointslice", &[], "discovery.k8s.io", "v1", "EndpointSlice").simulate(),
    res("ingressclasses", "ingressclass", &[], "networking.k8s.io", "v1", "IngressClass").cluster_scoped(),
    res("ingresses", "ingress", &["ing"], "networking.k8s.io", "v1", "Ingress").with_status().with_generation(),
    res("networkpolicies", "networkpolicy", &["netpol"], "networking.k8s.io", "v1", "NetworkPolicy").with_generation(),
    res("poddisruptionbudgets", "poddisruptionbudget", &["pdb"], "policy", "v1", "PodDisruptionBudget").with_status().with_generation(),
    res("clusterrolebindings", "clusterrolebinding", &[], "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding").cluster_scoped(),
    res("clusterroles", "clusterrole", &[], "rbac.authorization.k8s.io", "v1", "ClusterRole").cluster_scoped(),
    res("rolebindings", "rolebinding", &[], "rbac.authorization.k8s.io", "v1", "RoleBinding"),
    res("roles", "role", &[], "rbac.authorization.k8s.io", "v1", "Role"),
    res("priorityclasses", "priorityclass", &["pc"], "scheduling.k8s.io", "v1", "PriorityClass").cluster_scoped(),
    res("storageclasses", "storageclass", &["sc"], "storage.k8s.io", "v1", "StorageClass").cluster_scoped(),
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

    #[test]
    fn category_all_expands_in_discovery_order() {
        // kubernetes-workloads.md §0: core, apps, autoscaling, batch, alphabetical inside a group
        // (replicationcontrollers is core's, between pods and services).
        let all: Vec<&str> = RESOURCES.iter().filter(|r| r.in_category("all")).map(|r| r.plural).collect();
        assert_eq!(
            all,
            [
                "pods",
                "replicationcontrollers",
                "services",
                "daemonsets",
                "deployments",
                "replicasets",
                "statefulsets",
                "horizontalpodautoscalers",
                "cronjobs",
                "jobs"
            ]
        );
    }

    #[test]
    fn kind_facts() {
        let f = |p: &str| by_plural(p).unwrap();
        assert_eq!(f("cronjobs").pod_spec_path, Some("spec.jobTemplate.spec.template.spec"));
        assert_eq!(f("pods").pod_spec_path, Some("spec"));
        assert_eq!(f("services").pod_spec_path, None);
        // ConfigMaps have no status and no generation; Services a status subresource only.
        assert!(!f("configmaps").status_subresource && !f("configmaps").generation);
        assert!(f("services").status_subresource && !f("services").generation);
        assert!(f("deployments").status_subresource && f("deployments").generation);
        assert!(!f("nodes").namespaced && f("pods").namespaced);
    }
}
