//! The generic store's strategy, for kinds the playground only stores.

use kubeplay_model::Object;
use serde_json::json;

use super::Strategy;

/// Stored as written: metadata validation only.
pub(crate) struct Generic;
impl Strategy for Generic {}

/// Stored kinds whose PrepareForCreate clears status (HPA, PDB, PVC strategies).
pub(crate) struct ClearsStatus;
impl Strategy for ClearsStatus {
    fn prepare_for_create(&self, obj: &mut Object) {
        if let Some(m) = obj.as_object_mut() {
            m.insert("status".into(), json!({}));
        }
    }
}

/// Custom resources: generation moves on any change outside metadata and status.
pub(crate) struct Custom;
impl Strategy for Custom {
    fn generation_changed(&self, old: &Object, new: &Object) -> bool {
        let strip = |o: &Object| {
            let mut m = o.as_object().cloned().unwrap_or_default();
            m.remove("metadata");
            m.remove("status");
            m
        };
        strip(old) != strip(new)
    }
}

/// PrepareForCreate of the workload strategies: status starts empty.
pub(crate) fn clear_status(obj: &mut Object) {
    ClearsStatus.prepare_for_create(obj)
}
