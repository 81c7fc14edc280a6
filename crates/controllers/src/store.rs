//! Read access to the object store, as the controllers' listers see it.

use std::sync::Arc;

use kubeplay_apiserver::ApiServer;
use kubeplay_model::{LabelSelector, Object};

/// What the controllers read. Implemented by the API server; tests use a small in-memory map.
pub trait Store {
    fn get(&self, resource: &str, ns: &str, name: &str) -> Option<Arc<Object>>;
    /// `None` = all namespaces; sorted by (namespace, name).
    fn list(&self, resource: &str, ns: Option<&str>) -> Vec<Arc<Object>>;
    fn list_selected(&self, resource: &str, ns: Option<&str>, sel: &LabelSelector) -> Vec<Arc<Object>>;
    /// Objects whose *controller* ownerReference has this uid.
    fn list_owned_by(&self, resource: &str, owner_uid: &str) -> Vec<Arc<Object>>;
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
}
