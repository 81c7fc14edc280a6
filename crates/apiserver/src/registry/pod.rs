//! Pod (`pkg/registry/core/pod`): status Pending with its QoS class on create, spec mostly
//! immutable, graceful deletion.

use kubeplay_model::pod::qos_class;
use kubeplay_model::Object;
use serde_json::json;

use super::{Deletion, Strategy};
use crate::defaults;
use crate::validation::{pod, Errs};

pub(crate) struct Pod;
impl Strategy for Pod {
    fn default(&self, obj: &mut Object) {
        defaults::zero_struct(obj, "spec");
    }
    fn prepare_for_create(&self, obj: &mut Object) {
        let qos = qos_class(obj);
        if let Some(m) = obj.as_object_mut() {
            m.insert("status".into(), json!({"phase": "Pending", "qosClass": qos}));
        }
    }
    fn validate(&self, obj: &Object, errs: &mut Errs) {
        pod::pod(obj, errs)
    }
    fn validate_update(&self, new: &Object, old: &Object, errs: &mut Errs) {
        pod::pod_update(new, old, errs)
    }
    fn deletion(&self) -> Deletion {
        Deletion::Graceful
    }
}
