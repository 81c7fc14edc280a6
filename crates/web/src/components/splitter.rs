//! Drag handles between panels; also keyboard-resizable (arrow keys, 16 px per press).

use crate::ops::Ctx;
use crate::state::{Action, Panel};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub panel: Panel,
    pub label: AttrValue,
    /// A vertical bar (resizes a width) or a horizontal one (resizes a height).
    pub vertical: bool,
    /// Dragging towards the start makes the panel bigger (side panel, console).
    pub invert: bool,
}

#[function_component(Splitter)]
pub fn splitter(p: &Props) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let panel = p.panel;
    let vertical = p.vertical;
    let sign = if p.invert { -1.0 } else { 1.0 };
    let value = ctx.sizes.get(panel);
    let onkeydown = {
        let c = ctx.clone();
        move |e: KeyboardEvent| {
            let d = match (e.key().as_str(), vertical) {
                ("ArrowLeft", true) | ("ArrowUp", false) => -16.0,
                ("ArrowRight", true) | ("ArrowDown", false) => 16.0,
                _ => return,
            };
            e.prevent_default();
            c.dispatch(Action::Resize(panel, value + d * sign));
        }
    };
    let onpointerdown = {
        let c = ctx.clone();
        move |e: PointerEvent| {
            e.prevent_default();
            let start = if vertical { e.client_x() } else { e.client_y() } as f64;
            let base = value;
            if let Some(t) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                let _ = t.set_pointer_capture(e.pointer_id());
                let c2 = c.clone();
                let mv = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::PointerEvent)>::new(
                    move |ev: web_sys::PointerEvent| {
                        if ev.buttons() == 0 {
                            return;
                        }
                        let pos = if vertical { ev.client_x() } else { ev.client_y() } as f64;
                        c2.dispatch(Action::Resize(panel, base + (pos - start) * sign));
                    },
                );
                let _ = t.add_event_listener_with_callback("pointermove", mv.as_ref().unchecked_ref());
                let t2 = t.clone();
                let up = wasm_bindgen::closure::Closure::once(move |_: web_sys::PointerEvent| {
                    let _ =
                        t2.remove_event_listener_with_callback("pointermove", mv.as_ref().unchecked_ref());
                    drop(mv);
                });
                let opts = web_sys::AddEventListenerOptions::new();
                opts.set_once(true);
                let _ = t.add_event_listener_with_callback_and_add_event_listener_options(
                    "pointerup",
                    up.as_ref().unchecked_ref(),
                    &opts,
                );
                up.forget();
            }
        }
    };
    html! {
        <div class={classes!("kp-splitter", if vertical { "v" } else { "h" }, format!("kp-split-{panel:?}").to_lowercase())}
            role="separator" tabindex="0" aria-label={p.label.clone()}
            aria-orientation={ if vertical { "vertical" } else { "horizontal" } }
            aria-valuenow={ (value as i64).to_string() } aria-valuemin="90" aria-valuemax="900"
            {onkeydown} {onpointerdown}></div>
    }
}
