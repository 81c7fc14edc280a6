//! The in-memory file system `-f` paths read from: the CLI loads script files into it, the
//! browser puts editor tabs there as `k8s/<name>.yaml`.

use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Files {
    files: BTreeMap<String, String>,
}

/// `./a/../b.yaml` → `b.yaml`; leading `/` is kept so absolute paths stay distinct.
pub fn normalize(path: &str) -> String {
    let abs = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if abs {
        format!("/{joined}")
    } else {
        joined
    }
}

impl Files {
    pub fn new() -> Self {
        Files::default()
    }
    pub fn write(&mut self, path: &str, content: &str) {
        self.files.insert(normalize(path), content.to_string());
    }
    pub fn read(&self, path: &str) -> Option<&str> {
        self.files.get(&normalize(path)).map(String::as_str)
    }
    pub fn remove(&mut self, path: &str) -> bool {
        self.files.remove(&normalize(path)).is_some()
    }
    /// Whether `path` names a directory (some file lives below it).
    pub fn is_dir(&self, path: &str) -> bool {
        let p = normalize(path);
        let prefix = if p.is_empty() { String::new() } else { format!("{p}/") };
        self.files.keys().any(|k| k.starts_with(&prefix))
    }
    /// Files directly inside a directory (not recursive), sorted by name, as `kubectl apply -f dir/`
    /// visits them.
    pub fn list_dir(&self, path: &str) -> Vec<String> {
        let p = normalize(path);
        let prefix = if p.is_empty() { String::new() } else { format!("{p}/") };
        self.files
            .keys()
            .filter(|k| k.starts_with(&prefix) && !k[prefix.len()..].contains('/'))
            .cloned()
            .collect()
    }
    /// Every path, sorted.
    pub fn paths(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn paths_and_dirs() {
        let mut f = Files::new();
        f.write("./k8s/web.yaml", "a");
        f.write("k8s/sub/x.yaml", "b");
        assert_eq!(f.read("k8s/../k8s/web.yaml"), Some("a"));
        assert!(f.is_dir("k8s/") && f.is_dir("./k8s"));
        assert!(!f.is_dir("k8s/web.yaml"));
        assert_eq!(f.list_dir("k8s"), vec!["k8s/web.yaml".to_string()]);
    }
}
