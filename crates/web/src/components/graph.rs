//! The live SVG graph drawn from the engine's `GraphModel`, with a text alternative.

use crate::engine::{health_class, EdgeKind, GraphModel, GraphNode, NodeKind};
use crate::ops::Ctx;
use crate::state::{Action, DetailsTab, Selection};
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

fn node_view(ctx: &Ctx, model: &GraphModel, n: &GraphNode, on_path: bool) -> Html {
    // Services: how many ready endpoints (ready `Selects` edges) they route to.
    let endpoints = (n.kind == NodeKind::Service).then(|| {
        model
            .edges
            .iter()
            .filter(|e| e.from == n.id && e.kind == EdgeKind::Selects { ready: true })
            .count()
            .to_string()
    });
    let selected = ctx.highlight.as_deref() == Some(n.id.as_str());
    let c = ctx.clone();
    let node = n.clone();
    let activate = move || {
        if node.kind == NodeKind::PodGroup {
            c.dispatch(Action::ToggleExpand(node.id.clone()));
            return;
        }
        if node.flagged.is_some() && node.kind == NodeKind::Service {
            c.dispatch(Action::SetTab(DetailsTab::Why));
        }
        c.dispatch(Action::Select(Some(Selection {
            kind: kind_name(node.kind).to_string(),
            namespace: node.namespace.clone(),
            name: node.name.clone(),
        })));
    };
    let a2 = activate.clone();
    let onclick = move |_| activate();
    let onkeydown = move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            a2();
        }
    };
    let kind = kind_name(n.kind);
    let label = if n.kind == NodeKind::PodGroup {
        format!("{} ({}). Press Enter to expand.", n.name, n.status)
    } else {
        format!(
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
        )
    };
    let chars = ((n.w - 14.0) / 7.0) as usize;
    html! {
        <g key={n.id.clone()} class={classes!("kp-node", format!("kind-{}", kind.to_lowercase()), format!("tone-{}", health_class(n.health)), selected.then_some("selected"), on_path.then_some("on-path"), n.flagged.is_some().then_some("flagged"))}
            style={format!("transform: translate({}px, {}px)", n.x, n.y)}
            data-testid="node" data-kind={kind} data-name={n.name.clone()} data-namespace={n.namespace.clone()} data-status={n.status.clone()}
            data-count={n.count.map(|c| c.to_string())} data-endpoints={endpoints} data-flagged={n.flagged.clone()} data-revision={n.revision.map(|r| r.to_string())}
            tabindex="0" role="button" aria-label={label} aria-pressed={ selected.to_string() } {onclick} {onkeydown}>
            <title>{ format!("{} {}/{}", kind, n.namespace, n.name) }</title>
            <g class="kp-node-body" key={format!("{}:{}", n.id, n.status)}>
                <rect width={n.w.to_string()} height={n.h.to_string()} rx="6" />
                <text class="kp-badge" x="7" y="13">{ kind_badge(n.kind) }
                    if let Some(r) = n.revision.filter(|_| n.kind == NodeKind::ReplicaSet) { { format!(" · rev {r}") } }
                </text>
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

#[function_component(Graph)]
pub fn graph() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let model: std::rc::Rc<GraphModel> = {
        let e = ctx.engine.clone();
        let ns = e.0.borrow().namespace();
        use_memo((ctx.rev, ctx.expanded.clone(), ctx.engine.clone()), move |(_, expanded, _)| {
            e.0.borrow().graph(&ns, expanded)
        })
    };
    let on_path: Vec<String> = ctx.request.as_ref().map(|r| r.path.clone()).unwrap_or_default();
    let pos = |id: &str| model.nodes.iter().find(|n| n.id == id);
    let edges = model.edges.iter().map(|e| {
        let (cls, dash) = match e.kind {
            EdgeKind::Owns => ("owns", None),
            EdgeKind::Selects { ready: true } => ("selects ready", None),
            EdgeKind::Selects { ready: false } => ("selects notready", Some("6 4")),
            EdgeKind::Mounts | EdgeKind::EnvRef => ("config", Some("2 3")),
            EdgeKind::Routes => ("env", Some("8 3 2 3")),
        };
        let mid = match (pos(&e.from), pos(&e.to)) {
            (Some(a), Some(b)) => Some(((a.x + a.w + b.x) / 2.0, (a.y + a.h / 2.0 + b.y + b.h / 2.0) / 2.0 - 4.0)),
            _ => None,
        };
        html! {
            <g key={format!("{}>{}>{:?}", e.from, e.to, e.kind)} class={classes!("kp-edge", cls)} data-from={e.from.clone()} data-to={e.to.clone()}>
                <path d={e.path.clone()} stroke-dasharray={dash} />
                if let (Some(label), Some((x, y))) = (e.label.as_ref(), mid) {
                    <text x={x.to_string()} y={y.to_string()} text-anchor="middle" class="kp-edge-label">{ label }</text>
                }
            </g>
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
    let lines = ctx.engine.0.borrow().object_list(&model);
    let empty = model.nodes.is_empty();
    html! {
        <div class="kp-graph" data-testid="graph">
            <div class="kp-legend" aria-hidden="true">
                <span class="lg ok">{ "✓ ready" }</span><span class="lg progress">{ "◔ starting" }</span><span class="lg warn">{ "! degraded" }</span><span class="lg error">{ "✕ failing" }</span>
                <span class="lg-edge solid">{ "ready endpoint" }</span><span class="lg-edge dashed">{ "not ready" }</span><span class="lg-edge dotted">{ "config / env" }</span>
            </div>
            if empty {
                <p class="kp-empty">{ "No objects yet. Write a Deployment in the editor and press Ctrl+Enter, or load an example." }</p>
            }
            <svg class="kp-svg" viewBox={format!("0 0 {} {}", model.width, model.height)} role="group" aria-labelledby="kp-graph-title"
                // Scaled to the panel, but never below 65 % (text stays readable on a 1366 px
                // laptop); a wider graph scrolls inside the panel instead.
                style={format!("max-width: {}px; min-width: {}px", model.width * 1.25, model.width * 0.65)}>
                <title id="kp-graph-title">{ format!("Cluster graph: {} objects. A text version follows.", model.nodes.len()) }</title>
                <defs>
                    <marker id="kp-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" /></marker>
                </defs>
                { for model.lanes.iter().map(|l| html! { <g key={l.name.clone()} class={classes!("kp-lane", format!("tone-{}", health_class(l.health)))}><rect x={l.x.to_string()} y={l.y.to_string()} width={l.w.to_string()} height={l.h.to_string()} rx="6" /><text x={(l.x + 4.0).to_string()} y={(l.y + 14.0).to_string()}>{ format!("{} ({})", l.name, l.status) }</text></g> }) }
                <g class="kp-edges">{ for edges }</g>
                <g class="kp-nodes">{ for model.nodes.iter().map(|n| node_view(&ctx, &model, n, on_path.contains(&n.id))) }</g>
                { packet.unwrap_or_default() }
            </svg>
            <details class="kp-graph-text" data-testid="graph-text">
                <summary>{ format!("Objects as text ({})", lines.len()) }</summary>
                <ul>{ for lines.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
            </details>
        </div>
    }
}
