//! CronJob (`pkg/registry/batch/cronjob`; stored, not simulated).

use kubeplay_model::Object;

use super::{generic, Strategy};
use crate::defaults;

pub(crate) struct CronJob;
impl Strategy for CronJob {
    fn default(&self, obj: &mut Object) {
        defaults::zero_struct(obj, "spec");
        defaults::cronjob(obj)
    }
    fn prepare_for_create(&self, obj: &mut Object) {
        generic::clear_status(obj)
    }
}
