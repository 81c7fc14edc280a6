//! kubectl v1.33 against the simulated cluster: argument parsing, verbs, printers.
//!
//! `Session` is the one entry point both front ends (the `kubeplay` CLI and the browser console)
//! use. The printers in [`print`] are pure functions from objects to kubectl's exact bytes.

// `ApiError` (the model's metav1.Status) is large; commands pass it through once per call, so
// boxing it everywhere would only add noise.
#![allow(clippy::result_large_err)]

pub mod action;
pub mod cmd;
mod complete;
mod console;
pub mod files;
pub mod flags;
pub mod print;
pub mod script;
mod session;
pub mod shell;
mod slicing;
mod stream;

pub use action::{
    actions_from_json, actions_from_json_str, actions_to_json, actions_to_json_string, Action, ActionKind,
};
pub use files::Files;
pub use session::{
    cap_output, Context, Output, Session, ShellTarget, StreamId, WaitMode, DEFAULT_CONTEXT, MAX_OUTPUT_BYTES,
};

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
