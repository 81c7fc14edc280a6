//! Secret (`pkg/registry/core/secret`): type Opaque, stringData merged into data.

use kubeplay_model::Object;

use super::Strategy;
use crate::defaults;
use crate::validation::{configmap, Errs};

pub(crate) struct Secret;
impl Strategy for Secret {
    fn default(&self, obj: &mut Object) {
        defaults::secret(obj)
    }
    fn validate(&self, obj: &Object, errs: &mut Errs) {
        configmap::secret(obj, errs)
    }
    fn validate_update(&self, new: &Object, old: &Object, errs: &mut Errs) {
        configmap::immutable_update(new, old, errs)
    }
}
