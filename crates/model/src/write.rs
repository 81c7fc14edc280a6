//! What a controller, the scheduler or the kubelet asks the API server to do.
//!
//! Reconcile functions are pure: they read a snapshot of the store and return the writes they
//! intend. The cluster runtime applies them through the same API-server code path a user's
//! `kubectl` takes, so validation, resourceVersion and watch events are never bypassed.

use crate::object::{Object, ObjectRef};

#[derive(Clone, Debug, PartialEq)]
pub enum WriteOp {
    /// Create an object (name or generateName set by the caller).
    Create(Object),
    /// Replace an object; the caller's resourceVersion is checked (optimistic concurrency).
    Update(Object),
    /// Replace only `status` (the status subresource: generation is not bumped).
    UpdateStatus(Object),
    /// A JSON merge patch (RFC 7386) applied to the live object.
    MergePatch { target: ObjectRef, patch: serde_json::Value },
    /// Bind a pod to a node (the `pods/binding` subresource the scheduler uses): sets
    /// `spec.nodeName` even though it is otherwise immutable.
    Bind { target: ObjectRef, node: String },
    /// Delete with an optional grace period and propagation policy
    /// (`Background`, `Foreground`, `Orphan`).
    Delete { target: ObjectRef, grace_period_seconds: Option<i64>, propagation: Option<String> },
}

/// A write together with the component that issues it (its field manager / event source).
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectWrite {
    pub op: WriteOp,
    pub manager: &'static str,
}

/// An event a component records about an object; the cluster's recorder turns it into an
/// `Event` object, deduplicating identical ones (count + lastTimestamp) as client-go does.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSpec {
    /// The involved object (kind, namespace, name, uid, apiVersion are copied from it).
    pub involved: Object,
    /// e.g. `spec.containers{web}` for container events, empty otherwise.
    pub field_path: String,
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    pub reason: String,
    pub message: String,
    /// `deployment-controller`, `replicaset-controller`, `default-scheduler`, `kubelet`, …
    pub component: &'static str,
    /// The node name for kubelet events, empty otherwise.
    pub host: String,
}
