//! The root component: owns the state, runs the frame loop (simulation sliced per animation frame),
//! debounced diagnostics and persistence, and lays out the panels.

use crate::components::{
    console::Console, details::Details, editor::Editor, faults::FaultPalette, graph::Graph,
    splitter::Splitter, timeline::Timeline, toasts::Toasts, toolbar::Toolbar,
};
use crate::engine::Engine;
use crate::ops::{self, Ctx};
use crate::persist;
use crate::state::{Action, AppState, EngineHandle, File, LineKind, Panel};
use crate::{api, Config};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub config: Config,
}

/// What the frame loop needs to know without holding the (stale) state.
#[derive(Default)]
struct LoopCtl {
    playing: bool,
    speed: f64,
    stream: Option<u64>,
    engine: Option<EngineHandle>,
    ctx: Option<Ctx>,
    last_t: f64,
    last_rev: u64,
    /// Real time of the last UI update (throttled, see `SYNC_INTERVAL_MS`).
    last_sync_t: f64,
    /// The store changed since the last UI update.
    dirty: bool,
}

/// Clock-only re-renders at most this often (ms of real time), whatever the speed.
const CLOCK_REDRAW_MS: f64 = 250.0;
/// Clock-driven changes reach the panels at most this often (10 redraws a second).
const SYNC_INTERVAL_MS: f64 = 100.0;

/// Never spend more than this on simulation in one frame (the rest of the budget is rendering).
/// Work is cut into slices of `engine::WORK_SLICE` units, so a frame overshoots it by little.
const FRAME_BUDGET_MS: f64 = 8.0;
/// Startup slices may use more of the frame: nothing else is happening yet.
const BOOT_BUDGET_MS: f64 = 24.0;

pub(crate) fn perf_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

