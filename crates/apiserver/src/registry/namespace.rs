//! Namespace (`pkg/registry/core/namespace`): phase Active and the `kubernetes` finalizer on
//! create, `spec.finalizers` changed only through `finalize`, deletion held by them.

use kubeplay_model::object::ObjectExt;
use kubeplay_model::Object;
use serde_json::json;

use super::{Deletion, Strategy};
use crate::defaults;

pub(crate) struct Namespace;
impl Strategy for Namespace {
    fn default(&self, obj: &mut Object) {
        defaults::namespace(obj)
    }
    fn prepare_for_create(&self, obj: &mut Object) {
        let Some(m) = obj.as_object_mut() else { return };
        m.insert("status".into(), json!({"phase": "Active"}));
        let spec = m.entry("spec").or_insert_with(|| json!({}));
        if !spec.is_object() {
            *spec = json!({});
        }
        if let Some(fins) = spec
            .as_object_mut()
            .and_then(|s| s.entry("finalizers").or_insert_with(|| json!([])).as_array_mut())
        {
            if !fins.iter().any(|f| f == "kubernetes") {
                fins.push(json!("kubernetes"));
            }
        }
    }
    fn prepare_for_update(&self, new: &mut Object, old: &Object) {
        // spec.finalizers only change through `finalize` (allowed here once terminating).
        if !old.is_deleting() {
            if let Some(f) = old.at("spec.finalizers").cloned() {
                *new.at_mut("spec.finalizers") = f;
            }
        }
    }
    fn deletion(&self) -> Deletion {
        Deletion::Finalized
    }
}
