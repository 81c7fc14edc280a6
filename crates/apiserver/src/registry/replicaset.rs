//! ReplicaSet (`pkg/registry/apps/replicaset`).

use kubeplay_model::Object;

use super::{generic, Strategy};
use crate::defaults;
use crate::validation::{apps, Errs};

pub(crate) struct ReplicaSet;
impl Strategy for ReplicaSet {
    fn default(&self, obj: &mut Object) {
        defaults::zero_struct(obj, "spec");
        defaults::zero_struct(obj, "spec.template");
        defaults::replicas(obj)
    }
    fn prepare_for_create(&self, obj: &mut Object) {
        generic::clear_status(obj)
    }
    fn validate(&self, obj: &Object, errs: &mut Errs) {
        apps::replicaset(obj, errs)
    }
    fn validate_update(&self, new: &Object, old: &Object, errs: &mut Errs) {
        apps::selector_immutable(new, old, errs)
    }
    fn status_keeps_annotations(&self) -> bool {
        true
    }
}
