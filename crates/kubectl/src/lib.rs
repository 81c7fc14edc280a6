//! kubectl v1.33 against the simulated cluster: argument parsing, verbs, printers.
//!
//! `Session` is the one entry point both front ends (the `kubeplay` CLI and the browser console)
//! use. The printers in [`print`] are pure functions from objects to kubectl's exact bytes.

pub mod print;
