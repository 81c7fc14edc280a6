//! The in-memory API server: storage, resourceVersion, defaulting, validation,
//! create/update/patch/delete, ClusterIP/NodePort allocation and the watch log.
//!
//! Every write from anyone (user, controller, scheduler, kubelet) goes through [`ApiServer`]; there
//! is no back door into the store. Objects are shared as `Arc<Object>` between the store, the
//! watch log and readers, so a write never clones the store.

// The contract returns `kubeplay_model::ApiError` by value (it is metav1.Status-shaped and
// rendered by kubectl); boxing it would change every caller's signature.
#![allow(clippy::result_large_err)]

mod admission;
mod allocator;
mod create;
mod defaults;
mod delete;
mod gostring;
pub mod patch;
#[cfg(test)]
mod pod_index_tests;
mod quantity;
mod registry;
mod services;
mod store;
#[cfg(test)]
mod testutil;
mod update;
mod validation;

use std::sync::Arc;

use kubeplay_model::{Object, SimRng, SimTime};

/// Secret data's base64, where kubectl's generators have long found it.
pub use kubeplay_model::base64;
pub use registry::has_strategy;
pub use store::ApiServer;

/// Who writes, and when: the virtual clock, the cluster's one random stream, the field manager.
pub struct Ctx<'a> {
    pub now: SimTime,
    pub rng: &'a mut SimRng,
    pub manager: &'a str,
    pub dry_run: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchType {
    Strategic,
    Merge,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Propagation {
    Background,
    Foreground,
    Orphan,
}

impl Propagation {
    /// `Background` / `Foreground` / `Orphan` as `metav1.DeletionPropagation` spells them.
    pub fn parse(s: &str) -> Option<Propagation> {
        match s {
            "Background" | "background" => Some(Propagation::Background),
            "Foreground" | "foreground" => Some(Propagation::Foreground),
            "Orphan" | "orphan" => Some(Propagation::Orphan),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct DeleteOptions {
    pub grace_period_seconds: Option<i64>,
    pub propagation: Option<Propagation>,
    pub dry_run: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchEventType {
    Added,
    Modified,
    Deleted,
}

/// One change in the watch log: the object after the change and the revision it got.
#[derive(Clone, Debug)]
pub struct WatchEvent {
    pub type_: WatchEventType,
    /// The plural resource name (`pods`, `deployments`, …).
    pub resource: String,
    pub object: Arc<Object>,
    pub rv: u64,
}

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
