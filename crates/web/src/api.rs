//! `window.kubeplay`: the scripting/embedding API.
//!
//! - `kubeplay.mount(el, config)` mounts a playground (auto-mount uses `#kubeplay`).
//! - `kubeplay.ready`: a Promise resolved once the playground is running.
//! - `kubeplay.apply(yaml)` / `kubeplay.kubectl(line)`: Promises of the text kubectl prints.
//! - `kubeplay.advance(seconds)`: advances virtual time in slices, resolves when done.
//! - `kubeplay.on("change", fn)`: called after the cluster changed.
//! - `kubeplay.shareUrl()`: a Promise of this page's URL with the whole session in its fragment
//!   (`#kp=…`, see `kubeplay_share`); opening it replays the session.

use crate::components::app::perf_now;
use crate::ops::{self, Ctx};
use crate::state::{Action, EngineHandle, LineKind};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static CTX: RefCell<Option<Ctx>> = const { RefCell::new(None) };
    static READY: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    static LISTENERS: RefCell<Vec<js_sys::Function>> = const { RefCell::new(Vec::new()) };
}

pub fn set_context(c: Ctx) {
    CTX.with(|x| *x.borrow_mut() = Some(c));
}

fn ctx() -> Result<Ctx, JsValue> {
    CTX.with(|x| x.borrow().clone())
        .ok_or_else(|| JsValue::from_str("kubeplay is not mounted yet; await kubeplay.ready"))
}

pub fn resolve_ready() {
    if let Some(f) = READY.with(|r| r.borrow_mut().take()) {
        let _ = f.call0(&JsValue::NULL);
    }
}

pub fn emit_change() {
    let fs: Vec<js_sys::Function> = LISTENERS.with(|l| l.borrow().clone());
    for f in fs {
        let _ = f.call1(&JsValue::NULL, &JsValue::from_str("change"));
    }
}

fn set(obj: &js_sys::Object, k: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(k), v);
}

/// A Promise of what `f` returns, run once the engine is ready for an action (so a script's
/// call never blocks the page finishing a big piece of work at once).
fn when_ready_promise(f: impl FnOnce(&Ctx) -> Result<String, JsValue> + 'static) -> js_sys::Promise {
    let c = match ctx() {
        Ok(c) => c,
        Err(e) => return js_sys::Promise::reject(&e),
    };
    wasm_bindgen_futures::future_to_promise(async move {
        until_ready_for_action(&c.engine).await;
        f(&c).map(|t| JsValue::from_str(&t))
    })
}

/// Engine time per slice of `kubeplay.advance` between yields to the browser.
const ADVANCE_SLICE_MS: f64 = 12.0;

/// Resolves once the engine can take an action without blocking (see
/// `Engine::ready_for_action`), working towards that a slice at a time, yielding in between.
pub async fn until_ready_for_action(engine: &EngineHandle) {
    loop {
        let deadline = perf_now() + ADVANCE_SLICE_MS;
        if engine.0.borrow_mut().work_to_rest(&mut || perf_now() < deadline) {
            return;
        }
        yield_now().await;
    }
}

/// Lets the browser run other work (rendering, input) before continuing.
async fn yield_now() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

