//! The view's input: the objects of one cluster snapshot, borrowed, sorted by kind.

use std::sync::Arc;

use kubeplay_apiserver::ApiServer;
use kubeplay_model::{Object, ObjectExt, SimTime};

/// The resources a snapshot reads, and whether they are namespaced.
pub const SNAPSHOT_RESOURCES: [(&str, bool); 9] = [
    ("pods", true),
    ("deployments", true),
    ("replicasets", true),
    ("services", true),
    ("endpointslices", true),
    ("configmaps", true),
    ("secrets", true),
    ("nodes", false),
    ("events", true),
];

/// Owned objects of one snapshot (cheap: the store's `Arc`s); borrow a [`Snapshot`] with
/// [`OwnedSnapshot::view`].
#[derive(Clone, Debug, Default)]
pub struct OwnedSnapshot {
    pub objects: Vec<Arc<Object>>,
    pub now: SimTime,
    pub rv: u64,
}

impl OwnedSnapshot {
    /// Collects the snapshot's resources through any `list(resource, namespace)` function
    /// (`ApiServer::list` has this shape). Nodes are always listed cluster-wide.
    pub fn collect(
        list: impl Fn(&str, Option<&str>) -> Vec<Arc<Object>>,
        ns: Option<&str>,
        now: SimTime,
        rv: u64,
    ) -> Self {
        let mut objects = Vec::new();
        for (resource, namespaced) in SNAPSHOT_RESOURCES {
            objects.extend(list(resource, if namespaced { ns } else { None }));
        }
        OwnedSnapshot { objects, now, rv }
    }

    pub fn view(&self) -> Snapshot<'_> {
        Snapshot::from_objects(self.objects.iter().map(|o| &**o), self.now, self.rv)
    }
}

/// The store's objects the view needs (one namespace, or all), at the store's resourceVersion.
pub fn snapshot_from(api: &ApiServer, ns: Option<&str>, now: SimTime) -> OwnedSnapshot {
    OwnedSnapshot::collect(|r, n| api.list(r, n), ns, now, api.resource_version())
}

/// The cluster's objects at one resourceVersion, as stored (with status). Build it with
/// [`Snapshot::from_objects`] from whatever the store lists, or fill the vectors directly.
#[derive(Clone, Debug, Default)]
pub struct Snapshot<'a> {
    pub pods: Vec<&'a Object>,
    pub deployments: Vec<&'a Object>,
    pub replicasets: Vec<&'a Object>,
    pub services: Vec<&'a Object>,
    pub endpointslices: Vec<&'a Object>,
    pub configmaps: Vec<&'a Object>,
    pub secrets: Vec<&'a Object>,
    pub nodes: Vec<&'a Object>,
    /// core/v1 Events and events.k8s.io/v1 Events alike.
    pub events: Vec<&'a Object>,
    pub now: SimTime,
    pub rv: u64,
}

impl<'a> Snapshot<'a> {
    pub fn new(now: SimTime, rv: u64) -> Self {
        Snapshot { now, rv, ..Default::default() }
    }

    /// Sorts arbitrary objects into the snapshot by `kind`; kinds the view does not draw are ignored.
    pub fn from_objects(objects: impl IntoIterator<Item = &'a Object>, now: SimTime, rv: u64) -> Self {
        let mut s = Snapshot::new(now, rv);
        for o in objects {
            s.push(o);
        }
        s
    }

    /// Adds one object by its `kind`. Returns false if the view has no use for that kind.
    pub fn push(&mut self, o: &'a Object) -> bool {
        let v = match o.kind() {
            "Pod" => &mut self.pods,
            "Deployment" => &mut self.deployments,
            "ReplicaSet" => &mut self.replicasets,
            "Service" => &mut self.services,
            "EndpointSlice" => &mut self.endpointslices,
            "ConfigMap" => &mut self.configmaps,
            "Secret" => &mut self.secrets,
            "Node" => &mut self.nodes,
            "Event" => &mut self.events,
            _ => return false,
        };
        v.push(o);
        true
    }

    pub(crate) fn find<'b>(list: &'b [&'a Object], ns: &str, name: &str) -> Option<&'a Object> {
        list.iter().copied().find(|o| o.namespace() == ns && o.name() == name)
    }

    pub fn service(&self, ns: &str, name: &str) -> Option<&'a Object> {
        Self::find(&self.services, ns, name)
    }
    pub fn pod(&self, ns: &str, name: &str) -> Option<&'a Object> {
        Self::find(&self.pods, ns, name)
    }
    pub fn configmap(&self, ns: &str, name: &str) -> Option<&'a Object> {
        Self::find(&self.configmaps, ns, name)
    }
    pub fn secret(&self, ns: &str, name: &str) -> Option<&'a Object> {
        Self::find(&self.secrets, ns, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn objects_are_sorted_by_kind() {
        let objs = [
            json!({"kind": "Pod", "metadata": {"name": "p"}}),
            json!({"kind": "Namespace", "metadata": {"name": "default"}}),
            json!({"kind": "Event", "metadata": {"name": "e"}}),
        ];
        let s = Snapshot::from_objects(objs.iter(), SimTime(5), 7);
        assert_eq!((s.pods.len(), s.events.len(), s.now, s.rv), (1, 1, SimTime(5), 7));
    }

    #[test]
    fn collect_lists_each_resource_once() {
        let pod = Arc::new(json!({"kind": "Pod", "metadata": {"name": "p", "namespace": "default"}}));
        let node = Arc::new(json!({"kind": "Node", "metadata": {"name": "node-1"}}));
        let owned = OwnedSnapshot::collect(
            |r, ns| match (r, ns) {
                ("pods", Some("default")) => vec![pod.clone()],
                ("nodes", None) => vec![node.clone()],
                _ => vec![],
            },
            Some("default"),
            SimTime(0),
            3,
        );
        let s = owned.view();
        assert_eq!((s.pods.len(), s.nodes.len(), s.rv), (1, 1, 3));
    }

    #[test]
    fn snapshot_from_an_empty_api_server() {
        let api = ApiServer::new();
        let s = snapshot_from(&api, None, SimTime(0));
        assert!(s.objects.is_empty());
    }
}
