//! Stable layout: columns (Services | Deployments | ReplicaSets | Pods | ConfigMaps/Secrets),
//! rows grouped by app. Existing items keep their slot, new items append, removed items leave a
//! gap that compacts only when the group shrinks (or on [`LayoutState::relayout`]).

use std::collections::{BTreeMap, BTreeSet};

use kubeplay_model::ObjectExt;

use crate::snapshot::Snapshot;
use crate::types::{GraphNode, GraphOptions, Health, Lane, NodeKind};
use crate::util::{condition, str_at};

pub const NODE_W: f32 = 176.0;
pub const NODE_H: f32 = 52.0;
/// Horizontal distance between column starts.
pub const COL_W: f32 = 232.0;
/// Vertical distance between rows.
pub const ROW_H: f32 = 64.0;
/// Extra space between app groups.
pub const GROUP_GAP: f32 = 28.0;
pub const MARGIN: f32 = 24.0;
/// Width of one Node lane in the pods column.
pub const LANE_W: f32 = 200.0;
/// Name of the lane for pods not (or no longer) on a known Node.
pub const UNSCHEDULED_LANE: &str = "(unscheduled)";

const COLUMNS: usize = 5;

/// Layout columns.
pub(crate) const COL_SERVICE: usize = 0;
pub(crate) const COL_DEPLOYMENT: usize = 1;
pub(crate) const COL_REPLICASET: usize = 2;
pub(crate) const COL_POD: usize = 3;
pub(crate) const COL_CONFIG: usize = 4;

/// A node before placement: which row group and column it belongs to, and its order key.
pub(crate) struct Pending {
    pub node: GraphNode,
    pub group: String,
    pub col: usize,
    pub sort: String,
}

/// Remembered group order and slots, carried from one `build_graph` call to the next (and,
/// to spare work, what was read from each pod at its current resourceVersion).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayoutState {
    pub(crate) groups: Vec<String>,
    pub(crate) slots: BTreeMap<String, GroupSlots>,
    /// Pod uid → facts read from it (see `pod_status::PodDerived`).
    pub(crate) pods: BTreeMap<String, std::rc::Rc<crate::pod_status::PodDerived>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct GroupSlots {
    pub(crate) columns: [Vec<Option<String>>; COLUMNS],
    /// The group's height (largest live count over its columns) at the last compaction.
    pub(crate) baseline: usize,
    /// Not laid out yet.
    pub(crate) fresh: bool,
}

impl GroupSlots {
    fn rows_raw(&self) -> usize {
        self.columns.iter().map(Vec::len).max().unwrap_or(0)
    }
    fn compact(&mut self) {
        for c in &mut self.columns {
            c.retain(Option::is_some);
        }
    }
    fn rows(&self) -> usize {
        self.columns.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }
}

impl LayoutState {
    pub fn new() -> Self {
        LayoutState::default()
    }
    /// Forget every remembered position: the next build lays everything out afresh.
    pub fn relayout(&mut self) {
        *self = LayoutState::default();
    }
    /// The app groups in display order (`<namespace>/<app>`).
    pub fn groups(&self) -> &[String] {
        &self.groups
    }
}

pub(crate) struct Placed {
    pub nodes: Vec<GraphNode>,
    pub lanes: Vec<Lane>,
    pub width: f32,
    pub height: f32,
}

