//! The live SVG graph drawn from the engine's `GraphModel`, with a text alternative.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::engine::{health_class, EdgeKind, GraphEdge, GraphModel, GraphNode, NodeKind};
use crate::ops::Ctx;
use crate::state::{Action, AppState, DetailsTab, Selection};
use kubeplay_view::window;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn kind_badge(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Deployment => "DEPLOY",
        NodeKind::ReplicaSet => "RS",
        NodeKind::Pod | NodeKind::PodGroup => "POD",
        NodeKind::Service => "SVC",
        NodeKind::ConfigMap => "CM",
        NodeKind::Secret => "SECRET",
    }
}

/// The kind as the data-kind attribute and selection use it (`PodGroup` for groups).
fn kind_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::PodGroup => "PodGroup",
        k => k.as_str(),
    }
}

/// `s` cut to `n` characters with an ellipsis, at a word boundary when there is one: the visible
/// words stay whole words of the accessible name (axe: label-content-name-mismatch).
fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let head: String = s.chars().take(n.saturating_sub(1)).collect();
    let whole_words = head.trim_end_matches(char::is_alphanumeric);
    let head = if whole_words.trim().is_empty() { head.as_str() } else { whole_words };
    format!("{}…", head.trim_end())
}

/// One node. A component of its own so that an update re-renders only the nodes whose data
/// changed: with 2,000 pods drawn, rebuilding and diffing every node's markup on each update
/// cost more than the frame budget.
#[derive(Properties, PartialEq)]
struct NodeProps {
    node: GraphNode,
    /// Services: how many ready endpoints (ready `Selects` edges) they route to.
    endpoints: Option<usize>,
    selected: bool,
    on_path: bool,
    /// No appear animation or move transition: a big graph draws nodes as they scroll into
    /// view, and each animating node made the browser repaint the whole drawing every frame.
    still: bool,
    /// Take the keyboard focus when drawn: this node appeared where the group the user just
    /// expanded by keyboard was (so focus is not lost with the removed node).
    focus: bool,
    /// The graph's one Tab stop (the selected node, else the first); arrow keys reach the rest.
    tab_stop: bool,
    /// A PodGroup was expanded by keyboard at this position (x, y).
    on_key_expand: Callback<(f32, f32)>,
    dispatch: UseReducerDispatcher<AppState>,
}

