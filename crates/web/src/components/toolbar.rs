//! Title, example picker, clock (pause/play, speed, step, virtual time), theme and reset.

use crate::engine::clock_label;
use crate::examples::EXAMPLES;
use crate::ops::{self, Ctx};
use crate::persist;
use crate::state::{Action, SPEEDS};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

fn speed_label(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{}×", s as u64)
    } else {
        format!("{s}×")
    }
}

fn set_theme(t: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        if t == "auto" {
            let _ = el.remove_attribute("data-theme");
        } else {
            let _ = el.set_attribute("data-theme", t);
        }
    }
}

#[function_component(Toolbar)]
pub fn toolbar() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let theme = use_state(|| "auto".to_string());
    let playing = ctx.clock.playing;
    let toggle = {
        let c = ctx.clone();
        move |_| c.dispatch(Action::SetPlaying(!playing))
    };
    let on_speed = {
        let c = ctx.clone();
        move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(s) = v.parse::<f64>() {
                c.dispatch(Action::SetSpeed(s));
            }
        }
    };
    let step = {
        let c = ctx.clone();
        move |_| {
            let next = c.engine.0.borrow().next_wakeup_ms();
            let now = c.engine.0.borrow().now_ms();
            let dt = next.map(|n| n.saturating_sub(now).max(1)).unwrap_or(1000).min(600_000);
            // The frame loop does the work a slice at a time and redraws when it is done.
            c.engine.0.borrow_mut().begin_advance(dt);
            c.dispatch(Action::SetPlaying(false));
        }
    };
    let on_example = {
        let c = ctx.clone();
        move |e: Event| {
            let sel = e.target_unchecked_into::<HtmlSelectElement>();
            let v = sel.value();
            if !v.is_empty() {
                ops::load_example(&c, &v);
            }
            sel.set_value("");
        }
    };
    let reset = {
        let c = ctx.clone();
        move |_| {
            persist::clear();
            ops::load_example(&c, crate::examples::DEFAULT_ID);
            c.dispatch(Action::Toast(crate::state::ToastKind::Info, "Reset to the default example.".into()));
        }
    };
    let cycle_theme = {
        let theme = theme.clone();
        move |_| {
            let next = match theme.as_str() {
                "auto" => "dark",
                "dark" => "light",
                _ => "auto",
            };
            set_theme(next);
            theme.set(next.to_string());
        }
    };
    let apply_one = {
        let c = ctx.clone();
        move |_| ops::apply(&c, false)
    };
    let apply_all = {
        let c = ctx.clone();
        move |_| ops::apply(&c, true)
    };
    html! {
        <header class="kp-toolbar">
            <h1 class="kp-title"><span class="kp-logo" aria-hidden="true">{ "⎈" }</span>{ "kubeplay" }<small>{ " Kubernetes v1.33, simulated in your browser" }</small></h1>
            <div class="kp-group">
                <button type="button" class="kp-primary" data-testid="apply" onclick={apply_one} title="Apply the current file (Ctrl+Enter)">{ "Apply" }</button>
                <button type="button" onclick={apply_all} data-testid="apply-all" title="Apply every file (Ctrl+Shift+Enter)">{ "Apply all" }</button>
            </div>
            <div class="kp-group kp-clock" role="group" aria-label="Simulation clock">
                <button type="button" data-testid="clock-toggle" aria-pressed={ (!playing).to_string() } onclick={toggle}
                    aria-label={ if playing { "Pause the clock" } else { "Play the clock" } }>
                    { if playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <label class="kp-sr" for="kp-speed">{ "Speed" }</label>
                <select id="kp-speed" data-testid="clock-speed" onchange={on_speed} aria-label="Clock speed">
                    { for SPEEDS.iter().map(|s| html! { <option value={ s.to_string() } selected={ *s == ctx.clock.speed }>{ speed_label(*s) }</option> }) }
                </select>
                <button type="button" onclick={step} data-testid="clock-step" title="Jump to the next scheduled event">{ "⏭ Step" }</button>
                <output class="kp-time" data-testid="clock-time" aria-label="Virtual time">{ clock_label(ctx.now_ms) }</output>
                if ctx.engine.0.borrow().booting() {
                    <span class="kp-boot" role="status" data-testid="boot-progress">{ format!("Starting cluster… {}s", ctx.engine.0.borrow().boot_progress_ms() / 1000) }</span>
                }
                if let Some((done, total)) = ctx.engine.0.borrow().restore_progress() {
                    <span class="kp-boot" role="status" data-testid="restore-progress">{ format!("Restoring saved session… {done} of {total} actions") }</span>
                }
            </div>
            <div class="kp-group">
                <label class="kp-sr" for="kp-examples">{ "Load an example" }</label>
                <select id="kp-examples" data-testid="examples" onchange={on_example} aria-label="Load an example">
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for EXAMPLES.iter().map(|e| html! { <option value={ e.id } title={ e.blurb }>{ e.title }</option> }) }
                </select>
                <button type="button" data-testid="reset" onclick={reset} title="Forget saved state and load the default example">{ "Reset" }</button>
                <button type="button" onclick={cycle_theme} aria-label={ format!("Theme: {}", *theme) } title="Theme: auto / dark / light">
                    { match theme.as_str() { "dark" => "☾", "light" => "☀", _ => "◐" } }
                </button>
            </div>
        </header>
    }
}
