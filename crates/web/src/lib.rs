//! The browser playground: a Yew app over the simulated cluster.
//!
//! Layout follows Yew's function_todomvc: [`state`] (the reducer, no HTML), [`components`] (state →
//! HTML), [`examples`], [`api`] (`window.kubeplay`), [`persist`] (localStorage). All engine calls go
//! through [`engine`] and [`ops`].

pub mod api;
pub mod components;
pub mod editor_js;
pub mod engine;
pub mod examples;
pub mod ops;
pub mod panic;
pub mod persist;
pub mod share;
pub mod state;

use serde_json::Value;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
use wasm_bindgen::prelude::*;

/// Embedding configuration (`kubeplay.mount(el, config)` or a `<script type="application/json"
/// id="kubeplay-config">` next to `#kubeplay`).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Initial files (`[{name, text}]`); replaces the default example and saved state.
    pub files: Option<Vec<state::File>>,
    /// Example to start with when there are no files and no saved state.
    pub example: Option<String>,
    /// "auto" (follow prefers-color-scheme), "light" or "dark".
    pub theme: String,
    /// Panels that are read-only: "editor", "console".
    pub read_only: Vec<String>,
    /// Panels that are hidden: "editor", "side", "console".
    pub hide: Vec<String>,
    /// Save to and restore from localStorage.
    pub persist: bool,
    /// The cluster's shape: `{"workers": 3, "maxPods": 110}` (kind-like default: a control
    /// plane and two workers of 110 pods each).
    pub cluster: kubeplay_cluster::ClusterConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            files: None,
            example: None,
            theme: "auto".into(),
            read_only: Vec::new(),
            hide: Vec::new(),
            persist: true,
            cluster: kubeplay_cluster::ClusterConfig::default(),
        }
    }
}

impl Config {
    pub fn from_json(v: &Value) -> Config {
        let strs = |k: &str| -> Vec<String> {
            v.get(k)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        Config {
            files: v.get("files").and_then(components::app::files_from_json),
            example: v.get("example").and_then(Value::as_str).map(str::to_string),
            theme: v.get("theme").and_then(Value::as_str).unwrap_or("auto").to_string(),
            read_only: strs("readOnly"),
            hide: strs("hide"),
            persist: v.get("persist").and_then(Value::as_bool).unwrap_or(true),
            cluster: cluster_from_json(v.get("cluster")),
        }
    }
}

/// `{"workers": N, "maxPods": M}` → a kind-like cluster of N workers (1..=200) with M pods each;
/// anything else (absent, malformed) is the default shape.
fn cluster_from_json(v: Option<&Value>) -> kubeplay_cluster::ClusterConfig {
    let Some(v) = v.filter(|v| v.is_object()) else { return kubeplay_cluster::ClusterConfig::default() };
    let workers = v.get("workers").and_then(Value::as_u64).unwrap_or(2).min(1_000) as usize;
    let max_pods = v.get("maxPods").and_then(Value::as_i64).unwrap_or(110);
    kubeplay_cluster::ClusterConfig::with_workers(workers, max_pods)
}

/// Mounts the playground into `el`.
pub fn mount(el: web_sys::Element, config: Config) {
    if config.theme == "light" || config.theme == "dark" {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-theme", &config.theme);
        }
    }
    el.set_class_name(format!("{} kp-root", el.class_name()).trim());
    yew::Renderer::<components::app::App>::with_root_and_props(el, components::app::AppProps { config })
        .render();
}

#[wasm_bindgen(start)]
pub fn start() {
    panic::install();
    api::install();
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    // Auto-mount into #kubeplay with an optional JSON config script.
    if let Some(el) = doc.get_element_by_id("kubeplay") {
        let cfg = doc
            .get_element_by_id("kubeplay-config")
            .and_then(|s| s.text_content())
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .map(|v| Config::from_json(&v))
            .unwrap_or_default();
        mount(el, cfg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn cluster_shape_comes_from_the_embed_config() {
        let cfg = Config::from_json(&json!({"cluster": {"workers": 5, "maxPods": 300}}));
        assert_eq!(cfg.cluster.nodes.len(), 6);
        assert!(cfg.cluster.nodes.iter().filter(|n| !n.control_plane).all(|n| n.pods == 300));
        let e = engine::Engine::with_cluster(cfg.cluster.clone());
        assert_eq!(e.cluster_config().nodes.len(), 6, "the engine keeps the shape for Reset");
        // Absent or malformed: the kind-like default.
        assert_eq!(
            Config::from_json(&json!({"cluster": "big"})).cluster,
            kubeplay_cluster::ClusterConfig::default()
        );
        assert_eq!(Config::from_json(&json!({})).cluster.nodes.len(), 3);
    }
}
