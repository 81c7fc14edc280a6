//! Running work a slice at a time, so a browser can spread one big reconcile (a ReplicaSet
//! creating 500 pods) over several frames instead of blocking the page.
//!
//! Sliced or not, the same work runs in the same order: [`Cluster::advance_until`],
//! [`Cluster::settle`] and [`Cluster::advance`] are these loops with an unlimited budget, and a
//! pause only ever falls between two writes. What a pause leaves behind (the item whose writes are
//! half applied, the instant that is half run) lives in [`WorkState`]; every user request first
//! finishes the half-applied item, so requests never interleave with a controller's writes.

use std::collections::BTreeMap;

use kubeplay_controllers::{Outcome, Reconciled};
use kubeplay_model::write::EventSpec;
use kubeplay_model::{ObjectExt, ObjectRef, ObjectWrite, SimTime};
use kubeplay_node::SyncResult;

use crate::{Cluster, Component};

/// How far a call of [`Cluster::advance_some`] got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// The budget ran out; call again to go on.
    Paused,
    /// Every item due at the current instant has run (watchers poll here).
    Instant,
    /// The clock is at `end` and nothing due by then is left.
    Reached,
}

/// A budget that never runs out.
pub const UNLIMITED: usize = usize::MAX;

/// What a work item does once its writes are in.
enum Then {
    /// A controller: rate-limited retry on failure, optional requeue.
    Reconcile { requeue_after_ms: Option<i64> },
    /// The scheduler, a kubelet or the node lifecycle controller: its next wake-up.
    Sync { wake_at: Option<SimTime> },
}

/// A work item whose writes are being applied.
struct InFlight {
    component: Component,
    key: ObjectRef,
    writes: std::iter::Enumerate<std::vec::IntoIter<ObjectWrite>>,
    /// Per write index: the events to record and the slow-start batch.
    outcomes: BTreeMap<usize, Outcome>,
    /// The first slow-start batch with a failed write: later batches are skipped.
    failed_batch: Option<u32>,
    failed: bool,
    /// Recorded after the writes (taken once recorded).
    events: Vec<EventSpec>,
    then: Then,
}

/// Where sliced work paused.
#[derive(Default)]
pub(crate) struct WorkState {
    inflight: Option<InFlight>,
    /// An instant is being run: items due by `now` are still to be popped.
    instant_open: bool,
    /// Items run in the open instant (capped by `max_items_per_call`).
    instant_items: usize,
    /// The open instant is the settling after a user request: the controller work its writes
    /// cause is due at once, not at the next batch boundary (see `controller_due`).
    pub(crate) settling: bool,
}

impl Cluster {
    /// Goes on towards `end` doing at most `budget` units of work (a unit is one work item or one
    /// write), and says how far it got. This is [`Cluster::advance_until`] cut into slices: call
    /// it until it returns [`Progress::Reached`], polling watchers at each [`Progress::Instant`].
    pub fn advance_some(&mut self, end: SimTime, budget: &mut usize) -> Progress {
        if !self.finish_inflight(budget) {
            return Progress::Paused;
        }
        if !self.work.instant_open {
            match self.next_wakeup() {
                Some(due) if due <= end => {
                    self.now = self.now.max(due);
                    self.open_instant();
                }
                _ => {
                    self.now = self.now.max(end);
                    return Progress::Reached;
                }
            }
        }
        if self.run_instant(budget) {
            Progress::Instant
        } else {
            Progress::Paused
        }
    }

    /// Starts running the work due at the current instant, as [`Cluster::settle`] does; go on with
    /// [`Cluster::advance_some`] (end = now) until it returns anything but `Paused`.
    pub fn begin_settle(&mut self) {
        if !self.work.instant_open {
            self.open_instant();
        }
        self.work.settling = true;
    }

    /// True while sliced work is half done (an item's writes or an instant).
    pub fn mid_work(&self) -> bool {
        self.work.inflight.is_some() || self.work.instant_open
    }

    fn open_instant(&mut self) {
        self.work.instant_open = true;
        self.work.instant_items = 0;
    }

    /// Runs the open instant's items; true when none is left (the instant is closed).
    fn run_instant(&mut self, budget: &mut usize) -> bool {
        let until = self.now;
        loop {
            if *budget == 0 {
                return false;
            }
            if self.work.instant_items >= self.cfg.max_items_per_call {
                break;
            }
            let Some(item) = self.queue.pop_due(until) else { break };
            self.work.instant_items += 1;
            *budget -= 1;
            self.expire_events(item.due);
            self.now = self.now.max(item.due);
            if let Some(f) = self.start_item(item.component, &item.key) {
                self.work.inflight = Some(f);
                if !self.finish_inflight(budget) {
                    return false;
                }
            }
        }
        self.work.instant_open = false;
        self.work.settling = false;
        // Not past work the cap left queued.
        self.expire_events(self.queue.next_due().map_or(until, |d| d.min(until)));
        true
    }

    /// Runs every item due by `until` in (due, seq) order, without pausing.
    pub(crate) fn run_until(&mut self, until: SimTime) {
        self.finish_inflight(&mut UNLIMITED.clone());
        let mut left = self.cfg.max_items_per_call;
        while left > 0 {
            let Some(item) = self.queue.pop_due(until) else { break };
            left -= 1;
            self.expire_events(item.due);
            self.now = self.now.max(item.due);
            if let Some(f) = self.start_item(item.component, &item.key) {
                self.work.inflight = Some(f);
                self.finish_inflight(&mut UNLIMITED.clone());
            }
        }
        // Not past work the budget left queued.
        self.expire_events(self.queue.next_due().map_or(until, |d| d.min(until)));
    }

