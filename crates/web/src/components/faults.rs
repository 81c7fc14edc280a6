//! The fault palette: break things on purpose and watch Kubernetes react.

use crate::engine::Fault;
use crate::ops::{self, Ctx};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[function_component(FaultPalette)]
pub fn fault_palette() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let node = use_state(String::new);
    let nodes = ctx.engine.0.borrow().node_names();
    let sel = ctx.selected.clone();
    // A deleted object's panel offers no fault that needs it.
    let present = {
        let (c, sel) = (ctx.clone(), sel.clone());
        *use_memo((ctx.rev, sel.clone()), move |_| {
            sel.as_ref().is_some_and(|s| ops::exists(&c, &s.kind, &s.namespace, &s.name))
        })
    };
    let inject = |f: Fault| {
        let c = ctx.clone();
        move |_| ops::inject(&c, f.clone())
    };
    let run = |line: String| {
        let c = ctx.clone();
        move |_| ops::run_line(&c, &line)
    };
    let worker = if node.is_empty() {
        nodes.iter().find(|n| n.contains("worker")).cloned().unwrap_or_default()
    } else {
        (*node).clone()
    };
    let on_node = {
        let node = node.clone();
        move |e: Event| node.set(e.target_unchecked_into::<HtmlSelectElement>().value())
    };
    html! {
        <section class="kp-faults kp-card" aria-label="Fault palette" data-testid="faults">
            <h2>{ "Break something" }</h2>
            <div class="kp-actions">
                { match sel.clone() {
                    Some(s) if !present => html! { <span class="kp-muted">{ format!("{} {} no longer exists.", s.kind, s.name) }</span> },
                    Some(s) if s.kind == "Pod" => {
                        html! { <>
                            <button type="button" onclick={inject(Fault::DeletePod { ns: s.namespace.clone(), pod: s.name.clone() })}>{ "Delete pod" }</button>
                            <button type="button" onclick={inject(Fault::CrashContainer { ns: s.namespace.clone(), pod: s.name.clone() })}>{ "Crash container" }</button>
                            <button type="button" onclick={inject(Fault::FailProbe { ns: s.namespace.clone(), pod: s.name.clone() })}>{ "Fail readiness probe" }</button>
                        </> }
                    }
                    Some(s) if s.kind == "Deployment" => {
                        html! { <button type="button" onclick={inject(Fault::ScaleToZero { ns: s.namespace.clone(), deployment: s.name.clone() })}>{ "Scale to zero" }</button> }
                    }
                    _ => html! { <span class="kp-muted">{ "Select a pod or Deployment for more faults." }</span> },
                } }
            </div>
            <div class="kp-actions">
                <label for="kp-fault-node">{ "Node" }</label>
                <select id="kp-fault-node" onchange={on_node}>
                    { for nodes.iter().map(|n| html! { <option value={n.clone()} selected={*n == worker}>{ n }</option> }) }
                </select>
                <button type="button" onclick={inject(Fault::CordonNode(worker.clone()))}>{ "Cordon" }</button>
                // Undoes Cordon and Drain (both leave the node unschedulable).
                <button type="button" data-testid="uncordon" onclick={run(format!("kubectl uncordon {worker}"))}>{ "Uncordon" }</button>
                <button type="button" onclick={inject(Fault::DrainNode(worker.clone()))}>{ "Drain" }</button>
                <button type="button" onclick={inject(Fault::FailNode(worker.clone()))}>{ "Fail node" }</button>
            </div>
        </section>
    }
}
