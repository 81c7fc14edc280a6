//! What a big graph draws: only the nodes near the part of the drawing that is on screen, and
//! the edges touching them. With 2,000 pods drawn the SVG held 20,000 elements and the browser
//! relaid and repainted all of them on every change (about 0.1 s a frame); drawing the visible
//! band plus a screen's height above and below keeps that cost independent of the pod count.
//! Small graphs are drawn whole.

use std::collections::BTreeMap;

use crate::types::{GraphModel, NodeKind};

/// Graphs with more nodes than this draw only the band around what is on screen.
pub const WINDOW_MIN_NODES: usize = 60;

/// The band (graph units, top and bottom) drawn before the UI has measured its viewport.
pub const FIRST_BAND: (f32, f32) = (0.0, 2048.0);

/// Band positions snap to this many graph units, so scrolling inside one step draws nothing new.
const STEP: f32 = 256.0;

/// The band to draw when graph units `top..top + height` are on screen: one screen's height
/// more above and below, snapped outwards to whole steps (so it always covers the screen).
pub fn band_around(top: f32, height: f32) -> (f32, f32) {
    let h = if height.is_finite() && height > 0.0 { height } else { FIRST_BAND.1 };
    let top = if top.is_finite() { top } else { 0.0 };
    let y0 = (((top - h) / STEP).floor() * STEP).max(0.0);
    let y1 = ((top + 2.0 * h) / STEP).ceil() * STEP;
    (y0, y1.max(y0 + STEP))
}

/// Indices into `model.nodes` and `model.edges` to draw: everything when the graph has at most
/// `min_nodes` nodes; otherwise the nodes overlapping `band` (vertically), the edges between
/// them, and every edge of a drawn pod (or pod group) even when its other end is far away. A
/// ReplicaSet or Service on screen does not draw its edges to the 2,000 pods off screen: that
/// fan alone was 4,000 long curves.
pub fn visible(model: &GraphModel, band: (f32, f32), min_nodes: usize) -> (Vec<usize>, Vec<usize>) {
    if model.nodes.len() <= min_nodes {
        return ((0..model.nodes.len()).collect(), (0..model.edges.len()).collect());
    }
    let (y0, y1) = band;
    let nodes: Vec<usize> = (0..model.nodes.len())
        .filter(|&i| model.nodes[i].y + model.nodes[i].h >= y0 && model.nodes[i].y <= y1)
        .collect();
    // Drawn node id → whether it is pod-side.
    let drawn: BTreeMap<&str, bool> = nodes
        .iter()
        .map(|&i| {
            let n = &model.nodes[i];
            (n.id.as_str(), matches!(n.kind, NodeKind::Pod | NodeKind::PodGroup))
        })
        .collect();
    let edges = (0..model.edges.len())
        .filter(|&i| {
            let e = &model.edges[i];
            match (drawn.get(e.from.as_str()), drawn.get(e.to.as_str())) {
                (Some(_), Some(_)) => true,
                (Some(&pod_side), None) | (None, Some(&pod_side)) => pod_side,
                (None, None) => false,
            }
        })
        .collect();
    (nodes, edges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{LayoutState, ROW_H};
    use crate::testutil::*;
    use crate::types::GraphOptions;
    use crate::{build_graph, Snapshot};
    use kubeplay_model::SimTime;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn bands_cover_the_screen_with_a_margin_and_snap() {
        assert_eq!(band_around(0.0, 500.0), (0.0, 1024.0));
        assert_eq!(band_around(1000.0, 500.0), (256.0, 2048.0));
        // Scrolling a little inside one step keeps the band.
        assert_eq!(band_around(1010.0, 500.0), (256.0, 2048.0));
        for top in [0.0, 77.0, 3000.0, 127_000.0] {
            let (a, b) = band_around(top, 400.0);
            assert!(a <= (top - 400.0).max(0.0) && b >= top + 800.0, "{top}: {a}..{b}");
        }
        // Nonsense measurements (a hidden panel) fall back to something sane.
        assert_eq!(band_around(f32::NAN, 0.0), (0.0, 4096.0));
    }

    #[test]
    fn big_graphs_draw_the_band_and_the_edges_touching_it() {
        let mut objs = vec![
            deployment("api", "api", 300, 1, (300, 300, 300, 300)),
            replicaset("api-6b8d9c7f5", "api", "api", 1, 300, 300),
            service("api", json!({"app": "api"}), json!(80)),
        ];
        for i in 0..300 {
            objs.push(pod(&format!("api-6b8d9c7f5-p{i:03}"), "api-6b8d9c7f5", "api", true));
        }
        let s = Snapshot::from_objects(objs.iter(), SimTime(0), 1);
        let opts = GraphOptions {
            expanded_groups: ["PodGroup/default/api-6b8d9c7f5".to_string()].into(),
            pod_page: 1000,
            ..Default::default()
        };
        let g = build_graph(&s, &mut LayoutState::new(), &opts);
        assert_eq!(g.nodes.len(), 303);

        // Everything when the graph is small enough.
        let (n, e) = visible(&g, (0.0, 10.0), 303);
        assert_eq!((n.len(), e.len()), (303, g.edges.len()));

        // The first screens: the Service, Deployment, ReplicaSet and the pods beside them.
        let (n, e) = visible(&g, (0.0, 1024.0), WINDOW_MIN_NODES);
        let pods = n.iter().filter(|&&i| g.nodes[i].kind == NodeKind::Pod).count();
        assert_eq!(pods, 16); // rows at 24, 88, …, 24 + 15 × 64 = 984 ≤ 1024
        assert_eq!(n.len(), 3 + 16);
        // Deployment → ReplicaSet, and the ReplicaSet and Service edges to the drawn pods only.
        assert_eq!(e.len(), 1 + 2 * 16);
        assert!(e.iter().all(|&i| n.iter().any(|&j| g.nodes[j].id == g.edges[i].to)));

        // Far down: only pods, and only their edges.
        let y = 24.0 + 200.0 * ROW_H;
        let (n, e) = visible(&g, (y, y + 10.0 * ROW_H), WINDOW_MIN_NODES);
        assert_eq!(n.len(), 11);
        assert!(n.iter().all(|&i| g.nodes[i].kind == NodeKind::Pod));
        assert_eq!(g.nodes[n[0]].id, "Pod/default/api-6b8d9c7f5-p200");
        // Each drawn pod keeps its edges up to its ReplicaSet and Service.
        assert_eq!(e.len(), 2 * 11);
    }
}