pub fn install() {
    let Some(window) = web_sys::window() else { return };
    let api = js_sys::Object::new();
    let mut resolve_slot: Option<js_sys::Function> = None;
    let ready = js_sys::Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    READY.with(|r| *r.borrow_mut() = resolve_slot);
    set(&api, "ready", &ready);

    let apply = Closure::<dyn Fn(String) -> js_sys::Promise>::new(|yaml: String| {
        when_ready_promise(move |c| {
            c.dispatch(Action::Print(LineKind::Input, "$ kubectl apply -f -".into()));
            let o = c.engine.0.borrow_mut().apply_text(&yaml, "STDIN");
            ops::print_output(c, &o);
            ops::sync(c);
            Ok(o.text)
        })
    });
    set(&api, "apply", apply.as_ref());
    apply.forget();

    let kubectl = Closure::<dyn Fn(String) -> js_sys::Promise>::new(|line: String| {
        when_ready_promise(move |c| {
            let line = line.trim().to_string();
            let cmd = if line.starts_with("kubectl") { line } else { format!("kubectl {line}") };
            c.dispatch(Action::Print(LineKind::Input, format!("$ {cmd}")));
            let o = c.engine.0.borrow_mut().run(&cmd);
            if let Some(id) = o.stream {
                // Scripts get the first screenful; streaming belongs to the console.
                c.engine.0.borrow_mut().cancel_stream(id);
            }
            ops::print_output(c, &o);
            ops::sync(c);
            Ok(o.text)
        })
    });
    set(&api, "kubectl", kubectl.as_ref());
    kubectl.forget();

    let advance = Closure::<dyn Fn(f64) -> js_sys::Promise>::new(|seconds: f64| {
        let Ok(c) = ctx() else { return js_sys::Promise::reject(&JsValue::from_str("not mounted")) };
        let total = if seconds.is_finite() && seconds > 0.0 { (seconds * 1000.0) as u64 } else { 0 };
        wasm_bindgen_futures::future_to_promise(async move {
            until_ready_for_action(&c.engine).await;
            c.engine.0.borrow_mut().begin_advance(total);
            // The work in frame-sized slices, yielding to the browser between them (no long tasks).
            loop {
                let deadline = perf_now() + ADVANCE_SLICE_MS;
                let done = c.engine.0.borrow_mut().work(&mut || perf_now() < deadline);
                // The redraw gets a task of its own (a work slice plus a redraw could be long).
                yield_now().await;
                if done {
                    break;
                }
            }
            ops::sync(&c);
            Ok(JsValue::from_f64(c.engine.0.borrow().now_ms() as f64 / 1000.0))
        })
    });
    set(&api, "advance", advance.as_ref());
    advance.forget();

    let on = Closure::<dyn Fn(String, js_sys::Function)>::new(|event: String, f: js_sys::Function| {
        if event == "change" {
            LISTENERS.with(|l| l.borrow_mut().push(f));
        }
    });
    set(&api, "on", on.as_ref());
    on.forget();

    let share_url = Closure::<dyn Fn() -> js_sys::Promise>::new(|| {
        when_ready_promise(|c| {
            let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
            share_url_of(c, &base).ok_or_else(|| JsValue::from_str("this cluster's shape cannot be shared"))
        })
    });
    set(&api, "shareUrl", share_url.as_ref());
    share_url.forget();

    let now = Closure::<dyn Fn() -> f64>::new(|| {
        ctx().map(|c| c.engine.0.borrow().now_ms() as f64 / 1000.0).unwrap_or(0.0)
    });
    set(&api, "now", now.as_ref());
    now.forget();

    let mount = Closure::<dyn Fn(web_sys::Element, JsValue)>::new(|el: web_sys::Element, cfg: JsValue| {
        let json =
            js_sys::JSON::stringify(&cfg).ok().and_then(|s| s.as_string()).unwrap_or_else(|| "{}".into());
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or(serde_json::Value::Null);
        crate::mount(el, crate::Config::from_json(&v));
    });
    set(&api, "mount", mount.as_ref());
    mount.forget();

    set(&api, "version", &JsValue::from_str("kubeplay 0.1 (Kubernetes v1.33)"));
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("kubeplay"), api.unchecked_ref());
}

/// `base` with the playground's session (editor tabs and the engine's action log) in its fragment.
pub fn share_url_of(c: &Ctx, base: &str) -> Option<String> {
    let files = c
        .files
        .iter()
        .map(|f| kubeplay_share::SharedFile { name: f.name.clone(), text: f.text.clone() })
        .collect();
    let state = c.engine.0.borrow().share_state(files, c.active)?;
    Some(kubeplay_share::share_url(base, &state))
}
