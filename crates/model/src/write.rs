//! What a controller, the scheduler or the kubelet asks the API server to do.
//!
//! Reconcile functions are pure: they read a snapshot of the store and return the writes they
//! intend. The cluster runtime applies them through the same API-server code path a user's
//! `kubectl` takes, so validation, resourceVersion and watch events are never bypassed.

use crate::object::{Object, ObjectExt, ObjectRef};

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
    /// The involved object (kind, namespace, name, uid, apiVersion, resourceVersion).
    pub involved: InvolvedObject,
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

/// What an Event's `involvedObject` records of an object: its identity, not a copy of it (a
/// controller creating 500 pods records 500 events about one ReplicaSet).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvolvedObject {
    pub api_version: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub resource_version: String,
}

impl InvolvedObject {
    pub fn of(obj: &Object) -> InvolvedObject {
        InvolvedObject {
            api_version: obj.api_version().to_string(),
            kind: obj.kind().to_string(),
            namespace: obj.namespace().to_string(),
            name: obj.name().to_string(),
            uid: obj.uid().to_string(),
            resource_version: obj.resource_version().to_string(),
        }
    }
    pub fn api_version(&self) -> &str {
        &self.api_version
    }
    pub fn kind(&self) -> &str {
        &self.kind
    }
    pub fn namespace(&self) -> &str {
        &self.namespace
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn uid(&self) -> &str {
        &self.uid
    }
    pub fn resource_version(&self) -> &str {
        &self.resource_version
    }
}

impl From<&Object> for InvolvedObject {
    fn from(obj: &Object) -> InvolvedObject {
        InvolvedObject::of(obj)
    }
}
