//! Components only map state to HTML; engine calls go through `crate::ops`.
pub mod app;
pub mod console;
pub mod details;
pub mod editor;
pub mod faults;
pub mod graph;
pub mod icons;
pub mod splitter;
pub mod timeline;
pub mod toasts;
pub mod toolbar;

/// Asks before something is thrown away (the browser's own dialog: modal, focus-trapping and
/// read by screen readers). Without a window it answers yes.
pub fn confirm(msg: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(msg).ok()).unwrap_or(true)
}

/// Asks for a line of text; None when cancelled.
pub fn prompt(msg: &str, default: &str) -> Option<String> {
    web_sys::window()?.prompt_with_message_and_default(msg, default).ok()?
}