#[function_component(NodeView)]
fn node_view(p: &NodeProps) -> Html {
    let n = &p.node;
    let activate = {
        let (d, node) = (p.dispatch.clone(), n.clone());
        move || {
            if node.kind == NodeKind::PodGroup {
                // A collapsed group, or the "show more" node of an expanded one (its own id).
                d.dispatch(Action::ToggleExpand(node.id.clone()));
                return;
            }
            if node.flagged.is_some() && node.kind == NodeKind::Service {
                d.dispatch(Action::SetTab(DetailsTab::Why));
            }
            d.dispatch(Action::Select(Some(Selection {
                kind: kind_name(node.kind).to_string(),
                namespace: node.namespace.clone(),
                name: node.name.clone(),
            })));
        }
    };
    let a2 = activate.clone();
    let onclick = move |_| activate();
    let onkeydown = {
        let (key_expand, group, at) = (p.on_key_expand.clone(), n.kind == NodeKind::PodGroup, (n.x, n.y));
        move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                if group {
                    key_expand.emit(at);
                }
                a2();
            }
        }
    };
    let node_ref = use_node_ref();
    {
        let node_ref = node_ref.clone();
        use_effect_with(p.focus, move |focus| {
            // SVG elements have focus() too; web-sys exposes it only on SvgElement.
            if let Some(el) = node_ref.get().filter(|_| *focus) {
                let f = js_sys::Reflect::get(&el, &"focus".into()).ok();
                if let Some(f) = f.as_ref().and_then(|f| f.dyn_ref::<js_sys::Function>()) {
                    let _ = f.call0(&el);
                }
            }
        });
    }
    let kind = kind_name(n.kind);
    let chars = ((n.w - 14.0) / 7.0) as usize;
    let badge = match (n.kind, n.shown_before) {
        (NodeKind::PodGroup, Some(_)) => format!("{} · show more", n.label),
        (NodeKind::PodGroup, None) => format!("POD · {}", n.label),
        (NodeKind::ReplicaSet, _) => match n.revision {
            Some(r) => format!("RS · rev {r}"),
            None => "RS".to_string(),
        },
        (k, _) => kind_badge(k).to_string(),
    };
    let status_line = if n.sublabel.is_empty() || n.kind == NodeKind::PodGroup {
        n.status.clone()
    } else {
        format!("{} · {}", n.status, n.sublabel)
    };
    let why = n.flagged.as_ref().map(|f| {
        if n.kind == NodeKind::Service {
            format!("⚠ {f} — why?")
        } else {
            format!("⚠ {f}")
        }
    });
    // The accessible name starts with the text the node shows, in full (axe:
    // label-content-name-mismatch), then what only the colour and the glyph say.
    let label = {
        let shown =
            [badge.as_str(), n.name.as_str(), status_line.as_str(), why.as_deref().unwrap_or_default()]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        let more = match (n.kind, n.shown_before) {
            (NodeKind::PodGroup, Some(shown)) => {
                format!("{} drawn of ReplicaSet {}; press Enter to show more", shown, n.name)
            }
            (NodeKind::PodGroup, None) => "press Enter to expand".to_string(),
            (NodeKind::Service, _) if n.flagged.is_some() => {
                format!("{kind}, {}; press Enter for why", n.health.word())
            }
            _ => format!("{kind}, {}", n.health.word()),
        };
        format!("{shown}. {more}")
    };
    html! {
        <g class={classes!("kp-node", format!("kind-{}", kind.to_lowercase()), format!("tone-{}", health_class(n.health)), p.selected.then_some("selected"), p.on_path.then_some("on-path"), n.flagged.is_some().then_some("flagged"), n.shown_before.is_some().then_some("more"))}
            style={format!("transform: translate({}px, {}px){}", n.x, n.y, if p.still { "; transition: none" } else { "" })}
            data-testid="node" data-id={n.id.clone()} data-kind={kind} data-name={n.name.clone()} data-namespace={n.namespace.clone()} data-status={n.status.clone()}
            data-count={n.count.map(|c| c.to_string())} data-shown={n.shown_before.map(|c| c.to_string())} data-endpoints={p.endpoints.map(|c| c.to_string())} data-flagged={n.flagged.clone()} data-revision={n.revision.map(|r| r.to_string())}
            ref={node_ref} tabindex={ if p.tab_stop { "0" } else { "-1" } } role="button" aria-label={label} aria-pressed={ p.selected.to_string() } {onclick} {onkeydown}>
            <title>{ format!("{} {}/{}", kind, n.namespace, n.name) }</title>
            <g class="kp-node-body" key={format!("{}:{}", n.id, n.status)} style={p.still.then_some("animation: none")}>
                <rect width={n.w.to_string()} height={n.h.to_string()} rx="6" />
                <text class="kp-badge" x="7" y="13">{ badge }{ " " }</text>
                <text class="kp-glyph" x={(n.w - 8.0).to_string()} y="14" text-anchor="end" aria-hidden="true">{ n.health.icon() }{ " " }</text>
                <text class="kp-name" x="7" y="28">{ truncate(&n.name, chars) }{ " " }</text>
                <text class="kp-status" x="7" y="41">{ truncate(&status_line, chars + 2) }{ " " }</text>
                if let Some(p) = n.progress {
                    <g class="kp-progress" aria-hidden="true">
                        <rect class="track" x="7" y={(n.h - 8.0).to_string()} width={(n.w - 14.0).to_string()} height="4" rx="2" />
                        <rect class="available" x="7" y={(n.h - 8.0).to_string()} width={ ((n.w - 14.0) * p.clamp(0.0, 1.0)).to_string() } height="4" rx="2" />
                    </g>
                }
                if let Some(w) = &why {
                    <text class="kp-why" x="7" y={(n.h + 12.0).to_string()}>{ w }</text>
                }
            </g>
        </g>
    }
}

/// One edge; a component for the same reason as [`NodeView`].
#[derive(Properties, PartialEq)]
struct EdgeProps {
    edge: GraphEdge,
    /// Where the label goes: between the two ends.
    mid: Option<(f32, f32)>,
}

