//! Job (`pkg/registry/batch/job`; stored, not simulated).

use kubeplay_model::object::ObjectExt;
use kubeplay_model::Object;

use super::{generic, Strategy};
use crate::defaults;

pub(crate) struct Job;
impl Strategy for Job {
    fn default(&self, obj: &mut Object) {
        defaults::zero_struct(obj, "spec");
        defaults::zero_struct(obj, "spec.template");
        defaults::job(obj.at_mut("spec"))
    }
    fn prepare_for_create(&self, obj: &mut Object) {
        generic::clear_status(obj)
    }
}
