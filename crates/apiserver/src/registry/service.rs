//! Service (`pkg/registry/core/service`): defaults, an empty load-balancer status on create.
//! (ClusterIP and NodePort allocation is the API server's, in `services.rs`.)

use kubeplay_model::Object;
use serde_json::json;

use super::Strategy;
use crate::defaults;
use crate::validation::{service, Errs};

pub(crate) struct Service;
impl Strategy for Service {
    fn default(&self, obj: &mut Object) {
        defaults::zero_struct(obj, "spec");
        defaults::service(obj)
    }
    fn prepare_for_create(&self, obj: &mut Object) {
        if let Some(m) = obj.as_object_mut() {
            m.insert("status".into(), json!({"loadBalancer": {}}));
        }
    }
    fn validate(&self, obj: &Object, errs: &mut Errs) {
        service::service(obj, errs)
    }
    fn validate_update(&self, new: &Object, old: &Object, errs: &mut Errs) {
        service::service_update(new, old, errs)
    }
}
