//! Components only map state to HTML; engine calls go through `crate::ops`.
pub mod app;
pub mod console;
pub mod details;
pub mod editor;
pub mod faults;
pub mod graph;
pub mod splitter;
pub mod timeline;
pub mod toasts;
pub mod toolbar;
