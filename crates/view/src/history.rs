//! Replica counts over time for a Deployment chart.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use kubeplay_model::{Object, ObjectExt, SimTime};

use crate::snapshot::Snapshot;
use crate::util::{i64_at, spec_replicas};

/// One sample of a Deployment's replica counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplicaPoint {
    pub t: SimTime,
    pub desired: i64,
    pub updated: i64,
    pub ready: i64,
    pub available: i64,
}

/// A bounded history of one Deployment's counts: only changes are stored.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaHistory {
    capacity: usize,
    points: VecDeque<ReplicaPoint>,
    last_t: Option<SimTime>,
}

impl ReplicaHistory {
    pub fn new(capacity: usize) -> Self {
        ReplicaHistory { capacity: capacity.max(2), points: VecDeque::new(), last_t: None }
    }
    /// Records the Deployment's counts at `now`. Unchanged counts only extend the last sample;
    /// time going backwards (a replay from the start) clears the history.
    pub fn push(&mut self, now: SimTime, deployment: &Object) {
        let p = ReplicaPoint {
            t: now,
            desired: spec_replicas(deployment),
            updated: i64_at(deployment, "status.updatedReplicas"),
            ready: i64_at(deployment, "status.readyReplicas"),
            available: i64_at(deployment, "status.availableReplicas"),
        };
        if self.last_t.is_some_and(|t| now < t) {
            self.points.clear();
        }
        self.last_t = Some(now);
        if let Some(last) = self.points.back() {
            if (last.desired, last.updated, last.ready, last.available)
                == (p.desired, p.updated, p.ready, p.available)
            {
                return;
            }
        }
        self.points.push_back(p);
        while self.points.len() > self.capacity {
            self.points.pop_front();
        }
    }
    /// The samples, oldest first, ending with one at the latest push time.
    pub fn points(&self) -> Vec<ReplicaPoint> {
        let mut out: Vec<ReplicaPoint> = self.points.iter().copied().collect();
        if let (Some(last), Some(t)) = (out.last().copied(), self.last_t) {
            if t > last.t {
                out.push(ReplicaPoint { t, ..last });
            }
        }
        out
    }
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

/// One history per Deployment (`<namespace>/<name>`), fed a whole snapshot per tick.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ReplicaHistories {
    pub capacity: usize,
    pub by_deployment: BTreeMap<String, ReplicaHistory>,
}

impl ReplicaHistories {
    pub fn new(capacity: usize) -> Self {
        ReplicaHistories { capacity, by_deployment: BTreeMap::new() }
    }
    /// Samples every Deployment of the snapshot; forgets Deployments that are gone.
    pub fn push_snapshot(&mut self, s: &Snapshot) {
        let mut present = BTreeSet::new();
        for d in &s.deployments {
            let key = format!("{}/{}", d.namespace(), d.name());
            let cap = self.capacity;
            self.by_deployment.entry(key.clone()).or_insert_with(|| ReplicaHistory::new(cap)).push(s.now, d);
            present.insert(key);
        }
        self.by_deployment.retain(|k, _| present.contains(k));
    }
    pub fn get(&self, ns: &str, name: &str) -> Option<&ReplicaHistory> {
        self.by_deployment.get(&format!("{ns}/{name}"))
    }
}

/// Step-line polylines for a chart `width` × `height` (y grows downwards, 0 at the top).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ReplicaSeries {
    pub desired: Vec<(f32, f32)>,
    pub updated: Vec<(f32, f32)>,
    pub ready: Vec<(f32, f32)>,
    pub available: Vec<(f32, f32)>,
    /// The value at the top of the y axis.
    pub y_max: i64,
    pub t_start: SimTime,
    pub t_end: SimTime,
}

