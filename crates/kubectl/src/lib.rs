//! kubectl v1.33 against the simulated cluster: argument parsing, verbs, printers.
//!
//! `Session` is the one entry point both front ends (the `kubeplay` CLI and the browser console)
//! use. The printers in [`print`] are pure functions from objects to kubectl's exact bytes.

pub mod action;
pub mod cmd;
mod complete;
pub mod files;
pub mod flags;
pub mod print;
mod session;
pub mod script;
pub mod shell;
mod stream;

pub use action::{actions_from_json, actions_to_json, Action, ActionKind};
pub use files::Files;
pub use session::{Context, Output, Session, ShellTarget, StreamId, WaitMode, DEFAULT_CONTEXT};
