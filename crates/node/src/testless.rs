//! A store with nothing in it, for code paths that never read the API (exec probes).

use std::sync::Arc;

use kubeplay_model::Object;

use crate::Store;

pub struct NoStore;

impl Store for NoStore {
    fn get(&self, _: &str, _: &str, _: &str) -> Option<Arc<Object>> {
        None
    }
    fn list(&self, _: &str, _: Option<&str>) -> Vec<Arc<Object>> {
        Vec::new()
    }
}
