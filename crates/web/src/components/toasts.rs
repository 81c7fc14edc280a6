//! Short-lived messages (apply results, faults).

use crate::ops::Ctx;
use crate::state::{Action, ToastKind};
use yew::prelude::*;

#[function_component(Toasts)]
pub fn toasts() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    // Each toast dismisses itself after a few seconds.
    {
        let c = ctx.clone();
        let ids: Vec<u64> = ctx.toasts.iter().map(|t| t.id).collect();
        use_effect_with(ids, move |ids| {
            let timers: Vec<_> = ids
                .iter()
                .map(|id| {
                    let c = c.clone();
                    let id = *id;
                    gloo::timers::callback::Timeout::new(5000, move || c.dispatch(Action::DismissToast(id)))
                })
                .collect();
            move || drop(timers)
        });
    }
    html! {
        <div class="kp-toasts" role="status" aria-live="polite">
            { for ctx.toasts.iter().map(|t| {
                let c = ctx.clone();
                let id = t.id;
                let cls = match t.kind { ToastKind::Info => "info", ToastKind::Success => "success", ToastKind::Error => "error" };
                html! {
                    <div class={classes!("kp-toast", cls)} key={id.to_string()}>
                        <span>{ &t.text }</span>
                        <button type="button" aria-label="Dismiss" onclick={move |_| c.dispatch(Action::DismissToast(id))}>{ "×" }</button>
                    </div>
                }
            }) }
        </div>
    }
}
