//! Pure reconcile functions of the controller manager: Deployment, ReplicaSet, Endpoints,
//! EndpointSlice, garbage collector, namespace.
//!
//! Every controller is one function `reconcile(key, store, now, cfg) -> Reconciled`: it reads the
//! store and returns the writes and events it intends, never mutating anything itself. The
//! cluster runtime (`crates/cluster`) applies the writes in order through the API server,
//! records the events, and re-runs the controller when the watch log says something changed or
//! when `requeue_after_ms` comes due. The file factoring mirrors upstream
//! `pkg/controller/{deployment,replicaset,endpoint,endpointslice,garbagecollector,namespace}`.
//!
//! **Expectations.** Upstream controllers wait for their informers to observe their own writes
//! (`ControllerExpectations`) before acting again. Here the runtime applies every write of a
//! reconcile before it runs any other work item, so the store a controller reads always already
//! contains its previous writes: expectations are satisfied by construction and there is no
//! separate bookkeeping.

pub mod controller_utils;
pub mod deployment;
pub mod endpoints;
pub mod endpointslice;
pub mod garbagecollector;
pub mod namespace;
pub mod podutil;
pub mod replicaset;
#[cfg(test)]
pub(crate) mod testutil;

use kubeplay_model::write::EventSpec;
use kubeplay_model::{ObjectRef, ObjectWrite, SimTime};

pub use kubeplay_model::Store;

/// The field manager of every controller write.
pub const MANAGER: &str = "kube-controller-manager";

/// Realism knobs, defaulting to upstream's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControllerConfig {
    /// ReplicaSet `BurstReplicas`: at most this many creates or deletes per sync.
    pub burst_replicas: i64,
    /// `SlowStartInitialBatchSize`: the first create batch; batches then double.
    pub slow_start_initial_batch_size: i64,
    /// EndpointSlice `--max-endpoints-per-slice`.
    pub max_endpoints_per_slice: usize,
    /// Endpoints `maxCapacity`: addresses beyond this are truncated.
    pub max_endpoints_per_subset: usize,
}

impl Default for ControllerConfig {
    fn default() -> Self {
        ControllerConfig {
            burst_replicas: 500,
            slow_start_initial_batch_size: 1,
            max_endpoints_per_slice: 100,
            max_endpoints_per_subset: 1000,
        }
    }
}

/// What to do once a particular write has been applied.
///
/// Some event messages name what the server generated (`Created pod: web-5d4f-x2kqp`), and
/// slow-start batches stop after the first batch with a failure, so a write can carry
/// follow-ups: `{name}` in the success event's message is replaced by the written object's
/// name, `{error}` in the failure event's message by the API error's message.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Index into `Reconciled::writes`.
    pub write: usize,
    pub on_success: Option<EventSpec>,
    pub on_error: Option<EventSpec>,
    /// Slow-start batch number: when a write of batch `b` fails, every write of a later batch
    /// of the same reconcile is skipped (upstream `slowStartBatch`).
    pub batch: Option<u32>,
}

/// What one reconcile asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reconciled {
    /// Applied in order. A failed write does not stop the others (except slow-start batches).
    pub writes: Vec<ObjectWrite>,
    /// Recorded after the writes, in order.
    pub events: Vec<EventSpec>,
    /// Run this controller for the same key again after this many milliseconds.
    pub requeue_after_ms: Option<i64>,
    pub outcomes: Vec<Outcome>,
}

impl Reconciled {
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty() && self.events.is_empty() && self.requeue_after_ms.is_none()
    }

    pub(crate) fn write(&mut self, op: kubeplay_model::WriteOp) -> usize {
        self.writes.push(ObjectWrite { op, manager: MANAGER });
        self.writes.len() - 1
    }

    pub(crate) fn requeue(&mut self, ms: i64) {
        let ms = ms.max(0);
        self.requeue_after_ms = Some(self.requeue_after_ms.map_or(ms, |r| r.min(ms)));
    }
}

/// An event about `involved` from a controller.
pub(crate) fn event(
    involved: &kubeplay_model::Object,
    type_: &'static str,
    reason: &str,
    message: String,
    component: &'static str,
) -> EventSpec {
    EventSpec {
        involved: involved.into(),
        field_path: String::new(),
        type_,
        reason: reason.to_string(),
        message,
        component,
        host: String::new(),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A controller's pure reconcile function, over any lister.
pub type Reconcile = fn(&ObjectRef, &(dyn Store + 'static), SimTime, &ControllerConfig) -> Reconciled;

/// One controller of the controller manager (upstream's `NewControllerDescriptors`): its name
/// (the event source), the resource whose objects key its work, the kinds it creates and owns,
/// and its reconcile function. The cluster's work queue runs them by this descriptor.
pub struct Controller {
    pub name: &'static str,
    /// Plural of the reconciled resource; `None` for the garbage collector (any kind).
    pub reconciles: Option<&'static str>,
    /// Plurals of the kinds it controls through a controller ownerReference: a change to one
    /// triggers its owner, and an orphan triggers every owner whose selector matches it (adoption).
    pub owns: &'static [&'static str],
    pub reconcile: Reconcile,
}

pub static DEPLOYMENT: Controller = Controller {
    name: "deployment-controller",
    reconciles: Some("deployments"),
    owns: &["replicasets"],
    reconcile: deployment::reconcile::<dyn Store>,
};
pub static REPLICASET: Controller = Controller {
    name: "replicaset-controller",
    reconciles: Some("replicasets"),
    owns: &["pods"],
    reconcile: replicaset::reconcile::<dyn Store>,
};
pub static ENDPOINTS: Controller = Controller {
    name: "endpoint-controller",
    reconciles: Some("services"),
    owns: &[],
    reconcile: endpoints::reconcile::<dyn Store>,
};
pub static ENDPOINTSLICE: Controller = Controller {
    name: "endpointslice-controller",
    reconciles: Some("services"),
    owns: &[],
    reconcile: endpointslice::reconcile::<dyn Store>,
};
pub static GARBAGE_COLLECTOR: Controller = Controller {
    name: "garbage-collector-controller",
    reconciles: None,
    owns: &[],
    reconcile: garbagecollector::reconcile::<dyn Store>,
};
pub static NAMESPACE: Controller = Controller {
    name: "namespace-controller",
    reconciles: Some("namespaces"),
    owns: &[],
    reconcile: namespace::reconcile::<dyn Store>,
};

/// Every controller, in the work queue's order.
pub static CONTROLLERS: &[&Controller] =
    &[&DEPLOYMENT, &REPLICASET, &ENDPOINTS, &ENDPOINTSLICE, &GARBAGE_COLLECTOR, &NAMESPACE];
