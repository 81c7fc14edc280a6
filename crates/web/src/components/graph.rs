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

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
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
    let label = match (n.kind, n.shown_before) {
        (NodeKind::PodGroup, Some(shown)) => format!(
            "{} of ReplicaSet {} not drawn yet, {} drawn ({}). Press Enter to show more.",
            n.label, n.name, shown, n.status
        ),
        (NodeKind::PodGroup, None) => format!("{} ({}). Press Enter to expand.", n.name, n.status),
        _ => format!(
            "{} {}: {}, {}{}",
            kind,
            n.name,
            n.status,
            n.health.word(),
            match &n.flagged {
                Some(f) if n.kind == NodeKind::Service => format!(". {f}; press Enter for why."),
                Some(f) => format!(". {f}"),
                None => String::new(),
            }
        ),
    };
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
    html! {
        <g class={classes!("kp-node", format!("kind-{}", kind.to_lowercase()), format!("tone-{}", health_class(n.health)), p.selected.then_some("selected"), p.on_path.then_some("on-path"), n.flagged.is_some().then_some("flagged"), n.shown_before.is_some().then_some("more"))}
            style={format!("transform: translate({}px, {}px){}", n.x, n.y, if p.still { "; transition: none" } else { "" })}
            data-testid="node" data-kind={kind} data-name={n.name.clone()} data-namespace={n.namespace.clone()} data-status={n.status.clone()}
            data-count={n.count.map(|c| c.to_string())} data-shown={n.shown_before.map(|c| c.to_string())} data-endpoints={p.endpoints.map(|c| c.to_string())} data-flagged={n.flagged.clone()} data-revision={n.revision.map(|r| r.to_string())}
            ref={node_ref} tabindex="0" role="button" aria-label={label} aria-pressed={ p.selected.to_string() } {onclick} {onkeydown}>
            <title>{ format!("{} {}/{}", kind, n.namespace, n.name) }</title>
            <g class="kp-node-body" key={format!("{}:{}", n.id, n.status)} style={p.still.then_some("animation: none")}>
                <rect width={n.w.to_string()} height={n.h.to_string()} rx="6" />
                <text class="kp-badge" x="7" y="13">{ badge }</text>
                <text class="kp-glyph" x={(n.w - 8.0).to_string()} y="14" text-anchor="end" aria-hidden="true">{ n.health.icon() }</text>
                <text class="kp-name" x="7" y="27">{ truncate(&n.name, chars) }</text>
                <text class="kp-status" x="7" y="39">{ truncate(&if n.sublabel.is_empty() || n.kind == NodeKind::PodGroup { n.status.clone() } else { format!("{} · {}", n.status, n.sublabel) }, chars + 4) }</text>
                if let Some(p) = n.progress {
                    <g class="kp-progress" aria-hidden="true">
                        <rect class="track" x="7" y={(n.h - 8.0).to_string()} width={(n.w - 14.0).to_string()} height="4" rx="2" />
                        <rect class="available" x="7" y={(n.h - 8.0).to_string()} width={ ((n.w - 14.0) * p.clamp(0.0, 1.0)).to_string() } height="4" rx="2" />
                    </g>
                }
                if let Some(f) = &n.flagged {
                    <text class="kp-why" x="7" y={(n.h + 12.0).to_string()}>{ if n.kind == NodeKind::Service { format!("⚠ {f} — why?") } else { format!("⚠ {f}") } }</text>
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
    let nodes = shown_nodes.iter().filter_map(|&i| model.nodes.get(i)).map(|n| {
        let endpoints =
            (n.kind == NodeKind::Service).then(|| endpoints.get(n.id.as_str()).copied().unwrap_or(0));
        html! {
            <NodeView key={n.id.clone()} node={n.clone()} {endpoints}
                selected={ctx.highlight.as_deref() == Some(n.id.as_str())} on_path={on_path.contains(&n.id)}
                still={windowed} focus={n.kind != NodeKind::PodGroup && *refocus == Some((n.x, n.y, expanded_now))}
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
        <div class="kp-graph" data-testid="graph" ref={scroller} {onscroll} data-windowed={windowed.then_some("true")}>
            <div class="kp-legend" aria-hidden="true">
                <span class="lg ok">{ "✓ ready" }</span><span class="lg progress">{ "◔ starting" }</span><span class="lg warn">{ "! degraded" }</span><span class="lg error">{ "✕ failing" }</span>
                <span class="lg-edge solid">{ "ready endpoint" }</span><span class="lg-edge dashed">{ "not ready" }</span><span class="lg-edge dotted">{ "config / env" }</span>
            </div>
            if empty {
                <p class="kp-empty">{ "No objects yet. Write a Deployment in the editor and press Ctrl+Enter, or load an example." }</p>
            }
            <svg ref={svg_ref} class="kp-svg" viewBox={format!("0 0 {} {}", model.width, model.height)} role="group" aria-labelledby="kp-graph-title"
                // Scaled to the panel, but never below 65 % (text stays readable on a 1366 px
                // laptop); a wider graph scrolls inside the panel instead.
                style={format!("max-width: {}px; min-width: {}px", model.width * 1.25, model.width * 0.65)}>
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
    }
}
