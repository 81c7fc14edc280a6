//! The pod READY / STATUS / RESTARTS cells (server-side `printPod`, reference §5.5).

use kubeplay_model::{Object, SimTime};

/// The three computed cells of a pod row.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PodSummary {
    /// `1/1`: running-and-ready containers / containers (+ sidecar init containers).
    pub ready: String,
    /// `Running`, `Init:0/1`, `CrashLoopBackOff`, `Terminating`, …
    pub status: String,
    /// `0`, or `3 (41s ago)`.
    pub restarts: String,
}

/// READY, STATUS and RESTARTS of a pod as `kubectl get pods` prints them.
pub fn pod_summary(pod: &Object, now: SimTime) -> PodSummary {
    let _ = (pod, now);
    PodSummary::default()
}
