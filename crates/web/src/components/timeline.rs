//! The event timeline (Type, Reason, Object, Message, Age), filterable; clicking an event selects
//! its object. Below it, desired/updated/available replicas over time for a Deployment.

use crate::engine::EventRow;
use crate::ops::Ctx;
use crate::state::{Action, Selection};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct ChartProps {
    points: Vec<(u64, i64, i64, i64)>,
    now: u64,
    name: String,
}

#[function_component(ReplicaChart)]
fn replica_chart(p: &ChartProps) -> Html {
    let (w, h) = (280.0, 70.0);
    let t0 = p.points.first().map(|x| x.0).unwrap_or(0);
    let t1 = p.now.max(t0 + 1000);
    let maxv = p.points.iter().map(|x| x.1.max(x.2).max(x.3)).max().unwrap_or(1).max(1) as f64;
    let x = |t: u64| 4.0 + (t - t0) as f64 / (t1 - t0) as f64 * (w - 8.0);
    let y = |v: i64| h - 6.0 - v as f64 / maxv * (h - 14.0);
    let series = |f: fn(&(u64, i64, i64, i64)) -> i64| {
        let mut d = String::new();
        let mut prev: Option<i64> = None;
        for pt in &p.points {
            let v = f(pt);
            match prev {
                None => d.push_str(&format!("M{:.1},{:.1}", x(pt.0), y(v))),
                Some(pv) => d.push_str(&format!(" H{:.1} V{:.1}", x(pt.0), y(v).min(y(pv)).max(y(v)))),
            }
            prev = Some(v);
        }
        if let Some(v) = prev {
            d.push_str(&format!(" H{:.1} V{:.1}", x(t1), y(v)));
        }
        d
    };
    let last = p.points.last().copied().unwrap_or_default();
    html! {
        <figure class="kp-chart">
            <svg viewBox={format!("0 0 {w} {h}")} role="img" aria-label={ format!("Replicas of {} over time: now {} desired, {} updated, {} available", p.name, last.1, last.2, last.3) }>
                <path class="desired" d={series(|p| p.1)} />
                <path class="updated" d={series(|p| p.2)} stroke-dasharray="5 3" />
                <path class="available" d={series(|p| p.3)} stroke-dasharray="2 2" />
            </svg>
            <figcaption>
                <span class="desired">{ format!("— desired {}", last.1) }</span>
                <span class="updated">{ format!("- - updated {}", last.2) }</span>
                <span class="available">{ format!("··· available {}", last.3) }</span>
            </figcaption>
        </figure>
    }
}

/// Rows the events table shows (the newest). Every row is laid out again when rows arrive or
/// ages tick; at 200 rows that was most of a 50 ms frame during a big rollout. Older events are
/// one filter (or `kubectl get events`) away.
const TIMELINE_ROWS: usize = 60;

#[derive(Properties)]
struct TableProps {
    rows: std::rc::Rc<Vec<EventRow>>,
    selected: Option<Selection>,
    on_select: Callback<Selection>,
}

impl PartialEq for TableProps {
    // The rows are compared by identity: they are memoised, so equal rows are the same Rc, and
    // the table (hundreds of rows) is not even diffed when nothing it shows changed.
    fn eq(&self, o: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.rows, &o.rows)
            && self.selected == o.selected
            && self.on_select == o.on_select
    }
}

/// Arrow keys, Home and End move between the table's rows: the table is one Tab stop, not one
/// per event (60 of them stood between the editor and the console).
fn move_row_focus(wrap: &web_sys::Element, key: &str) -> bool {
    let mut rows = Vec::new();
    let mut row = wrap.query_selector("tbody").ok().flatten().and_then(|b| b.first_element_child());
    while let Some(r) = row {
        row = r.next_element_sibling();
        rows.push(r);
    }
    if rows.is_empty() {
        return false;
    }
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let current = rows.iter().position(|r| active.as_ref().is_some_and(|a| r.is_same_node(Some(a))));
    let last = rows.len() - 1;
    let next = match (key, current) {
        ("ArrowDown", None) | ("Home", _) => 0,
        ("ArrowUp", None) | ("End", _) => last,
        ("ArrowDown", Some(i)) => (i + 1).min(last),
        ("ArrowUp", Some(i)) => i.saturating_sub(1),
        _ => return false,
    };
    if let Some(el) = rows[next].dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
    true
}