#[function_component(EdgeView)]
fn edge_view(p: &EdgeProps) -> Html {
    let e = &p.edge;
    let (cls, dash) = match e.kind {
        EdgeKind::Owns => ("owns", None),
        EdgeKind::Selects { ready: true } => ("selects ready", None),
        EdgeKind::Selects { ready: false } => ("selects notready", Some("6 4")),
        EdgeKind::Mounts | EdgeKind::EnvRef => ("config", Some("2 3")),
        EdgeKind::Routes => ("env", Some("8 3 2 3")),
    };
    html! {
        <g class={classes!("kp-edge", cls)} data-from={e.from.clone()} data-to={e.to.clone()}>
            <path d={e.path.clone()} stroke-dasharray={dash} />
            if let (Some(label), Some((x, y))) = (e.label.as_ref(), p.mid) {
                <text x={x.to_string()} y={y.to_string()} text-anchor="middle" class="kp-edge-label">{ label }</text>
            }
        </g>
    }
}

/// The accessible text alternative: one line per object. The lines are built only while the
/// list is open (a closed `<details>` shows nothing to anyone): with 2,000 pods they cost a
/// few milliseconds on every update.
#[derive(Properties, PartialEq)]
struct TextProps {
    count: usize,
    lines: Option<Rc<Vec<String>>>,
    on_toggle: Callback<bool>,
}

#[function_component(GraphText)]
fn graph_text(p: &TextProps) -> Html {
    let on_toggle = p.on_toggle.clone();
    let ontoggle = move |e: Event| {
        let open = e.target_dyn_into::<web_sys::Element>().is_some_and(|d| d.has_attribute("open"));
        on_toggle.emit(open);
    };
    html! {
        <details class="kp-graph-text" data-testid="graph-text" {ontoggle}>
            <summary>{ format!("Objects as text ({})", p.count) }</summary>
            <ul>{ for p.lines.iter().flat_map(|l| l.iter()).map(|l| html! { <li>{ l }</li> }) }</ul>
        </details>
    }
}

