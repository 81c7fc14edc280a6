//! The work queue: items ordered by (due time, sequence number), deduplicated per
//! (component, object): an item already queued for the same or an earlier time is not added
//! again; one queued for a later time is moved earlier.

use std::collections::{BTreeMap, BTreeSet};

use kubeplay_controllers::{self as controllers, Controller};
use kubeplay_model::{ObjectRef, SimTime};

/// Who does the work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Component {
    Deployment,
    ReplicaSet,
    Endpoints,
    EndpointSlice,
    GarbageCollector,
    Namespace,
    Scheduler,
    Kubelet,
    NodeLifecycle,
}

/// Simulated kinds no controller reconciles: they are read (ConfigMaps, Secrets,
/// ServiceAccounts), recorded (Events), or written by the controller of another kind
/// (Endpoints and EndpointSlices, by their Service's). A completeness test checks that every
/// simulated kind is reconciled by some component or listed here.
pub const NOT_RECONCILED: &[&str] =
    &["configmaps", "secrets", "serviceaccounts", "events", "endpoints", "endpointslices"];

impl Component {
    /// Every component, in work-queue order.
    pub const ALL: [Component; 9] = [
        Component::Deployment,
        Component::ReplicaSet,
        Component::Endpoints,
        Component::EndpointSlice,
        Component::GarbageCollector,
        Component::Namespace,
        Component::Scheduler,
        Component::Kubelet,
        Component::NodeLifecycle,
    ];

    /// The controller-manager controller this component runs (`None`: a node component).
    pub fn controller(self) -> Option<&'static Controller> {
        match self {
            Component::Deployment => Some(&controllers::DEPLOYMENT),
            Component::ReplicaSet => Some(&controllers::REPLICASET),
            Component::Endpoints => Some(&controllers::ENDPOINTS),
            Component::EndpointSlice => Some(&controllers::ENDPOINTSLICE),
            Component::GarbageCollector => Some(&controllers::GARBAGE_COLLECTOR),
            Component::Namespace => Some(&controllers::NAMESPACE),
            Component::Scheduler | Component::Kubelet | Component::NodeLifecycle => None,
        }
    }

    /// The resource (plural) whose objects key this component's work items; `None` for the
    /// garbage collector, which works on any kind's dependents.
    pub fn reconciles(self) -> Option<&'static str> {
        match self.controller() {
            Some(c) => c.reconciles,
            None if self == Component::NodeLifecycle => Some("nodes"),
            None => Some("pods"),
        }
    }

    pub fn name(self) -> &'static str {
        match (self.controller(), self) {
            (Some(c), _) => c.name,
            (None, Component::Scheduler) => "default-scheduler",
            (None, Component::Kubelet) => "kubelet",
            (None, _) => "node-controller",
        }
    }
}

/// One unit of scheduled work.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct WorkItem {
    pub due: SimTime,
    pub seq: u64,
    pub component: Component,
    pub key: ObjectRef,
}

#[derive(Clone, Debug, Default)]
pub struct WorkQueue {
    items: BTreeSet<WorkItem>,
    index: BTreeMap<(Component, ObjectRef), (SimTime, u64)>,
    seq: u64,
}

impl WorkQueue {
    /// Queues `component` for `key` at `due` unless it is already queued at or before `due`.
    pub fn add(&mut self, component: Component, key: ObjectRef, due: SimTime) {
        let k = (component, key);
        if let Some(&(at, seq)) = self.index.get(&k) {
            if at <= due {
                return;
            }
            self.items.remove(&WorkItem { due: at, seq, component, key: k.1.clone() });
        }
        self.seq += 1;
        self.index.insert(k.clone(), (due, self.seq));
        self.items.insert(WorkItem { due, seq: self.seq, component, key: k.1 });
    }

    pub fn next_due(&self) -> Option<SimTime> {
        self.items.first().map(|i| i.due)
    }

    /// Removes and returns the first item if it is due at or before `until`.
    pub fn pop_due(&mut self, until: SimTime) -> Option<WorkItem> {
        let first = self.items.first()?;
        if first.due > until {
            return None;
        }
        let item = self.items.pop_first()?;
        self.index.remove(&(item.component, item.key.clone()));
        Some(item)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The queued items in processing order (for the UI's timeline and for tests).
    pub fn items(&self) -> impl Iterator<Item = &WorkItem> {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn dedups_and_moves_earlier() {
        let mut q = WorkQueue::default();
        let k = ObjectRef::new("deployments", "default", "web");
        q.add(Component::Deployment, k.clone(), SimTime(10));
        q.add(Component::Deployment, k.clone(), SimTime(20));
        assert_eq!(q.len(), 1);
        q.add(Component::Deployment, k.clone(), SimTime(5));
        assert_eq!(q.len(), 1);
        assert_eq!(q.next_due(), Some(SimTime(5)));
        q.add(Component::ReplicaSet, k.clone(), SimTime(5));
        assert_eq!(q.pop_due(SimTime(4)), None);
        assert_eq!(q.pop_due(SimTime(5)).map(|i| i.component), Some(Component::Deployment));
        assert_eq!(q.pop_due(SimTime(5)).map(|i| i.component), Some(Component::ReplicaSet));
        assert!(q.is_empty());
    }
}