#[function_component(EventTable)]
fn event_table(p: &TableProps) -> Html {
    let wrap = use_node_ref();
    let onkeydown = {
        let wrap = wrap.clone();
        move |k: KeyboardEvent| {
            if let Some(w) = wrap.cast::<web_sys::Element>() {
                if move_row_focus(&w, &k.key()) {
                    k.prevent_default();
                }
            }
        }
    };
    html! {
        <div class="kp-table-wrap" tabindex="0" ref={wrap} {onkeydown} data-testid="events-table"
            aria-label="Events table: arrow keys move between events, Enter selects the object">
            <table class="kp-events">
                <colgroup><col class="c-type" /><col class="c-what" /><col class="c-msg" /><col class="c-age" /></colgroup>
                <thead><tr><th scope="col"><span class="kp-sr">{ "Type" }</span></th><th scope="col">{ "Reason · Object" }</th><th scope="col">{ "Message" }</th><th scope="col">{ "Age" }</th></tr></thead>
                <tbody>
                    { for p.rows.iter().map(|e| {
                        let sel = Selection { kind: e.kind.clone(), namespace: e.namespace.clone(), name: e.name.clone() };
                        let selected = p.selected.as_ref() == Some(&sel);
                        let (s1, s2) = (sel.clone(), sel);
                        let (cb1, cb2) = (p.on_select.clone(), p.on_select.clone());
                        let warning = e.type_ == "Warning";
                        html! {
                            <tr key={e.key.clone()} class={classes!(e.type_.to_lowercase(), selected.then_some("selected"))} tabindex="-1"
                                onclick={move |_| cb1.emit(s1.clone())}
                                onkeydown={move |k: KeyboardEvent| if k.key() == "Enter" { cb2.emit(s2.clone()) }}>
                                <td>{ if warning { "⚠" } else { "" } }<span class="kp-sr">{ &e.type_ }</span></td>
                                <td><b class="kp-reason">{ &e.reason }</b>{ " " }<span class="kp-evobj">{ e.object() }</span></td>
                                <td class="kp-evmsg" data-testid="event-message">{ &e.message }{ if e.count > 1 { format!(" (×{})", e.count) } else { String::new() } }</td>
                                <td>{ &e.age }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if p.rows.is_empty() { <p class="kp-muted">{ "No events." }</p> }
        </div>
    }
}

#[function_component(Timeline)]
pub fn timeline() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let events = {
        let e = ctx.engine.clone();
        // Without a filter only the rows shown are built (the store may hold thousands).
        let limit = ctx.event_filter.is_empty().then_some(TIMELINE_ROWS);
        use_memo((ctx.timeline_at, ctx.engine.clone(), limit), move |(_, _, limit)| {
            e.0.borrow().recent_events(*limit)
        })
    };
    let rows = use_memo((events.clone(), ctx.event_filter.to_lowercase()), |(events, filter)| {
        events
            .iter()
            .rev()
            .filter(|e| {
                filter.is_empty()
                    || format!("{} {} {} {}", e.type_, e.reason, e.object(), e.message)
                        .to_lowercase()
                        .contains(filter.as_str())
            })
            .take(TIMELINE_ROWS)
            .cloned()
            .collect::<Vec<EventRow>>()
    });
    let on_select = {
        let c = ctx.clone();
        use_callback((), move |sel: Selection, _| c.dispatch(Action::Select(Some(sel))))
    };
    let onfilter = {
        let c = ctx.clone();
        move |e: InputEvent| {
            c.dispatch(Action::SetEventFilter(e.target_unchecked_into::<HtmlInputElement>().value()))
        }
    };
    // Chart the selected Deployment, else the first one that has history.
    let dep = ctx
        .selected
        .as_ref()
        .filter(|s| s.kind == "Deployment")
        .map(|s| s.name.clone())
        .or_else(|| events.iter().find(|e| e.kind == "Deployment").map(|e| e.name.clone()));
    let total = ctx.engine.0.borrow().event_count();
    let ns = ctx.engine.0.borrow().namespace();
    let points = dep.as_ref().map(|d| ctx.engine.0.borrow().replica_history(&ns, d)).unwrap_or_default();
    html! {
        <section class="kp-timeline kp-card" data-testid="timeline" aria-label="Event timeline">
            <div class="kp-card-head">
                <h2>{ "Events" }</h2>
                <label class="kp-sr" for="kp-ev-filter">{ "Filter events" }</label>
                <input id="kp-ev-filter" type="search" placeholder="Filter (e.g. Warning, web)" value={ctx.event_filter.clone()} oninput={onfilter} data-testid="timeline-filter" />
            </div>
            if let (Some(d), false) = (dep.clone(), points.is_empty()) {
                <div class="kp-chart-wrap"><h3>{ format!("deployment/{d} replicas") }</h3><ReplicaChart points={points} now={ctx.now_ms} name={d} /></div>
            }
            <EventTable rows={rows.clone()} selected={ctx.selected.clone()} on_select={on_select} />
            if rows.len() == TIMELINE_ROWS && total > TIMELINE_ROWS {
                <p class="kp-muted kp-more-events">{ format!("Showing the newest {TIMELINE_ROWS} of {total} events; filter to find older ones.") }</p>
            }
        </section>
    }
}
