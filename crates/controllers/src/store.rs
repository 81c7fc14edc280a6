//! Read access to the object store, as the controllers' listers see it.

use std::sync::Arc;

use kubeplay_apiserver::pod_index::{self, GroupSummary};
use kubeplay_apiserver::ApiServer;
use kubeplay_model::pod::controller_uid;
use kubeplay_model::{LabelSelector, Object, SimTime};

/// What the controllers read. Implemented by the API server; tests use a small in-memory map.
pub trait Store {
    fn get(&self, resource: &str, ns: &str, name: &str) -> Option<Arc<Object>>;
    /// `None` = all namespaces; sorted by (namespace, name).
    fn list(&self, resource: &str, ns: Option<&str>) -> Vec<Arc<Object>>;
    fn list_selected(&self, resource: &str, ns: Option<&str>, sel: &LabelSelector) -> Vec<Arc<Object>>;
    /// Objects whose *controller* ownerReference has this uid.
    fn list_owned_by(&self, resource: &str, owner_uid: &str) -> Vec<Arc<Object>>;
    /// The pods this uid controls, counted per label set at `now` (an index in the API server;
    /// computed from the list here).
    fn owned_pod_summary(&self, owner_uid: &str, min_ready_seconds: i64, now: SimTime) -> Vec<GroupSummary> {
        let pods = self.list_owned_by("pods", owner_uid);
        pod_index::summarize(
            &pod_index::owner_groups_from_pods(pods.iter().map(|p| &**p)),
            min_ready_seconds,
            now,
        )
    }
    /// Pods in `ns` without a controller ownerReference.
    fn orphan_pods(&self, ns: &str) -> Vec<Arc<Object>> {
        self.list("pods", Some(ns)).into_iter().filter(|p| controller_uid(p).is_none()).collect()
    }
}

impl Store for ApiServer {
    fn get(&self, resource: &str, ns: &str, name: &str) -> Option<Arc<Object>> {
        ApiServer::get(self, resource, ns, name).ok()
    }
    fn list(&self, resource: &str, ns: Option<&str>) -> Vec<Arc<Object>> {
        ApiServer::list(self, resource, ns)
    }
    fn list_selected(&self, resource: &str, ns: Option<&str>, sel: &LabelSelector) -> Vec<Arc<Object>> {
        ApiServer::list_selected(self, resource, ns, sel)
    }
    fn list_owned_by(&self, resource: &str, owner_uid: &str) -> Vec<Arc<Object>> {
        ApiServer::list_owned_by(self, resource, owner_uid)
    }
    fn owned_pod_summary(&self, owner_uid: &str, min_ready_seconds: i64, now: SimTime) -> Vec<GroupSummary> {
        ApiServer::owned_pod_summary(self, owner_uid, min_ready_seconds, now)
    }
    fn orphan_pods(&self, ns: &str) -> Vec<Arc<Object>> {
        ApiServer::orphan_pods(self, ns)
    }
}
