//! Whether a pod is an endpoint of a Service, and a ready one (spec §7.3), computed from the pod
//! or read from the Service's EndpointSlices when they exist.

use std::collections::BTreeMap;

use kubeplay_model::{Object, ObjectExt};
use serde_json::Value;

use crate::pod_status::{pod_is_ready, pod_is_terminal};
use crate::snapshot::Snapshot;
use crate::util::{arr, find_port, str_at, target_port};

/// Why a selected pod is or is not a (ready) endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointState {
    Ready,
    /// Listed, but not ready (not Ready, or terminating).
    NotReady,
    /// Succeeded or Failed: never an endpoint.
    Terminal,
    /// No pod IP yet (not scheduled or sandbox not ready).
    NoIp,
    /// Every Service port names a targetPort the pod does not declare.
    NoPort,
}

impl EndpointState {
    pub fn is_ready(&self) -> bool {
        *self == EndpointState::Ready
    }
}

/// The endpoint state of `pod` for `svc`, from the pod itself (the endpoints controller's rules).
pub fn endpoint_state(svc: &Value, pod: &Object) -> EndpointState {
    endpoint_state_of(
        svc,
        pod,
        pod_is_terminal(pod),
        !str_at(pod, "status.podIP").is_empty(),
        pod_is_ready(pod),
        pod.is_deleting(),
    )
}

/// [`endpoint_state`] with the pod's facts already read.
pub(crate) fn endpoint_state_of(
    svc: &Value,
    pod: &Object,
    terminal: bool,
    has_ip: bool,
    ready: bool,
    deleting: bool,
) -> EndpointState {
    if terminal {
        return EndpointState::Terminal;
    }
    if !has_ip {
        return EndpointState::NoIp;
    }
    let ports = arr(svc, "spec.ports");
    if !ports.is_empty()
        && !ports.iter().any(|p| {
            find_port(pod, &target_port(p), p.get("protocol").and_then(Value::as_str).unwrap_or("TCP"))
                .is_some()
        })
    {
        return EndpointState::NoPort;
    }
    let publish = svc.bool_at("spec.publishNotReadyAddresses").unwrap_or(false);
    if publish || (ready && !deleting) {
        EndpointState::Ready
    } else {
        EndpointState::NotReady
    }
}

/// Pod name → ready, from the Service's EndpointSlices; None when the Service has no slice.
pub fn slice_readiness(s: &Snapshot, ns: &str, svc: &str) -> Option<BTreeMap<String, bool>> {
    let mut found = false;
    let mut out = BTreeMap::new();
    for sl in &s.endpointslices {
        if sl.namespace() != ns || sl.label("kubernetes.io/service-name") != Some(svc) {
            continue;
        }
        found = true;
        for e in arr(sl, "endpoints") {
            if str_at(e, "targetRef.kind") != "Pod" {
                continue;
            }
            // A nil `ready` is interpreted as ready (discovery/v1 EndpointConditions).
            let ready = e.bool_at("conditions.ready").unwrap_or(true);
            let slot = out.entry(str_at(e, "targetRef.name").to_string()).or_insert(false);
            *slot |= ready;
        }
    }
    found.then_some(out)
}

/// Number of endpoints listed in the Service's slices (for selector-less Services).
pub fn slice_endpoint_count(s: &Snapshot, ns: &str, svc: &str) -> usize {
    s.endpointslices
        .iter()
        .filter(|sl| sl.namespace() == ns && sl.label("kubernetes.io/service-name") == Some(svc))
        .map(|sl| arr(sl, "endpoints").len())
        .sum()
}
