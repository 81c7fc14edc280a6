//! The manifest editor: file tabs, CodeMirror 6 (via `editor_js`), and the diagnostics list with
//! plain-language hints. Falls back to a plain textarea if the editor bundle failed to load.

use crate::components::{confirm, icons, prompt};
use crate::editor_js as js;
use crate::examples::TEMPLATES;
use crate::ops::{self, Ctx};
use crate::state::{valid_file_name, Action, ToastKind};
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Closures handed to JS; kept alive as long as the editor exists.
struct Bridge {
    id: u32,
    _closures: Vec<Box<dyn std::any::Any>>,
}

#[function_component(Editor)]
pub fn editor() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let host = use_node_ref();
    let bridge: Rc<RefCell<Option<Bridge>>> = use_mut_ref(|| None);
    // The latest context for callbacks created once.
    let latest = use_mut_ref(|| ctx.clone());
    *latest.borrow_mut() = ctx.clone();
    let read_only = ctx.read_only.contains("editor");
    let has_cm = js::available();

    {
        let host = host.clone();
        let bridge = bridge.clone();
        let latest = latest.clone();
        let text = ctx.active_file().map(|f| f.text.clone()).unwrap_or_default();
        use_effect_with((), move |_| {
            if let Some(el) = host.cast::<web_sys::Element>() {
                if js::available() {
                    let cbs = js_sys::Object::new();
                    let l1 = latest.clone();
                    let change = Closure::<dyn Fn(String)>::new(move |t: String| {
                        let c = l1.borrow().clone();
                        c.dispatch(Action::EditFile(c.active, t));
                    });
                    let l2 = latest.clone();
                    let complete = Closure::<dyn Fn(String, u32) -> String>::new(
                        move |t: String, pos: u32| {
                            let c = l2.borrow().clone();
                            let off = char_to_byte(&t, pos as usize);
                            let items = c.engine.0.borrow().completions(&t, off);
                            json!({"options": items.iter().map(|(l, ty, info)| json!({"label": l, "type": ty, "info": info})).collect::<Vec<_>>()}).to_string()
                        },
                    );
                    let l3 = latest.clone();
                    let hover =
                        Closure::<dyn Fn(String, u32) -> Option<String>>::new(move |t: String, pos: u32| {
                            let c = l3.borrow().clone();
                            let off = char_to_byte(&t, pos as usize);
                            let doc = c.engine.0.borrow().hover(&t, off);
                            // Show the diagnostic (with its hint) under the pointer first.
                            let line = t[..off.min(t.len())].matches('\n').count() as u32 + 1;
                            let diag = c
                                .diagnostics
                                .iter()
                                .find(|d| d.line == line)
                                .map(|d| format!("{}\n\n{}", d.message, d.hint));
                            match (diag, doc) {
                                (Some(d), Some(x)) => Some(format!("{d}\n\n{x}")),
                                (d, x) => d.or(x),
                            }
                        });
                    let l4 = latest.clone();
                    let apply = Closure::<dyn Fn(bool)>::new(move |all: bool| {
                        let c = l4.borrow().clone();
                        ops::apply(&c, all);
                    });
                    let set = |k: &str, v: &JsValue| {
                        let _ = js_sys::Reflect::set(&cbs, &k.into(), v);
                    };
                    set("change", change.as_ref());
                    set("complete", complete.as_ref());
                    set("hover", hover.as_ref());
                    set("apply", apply.as_ref());
                    if let Ok(id) = js::create(&el, &text, &cbs) {
                        *bridge.borrow_mut() = Some(Bridge {
                            id,
                            _closures: vec![
                                Box::new(change),
                                Box::new(complete),
                                Box::new(hover),
                                Box::new(apply),
                            ],
                        });
                    }
                }
            }
            let b = bridge.clone();
            move || {
                if let Some(x) = b.borrow_mut().take() {
                    js::destroy(x.id);
                }
            }
        });
    }
    // Keep the editor's text in step with the state (tab switch, example load, restore).
    {
        let bridge = bridge.clone();
        let text = ctx.active_file().map(|f| f.text.clone()).unwrap_or_default();
        // Each tab has its own key, so its own editor state and undo history.
        use_effect_with((text, ctx.file_key(ctx.active)), move |(text, key)| {
            if let Some(b) = bridge.borrow().as_ref() {
                js::show(b.id, key, text);
            }
        });
    }
    {
        let bridge = bridge.clone();
        use_effect_with(read_only, move |ro| {
            if let Some(b) = bridge.borrow().as_ref() {
                js::set_read_only(b.id, *ro);
            }
        });
    }
    {
        let bridge = bridge.clone();
        let diags = ctx.diagnostics.clone();
        use_effect_with(diags, move |diags| {
            if let Some(b) = bridge.borrow().as_ref() {
                let v: Vec<_> = diags
                    .iter()
                    .map(|d| json!({"line": d.line, "col": d.col, "endLine": d.end_line, "endCol": d.end_col, "severity": d.severity, "message": format!("{}\n{}", d.message, d.hint)}))
                    .collect();
                js::set_diagnostics(b.id, &serde_json::Value::Array(v).to_string());
            }
        });
    }

    let tabs = ctx.files.iter().enumerate().map(|(i, f)| {
        let c = ctx.clone();
        let selected = i == ctx.active;
        html! {
            <button type="button" role="tab" class={classes!("kp-tab", selected.then_some("active"))} aria-selected={ selected.to_string() }
                data-testid={ format!("file-tab-{i}") } onclick={move |_| c.dispatch(Action::SelectFile(i))}>{ &f.name }</button>
        }
    });
    // Rename and close act on the open tab (a tablist may hold only tabs).
    let active = ctx.active;
    let active_name = ctx.active_file().map(|f| f.name.clone()).unwrap_or_default();
    let rename = {
        let (c, old) = (ctx.clone(), active_name.clone());
        move |_| {
            if let Some(name) = prompt(&format!("Rename {old} to:"), &old) {
                if !valid_file_name(name.trim())
                    || c.files.iter().any(|f| f.name == name.trim() && f.name != old)
                {
                    c.dispatch(Action::Toast(
                        ToastKind::Error,
                        format!("“{name}” cannot be used: a file name needs no “/” and must not be taken."),
                    ));
                } else {
                    c.dispatch(Action::RenameFile(active, name));
                }
            }
        }
    };
    let close = {
        let c = ctx.clone();
        let (name, empty) = (active_name.clone(), ctx.active_file().is_none_or(|f| f.text.trim().is_empty()));
        move |_| {
            if empty
                || confirm(&format!(
                    "Close {name}? Its text is discarded (the cluster keeps what was applied)."
                ))
            {
                c.dispatch(Action::CloseFile(active));
            }
        }
    };
    let can_close = ctx.files.len() > 1 && !read_only;
    let add = {
        let c = ctx.clone();
        move |e: Event| {
            let sel = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            if let Some((_, text)) = TEMPLATES.iter().find(|(label, _)| *label == sel.value()) {
                c.dispatch(Action::AddFile(text.to_string()));
            }
            sel.set_value("");
        }
    };
    let fallback_input = {
        let c = ctx.clone();
        move |e: InputEvent| {
            let t = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            c.dispatch(Action::EditFile(c.active, t));
        }
    };
    let goto = |line: u32| {
        let bridge = bridge.clone();
        move |_| {
            if let Some(b) = bridge.borrow().as_ref() {
                js::goto_line(b.id, line);
            }
        }
    };
    let errors = ctx.diagnostics.iter().filter(|d| d.severity == "error").count();
    html! {
        <div class="kp-editor">
            <div class="kp-tabs">
                <span class="kp-folder" aria-hidden="true">{ "k8s/" }</span>
                <div class="kp-tablist" role="tablist" aria-label="Files">{ for tabs }</div>
                if !read_only {
                    <button type="button" class="kp-icon-btn" data-testid="file-rename" aria-label={ format!("Rename {active_name}") } title="Rename this file" onclick={rename}>{ icons::pencil() }</button>
                }
                if can_close {
                    <button type="button" class="kp-icon-btn" data-testid="file-close" aria-label={ format!("Close {active_name}") } title="Close this file" onclick={close}>{ icons::close() }</button>
                }
                if !read_only {
                    <select class="kp-add" data-testid="new-file" aria-label="New file" title="New file" onchange={add}>
                        <option value="" selected=true>{ "+ New…" }</option>
                        { for TEMPLATES.iter().map(|(label, _)| html! { <option value={ *label }>{ *label }</option> }) }
                    </select>
                }
            </div>
            <div class="kp-cm" ref={host} data-testid="editor">
                if !has_cm {
                    <textarea class="kp-fallback" aria-label="YAML manifest editor" spellcheck="false" readonly={read_only}
                        value={ ctx.active_file().map(|f| f.text.clone()).unwrap_or_default() } oninput={fallback_input} />
                }
            </div>
            <div class="kp-diags" data-testid="diagnostics" aria-live="polite">
                if ctx.diagnostics.is_empty() {
                    <p class="kp-ok">{ "✓ No problems found · Ctrl+Enter applies this file · Esc then Tab leaves the editor" }</p>
                } else {
                    <p class="kp-diag-head">{ format!("{} problem(s), {} error(s)", ctx.diagnostics.len(), errors) }</p>
                    <ul>
                        { for ctx.diagnostics.iter().map(|d| html! {
                            <li class={classes!("kp-diag", d.severity)} data-line={ d.line.to_string() }>
                                <button type="button" class="kp-linkish" onclick={goto(d.line)}>{ format!("Line {}:{}", d.line, d.col) }</button>
                                <span class="kp-diag-msg">{ format!(" {} ", if d.severity == "error" { "✕" } else { "!" }) }{ &d.message }</span>
                                <span class="kp-hint">{ &d.hint }</span>
                            </li>
                        }) }
                    </ul>
                }
            </div>
        </div>
    }
}

/// CodeMirror positions count UTF-16 units; close enough to chars for YAML, mapped to a byte offset.
fn char_to_byte(s: &str, pos: usize) -> usize {
    let mut units = 0;
    for (b, ch) in s.char_indices() {
        if units >= pos {
            return b;
        }
        units += ch.len_utf16();
    }
    s.len()
}