/// Scales a history into step lines for a `width` × `height` chart.
pub fn deployment_series(h: &ReplicaHistory, width: f32, height: f32) -> ReplicaSeries {
    let pts = h.points();
    let (Some(first), Some(last)) = (pts.first(), pts.last()) else { return ReplicaSeries::default() };
    let span = (last.t.millis() - first.t.millis()).max(1) as f32;
    let y_max =
        pts.iter().map(|p| p.desired.max(p.updated).max(p.ready).max(p.available)).max().unwrap_or(0).max(1);
    let x = |t: SimTime| (t.millis() - first.t.millis()) as f32 / span * width;
    let y = |v: i64| height - v.max(0) as f32 / y_max as f32 * height;
    let line = |f: fn(&ReplicaPoint) -> i64| {
        let mut out: Vec<(f32, f32)> = Vec::with_capacity(pts.len() * 2);
        for (i, p) in pts.iter().enumerate() {
            if i > 0 {
                // Step: hold the previous value until this sample's time.
                out.push((x(p.t), y(f(&pts[i - 1]))));
            }
            out.push((x(p.t), y(f(p))));
        }
        out.dedup();
        // Drop the middle of three points on one horizontal or vertical run.
        let mut simple: Vec<(f32, f32)> = Vec::with_capacity(out.len());
        for q in out {
            if let [.., a, b] = simple.as_slice() {
                if (a.1 == b.1 && b.1 == q.1) || (a.0 == b.0 && b.0 == q.0) {
                    simple.pop();
                }
            }
            simple.push(q);
        }
        simple
    };
    ReplicaSeries {
        desired: line(|p| p.desired),
        updated: line(|p| p.updated),
        ready: line(|p| p.ready),
        available: line(|p| p.available),
        y_max,
        t_start: first.t,
        t_end: last.t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn dep(desired: i64, updated: i64, ready: i64, available: i64) -> Object {
        json!({"kind": "Deployment", "metadata": {"name": "web", "namespace": "default"},
            "spec": {"replicas": desired},
            "status": {"updatedReplicas": updated, "readyReplicas": ready, "availableReplicas": available}})
    }

    #[test]
    fn ring_buffer_keeps_changes_and_extends_the_last() {
        let mut h = ReplicaHistory::new(3);
        h.push(SimTime(0), &dep(3, 0, 0, 0));
        h.push(SimTime(1000), &dep(3, 0, 0, 0));
        h.push(SimTime(2000), &dep(3, 1, 1, 1));
        let p = h.points();
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].t, p[1].t, p[1].updated), (SimTime(0), SimTime(2000), 1));
        h.push(SimTime(3000), &dep(3, 2, 2, 2));
        h.push(SimTime(4000), &dep(3, 3, 3, 3));
        h.push(SimTime(9000), &dep(3, 3, 3, 3));
        let p = h.points();
        // Capacity 3: the oldest change fell out; a final sample marks "still 3 at t=9s".
        assert_eq!(
            p.iter().map(|p| (p.t.millis(), p.available)).collect::<Vec<_>>(),
            vec![(2000, 1), (3000, 2), (4000, 3), (9000, 3)]
        );
        // Time going backwards (replay) starts over.
        h.push(SimTime(0), &dep(1, 0, 0, 0));
        assert_eq!(h.points().len(), 1);
    }

    #[test]
    fn series_are_step_lines_scaled_to_the_chart() {
        let mut h = ReplicaHistory::new(10);
        h.push(SimTime(0), &dep(2, 0, 0, 0));
        h.push(SimTime(5000), &dep(2, 1, 1, 1));
        h.push(SimTime(10000), &dep(2, 2, 2, 2));
        let s = deployment_series(&h, 100.0, 50.0);
        assert_eq!(s.y_max, 2);
        assert_eq!(s.desired, vec![(0.0, 0.0), (100.0, 0.0)]);
        assert_eq!(s.available, vec![(0.0, 50.0), (50.0, 50.0), (50.0, 25.0), (100.0, 25.0), (100.0, 0.0)]);
        assert_eq!((s.t_start, s.t_end), (SimTime(0), SimTime(10000)));
        assert_eq!(deployment_series(&ReplicaHistory::new(4), 1.0, 1.0), ReplicaSeries::default());
    }

    #[test]
    fn histories_follow_the_snapshot() {
        let d = dep(1, 1, 1, 1);
        let mut hs = ReplicaHistories::new(16);
        hs.push_snapshot(&Snapshot::from_objects([&d], SimTime(0), 1));
        assert_eq!(hs.get("default", "web").map(|h| h.points().len()), Some(1));
        hs.push_snapshot(&Snapshot::new(SimTime(1000), 2));
        assert!(hs.get("default", "web").is_none());
    }
}
