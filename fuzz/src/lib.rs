//! The fuzz targets' bodies as plain functions, so `tests/integration/corpus.rs` style checks
//! (and `cargo test` here) can run a seed corpus through them without libFuzzer.

use kubeplay_cluster::ClusterConfig;
use kubeplay_kubectl::{Session, WaitMode};
use serde_json::Value;

/// Inputs above this are cut: the parser's own limit (3 MiB) is covered by the corpus test, and
/// huge inputs only slow the fuzzer down.
pub const MAX_INPUT: usize = 64 * 1024;

fn text(data: &[u8]) -> Option<&str> {
    if data.len() > MAX_INPUT {
        return None;
    }
    std::str::from_utf8(data).ok()
}

pub fn fresh_session() -> Session {
    Session::new(ClusterConfig::default(), WaitMode::AdvanceClock)
}

/// Manifest parse + strict check + `apply_text` on a session.
pub fn manifest(session: &mut Session, data: &[u8]) {
    let Some(t) = text(data) else { return };
    let (docs, _diags) = kubeplay_yaml::parse_documents(t);
    for d in &docs {
        let _ = kubeplay_yaml::strict_check(d);
        let _ = kubeplay_yaml::server_decode_error(d);
        let _ = kubeplay_yaml::kubectl_validate_error("fuzz.yaml", d);
        let _ = kubeplay_yaml::to_yaml(&d.value);
    }
    let _ = session.apply_text(t, "fuzz.yaml");
}

/// One or more console lines (newline separated) through `Session::run`.
pub fn kubectl_lines(session: &mut Session, data: &[u8]) {
    let Some(t) = text(data) else { return };
    for line in t.lines().take(8) {
        let out = session.run(line);
        // A stream (watch, logs -f, port-forward) must be pollable and cancellable.
        if let Some(id) = out.stream {
            let _ = session.poll_stream(id);
            session.cancel_stream(id);
        }
    }
    let _ = session.complete(t, t.len().min(t.find('\n').unwrap_or(t.len())));
}

/// Splits the input on NUL bytes into up to three JSON values.
fn json_parts(t: &str) -> Vec<Value> {
    t.split('\0').take(3).map(|p| serde_json::from_str(p).unwrap_or(Value::Null)).collect()
}

const KINDS: [&str; 6] = ["Deployment", "Pod", "Service", "ConfigMap", "ReplicaSet", "Unknown"];

/// Strategic merge / JSON merge / JSON patch / three-way merge on arbitrary JSON.
pub fn patch(data: &[u8]) {
    let Some((&k, rest)) = data.split_first() else { return };
    let Some(t) = text(rest) else { return };
    let kind = KINDS[usize::from(k) % KINDS.len()];
    let parts = json_parts(t);
    let a = parts.first().cloned().unwrap_or(Value::Null);
    let b = parts.get(1).cloned().unwrap_or(Value::Null);
    let c = parts.get(2).cloned().unwrap_or(Value::Null);
    let _ = kubeplay_apiserver::patch::strategic_merge(&a, &b, kind);
    let _ = kubeplay_apiserver::patch::json_merge(&a, &b);
    let _ = kubeplay_apiserver::patch::json_patch(&a, &b);
    let _ = kubeplay_apiserver::patch::three_way_strategic(Some(&a), &b, &c, kind);
    let _ = kubeplay_apiserver::patch::three_way_strategic(None, &b, &c, kind);
}

/// A jsonpath template (before the first NUL) against JSON data (after it).
pub fn jsonpath(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let (tmpl, json) = t.split_once('\0').unwrap_or((t, "{\"items\":[{\"metadata\":{\"name\":\"a\",\"labels\":{\"app\":\"x\"}},\"spec\":{\"replicas\":3,\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}]}"));
    let v: Value = serde_json::from_str(json).unwrap_or(Value::Null);
    let _ = kubeplay_kubectl::print::jsonpath::jsonpath(tmpl, &v, false);
    let _ = kubeplay_kubectl::print::jsonpath::jsonpath(tmpl, &v, true);
}

/// A saved action log (JSON) loaded and replayed on a fresh session.
pub fn replay(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let actions = kubeplay_kubectl::actions_from_json_str(t);
    // Advances are bounded by what the log says; cap the number of actions to keep execs fast.
    let actions: Vec<_> = actions.into_iter().take(16).collect();
    let _ = Session::replay(ClusterConfig::default(), WaitMode::AdvanceClock, &actions);
}

/// A lesson file through the parser, and each check's expectation against the input itself.
pub fn lesson(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(lesson) = kubeplay_lesson::parse_lesson(t) {
        for step in &lesson.steps {
            let _ = step.commands();
            for check in step.checks() {
                let _ = check.expect.holds(t);
            }
        }
    }
}

/// Share-link data through the decoder, twice: as given (the base64url/deflate layers), and
/// packed as a link of the current format (so the fuzzer reaches the JSON state's checks).
pub fn share(data: &[u8]) {
    if let Some(t) = text(data) {
        if let Ok(state) = kubeplay_share::decode(t) {
            let _ = kubeplay_share::encode(&state);
        }
    }
    if data.len() <= MAX_INPUT {
        let _ = kubeplay_share::decode(&kubeplay_share::pack(data));
    }
}
