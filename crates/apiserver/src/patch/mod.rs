//! Patches used by the server (PATCH) and by kubectl apply / patch / edit. The merge-key table
//! lives here once (`strategic`), shared by the server-side merge and kubectl's three-way diff.

mod json;
mod strategic;
mod three_way;

use serde_json::Value;

/// A strategic merge patch on an object of `kind` (`Deployment`, `Service`, …): lists with a
/// merge key merge element-wise, `$patch: delete|replace` directives, null deletes a key.
pub fn strategic_merge(original: &Value, patch: &Value, kind: &str) -> Result<Value, String> {
    strategic::apply(original, patch, kind)
}

/// RFC 7386 JSON merge patch.
pub fn json_merge(original: &Value, patch: &Value) -> Value {
    json::merge(original, patch)
}

/// RFC 6902 JSON patch.
pub fn json_patch(original: &Value, ops: &Value) -> Result<Value, String> {
    json::patch(original, ops)
}

/// kubectl apply's client-side three-way patch (last-applied `original`, `modified` manifest,
/// live `current`) as a strategic merge patch; `{}` when nothing changes.
pub fn three_way_strategic(
    original: Option<&Value>,
    modified: &Value,
    current: &Value,
    kind: &str,
) -> Result<Value, String> {
    three_way::diff(original, modified, current, kind)
}
