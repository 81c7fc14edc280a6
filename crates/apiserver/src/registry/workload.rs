//! StatefulSet and DaemonSet (`pkg/registry/apps/{statefulset,daemonset}`; stored, not
//! simulated): one strategy shape, each kind with its own defaults.

use kubeplay_model::Object;

use super::{generic, Strategy};
use crate::defaults;
use crate::validation::{apps, Errs};

/// A stored apps/v1 workload: its defaults, status cleared on create, selector and template
/// validated, selector immutable.
pub(crate) struct Workload {
    defaults: fn(&mut Object),
}

pub(crate) static STATEFULSET: Workload = Workload { defaults: defaults::statefulset };
pub(crate) static DAEMONSET: Workload = Workload { defaults: defaults::daemonset };

impl Strategy for Workload {
    fn default(&self, obj: &mut Object) {
        defaults::zero_struct(obj, "spec");
        defaults::zero_struct(obj, "spec.template");
        (self.defaults)(obj)
    }
    fn prepare_for_create(&self, obj: &mut Object) {
        generic::clear_status(obj)
    }
    fn validate(&self, obj: &Object, errs: &mut Errs) {
        apps::workload(obj, errs)
    }
    fn validate_update(&self, new: &Object, old: &Object, errs: &mut Errs) {
        apps::selector_immutable(new, old, errs)
    }
}
