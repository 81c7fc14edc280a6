//! `-o name` and confirmation lines (reference §8.4).

use kubeplay_model::resource::by_kind;
use kubeplay_model::{Object, ObjectExt};

/// Dry-run suffix of confirmation lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DryRun {
    #[default]
    None,
    /// ` (dry run)`
    Client,
    /// ` (server dry run)`
    Server,
}

impl DryRun {
    fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// `deployment.apps`, `pod`: lower-case kind plus group (from the registry, or the apiVersion).
pub fn kind_group(api_version: &str, kind: &str) -> String {
    if let Some(rt) = by_kind(api_version, kind) {
        return rt.qualified_kind_lower();
    }
    let k = kind.to_ascii_lowercase();
    match api_version.split_once('/') {
        Some((group, _)) if !group.is_empty() => format!("{k}.{group}"),
        _ => k,
    }
}

/// `-o name`: `deployment.apps/web`.
pub fn name_line(obj: &Object) -> String {
    format!("{}/{}", kind_group(obj.api_version(), obj.kind()), obj.name())
}

/// `deployment.apps/web created`, `service/web configured (dry run)`.
pub fn confirmation(obj: &Object, operation: &str, dry_run: DryRun) -> String {
    format!("{} {operation}{}", name_line(obj), dry_run.suffix())
}

/// The delete line: `pod "web-x" deleted`, `deployment.apps "web" deleted`,
/// `pod "x" force deleted` (`--grace-period=0 --force`), plus the dry-run suffix.
pub fn deleted_line(obj: &Object, force: bool, dry_run: DryRun) -> String {
    let verb = if force { "force deleted" } else { "deleted" };
    format!("{} \"{}\" {verb}{}", kind_group(obj.api_version(), obj.kind()), obj.name(), dry_run.suffix())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn name_printer_lines() {
        // §8.4 and `kubectl.1.33 label --local -f d.yaml app=web --overwrite -o name` → `deployment.apps/web`.
        let d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}});
        let s = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}});
        let p = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-x"}});
        let cr = json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}});
        assert_eq!(name_line(&d), "deployment.apps/web");
        assert_eq!(name_line(&cr), "widget.example.com/w");
        assert_eq!(confirmation(&d, "created", DryRun::None), "deployment.apps/web created");
        assert_eq!(confirmation(&s, "configured", DryRun::Client), "service/web configured (dry run)");
        assert_eq!(confirmation(&d, "scaled", DryRun::Server), "deployment.apps/web scaled (server dry run)");
        assert_eq!(deleted_line(&p, false, DryRun::None), "pod \"web-x\" deleted");
        assert_eq!(deleted_line(&d, false, DryRun::None), "deployment.apps \"web\" deleted");
        assert_eq!(deleted_line(&p, true, DryRun::None), "pod \"web-x\" force deleted");
    }
}
