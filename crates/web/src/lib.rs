//! The browser playground.
use wasm_bindgen::prelude::*;
#[wasm_bindgen(start)]
pub fn start() {}