#[function_component(Graph)]
pub fn graph() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let text_open = use_state_eq(|| false);
    // The model (and its text version while that is open), rebuilt only when the cluster, the
    // expanded groups or the text list's state change.
    let memo: Rc<(GraphModel, Option<Rc<Vec<String>>>)> = {
        let e = ctx.engine.clone();
        let ns = e.0.borrow().namespace();
        use_memo(
            (ctx.rev, ctx.expanded.clone(), ctx.engine.clone(), *text_open),
            move |(_, expanded, _, open)| {
                let eng = e.0.borrow();
                let model = eng.graph(&ns, expanded);
                let lines = open.then(|| Rc::new(eng.object_list(&model)));
                (model, lines)
            },
        )
    };
    let (model, lines) = (&memo.0, &memo.1);
    let on_toggle = {
        let t = text_open.clone();
        use_callback((), move |open: bool, _| t.set(open))
    };

    // Zoom: None fits the panel's width (never below 100 %, where node text is at least 11 px);
    // Some(z) is the learner's own zoom. Wider graphs pan (scrollbars, drag, touch).
    let zoom = use_state_eq(|| None::<f32>);
    let panel_w = use_state_eq(|| 0i32);
    let scale = zoom.unwrap_or_else(|| fit_scale((*panel_w).max(1) as f32 - 16.0, model.width));
    // A big graph draws only the band around what is on screen (see kubeplay_view::window):
    // measured after each render and on scroll, in graph units.
    let scroller = use_node_ref();
    let svg_ref = use_node_ref();
    let band = use_state_eq(|| window::FIRST_BAND);
    let windowed = model.nodes.len() > window::WINDOW_MIN_NODES;
    let measure = {
        let (scroller, svg_ref, band, width) = (scroller.clone(), svg_ref.clone(), band.clone(), model.width);
        move || {
            let (Some(c), Some(s)) =
                (scroller.cast::<web_sys::Element>(), svg_ref.cast::<web_sys::Element>())
            else {
                return;
            };
            let (cr, sr) = (c.get_bounding_client_rect(), s.get_bounding_client_rect());
            if sr.width() <= 0.0 || width <= 0.0 {
                return;
            }
            let scale = sr.width() as f32 / width;
            band.set(window::band_around((cr.top() - sr.top()) as f32 / scale, cr.height() as f32 / scale));
        }
    };
    let onscroll = {
        let m = measure.clone();
        move |_: Event| {
            if windowed {
                m()
            }
        }
    };
    use_effect(move || {
        if windowed {
            measure();
        }
    });
    // The panel's width, read when it can have changed (a splitter, the window, the graph).
    {
        let (scroller, panel_w) = (scroller.clone(), panel_w.clone());
        use_effect_with((ctx.sizes, model.width.to_bits()), move |_| {
            let read = move || {
                if let Some(c) = scroller.cast::<web_sys::Element>() {
                    panel_w.set(c.client_width());
                }
            };
            read();
            let w = web_sys::window();
            let listener = w.map(|w| gloo::events::EventListener::new(&w, "resize", move |_| read()));
            move || drop(listener)
        });
    }
    // Dragging the background pans (touch scrolls natively).
    let drag = use_mut_ref(|| None::<(f64, f64, i32, i32)>);
    let onpointerdown = {
        let (drag, scroller) = (drag.clone(), scroller.clone());
        move |e: PointerEvent| {
            let on_node = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest(".kp-node").ok().flatten())
                .is_some();
            if e.pointer_type() != "mouse" || e.button() != 0 || on_node {
                return;
            }
            if let Some(c) = scroller.cast::<web_sys::Element>() {
                *drag.borrow_mut() =
                    Some((e.client_x() as f64, e.client_y() as f64, c.scroll_left(), c.scroll_top()));
            }
        }
    };
    let onpointermove = {
        let (drag, scroller) = (drag.clone(), scroller.clone());
        move |e: PointerEvent| {
            let Some((x0, y0, l, t)) = *drag.borrow() else { return };
            if e.buttons() == 0 {
                return;
            }
            if let Some(c) = scroller.cast::<web_sys::Element>() {
                c.set_scroll_left(l - (e.client_x() as f64 - x0) as i32);
                c.set_scroll_top(t - (e.client_y() as f64 - y0) as i32);
            }
        }
    };
    let onpointerup = {
        let drag = drag.clone();
        move |_: PointerEvent| *drag.borrow_mut() = None
    };
    let zoom_by = |f: Option<f32>| {
        let zoom = zoom.clone();
        move |_| zoom.set(f.map(|f| (scale * f).clamp(0.4, 3.0)))
    };
    // Arrow keys move between nodes: to the nearest one in that direction.
    let onkeydown = {
        let nodes: Vec<(String, f32, f32)> =
            model.nodes.iter().map(|n| (n.id.clone(), n.x + n.w / 2.0, n.y + n.h / 2.0)).collect();
        let svg_ref = svg_ref.clone();
        move |e: KeyboardEvent| {
            let dir = match e.key().as_str() {
                "ArrowRight" => (1.0, 0.0),
                "ArrowLeft" => (-1.0, 0.0),
                "ArrowDown" => (0.0, 1.0),
                "ArrowUp" => (0.0, -1.0),
                _ => return,
            };
            let Some(from) = e.target_dyn_into::<web_sys::Element>().and_then(|t| t.get_attribute("data-id"))
            else {
                return;
            };
            e.prevent_default();
            let Some(next) = nearest_in_direction(&nodes, &from, dir) else { return };
            let q = format!("[data-id=\"{}\"]", next.replace('"', ""));
            if let Some(el) =
                svg_ref.cast::<web_sys::Element>().and_then(|s| s.query_selector(&q).ok().flatten())
            {
                if let Ok(f) = js_sys::Reflect::get(&el, &"focus".into()) {
                    if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                        let _ = f.call0(&el);
                    }
                }
            }
        }
    };
    let (shown_nodes, shown_edges) = window::visible(model, *band, window::WINDOW_MIN_NODES);

    let dispatch = ctx.dispatcher();
    // Keyboard expansion: the node to focus next sits where the expanded one was, and only in
    // the render right after that expansion (one more expanded id than at the key press).
    let refocus = use_state_eq(|| None::<(f32, f32, usize)>);
    let on_key_expand = {
        let (r, n) = (refocus.clone(), ctx.expanded.len());
        use_callback(n, move |(x, y): (f32, f32), n| r.set(Some((x, y, *n + 1))))
    };
    let expanded_now = ctx.expanded.len();
    let on_path: Vec<String> = ctx.request.as_ref().map(|r| r.path.clone()).unwrap_or_default();
    // Id → node, built once: edges and the request animation look up both their ends.
    let by_id: BTreeMap<&str, &GraphNode> = model.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let pos = |id: &str| by_id.get(id).copied();
    let mut endpoints: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &model.edges {
        if e.kind == (EdgeKind::Selects { ready: true }) {
            *endpoints.entry(e.from.as_str()).or_default() += 1;
        }
    }
    let edges = shown_edges.iter().filter_map(|&i| model.edges.get(i)).map(|e| {
        let mid = match (pos(&e.from), pos(&e.to)) {
            (Some(a), Some(b)) if e.label.is_some() => {
                Some(((a.x + a.w + b.x) / 2.0, (a.y + a.h / 2.0 + b.y + b.h / 2.0) / 2.0 - 4.0))
            }
            _ => None,
        };
        html! { <EdgeView key={format!("{}>{}>{:?}", e.from, e.to, e.kind)} edge={e.clone()} {mid} /> }
    });
    let tab_id = ctx
        .highlight
        .as_deref()
        .filter(|h| shown_nodes.iter().any(|&i| model.nodes.get(i).is_some_and(|n| n.id == *h)))
        .or_else(|| shown_nodes.first().and_then(|&i| model.nodes.get(i)).map(|n| n.id.as_str()));
    let nodes = shown_nodes.iter().filter_map(|&i| model.nodes.get(i)).map(|n| {
        let endpoints =
            (n.kind == NodeKind::Service).then(|| endpoints.get(n.id.as_str()).copied().unwrap_or(0));
        html! {
            <NodeView key={n.id.clone()} node={n.clone()} {endpoints}
                selected={ctx.highlight.as_deref() == Some(n.id.as_str())} on_path={on_path.contains(&n.id)}
                still={windowed} tab_stop={tab_id == Some(n.id.as_str())} focus={n.kind != NodeKind::PodGroup && *refocus == Some((n.x, n.y, expanded_now))}
                on_key_expand={on_key_expand.clone()} dispatch={dispatch.clone()} />
        }
    });
    // The request animation: a dot travelling Service → Pod along the recorded path.
    let packet = ctx.request.as_ref().and_then(|r| {
        let svc = r.path.first()?;
        let svc_node = pos(svc)?;
        let reply = html! {
            <g class={classes!("kp-reply", if r.ok { "ok" } else { "fail" })} style={format!("transform: translate({}px, {}px)", svc_node.x, (svc_node.y - 24.0).max(0.0))}>
                <rect width="150" height="20" rx="4" />
                <text x="6" y="14">{ truncate(&format!("{} {}", if r.ok { "✓" } else { "✕" }, r.reply.lines().next().unwrap_or("")), 24) }</text>
            </g>
        };
        let edge = r.path.get(1).and_then(|pod| model.edges.iter().find(|e| (&e.from == svc && &e.to == pod) || (&e.from == pod && &e.to == svc)));
        Some(html! {
            <g key={format!("req-{}", r.seq)} class="kp-request" data-testid="request">
                if let Some(e) = edge {
                    <circle r="6" class="kp-packet">
                        <animateMotion dur="1.1s" repeatCount="2" path={e.path.clone()} keyPoints={if &e.from == svc { "0;1" } else { "1;0" }} keyTimes="0;1" calcMode="linear" />
                    </circle>
                }
                { reply }
            </g>
        })
    });
    let empty = model.nodes.is_empty();
    html! {
        <div class="kp-graph-wrap">
        <div class="kp-zoom" role="group" aria-label="Graph zoom">
            <button type="button" data-testid="zoom-out" aria-label="Zoom out" onclick={zoom_by(Some(0.8))}>{ "−" }</button>
            <button type="button" data-testid="zoom-fit" aria-pressed={ zoom.is_none().to_string() } onclick={zoom_by(None)} title="Fit the panel's width (text stays at least 11 px)">{ "Fit" }</button>
            <button type="button" data-testid="zoom-in" aria-label="Zoom in" onclick={zoom_by(Some(1.25))}>{ "+" }</button>
            <output data-testid="zoom-level" aria-label="Zoom level">{ format!("{:.0}%", scale * 100.0) }</output>
        </div>
        <div class="kp-graph" data-testid="graph" ref={scroller} {onscroll} {onpointerdown} {onpointermove} {onpointerup} data-windowed={windowed.then_some("true")}>
            <div class="kp-legend" aria-hidden="true">
                <span class="lg ok">{ "✓ ready" }</span><span class="lg progress">{ "◔ starting" }</span><span class="lg warn">{ "! degraded" }</span><span class="lg error">{ "✕ failing" }</span>
                <span class="lg-edge solid">{ "ready endpoint" }</span><span class="lg-edge dashed">{ "not ready" }</span><span class="lg-edge dotted">{ "config / env" }</span>
            </div>
            if empty {
                <p class="kp-empty">{ "No objects yet. Write a Deployment in the editor and press Ctrl+Enter, or load an example." }</p>
            }
            <svg ref={svg_ref} class="kp-svg" viewBox={format!("0 0 {} {}", model.width, model.height)} role="group" aria-labelledby="kp-graph-title"
                {onkeydown} style={format!("width: {:.0}px; height: {:.0}px", model.width * scale, model.height * scale)}>
                <title id="kp-graph-title">{ format!("Cluster graph: {} objects. A text version follows.", model.nodes.len()) }</title>
                <defs>
                    <marker id="kp-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" /></marker>
                </defs>
                { for model.lanes.iter().map(|l| html! { <g key={l.name.clone()} class={classes!("kp-lane", format!("tone-{}", health_class(l.health)))}><rect x={l.x.to_string()} y={l.y.to_string()} width={l.w.to_string()} height={l.h.to_string()} rx="6" /><text x={(l.x + 4.0).to_string()} y={(l.y + 14.0).to_string()}>{ format!("{} ({})", l.name, l.status) }</text></g> }) }
                <g class="kp-edges">{ for edges }</g>
                <g class="kp-nodes">{ for nodes }</g>
                { packet.unwrap_or_default() }
            </svg>
            <GraphText count={model.nodes.len()} lines={lines.clone()} {on_toggle} />
        </div>
        </div>
    }
}

