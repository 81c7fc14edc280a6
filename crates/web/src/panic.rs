//! A panic must never leave a blank page: show an overlay with the message and two ways out.
//! (console_error_panic_hook is not vendored offline, so this is a small std::panic hook.)

use crate::persist;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&msg));
        show_overlay(&msg);
    }));
}

fn button(doc: &web_sys::Document, label: &str, f: impl FnMut() + 'static) -> Option<web_sys::Element> {
    let b = doc.create_element("button").ok()?;
    b.set_text_content(Some(label));
    let _ = b.set_attribute("type", "button");
    let cb = Closure::<dyn FnMut()>::new(f);
    let _ = b.add_event_listener_with_callback("click", cb.as_ref().unchecked_ref());
    cb.forget();
    Some(b)
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

fn show_overlay(msg: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("kp-panic").is_some() {
        return;
    }
    let Ok(o) = doc.create_element("div") else { return };
    o.set_id("kp-panic");
    let _ = o.set_attribute("role", "alertdialog");
    let _ = o.set_attribute("aria-label", "The playground crashed");
    let _ = o.set_attribute("data-testid", "panic-overlay");
    if let Ok(h) = doc.create_element("h2") {
        h.set_text_content(Some("Something went wrong in the playground"));
        let _ = o.append_child(&h);
    }
    if let Ok(p) = doc.create_element("pre") {
        // text, never HTML: the message may contain user text
        p.set_text_content(Some(msg));
        let _ = o.append_child(&p);
    }
    if let Some(b) = button(&doc, "Restore last good state", || {
        match persist::load_raw(persist::LAST_GOOD_KEY) {
            Some(good) => {
                persist::store_raw(persist::KEY, &good);
            }
            None => persist::clear(),
        }
        reload();
    }) {
        let _ = o.append_child(&b);
    }
    if let Some(b) = button(&doc, "Reset to the default example", || {
        persist::clear();
        reload();
    }) {
        let _ = o.append_child(&b);
    }
    let _ = body.append_child(&o);
}
