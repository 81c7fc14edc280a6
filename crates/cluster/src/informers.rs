//! Watch events → work items, as the controllers' informer handlers do.
//!
//! Generic, from the controller descriptors: an object triggers every controller that
//! reconciles its resource (Deployment, ReplicaSet, Service → Endpoints and EndpointSlice,
//! Namespace), and every controller that owns its resource through its controller ownerReference
//! (ReplicaSet → its Deployment, Pod → its ReplicaSet), or, for a live orphan, every owner whose
//! selector matches it (adoption). The watches no descriptor expresses are written out here:
//! Pod → the Services selecting it now or before (Endpoints and EndpointSlice), the scheduler
//! (unscheduled) or the kubelet, and the scheduler's retry of pending pods when it is deleted; a
//! deleted Endpoints or EndpointSlice → its Service's controller; Node → node lifecycle and
//! pending pods; any deletion → the garbage collector for its dependents and for owners waiting
//! in the foreground. Event objects map to nothing.

use std::collections::BTreeSet;

use kubeplay_apiserver::{WatchEvent, WatchEventType};
use kubeplay_controllers::endpointslice::SERVICE_NAME_LABEL;
use kubeplay_controllers::garbagecollector::{dependent_resources, FOREGROUND, ORPHAN};
use kubeplay_model::resource::{by_kind, by_plural};
use kubeplay_model::{LabelSelector, Object, ObjectExt, ObjectRef, SimTime};
use serde_json::Value;

use crate::queue::Component;
use crate::Cluster;

fn key(resource: &str, o: &Object) -> ObjectRef {
    ObjectRef::new(resource, o.namespace(), o.name())
}

fn controller_of<'a>(o: &'a Object, kind: &str) -> Option<&'a str> {
    let r = o.controller_ref()?;
    if r.get("kind").and_then(Value::as_str) != Some(kind) {
        return None;
    }
    r.get("name").and_then(Value::as_str)
}

fn selector_of(o: &Object) -> Option<LabelSelector> {
    LabelSelector::from_label_selector(o.at("spec.selector")?).ok().filter(|s| !s.is_empty())
}

/// What the kubelet reacts to on a pod: its spec generation, node and deletion.
pub(crate) fn kubelet_signature(pod: &Object) -> KubeletSignature {
    (
        pod.generation(),
        pod.str_at("spec.nodeName").unwrap_or("").to_string(),
        pod.is_deleting(),
        pod.i64_at("metadata.deletionGracePeriodSeconds"),
    )
}

pub(crate) type KubeletSignature = (i64, String, bool, Option<i64>);

impl Cluster {
    pub(crate) fn handle_watch_event(&mut self, ev: &WatchEvent) {
        let o = &*ev.object;
        let cdue = self.controller_due();
        let deleted = ev.type_ == WatchEventType::Deleted;
        let resource = ev.resource.as_str();
        if resource == "events" {
            return self.recorder.observe(ev, self.now);
        }
        if resource != "pods" {
            self.trigger_reconcilers(resource, o, cdue);
            self.trigger_owners(resource, o, deleted, cdue);
        }
        match resource {
            "pods" => self.pod_event(ev),
            "endpoints" if deleted && self.api.get("services", o.namespace(), o.name()).is_ok() => {
                self.queue.add(
                    Component::Endpoints,
                    ObjectRef::new("services", o.namespace(), o.name()),
                    cdue,
                );
            }
            "endpointslices" if deleted => {
                if let Some(svc) = o.label(SERVICE_NAME_LABEL) {
                    if self.api.get("services", o.namespace(), svc).is_ok() {
                        self.queue.add(
                            Component::EndpointSlice,
                            ObjectRef::new("services", o.namespace(), svc),
                            cdue,
                        );
                    }
                }
            }
            "nodes" => {
                if !deleted {
                    self.queue.add(Component::NodeLifecycle, key("nodes", o), self.now);
                }
                self.retry_pending_pods();
            }
            _ => {}
        }
        self.gc_event(ev);
    }

    /// Every controller that reconciles `resource`, for the object itself (in work-queue order).
    fn trigger_reconcilers(&mut self, resource: &str, o: &Object, due: SimTime) {
        for c in Component::ALL {
            if c.controller().is_some_and(|d| d.reconciles == Some(resource)) {
                self.queue.add(c, key(resource, o), due);
            }
        }
    }

    /// Every controller that owns `resource`: the one named by the object's controller
    /// ownerReference, or, for an orphan still alive, every owner whose selector matches it (the
    /// adoption check).
    fn trigger_owners(&mut self, resource: &str, o: &Object, deleted: bool, due: SimTime) {
        for c in Component::ALL {
            let Some(d) = c.controller().filter(|d| d.owns.contains(&resource)) else { continue };
            let Some(owner) = d.reconciles.and_then(by_plural) else { continue };
            if let Some(name) = controller_of(o, owner.kind) {
                self.queue.add(c, ObjectRef::new(owner.plural, o.namespace(), name), due);
            } else if o.controller_ref().is_none() && !deleted {
                for candidate in self.api.list(owner.plural, Some(o.namespace())) {
                    if selector_of(&candidate).is_some_and(|s| s.matches_object(o)) {
                        self.queue.add(c, key(owner.plural, &candidate), due);
                    }
                }
            }
        }
    }

