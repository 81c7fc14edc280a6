//! Node (`pkg/registry/core/node`): allocatable defaults to capacity, both decoded as quantities.

use kubeplay_model::Object;

use super::Strategy;
use crate::defaults;

pub(crate) struct Node;
impl Strategy for Node {
    fn default(&self, obj: &mut Object) {
        defaults::node(obj)
    }
    fn quantity_maps(&self) -> &'static [&'static str] {
        &["status.capacity", "status.allocatable"]
    }
}
