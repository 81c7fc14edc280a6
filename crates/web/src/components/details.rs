//! The details panel for the selected object: describe, live YAML, events, logs, and for
//! Services "why no endpoints" and "Send a request".

use crate::components::icons;
use crate::ops::{self, Ctx};
use crate::state::{Action, DetailsTab};
use yew::prelude::*;

#[function_component(Details)]
pub fn details() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let Some(sel) = ctx.selected.clone() else {
        return html! {
            <section class="kp-details kp-card" data-testid="details" aria-label="Details">
                <h2>{ "Details" }</h2>
                <p class="kp-muted">{ "Click an object in the graph (or press Enter on it) to see its description, live YAML, events and logs." }</p>
            </section>
        };
    };
    let ns = sel.namespace.clone();
    let target = format!("{}/{}", sel.kind.to_lowercase(), sel.name);
    let tab = ctx.tab;
    let present = {
        let (c, sel) = (ctx.clone(), sel.clone());
        *use_memo((ctx.rev, sel.clone()), move |_| ops::exists(&c, &sel.kind, &sel.namespace, &sel.name))
    };
    let is_pod = sel.kind == "Pod" && present;
    let is_svc = sel.kind == "Service";
    // Recomputed whenever the cluster changes so the panel stays live.
    let body = {
        let c = ctx.clone();
        let target = target.clone();
        let sel2 = sel.clone();
        use_memo((ctx.rev, tab, target.clone(), ctx.now_ms / 1000), move |_| match tab {
            DetailsTab::Describe => {
                ops::query(&c, &format!("kubectl describe {target} -n {}", sel2.namespace)).text
            }
            DetailsTab::Yaml => {
                ops::query(&c, &format!("kubectl get {target} -n {} -o yaml", sel2.namespace)).text
            }
            DetailsTab::Logs => {
                let o = ops::query(&c, &format!("kubectl logs {} -n {}", sel2.name, sel2.namespace));
                if o.text.is_empty() {
                    "(no log lines yet)".to_string()
                } else {
                    o.text
                }
            }
            DetailsTab::Why => c.engine.0.borrow().explain_service(&sel2.namespace, &sel2.name),
            DetailsTab::Events => String::new(),
        })
    };
    let events: Vec<_> = if tab == DetailsTab::Events {
        ctx.engine
            .0
            .borrow()
            .events()
            .into_iter()
            .filter(|e| e.kind == sel.kind && e.name == sel.name)
            .collect()
    } else {
        Vec::new()
    };
    let tab_btn = |t: DetailsTab, label: &str| {
        let c = ctx.clone();
        html! {
            <button type="button" role="tab" class={classes!("kp-tab", (tab == t).then_some("active"))} aria-selected={(tab == t).to_string()}
                data-testid={ format!("details-tab-{}", label.to_lowercase().replace(' ', "-")) }
                onclick={move |_| c.dispatch(Action::SetTab(t))}>{ label }</button>
        }
    };
    let close = {
        let c = ctx.clone();
        move |_| c.dispatch(Action::Select(None))
    };
    let run = |line: String| {
        let c = ctx.clone();
        move |_| ops::run_line(&c, &line)
    };
    let request = {
        let c = ctx.clone();
        let (ns, name) = (ns.clone(), sel.name.clone());
        move |_| ops::send_request(&c, &ns, &name)
    };
    html! {
        <section class="kp-details kp-card" data-testid="details" aria-label={ format!("Details of {} {}", sel.kind, sel.name) }>
            <div class="kp-card-head">
                <h2>{ format!("{} ", sel.kind) }<span class="kp-objname">{ &sel.name }</span></h2>
                <button type="button" class="kp-close" aria-label="Close details" title="Close (Escape)" onclick={close}>{ icons::close() }</button>
            </div>
            <div class="kp-actions">
                if is_svc {
                    <button type="button" class="kp-primary" data-testid="send-request" onclick={request}>{ "Send a request" }</button>
                }
                if is_pod {
                    <button type="button" onclick={run(format!("kubectl logs {} -n {ns} --previous", sel.name))}>{ "Previous logs" }</button>
                    <button type="button" onclick={run(format!("kubectl exec {} -n {ns} -- env", sel.name))}>{ "Exec: env" }</button>
                    <button type="button" onclick={run(format!("kubectl logs -f {} -n {ns}", sel.name))}>{ "Follow logs" }</button>
                }
                if sel.kind == "Deployment" {
                    <button type="button" onclick={run(format!("kubectl rollout status deployment/{} -n {ns}", sel.name))}>{ "Rollout status" }</button>
                    <button type="button" onclick={run(format!("kubectl rollout undo deployment/{} -n {ns}", sel.name))}>{ "Roll back" }</button>
                }
            </div>
            <div class="kp-tabs" role="tablist" aria-label="Detail views">
                { tab_btn(DetailsTab::Describe, "Describe") }
                { tab_btn(DetailsTab::Yaml, "YAML") }
                { tab_btn(DetailsTab::Events, "Events") }
                if is_pod { { tab_btn(DetailsTab::Logs, "Logs") } }
                if is_svc { { tab_btn(DetailsTab::Why, "Endpoints") } }
            </div>
            if tab == DetailsTab::Events {
                if events.is_empty() {
                    <p class="kp-muted">{ "No events for this object." }</p>
                } else {
                    <ul class="kp-evlist">
                        { for events.iter().rev().map(|e| html! {
                            <li class={classes!(e.type_.to_lowercase())}><b>{ &e.reason }</b>{ format!(" ({}{}) ", e.age, if e.count > 1 { format!(" ×{}", e.count) } else { String::new() }) }{ &e.message }</li>
                        }) }
                    </ul>
                }
            } else {
                <pre class="kp-pre" data-testid={ format!("details-{:?}", tab).to_lowercase() } tabindex="0">{ (*body).clone() }</pre>
            }
        </section>
    }
}
