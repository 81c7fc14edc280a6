//! Bindings to the CodeMirror bundle (web/editor/index.js → `window.kubeplayEditor`).
//! Structured data crosses the boundary as JSON strings to keep the glue small.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = kubeplayEditor, js_name = create, catch)]
    pub fn create(parent: &web_sys::Element, text: &str, callbacks: &js_sys::Object) -> Result<u32, JsValue>;
    #[wasm_bindgen(js_namespace = kubeplayEditor, js_name = getText)]
    pub fn get_text(id: u32) -> String;
    #[wasm_bindgen(js_namespace = kubeplayEditor, js_name = setText)]
    pub fn set_text(id: u32, text: &str);
    /// Shows the file under `key` (each key keeps its own undo history; see web/editor/index.js).
    #[wasm_bindgen(js_namespace = kubeplayEditor, js_name = show)]
    pub fn show(id: u32, key: &str, text: &str);
    #[wasm_bindgen(js_namespace = kubeplayEditor, js_name = setDiagnostics)]
    pub fn set_diagnostics(id: u32, json: &str);
    #[wasm_bindgen(js_namespace = kubeplayEditor, js_name = setReadOnly)]
    pub fn set_read_only(id: u32, ro: bool);
    #[wasm_bindgen(js_namespace = kubeplayEditor, js_name = gotoLine)]
    pub fn goto_line(id: u32, line: u32);
    #[wasm_bindgen(js_namespace = kubeplayEditor, js_name = destroy)]
    pub fn destroy(id: u32);
}

/// Whether the editor bundle was loaded (it is a separate script).
pub fn available() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"kubeplayEditor".into()).ok())
        .map(|v| !v.is_undefined())
        .unwrap_or(false)
}