    /// Runs the item's reconcile or sync; None when there is nothing to apply.
    fn start_item(&mut self, component: Component, key: &ObjectRef) -> Option<InFlight> {
        self.stats.items_processed += 1;
        *self.stats.per_component.entry(component.name()).or_default() += 1;
        let ccfg = &self.cfg.controllers;
        let now = self.now;
        let reconciled = |r: Reconciled| InFlight {
            component,
            key: key.clone(),
            writes: r.writes.into_iter().enumerate(),
            outcomes: r.outcomes.into_iter().map(|o| (o.write, o)).collect(),
            failed_batch: None,
            failed: false,
            events: r.events,
            then: Then::Reconcile { requeue_after_ms: r.requeue_after_ms },
        };
        let api = &self.api;
        if let Some(c) = component.controller() {
            return Some(reconciled((c.reconcile)(key, api, now, ccfg)));
        }
        // The node components: the scheduler, the kubelet and the node lifecycle controller.
        let resource = if component == Component::NodeLifecycle { "nodes" } else { "pods" };
        let obj = api.get(resource, &key.namespace, &key.name).ok()?;
        let r: SyncResult = match component {
            Component::Scheduler => {
                if obj.str_at("spec.nodeName").is_some_and(|n| !n.is_empty()) || obj.is_deleting() {
                    return None;
                }
                self.nodes.schedule(&obj, api, now, &mut self.rng)
            }
            Component::Kubelet => self.nodes.sync_pod(&obj, api, now, &mut self.rng),
            _ => self.nodes.sync_node(&obj, api, now, &mut self.rng),
        };
        Some(InFlight {
            component,
            key: key.clone(),
            writes: r.writes.into_iter().enumerate(),
            outcomes: BTreeMap::new(),
            failed_batch: None,
            failed: false,
            events: r.events,
            then: Then::Sync { wake_at: r.wake_at },
        })
    }

    /// Applies the half-done item's writes within `budget`, then its events and follow-up work.
    /// True when no item is left half done.
    pub(crate) fn finish_inflight(&mut self, budget: &mut usize) -> bool {
        let Some(mut f) = self.work.inflight.take() else { return true };
        // Watch events caused by a work item's writes get batched controller work.
        self.in_work = true;
        while f.writes.len() > 0 {
            if *budget == 0 {
                self.in_work = false;
                self.work.inflight = Some(f);
                return false;
            }
            *budget -= 1;
            if let Some((i, w)) = f.writes.next() {
                self.apply_one(&mut f, i, w);
            }
        }
        for e in std::mem::take(&mut f.events) {
            self.recorder.record(&mut self.api, &mut self.rng, self.now, &e);
        }
        // A ReplicaSet that created 500 pods leaves a thousand watch events to map to work.
        if !self.drain_watch_some(budget) {
            self.in_work = false;
            self.work.inflight = Some(f);
            return false;
        }
        self.in_work = false;
        match f.then {
            Then::Reconcile { requeue_after_ms } => {
                let fk = (f.component, f.key.clone());
                if f.failed {
                    // The controller work queue's rate limiter: 5 ms doubling, capped at 1000 s.
                    let n = self.failures.entry(fk).or_insert(0);
                    *n = (*n + 1).min(30);
                    let delay = (5i64 << (*n - 1).min(20)).min(1_000_000);
                    self.queue.add(f.component, f.key.clone(), self.now.plus_millis(delay));
                } else {
                    self.failures.remove(&fk);
                }
                if let Some(ms) = requeue_after_ms {
                    self.queue.add(f.component, f.key, self.now.plus_millis(ms));
                }
            }
            Then::Sync { wake_at } => {
                if let Some(t) = wake_at {
                    self.queue.add(f.component, f.key, t.max(self.now));
                }
            }
        }
        true
    }

    /// One write of a work item, with the events its outcome asks for.
    fn apply_one(&mut self, f: &mut InFlight, i: usize, w: ObjectWrite) {
        let outcome = f.outcomes.remove(&i);
        let batch = outcome.as_ref().and_then(|o| o.batch);
        if let (Some(b), Some(failed)) = (batch, f.failed_batch) {
            if b > failed {
                return;
            }
        }
        match self.apply_write(w) {
            Ok(obj) => {
                if let Some(mut e) = outcome.and_then(|o| o.on_success) {
                    e.message = e.message.replace("{name}", obj.name());
                    self.recorder.record(&mut self.api, &mut self.rng, self.now, &e);
                }
            }
            Err(err) => {
                if err.reason != "NotFound" {
                    f.failed = true;
                }
                if let Some(mut e) = outcome.and_then(|o| o.on_error) {
                    e.message = e.message.replace("{error}", &err.message);
                    self.recorder.record(&mut self.api, &mut self.rng, self.now, &e);
                }
                if let Some(b) = batch {
                    f.failed_batch = Some(f.failed_batch.map_or(b, |x| x.min(b)));
                }
            }
        }
    }
}
