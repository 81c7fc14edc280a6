//! Endpoints (`pkg/registry/core/endpoint`): port protocols default to TCP.

use kubeplay_model::Object;

use super::Strategy;
use crate::defaults;

pub(crate) struct Endpoints;
impl Strategy for Endpoints {
    fn default(&self, obj: &mut Object) {
        defaults::endpoints(obj)
    }
}