/// Updates `state` with the pending nodes and gives every node its position.
pub(crate) fn place(
    state: &mut LayoutState,
    pending: Vec<Pending>,
    s: &Snapshot,
    opts: &GraphOptions,
) -> Placed {
    // Bucket by group and column.
    let mut buckets: BTreeMap<&str, [Vec<usize>; COLUMNS]> = BTreeMap::new();
    for (i, p) in pending.iter().enumerate() {
        buckets.entry(p.group.as_str()).or_default()[p.col.min(COLUMNS - 1)].push(i);
    }

    // Group order: keep known groups, drop vanished ones, append new ones (sorted by name).
    state.groups.retain(|g| buckets.contains_key(g.as_str()));
    state.slots.retain(|g, _| buckets.contains_key(g.as_str()));
    let known: BTreeSet<String> = state.groups.iter().cloned().collect();
    for g in buckets.keys() {
        if !known.contains(*g) {
            state.groups.push(g.to_string());
        }
    }

    for (g, cols) in &buckets {
        let slots = state
            .slots
            .entry(g.to_string())
            .or_insert_with(|| GroupSlots { fresh: true, ..Default::default() });
        let mut new_items: [Vec<usize>; COLUMNS] = Default::default();
        // A PodGroup collapsed or expanded: the user changed the shape, so close the gaps.
        let mut structural = false;
        for (c, idxs) in cols.iter().enumerate() {
            let present: BTreeSet<&str> = idxs.iter().map(|&i| pending[i].node.id.as_str()).collect();
            let col = &mut slots.columns[c];
            let mut existing: BTreeSet<String> = BTreeSet::new();
            for slot in col.iter_mut() {
                if let Some(id) = slot {
                    if present.contains(id.as_str()) {
                        existing.insert(id.clone());
                    } else {
                        structural |= id.starts_with("PodGroup/");
                        *slot = None;
                    }
                }
            }
            let mut fresh: Vec<usize> =
                idxs.iter().copied().filter(|&i| !existing.contains(&pending[i].node.id)).collect();
            fresh.sort_by(|&a, &b| {
                pending[a]
                    .sort
                    .cmp(&pending[b].sort)
                    .then_with(|| pending[a].node.id.cmp(&pending[b].node.id))
            });
            structural |= fresh.iter().any(|&i| pending[i].node.kind == NodeKind::PodGroup);
            new_items[c] = fresh;
        }
        // The group shrank below its size at the last compaction, is at least half holes, or
        // changed shape: close the gaps, keeping the order. Otherwise holes stay so nothing moves.
        let live_after = (0..COLUMNS)
            .map(|c| slots.columns[c].iter().filter(|s| s.is_some()).count() + new_items[c].len())
            .max()
            .unwrap_or(0);
        for (c, fresh) in new_items.iter().enumerate() {
            for &i in fresh {
                slots.columns[c].push(Some(pending[i].node.id.clone()));
            }
            while slots.columns[c].last().is_some_and(Option::is_none) {
                slots.columns[c].pop();
            }
        }
        if slots.fresh || structural || live_after < slots.baseline || live_after * 2 <= slots.rows_raw() {
            slots.compact();
            slots.baseline = live_after;
            slots.fresh = false;
        }
    }

    // Lanes (Nodes) for the pods column.
    let mut lanes: Vec<Lane> = Vec::new();
    let mut lane_index: BTreeMap<String, usize> = BTreeMap::new();
    if opts.show_node_lanes {
        let mut nodes: Vec<_> = s.nodes.to_vec();
        nodes.sort_by(|a, b| a.name().cmp(b.name()));
        for n in nodes {
            lane_index.insert(n.name().to_string(), lanes.len());
            let (status, health) = node_status(n);
            lanes.push(Lane {
                name: n.name().to_string(),
                status,
                health,
                x: 0.0,
                y: 0.0,
                w: LANE_W,
                h: 0.0,
            });
        }
        let stray = pending.iter().any(|p| {
            matches!(p.node.kind, NodeKind::Pod | NodeKind::PodGroup)
                && p.node.node_name.as_ref().is_none_or(|n| !lane_index.contains_key(n))
        });
        if stray || lanes.is_empty() {
            lanes.push(Lane {
                name: UNSCHEDULED_LANE.into(),
                status: String::new(),
                health: Health::Unknown,
                x: 0.0,
                y: 0.0,
                w: LANE_W,
                h: 0.0,
            });
        }
    }
    let pods_width = if lanes.is_empty() { COL_W } else { lanes.len() as f32 * LANE_W };
    let col_x = |c: usize| -> f32 {
        if c <= COL_POD {
            MARGIN + c as f32 * COL_W
        } else {
            MARGIN + COL_POD as f32 * COL_W + pods_width + (c - COL_POD - 1) as f32 * COL_W
        }
    };

    // Positions: group bands top to bottom, slots within.
    let mut pos: BTreeMap<&str, (usize, f32)> = BTreeMap::new();
    let mut y = MARGIN;
    for g in &state.groups {
        let Some(slots) = state.slots.get(g) else { continue };
        for (c, col) in slots.columns.iter().enumerate() {
            for (r, slot) in col.iter().enumerate() {
                if let Some(id) = slot {
                    pos.insert(id.as_str(), (c, y + r as f32 * ROW_H));
                }
            }
        }
        y += slots.rows() as f32 * ROW_H + GROUP_GAP;
    }
    let height = (y - GROUP_GAP + MARGIN - (ROW_H - NODE_H)).max(NODE_H + 2.0 * MARGIN);
    let unscheduled = lanes.len().saturating_sub(1);
    let mut nodes: Vec<GraphNode> = Vec::with_capacity(pending.len());
    for p in pending {
        let mut n = p.node;
        if let Some(&(c, ny)) = pos.get(n.id.as_str()) {
            n.x = col_x(c);
            if c == COL_POD && !lanes.is_empty() {
                let lane =
                    n.node_name.as_ref().and_then(|nn| lane_index.get(nn)).copied().unwrap_or(unscheduled);
                n.x = MARGIN + COL_POD as f32 * COL_W + lane as f32 * LANE_W + (LANE_W - NODE_W) / 2.0;
            }
            n.y = ny;
        }
        n.w = NODE_W;
        n.h = NODE_H;
        nodes.push(n);
    }
    // Draw order = reading order: top to bottom, left to right.
    nodes.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)).then_with(|| a.id.cmp(&b.id)));
    for (i, l) in lanes.iter_mut().enumerate() {
        l.x = MARGIN + COL_POD as f32 * COL_W + i as f32 * LANE_W;
        l.y = 0.0;
        l.h = height;
    }
    // As wide as the columns in use: an empty ConfigMap/Secret column would only shrink the
    // drawing when it is scaled to the panel.
    let right = nodes.iter().map(|n| n.x + n.w).chain(lanes.iter().map(|l| l.x + l.w)).fold(0.0, f32::max);
    let width = (right + MARGIN).max(NODE_W + 2.0 * MARGIN);
    Placed { nodes, lanes, width, height }
}

/// kubectl's node STATUS column and a health colour.
fn node_status(n: &kubeplay_model::Object) -> (String, Health) {
    let (mut status, mut health) = match condition(n, "Ready").map(|c| str_at(c, "status")) {
        Some("True") => ("Ready".to_string(), Health::Ok),
        Some("False") => ("NotReady".to_string(), Health::Error),
        _ => ("Unknown".to_string(), Health::Unknown),
    };
    if n.bool_at("spec.unschedulable") == Some(true) {
        status.push_str(",SchedulingDisabled");
        if health == Health::Ok {
            health = Health::Warning;
        }
    }
    (status, health)
}