    fn pod_event(&mut self, ev: &WatchEvent) {
        let o = &*ev.object;
        let now = self.now;
        let cdue = self.controller_due();
        let deleted = ev.type_ == WatchEventType::Deleted;
        let k = key("pods", o);
        let ns = o.namespace().to_string();

        // Its controller (the ReplicaSet), or the ones that may adopt it.
        self.trigger_owners("pods", o, deleted, cdue);

        // Services selecting it now, and those that selected it before (labels may have changed).
        let mut services: BTreeSet<ObjectRef> = self.pod_services.remove(o.uid()).unwrap_or_default();
        let mut now_matching = BTreeSet::new();
        if !deleted {
            for svc in self.api.list("services", Some(&ns)) {
                let sel = svc.at("spec.selector").and_then(Value::as_object).map(LabelSelector::from_map);
                if sel.is_some_and(|s| !s.is_empty() && s.matches_object(o)) {
                    now_matching.insert(key("services", &svc));
                }
            }
        }
        services.extend(now_matching.iter().cloned());
        for s in services {
            self.queue.add(Component::Endpoints, s.clone(), cdue);
            self.queue.add(Component::EndpointSlice, s, cdue);
        }
        if !deleted && !now_matching.is_empty() {
            self.pod_services.insert(o.uid().to_string(), now_matching);
        }

        // Scheduler or kubelet.
        if deleted {
            self.nodes.forget_pod(o.uid());
            self.pending.remove(&k);
            self.kubelet_seen.remove(o.uid());
            self.retry_pending_pods();
            return;
        }
        let unscheduled = o.str_at("spec.nodeName").is_none_or(str::is_empty);
        if unscheduled {
            if o.is_deleting() {
                self.pending.remove(&k);
                return;
            }
            // Status-only changes (the scheduler's own condition) do not re-trigger scheduling.
            let generation = o.generation();
            if self.pending.get(&k) != Some(&generation) {
                self.pending.insert(k.clone(), generation);
                self.queue.add(Component::Scheduler, k, now);
            }
            return;
        }
        self.pending.remove(&k);
        let sig = kubelet_signature(o);
        if self.kubelet_seen.get(o.uid()) != Some(&sig) {
            self.kubelet_seen.insert(o.uid().to_string(), sig);
            self.queue.add(Component::Kubelet, k, now);
        }
    }

    pub(crate) fn retry_pending_pods(&mut self) {
        let now = self.now;
        let keys: Vec<ObjectRef> = self.pending.keys().cloned().collect();
        for k in keys {
            self.queue.add(Component::Scheduler, k, now);
        }
    }

    fn gc_event(&mut self, ev: &WatchEvent) {
        let o = &*ev.object;
        let cdue = self.controller_due();
        let resource = ev.resource.as_str();
        match ev.type_ {
            WatchEventType::Deleted => {
                // Dependents of the deleted object.
                for res in dependent_resources() {
                    for dep in self.api.list_owned_by(res, o.uid()) {
                        self.queue.add(Component::GarbageCollector, key(res, &dep), cdue);
                    }
                }
                // Owners deleting in the foreground wait for this one.
                for r in o.owner_references() {
                    let av = r.get("apiVersion").and_then(Value::as_str).unwrap_or("");
                    let kind = r.get("kind").and_then(Value::as_str).unwrap_or("");
                    let name = r.get("name").and_then(Value::as_str).unwrap_or("");
                    if let Some(rt) = by_kind(av, kind) {
                        let ns = if rt.namespaced { o.namespace() } else { "" };
                        if self.api.get(rt.plural, ns, name).is_ok_and(|x| x.is_deleting()) {
                            self.queue.add(
                                Component::GarbageCollector,
                                ObjectRef::new(rt.plural, ns, name),
                                cdue,
                            );
                        }
                    }
                }
                if !o.namespace().is_empty()
                    && self.api.get("namespaces", "", o.namespace()).is_ok_and(|n| n.is_deleting())
                {
                    self.queue.add(
                        Component::Namespace,
                        ObjectRef::new("namespaces", "", o.namespace()),
                        cdue,
                    );
                }
            }
            WatchEventType::Added | WatchEventType::Modified => {
                let fins = o.finalizers();
                if o.is_deleting() && fins.iter().any(|f| f == FOREGROUND || f == ORPHAN) {
                    self.queue.add(Component::GarbageCollector, key(resource, o), cdue);
                }
                // A new object naming owners: check they exist (dangling references).
                if ev.type_ == WatchEventType::Added && !o.owner_references().is_empty() {
                    self.queue.add(Component::GarbageCollector, key(resource, o), cdue);
                }
            }
        }
    }
}
