//! Title, example picker, clock (pause/play, speed, step, virtual time), theme and reset.

use crate::components::{confirm, icons};
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

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// Sets `<html data-theme>` (the CSS and the editor follow it) and remembers the choice; boot.js
/// applies it again before the next page load draws anything.
fn set_theme(t: &str) {
    if let Some(el) = root() {
        if t == "auto" {
            let _ = el.remove_attribute("data-theme");
        } else {
            let _ = el.set_attribute("data-theme", t);
        }
    }
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ =
            if t == "auto" { s.remove_item(persist::THEME_KEY) } else { s.set_item(persist::THEME_KEY, t) };
    }
}

/// The theme in force: what boot.js (or an earlier click) put on `<html>`.
fn current_theme() -> String {
    root()
        .and_then(|el| el.get_attribute("data-theme"))
        .filter(|t| t == "dark" || t == "light")
        .unwrap_or_else(|| "auto".into())
}

/// Loads an example after asking, when that would throw away edited files; else puts the
/// picker back on the example in use.
fn load_example_confirmed(c: &Ctx, id: &str, sel: Option<&HtmlSelectElement>) -> bool {
    let title = crate::examples::by_id(id).map(|e| e.title).unwrap_or(id);
    let names = c.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ");
    let ok = !ops::files_edited(c)
        || confirm(&format!(
            "Load “{title}”? Your edited files ({names}) are replaced and the cluster starts again."
        ));
    if ok {
        ops::load_example(c, id);
    } else if let Some(sel) = sel {
        sel.set_value(&c.example_id);
    }
    ok
}

#[function_component(Toolbar)]
pub fn toolbar() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let theme = use_state(current_theme);
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
        move |_| ops::step(&c)
    };
    let on_example = {
        let c = ctx.clone();
        move |e: Event| {
            let sel = e.target_unchecked_into::<HtmlSelectElement>();
            let v = sel.value();
            if !v.is_empty() {
                load_example_confirmed(&c, &v, Some(&sel));
            }
        }
    };
    let reset = {
        let c = ctx.clone();
        move |_| {
            if load_example_confirmed(&c, crate::examples::DEFAULT_ID, None) {
                persist::clear();
                c.dispatch(Action::Toast(
                    crate::state::ToastKind::Info,
                    "Reset to the default example.".into(),
                ));
            }
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
                    if playing { { icons::pause() }{ " Pause" } } else { { icons::play() }{ " Play" } }
                </button>
                <label class="kp-sr" for="kp-speed">{ "Speed" }</label>
                <select id="kp-speed" data-testid="clock-speed" onchange={on_speed} aria-label="Clock speed">
                    { for SPEEDS.iter().map(|s| html! { <option value={ s.to_string() } selected={ *s == ctx.clock.speed }>{ speed_label(*s) }</option> }) }
                </select>
                <button type="button" onclick={step} data-testid="clock-step" title="Pause and move the clock to the next change in the cluster">{ icons::step() }{ " Step" }</button>
                <output class="kp-time" data-testid="clock-time" aria-label="Virtual time">{ clock_label(ctx.now_ms) }</output>
                if ctx.engine.0.borrow().booting() {
                    <span class="kp-boot" role="status" data-testid="boot-progress">{ format!("Starting cluster… {}s", ctx.engine.0.borrow().boot_progress_ms() / 1000) }</span>
                }
                if let Some((done, total)) = ctx.engine.0.borrow().restore_progress() {
                    <span class="kp-boot" role="status" data-testid="restore-progress">{ format!("Restoring saved session… {done} of {total} actions") }</span>
                }
            </div>
            <div class="kp-group">
                <label class="kp-example-label" for="kp-examples">{ "Example" }</label>
                <select id="kp-examples" data-testid="examples" onchange={on_example} title="The example loaded; pick another to load it">
                    if crate::examples::by_id(&ctx.example_id).is_none() {
                        <option value="" selected=true>{ "Your own files" }</option>
                    }
                    { for EXAMPLES.iter().map(|e| html! { <option value={ e.id } title={ e.blurb } selected={ e.id == ctx.example_id }>{ e.title }</option> }) }
                </select>
                if ops::files_edited(&ctx) && crate::examples::by_id(&ctx.example_id).is_some() {
                    <span class="kp-muted kp-edited" data-testid="example-edited">{ "edited" }</span>
                }
                <button type="button" data-testid="reset" onclick={reset} title="Forget saved state and load the default example">{ "Reset" }</button>
                <button type="button" data-testid="theme" onclick={cycle_theme} aria-label={ format!("Theme: {}", *theme) } title="Theme: auto / dark / light">
                    { icons::theme(theme.as_str()) }
                </button>
            </div>
        </header>
    }
}
