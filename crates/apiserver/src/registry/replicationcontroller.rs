//! ReplicationController (`pkg/registry/core/replicationcontroller`; stored, not simulated).

use kubeplay_model::Object;

use super::{generic, Strategy};
use crate::defaults;

pub(crate) struct ReplicationController;
impl Strategy for ReplicationController {
    fn default(&self, obj: &mut Object) {
        defaults::zero_struct(obj, "spec");
        defaults::replicas(obj)
    }
    fn prepare_for_create(&self, obj: &mut Object) {
        generic::clear_status(obj)
    }
}