fn initial_state(cfg: &Config) -> AppState {
    // Explicit files in the embed config win over saved state.
    if let Some(files) = cfg.files.clone().filter(|f| !f.is_empty()) {
        let (e, _) = ops::boot_engine(&files, &cfg.cluster);
        return AppState::new(EngineHandle::new(e), files, "custom");
    }
    // A share link (`#kp=…`) wins over saved state; a damaged or newer one leaves a notice.
    let mut notice = None;
    match crate::share::from_location() {
        Some(Ok(st)) => return st,
        Some(Err(e)) => notice = Some(e.notice()),
        None => {}
    }
    if cfg.persist && notice.is_none() {
        if let Some(raw) = persist::load_raw(persist::KEY) {
            match persist::decode(&raw).and_then(|s| {
                Engine::restore_with(&s.session, cfg.cluster.clone())
                    .map(|e| (s, e))
                    .map_err(persist::LoadError::Corrupt)
            }) {
                Ok((saved, engine)) => {
                    let mut st = AppState::new(EngineHandle::new(engine), saved.files, &saved.example_id);
                    st.active = saved.active;
                    st.history.items = saved.history;
                    st.console.push(crate::state::ConsoleLine { kind: LineKind::Info, text: "Restored your playground from this browser's storage. Reset brings back the default example.".into() });
                    return st;
                }
                Err(e) => notice = Some(e.notice()),
            }
        }
    }
    let id = cfg.example.clone().unwrap_or_else(|| crate::examples::DEFAULT_ID.to_string());
    let files = ops::example_files(&id);
    let applied = ops::example_applied_files(&id);
    let (e, outs) = ops::boot_engine(&applied, &cfg.cluster);
    let mut st = AppState::new(EngineHandle::new(e), files, &id);
    st.notice = notice;
    for (f, o) in applied.iter().zip(outs) {
        st.console.push(crate::state::ConsoleLine {
            kind: LineKind::Input,
            text: format!("$ kubectl apply -f {}", f.name),
        });
        for l in o.text.lines() {
            st.console.push(crate::state::ConsoleLine { kind: LineKind::Output, text: l.to_string() });
        }
    }
    st.console.push(crate::state::ConsoleLine {
        kind: LineKind::Info,
        text: "Type `help` for the commands; try `kubectl get pods`.".into(),
    });
    st
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let cfg = props.config.clone();
    let ctx = {
        let cfg = cfg.clone();
        use_reducer(move || {
            let mut s = initial_state(&cfg);
            s.read_only = cfg.read_only.iter().cloned().collect();
            if cfg.persist {
                if let Some(raw) = persist::load_raw(persist::SIZES_KEY) {
                    s.sizes = persist::decode_sizes(&raw);
                }
            }
            s
        })
    };
    let ctl = use_mut_ref(LoopCtl::default);
    {
        let mut c = ctl.borrow_mut();
        c.playing = ctx.clock.playing;
        c.speed = ctx.clock.speed;
        c.stream = ctx.stream;
        c.engine = Some(ctx.engine.clone());
        c.ctx = Some(ctx.clone());
    }
    api::set_context(ctx.clone());

    // The frame loop.
    {
        let ctl = ctl.clone();
        use_effect_with((), move |_| {
            let handle: Rc<RefCell<Option<gloo::render::AnimationFrame>>> = Rc::new(RefCell::new(None));
            fn schedule(
                ctl: Rc<RefCell<LoopCtl>>,
                handle: Rc<RefCell<Option<gloo::render::AnimationFrame>>>,
            ) {
                let h2 = handle.clone();
                let af = gloo::render::request_animation_frame(move |t| {
                    frame(&ctl, t);
                    schedule(ctl.clone(), h2.clone());
                });
                *handle.borrow_mut() = Some(af);
            }
            schedule(ctl, handle.clone());
            move || {
                handle.borrow_mut().take();
            }
        });
    }

    // Debounced diagnostics for the file being edited.
    {
        let ctx2 = ctx.clone();
        let text = ctx.active_file().map(|f| f.text.clone()).unwrap_or_default();
        let timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
        use_effect_with((text, ctx.active), move |(text, _)| {
            let text = text.clone();
            let c = ctx2.clone();
            *timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(150, move || {
                let d = c.engine.0.borrow().diagnostics(&text);
                c.dispatch(Action::SetDiagnostics(d));
            }));
        });
    }

    // Persistence (debounced), plus a "last good" copy for the panic overlay.
    {
        let ctx2 = ctx.clone();
        let persist_on = cfg.persist;
        let timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
        use_effect_with(
            (ctx.files.clone(), ctx.active, ctx.history.items.len(), ctx.rev, ctx.example_id.clone()),
            move |_| {
                if persist_on {
                    let c = ctx2.clone();
                    *timer.borrow_mut() =
                        Some(gloo::timers::callback::Timeout::new(300, move || save_now(&c)));
                }
            },
        );
    }
    // Escape closes the details (unless a widget used it: the editor leaving, a list closing),
    // and focus returns to the object's node on the graph.
    {
        let ctl = ctl.clone();
        use_effect_with((), move |_| {
            let doc = web_sys::window().and_then(|w| w.document());
            let listener = doc.map(|d| {
                gloo::events::EventListener::new(&d, "keydown", move |e| {
                    let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                    if k.key() != "Escape" || k.default_prevented() {
                        return;
                    }
                    let Some(c) = ctl.borrow().ctx.clone() else { return };
                    if let Some(sel) = c.selected.clone() {
                        c.dispatch(Action::Select(None));
                        focus_graph_node(&sel);
                    }
                })
            });
            move || drop(listener)
        });
    }
    // Panel sizes survive a reload (the first render only reads them back).
    {
        let persist_on = cfg.persist;
        let first = use_mut_ref(|| true);
        use_effect_with(ctx.sizes, move |sizes| {
            if persist_on && !std::mem::replace(&mut *first.borrow_mut(), false) {
                persist::store_raw(persist::SIZES_KEY, &persist::encode_sizes(sizes));
            }
        });
    }
    {
        use_effect_with((), move |_| {
            let iv = gloo::timers::callback::Interval::new(10_000, || {
                if let Some(raw) = persist::load_raw(persist::KEY) {
                    persist::store_raw(persist::LAST_GOOD_KEY, &raw);
                }
            });
            move || drop(iv)
        });
    }

    let style = format!(
        "--editor-w:{}px;--side-w:{}px;--console-h:{}px",
        ctx.sizes.editor, ctx.sizes.side, ctx.sizes.console
    );
    let hidden = |p: &str| cfg.hide.iter().any(|h| h == p);
    html! {
        <ContextProvider<Ctx> context={ctx.clone()}>
            <div class="kp-app" style={style}>
                <Toolbar />
                if let Some(n) = ctx.notice.clone() {
                    <div class="kp-notice" role="status">
                        <span>{ n }</span>
                        <button type="button" onclick={ let c = ctx.clone(); move |_| c.dispatch(Action::SetNotice(None)) }>{ "Dismiss" }</button>
                    </div>
                }
                <main class="kp-main">
                    if !hidden("editor") {
                        <section class="kp-panel kp-editor-panel" aria-label="Manifests">
                            <Editor />
                        </section>
                        <Splitter panel={Panel::Editor} label="Resize the editor" vertical=true invert=false />
                    }
                    // The console follows the editor in the focus order (write, then run: a few
                    // Tab presses apart); the grid still draws it below the graph.
                    if !hidden("console") {
                        <Splitter panel={Panel::Console} label="Resize the console" vertical=false invert=true />
                        <section class="kp-panel kp-console-panel" aria-label="Console">
                            <Console />
                        </section>
                    }
                    <section class="kp-panel kp-graph-panel" aria-label="Cluster graph">
                        <Graph />
                    </section>
                    if !hidden("side") {
                        <Splitter panel={Panel::Side} label="Resize the details panel" vertical=true invert=true />
                        <aside class="kp-side">
                            <Details />
                            <FaultPalette />
                            <Timeline />
                        </aside>
                    }
                </main>
                <Toasts />
            </div>
        </ContextProvider<Ctx>>
    }
}

