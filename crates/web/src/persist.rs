//! Saving and restoring the playground in localStorage. The saved document has a version; anything
//! unreadable or from another version is discarded with a notice (never a blank page).

use crate::state::{File, Panel, Sizes};
use serde_json::{json, Value};

pub const VERSION: u64 = 1;
pub const KEY: &str = "kubeplay.state";
pub const LAST_GOOD_KEY: &str = "kubeplay.lastGood";
/// The theme the learner picked (`dark` or `light`; absent means follow the system).
pub const THEME_KEY: &str = "kubeplay.theme";
/// Panel sizes (`{"editor":…,"side":…,"console":…}`, px).
pub const SIZES_KEY: &str = "kubeplay.sizes";

pub fn encode_sizes(s: &Sizes) -> String {
    json!({"editor": s.editor, "side": s.side, "console": s.console}).to_string()
}

/// Saved sizes, each clamped as a drag would be; anything unreadable keeps the default.
pub fn decode_sizes(text: &str) -> Sizes {
    let mut out = Sizes::default();
    let Ok(v) = serde_json::from_str::<Value>(text) else { return out };
    for (key, panel) in [("editor", Panel::Editor), ("side", Panel::Side), ("console", Panel::Console)] {
        if let Some(px) = v.get(key).and_then(Value::as_f64).filter(|x| x.is_finite()) {
            out.set(panel, px);
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub files: Vec<File>,
    pub active: usize,
    pub example_id: String,
    pub history: Vec<String>,
    /// The engine's replayable log (see `Engine::save`).
    pub session: Value,
}

pub fn encode(s: &Saved) -> String {
    json!({
        "version": VERSION,
        "files": s.files.iter().map(|f| json!({"name": f.name, "text": f.text})).collect::<Vec<_>>(),
        "active": s.active,
        "example": s.example_id,
        "history": s.history,
        "session": s.session,
    })
    .to_string()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    Corrupt(String),
    OldVersion(u64),
}

impl LoadError {
    pub fn notice(&self) -> String {
        match self {
            LoadError::Corrupt(why) => format!("Your saved playground could not be read ({why}), so the default example was loaded instead."),
            LoadError::OldVersion(v) => format!("Your saved playground is from an older version (v{v}) and was discarded; the default example was loaded instead."),
        }
    }
}

pub fn decode(text: &str) -> Result<Saved, LoadError> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| LoadError::Corrupt(format!("invalid JSON: {e}")))?;
    let version =
        v.get("version").and_then(Value::as_u64).ok_or_else(|| LoadError::Corrupt("no version".into()))?;
    if version != VERSION {
        return Err(LoadError::OldVersion(version));
    }
    let bad = |w: &str| LoadError::Corrupt(w.to_string());
    let files = v
        .get("files")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("no files"))?
        .iter()
        .map(|f| {
            Some(File {
                name: f.get("name")?.as_str()?.to_string(),
                text: f.get("text")?.as_str()?.to_string(),
            })
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad("bad file entry"))?;
    if files.is_empty() {
        return Err(bad("no files"));
    }
    let active = v.get("active").and_then(Value::as_u64).unwrap_or(0) as usize;
    let history = v
        .get("history")
        .and_then(Value::as_array)
        .map(|h| h.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let session = v.get("session").cloned().ok_or_else(|| bad("no session"))?;
    Ok(Saved {
        active: active.min(files.len() - 1),
        files,
        example_id: v.get("example").and_then(Value::as_str).unwrap_or_default().to_string(),
        history,
        session,
    })
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load_raw(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn store_raw(key: &str, text: &str) -> bool {
    storage().map(|s| s.set_item(key, text).is_ok()).unwrap_or(false)
}

pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
        let _ = s.remove_item(LAST_GOOD_KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Saved {
        Saved {
            files: vec![File { name: "web.yaml".into(), text: "kind: Pod\n<b>x</b>".into() }],
            active: 3,
            example_id: "web-redis".into(),
            history: vec!["kubectl get pods".into()],
            session: json!({"now": 5000, "actions": []}),
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn round_trip() {
        let s = sample();
        let back = decode(&encode(&s)).unwrap();
        assert_eq!(back.files, s.files);
        assert_eq!(back.active, 0, "active index is clamped to the files present");
        assert_eq!(back.history, s.history);
        assert_eq!(back.session, s.session);
    }

    /// In the browser: what was stored comes back, and a corrupt entry is reported, not fatal.
    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn local_storage_round_trip() {
        clear();
        assert_eq!(load_raw(KEY), None);
        assert!(store_raw(KEY, &encode(&sample())));
        let back = decode(&load_raw(KEY).unwrap()).unwrap();
        assert_eq!(back.files, sample().files);
        assert!(store_raw(KEY, "{\"version\":1,"));
        assert!(matches!(decode(&load_raw(KEY).unwrap()), Err(LoadError::Corrupt(_))));
        clear();
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn sizes_round_trip_and_stay_in_bounds() {
        let mut s = Sizes::default();
        s.set(Panel::Editor, 520.0);
        s.set(Panel::Console, 300.0);
        assert_eq!(decode_sizes(&encode_sizes(&s)), s);
        let wild = decode_sizes(r#"{"editor": 5, "side": 99999, "console": "x"}"#);
        assert_eq!((wild.editor, wild.side, wild.console), (260.0, 700.0, Sizes::default().console));
        assert_eq!(decode_sizes("not json"), Sizes::default());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn corrupt_and_old_are_rejected_with_a_notice() {
        assert!(matches!(decode("{not json"), Err(LoadError::Corrupt(_))));
        assert!(matches!(decode("{\"files\":[]}"), Err(LoadError::Corrupt(_))));
        assert_eq!(decode("{\"version\":0,\"files\":[]}"), Err(LoadError::OldVersion(0)));
        assert!(LoadError::OldVersion(0).notice().contains("default example"));
        let e = decode("{\"version\":1,\"files\":[{\"name\":1}],\"session\":{}}").unwrap_err();
        assert_eq!(e, LoadError::Corrupt("bad file entry".into()));
    }
}
