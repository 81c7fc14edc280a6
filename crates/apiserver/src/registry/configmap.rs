//! ConfigMap (`pkg/registry/core/configmap`).

use kubeplay_model::Object;

use super::Strategy;
use crate::validation::{configmap, Errs};

pub(crate) struct ConfigMap;
impl Strategy for ConfigMap {
    fn validate(&self, obj: &Object, errs: &mut Errs) {
        configmap::configmap(obj, errs)
    }
    fn validate_update(&self, new: &Object, old: &Object, errs: &mut Errs) {
        configmap::immutable_update(new, old, errs)
    }
}