/// Moves focus to the graph node of `sel` (if it is drawn).
fn focus_graph_node(sel: &crate::state::Selection) {
    let q = format!("[data-testid=graph] [data-kind=\"{}\"][data-name=\"{}\"]", sel.kind, sel.name);
    let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(&q).ok().flatten());
    if let Some(el) = el {
        if let Ok(f) = js_sys::Reflect::get(&el, &"focus".into()) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                let _ = f.call0(&el);
            }
        }
    }
}

pub fn save_now(c: &Ctx) {
    let saved = persist::Saved {
        files: c.files.clone(),
        active: c.active,
        example_id: c.example_id.clone(),
        history: c.history.items.clone(),
        session: c.engine.0.borrow().save(),
    };
    persist::store_raw(persist::KEY, &persist::encode(&saved));
}

fn frame(ctl: &Rc<RefCell<LoopCtl>>, t: f64) {
    let (engine, ctx, playing, speed, stream, last_t) = {
        let c = ctl.borrow();
        let (Some(e), Some(x)) = (c.engine.clone(), c.ctx.clone()) else { return };
        (e, x, c.playing, c.speed, c.stream, c.last_t)
    };
    let dt = if last_t == 0.0 { 0.0 } else { (t - last_t).clamp(0.0, 100.0) };
    ctl.borrow_mut().last_t = t;
    // While the clock runs the store changes every frame; redrawing the graph and the timeline
    // that often left no frame under 50 ms at 500 pods. A change waits at most SYNC_INTERVAL_MS
    // (user actions sync at once through `ops::sync`), and a frame that redraws does no
    // simulation work, so a task holds either a work slice or a redraw, never both.
    let redraw = {
        let mut c = ctl.borrow_mut();
        let since = t - c.last_sync_t;
        let due = (c.dirty && since >= SYNC_INTERVAL_MS) || since >= CLOCK_REDRAW_MS;
        if due {
            c.last_sync_t = t;
            c.dirty = false;
        }
        due
    };
    // The timeline's redraw comes a frame after the graph's (see `AppState::timeline_at`).
    let timeline_behind = ctx.timeline_at != (ctx.rev, ctx.now_ms / 1000);
    let timeline_redraw = !redraw && timeline_behind;
    let start = perf_now();
    // Startup may use more of the frame: nothing else is happening yet.
    let deadline = start + if engine.0.borrow().booting() { BOOT_BUDGET_MS } else { FRAME_BUDGET_MS };
    let mut time_left = || perf_now() < deadline;
    if redraw || timeline_redraw {
        // No work this frame (see above).
    } else if engine.0.borrow().booting() {
        if engine.0.borrow_mut().boot_work(&mut time_left) {
            api::resolve_ready();
        }
    } else {
        let mut e = engine.0.borrow_mut();
        // A clock that falls behind (the simulation needs more than the frame) runs slower
        // instead of blocking the page: new time is added only once the owed work is done.
        if playing && dt > 0.0 && e.idle() {
            e.begin_advance((dt * speed).round() as u64);
        }
        e.work(&mut time_left);
    }
    {
        let e = engine.0.borrow();
        if !e.booting() && !e.restoring() {
            // Restored sessions never boot; resolving twice is a no-op.
            api::resolve_ready();
        }
    }
    if let Some(id) = stream {
        let (text, done) = engine.0.borrow_mut().poll_stream(id);
        if !text.is_empty() {
            ctx.dispatch(Action::Print(LineKind::Output, text));
        }
        if done {
            ctx.dispatch(Action::SetStream(None));
        }
    }
    let (rev, now_ms) = {
        let e = engine.0.borrow();
        (e.revision(), e.now_ms())
    };
    let changed = {
        let mut c = ctl.borrow_mut();
        let ch = c.last_rev != rev;
        c.last_rev = rev;
        // A redraw frame draws this revision (it did no work); otherwise it waits its turn.
        c.dirty |= ch && !redraw;
        ch
    };
    if redraw {
        ctx.dispatch(Action::Synced { rev, now_ms });
    } else if timeline_redraw {
        ctx.dispatch(Action::TimelineSynced);
    }
    if changed {
        api::emit_change();
    }
}

/// Files for a `Config` given as JSON (`[{name, text}]`).
pub fn files_from_json(v: &serde_json::Value) -> Option<Vec<File>> {
    v.as_array()?
        .iter()
        .map(|f| {
            Some(File {
                name: f.get("name")?.as_str()?.to_string(),
                text: f.get("text")?.as_str()?.to_string(),
            })
        })
        .collect()
}
