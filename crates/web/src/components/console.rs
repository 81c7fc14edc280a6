//! The kubectl console: output, input with history (↑/↓), Tab completion, Ctrl+C, Ctrl+L.

use crate::ops::{self, Ctx};
use crate::state::{dropped_note, Action, LineKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(Console)]
pub fn console() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let out_ref = use_node_ref();
    let input_ref = use_node_ref();
    let suggestions = use_state(Vec::<String>::new);
    // Keep the newest output in view.
    {
        let out_ref = out_ref.clone();
        // At the scrollback limit the length stays put; the dropped count still moves.
        use_effect_with((ctx.console.len(), ctx.console_dropped), move |_| {
            // In the next frame, whose layout happens anyway: reading scrollHeight right after
            // the DOM changed forces a layout of the whole page inside the task that printed.
            let frame = gloo::render::request_animation_frame(move |_| {
                if let Some(el) = out_ref.cast::<web_sys::Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
            move || drop(frame)
        });
    }
    let read_only = ctx.read_only.contains("console");
    let oninput = {
        let c = ctx.clone();
        let s = suggestions.clone();
        move |e: InputEvent| {
            s.set(Vec::new());
            c.dispatch(Action::SetInput(e.target_unchecked_into::<HtmlInputElement>().value()));
        }
    };
    let onkeydown = {
        let c = ctx.clone();
        let s = suggestions.clone();
        move |e: KeyboardEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    s.set(Vec::new());
                    ops::run_line(&c, &input.value());
                }
                "ArrowUp" => {
                    e.prevent_default();
                    c.dispatch(Action::HistoryPrev);
                }
                "ArrowDown" => {
                    e.prevent_default();
                    c.dispatch(Action::HistoryNext);
                }
                "Tab" => {
                    let line = input.value();
                    if line.trim().is_empty() {
                        return; // let Tab move focus
                    }
                    e.prevent_default();
                    let cursor = input.selection_start().ok().flatten().unwrap_or(line.len() as u32) as usize;
                    let cands = c.engine.0.borrow().complete(&line, cursor.min(line.len()));
                    let head = &line[..cursor.min(line.len())];
                    let start = head.rfind(' ').map(|i| i + 1).unwrap_or(0);
                    match cands.len() {
                        0 => s.set(Vec::new()),
                        1 => {
                            let new = format!(
                                "{}{} {}",
                                &line[..start],
                                cands[0],
                                line[cursor.min(line.len())..].trim_start()
                            );
                            c.dispatch(Action::SetInput(new.trim_end().to_string() + " "));
                            s.set(Vec::new());
                        }
                        _ => {
                            let common = common_prefix(&cands);
                            if common.len() > head.len() - start {
                                c.dispatch(Action::SetInput(format!(
                                    "{}{}{}",
                                    &line[..start],
                                    common,
                                    &line[cursor.min(line.len())..]
                                )));
                            }
                            s.set(cands);
                        }
                    }
                }
                "c" | "C" if e.ctrl_key() => {
                    if c.stream.is_some() {
                        e.prevent_default();
                        ops::stop_stream(&c);
                    } else if input.selection_start() == input.selection_end() {
                        e.prevent_default();
                        c.dispatch(Action::Print(LineKind::Input, format!("$ {}^C", input.value())));
                        c.dispatch(Action::SetInput(String::new()));
                    }
                }
                "l" | "L" if e.ctrl_key() => {
                    e.prevent_default();
                    c.dispatch(Action::ClearConsole);
                }
                _ => {}
            }
        }
    };
    let focus_input = {
        let r = input_ref.clone();
        move |_| {
            let sel = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .map(|s| s.is_collapsed())
                .unwrap_or(true);
            if sel {
                if let Some(i) = r.cast::<HtmlInputElement>() {
                    let _ = i.focus();
                }
            }
        }
    };
    let stop = {
        let c = ctx.clone();
        move |_| ops::stop_stream(&c)
    };
    // The session's own prompt: `$`, or the container shell's (`/ #`) while attached to one.
    let ps1 = ctx.engine.0.borrow().prompt().trim_end().to_string();
    html! {
        <div class="kp-console" onclick={focus_input}>
            <div class="kp-console-out" ref={out_ref} data-testid="console-output" role="log" aria-live="polite" aria-label="Console output" tabindex="0">
                if ctx.console_dropped > 0 {
                    <div class="kp-line info" data-testid="console-dropped">{ dropped_note(ctx.console_dropped) }</div>
                }
                { for ctx.console.iter().map(|l| {
                    let cls = match l.kind { LineKind::Input => "in", LineKind::Output => "out", LineKind::Error => "err", LineKind::Info => "info" };
                    html! { <div class={classes!("kp-line", cls)}>{ &l.text }</div> }
                }) }
            </div>
            if !suggestions.is_empty() {
                <div class="kp-suggest" role="status">{ suggestions.join("   ") }</div>
            }
            <div class="kp-prompt">
                <label for="kp-console-input" class="kp-ps1">{ ps1 }</label>
                <input id="kp-console-input" ref={input_ref} data-testid="console-input" type="text" autocomplete="off" spellcheck="false"
                    aria-label="kubectl command" placeholder={ if ctx.stream.is_some() { "streaming… Ctrl+C to stop" } else { "kubectl get pods   (Tab completes, ↑ history, help)" } }
                    value={ctx.input.clone()} {oninput} {onkeydown} disabled={read_only} />
                if ctx.stream.is_some() {
                    <button type="button" class="kp-stop" onclick={stop} data-testid="console-stop">{ "Stop (Ctrl+C)" }</button>
                }
            </div>
        </div>
    }
}

fn common_prefix(v: &[String]) -> String {
    let Some(first) = v.first() else { return String::new() };
    let mut n = first.len();
    for s in v {
        n = n.min(first.bytes().zip(s.bytes()).take_while(|(a, b)| a == b).count());
    }
    first[..n].to_string()
}
