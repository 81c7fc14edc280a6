//! Deployment (`pkg/registry/apps/deployment`).

use kubeplay_model::object::ObjectExt;
use kubeplay_model::Object;

use super::{generic, Strategy};
use crate::defaults;
use crate::validation::{apps, Errs};

pub(crate) struct Deployment;
impl Strategy for Deployment {
    fn default(&self, obj: &mut Object) {
        defaults::zero_struct(obj, "spec");
        defaults::zero_struct(obj, "spec.template");
        defaults::deployment(obj)
    }
    fn prepare_for_create(&self, obj: &mut Object) {
        generic::clear_status(obj)
    }
    fn validate(&self, obj: &Object, errs: &mut Errs) {
        apps::deployment(obj, errs)
    }
    fn validate_update(&self, new: &Object, old: &Object, errs: &mut Errs) {
        apps::selector_immutable(new, old, errs)
    }
    /// The deployment controller records `deployment.kubernetes.io/revision` through status.
    fn status_keeps_annotations(&self) -> bool {
        true
    }
    /// Annotation changes bump generation too (a rollback is requested through one).
    fn generation_changed(&self, old: &Object, new: &Object) -> bool {
        old.get("spec") != new.get("spec") || old.at("metadata.annotations") != new.at("metadata.annotations")
    }
}