/// The scale that fits a graph `graph_w` wide into `panel_w` px: never below 1 (node text is
/// at least 11 px there) nor above 1.5 (a small graph need not fill a big screen).
fn fit_scale(panel_w: f32, graph_w: f32) -> f32 {
    if graph_w <= 0.0 || panel_w <= 0.0 {
        return 1.0;
    }
    (panel_w / graph_w).clamp(1.0, 1.5)
}

/// The node to move to from `from` towards `dir` (a unit step): the nearest one ahead, where
/// sideways distance counts double so the move follows the arrow.
fn nearest_in_direction(nodes: &[(String, f32, f32)], from: &str, dir: (f32, f32)) -> Option<String> {
    let &(_, x0, y0) = nodes.iter().find(|n| n.0 == from)?;
    nodes
        .iter()
        .filter(|n| n.0 != from)
        .filter_map(|(id, x, y)| {
            let (dx, dy) = (x - x0, y - y0);
            let ahead = dx * dir.0 + dy * dir.1;
            let side = (dx * dir.1 - dy * dir.0).abs();
            (ahead > 1.0).then_some((ahead + 2.0 * side, id))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_go_to_the_nearest_node_that_way() {
        let at = |id: &str, x: f32, y: f32| (id.to_string(), x, y);
        let nodes = [
            at("dep", 100.0, 100.0),
            at("rs", 330.0, 100.0),
            at("pod-a", 560.0, 60.0),
            at("pod-b", 560.0, 140.0),
            at("svc", 100.0, 200.0),
        ];
        assert_eq!(nearest_in_direction(&nodes, "dep", (1.0, 0.0)).as_deref(), Some("rs"));
        assert_eq!(nearest_in_direction(&nodes, "rs", (1.0, 0.0)).as_deref(), Some("pod-a"));
        assert_eq!(nearest_in_direction(&nodes, "pod-a", (0.0, 1.0)).as_deref(), Some("pod-b"));
        assert_eq!(nearest_in_direction(&nodes, "dep", (0.0, 1.0)).as_deref(), Some("svc"));
        assert_eq!(nearest_in_direction(&nodes, "dep", (-1.0, 0.0)), None);
    }

    #[test]
    fn truncation_keeps_whole_words() {
        assert_eq!(
            truncate("ClusterIP 10.96.0.1 · 443/TCP · 1 endpoints", 36),
            "ClusterIP 10.96.0.1 · 443/TCP · 1…"
        );
        assert_eq!(truncate("demo-redis-797bdf587b-mkgnl", 24), "demo-redis-797bdf587b-…");
        assert_eq!(truncate("averyveryverylongname", 8), "averyve…");
        assert_eq!(truncate("short", 8), "short");
    }

    #[test]
    fn fit_never_shrinks_text_below_full_size() {
        assert_eq!(fit_scale(600.0, 900.0), 1.0);
        assert_eq!(fit_scale(1200.0, 1000.0), 1.2);
        assert_eq!(fit_scale(3000.0, 500.0), 1.5);
    }
}
