//! The playground's view model: graph of Deployments, ReplicaSets, Pods, Services and their
//! routing, with layout and explanations.
//!
//! Everything here is a pure function of a [`Snapshot`] (the cluster's objects at one
//! resourceVersion) and returns plain-old-data structs; the UI draws them and holds no
//! Kubernetes logic.

pub mod diagnose;
pub mod endpoints;
pub mod graph;
pub mod hints;
pub mod history;
pub mod layout;
pub mod list;
pub mod paging;
pub mod pod_status;
pub mod refs;
pub mod service_host;
pub mod snapshot;
#[cfg(test)]
mod testutil;
pub mod timeline;
pub mod types;
pub mod util;
pub mod window;

pub use diagnose::{explain_service, ServiceDiagnosis};
pub use graph::build_graph;
pub use hints::{hint_for_diagnostic, hints_for_documents, hints_for_manifest, Hint, HintLevel};
pub use history::{deployment_series, ReplicaHistories, ReplicaHistory, ReplicaPoint, ReplicaSeries};
pub use layout::LayoutState;
pub use list::{list_from_graph, object_list, object_list_in, ListItem};
pub use pod_status::{pod_columns, pod_health, pod_ready_text, pod_restarts, pod_status_text, PodColumns};
pub use service_host::{service_host, ServiceHost};
pub use snapshot::{snapshot_from, OwnedSnapshot, Snapshot};
pub use timeline::{timeline, TimelineFilter, TimelineRow};
pub use types::{EdgeKind, GraphEdge, GraphModel, GraphNode, GraphOptions, Health, Lane, NodeKind};
pub use util::node_id;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
