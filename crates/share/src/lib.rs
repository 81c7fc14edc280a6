//! Share links: a whole playground session in a URL fragment.
//!
//! A link's fragment is `kp=<format>.<data>`: the format version in clear (so a link from a newer
//! kubeplay is recognised even if its data is laid out differently), then base64url of the
//! raw-deflated JSON state: the kubeplay version, the seed, the cluster's shape, the wait mode, the
//! editor files and the recorded action log. The cluster is never stored: replaying the log on a
//! cluster of the same seed and shape rebuilds it exactly (the engine is deterministic).
//!
//! A link is input from strangers. [`decode`] bounds everything it reads (link length, inflated
//! size, action count, virtual time replayed), never panics, and answers a link from a newer
//! format or a damaged one with an error whose [`ShareError::notice`] the page shows. Nothing in a
//! link runs: it holds text (files, kubectl lines) that the simulator interprets.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use kubeplay_cluster::{ClusterConfig, MAX_WORKERS};
use kubeplay_kubectl::{Action, ActionKind, Session, WaitMode};
use kubeplay_model::SimTime;
use serde_json::{json, Map, Value};

/// The layout of the data. Bump it when the JSON changes incompatibly and keep reading the old
/// ones (`decode_v1`, …), so links people pasted keep opening.
pub const FORMAT_VERSION: u64 = 1;
/// What a link records as the kubeplay that made it.
pub const KUBEPLAY_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The fragment's key: `https://…/#kp=1.eNq…`.
pub const FRAGMENT_KEY: &str = "kp=";

/// Longest link data read (characters after `kp=`). Browsers keep fragments of megabytes; chat
/// tools cut far earlier. 1 MiB of base64 is 768 KiB of deflate.
pub const MAX_LINK_CHARS: usize = 1024 * 1024;
/// Largest inflated state: a deflate bomb stops here.
pub const MAX_STATE_BYTES: usize = 8 * 1024 * 1024;
pub const MAX_ACTIONS: usize = 20_000;
pub const MAX_FILES: usize = 64;
/// Most virtual time a link may replay (30 days): replaying costs work per virtual second when
/// something runs (a crash-looping pod), so an hostile link cannot ask for years.
pub const MAX_REPLAY_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// The cluster's shape, as the embed's `cluster` and `workers` attributes give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterShape {
    /// kind: a tainted control-plane node and `workers` workers with `max_pods` pods each.
    Kind { workers: usize, max_pods: i64 },
    /// minikube: one node that runs workloads.
    Minikube,
}

impl Default for ClusterShape {
    /// kind's default: two workers of 110 pods (`ClusterConfig::default()`).
    fn default() -> Self {
        ClusterShape::Kind { workers: 2, max_pods: 110 }
    }
}

impl ClusterShape {
    /// The cluster of this shape with `seed`.
    pub fn config(&self, seed: u64) -> ClusterConfig {
        let mut cfg = match *self {
            ClusterShape::Kind { workers, max_pods } => ClusterConfig::with_workers(workers, max_pods),
            ClusterShape::Minikube => ClusterConfig::minikube(),
        };
        cfg.seed = seed;
        cfg
    }

    /// The shape `cfg` was built from, if it is one a link can describe (not a custom node list).
    pub fn of(cfg: &ClusterConfig) -> Option<ClusterShape> {
        let minikube = ClusterShape::Minikube;
        if minikube.config(cfg.seed) == *cfg {
            return Some(minikube);
        }
        let workers = cfg.nodes.iter().filter(|n| !n.control_plane).count();
        let max_pods = cfg.nodes.iter().find(|n| !n.control_plane)?.pods;
        let kind = ClusterShape::Kind { workers, max_pods };
        (kind.config(cfg.seed) == *cfg).then_some(kind)
    }

    fn to_json(self) -> Value {
        match self {
            ClusterShape::Kind { workers, max_pods } => {
                json!({"kind": "kind", "workers": workers, "maxPods": max_pods})
            }
            ClusterShape::Minikube => json!({"kind": "minikube"}),
        }
    }

    fn from_json(v: &Value) -> Result<ClusterShape, String> {
        match v.get("kind").and_then(Value::as_str) {
            Some("minikube") => Ok(ClusterShape::Minikube),
            Some("kind") => {
                let workers = v.get("workers").and_then(Value::as_u64).ok_or("cluster.workers")?;
                let max_pods = v.get("maxPods").and_then(Value::as_i64).ok_or("cluster.maxPods")?;
                if workers == 0 || workers > MAX_WORKERS as u64 || !(1..=10_000).contains(&max_pods) {
                    return Err("cluster shape out of range".into());
                }
                Ok(ClusterShape::Kind { workers: workers as usize, max_pods })
            }
            _ => Err("cluster.kind".into()),
        }
    }
}

/// An editor tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedFile {
    pub name: String,
    pub text: String,
}

/// Everything a link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareState {
    /// The kubeplay that made the link (informational: the format version decides readability).
    pub kubeplay_version: String,
    pub seed: u64,
    pub shape: ClusterShape,
    /// Whether waiting commands advanced the clock (CLI) or streamed (browser) when recorded.
    pub wait_mode: WaitMode,
    pub files: Vec<SharedFile>,
    /// The editor tab that was open.
    pub active_file: usize,
    pub actions: Vec<Action>,
}

impl ShareState {
    /// The state of `session` with these editor tabs; None when its cluster has a custom shape.
    pub fn capture(session: &Session, files: Vec<SharedFile>, active_file: usize) -> Option<ShareState> {
        let cfg = session.config();
        Some(ShareState {
            kubeplay_version: KUBEPLAY_VERSION.to_string(),
            seed: cfg.seed,
            shape: ClusterShape::of(cfg)?,
            wait_mode: session.mode(),
            active_file: active_file.min(files.len().saturating_sub(1)),
            files,
            actions: session.actions().to_vec(),
        })
    }

    pub fn config(&self) -> ClusterConfig {
        self.shape.config(self.seed)
    }

    /// The session rebuilt by replaying the log (all at once; the browser replays in slices).
    pub fn replay(&self) -> Session {
        Session::replay(self.config(), self.wait_mode, &self.actions)
    }

    /// The console lines typed, in order (the console's history).
    pub fn history(&self) -> Vec<String> {
        self.actions
            .iter()
            .filter_map(|a| match &a.kind {
                ActionKind::Run { line, .. } => Some(line.clone()),
                _ => None,
            })
            .collect()
    }

    /// A line for the page when the link was made by another kubeplay version.
    pub fn version_notice(&self) -> Option<String> {
        (self.kubeplay_version != KUBEPLAY_VERSION).then(|| {
            format!(
                "This link was made with kubeplay {}; this is kubeplay {KUBEPLAY_VERSION}, so the replay may differ slightly.",
                self.kubeplay_version
            )
        })
    }
}

/// Why a link cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    TooLarge {
        chars: usize,
    },
    /// Made by a kubeplay whose link format this one does not know yet.
    NewerFormat {
        version: u64,
    },
    /// Damaged: cut short, edited, or not a kubeplay link.
    Corrupt(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLarge { chars } => {
                write!(f, "the link is too long ({chars} characters; the limit is {MAX_LINK_CHARS})")
            }
            ShareError::NewerFormat { version } => write!(
                f,
                "the link was made by a newer kubeplay (link format {version}; this one reads up to format {FORMAT_VERSION})"
            ),
            ShareError::Corrupt(why) => write!(f, "the link is damaged ({why})"),
        }
    }
}

impl ShareError {
    /// What the page says before opening the default example instead.
    pub fn notice(&self) -> String {
        format!("This shared session could not be opened: {self}. The default example was opened instead.")
    }
}

fn corrupt<T>(why: impl Into<String>) -> Result<T, ShareError> {
    Err(ShareError::Corrupt(why.into()))
}

/// The link data for `state` (what follows `kp=` in the fragment).
pub fn encode(state: &ShareState) -> String {
    pack(state_to_json(state).to_string().as_bytes())
}

/// Link data of the current format carrying `json` as is (deflated, base64url). [`encode`]'s
/// last step; the fuzzer uses it to reach the decoder's checks of the JSON state.
pub fn pack(json: &[u8]) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(json, 10);
    format!("{FORMAT_VERSION}.{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// `base` (any fragment dropped) with the state in its fragment.
pub fn share_url(base: &str, state: &ShareState) -> String {
    let base = base.split_once('#').map_or(base, |(b, _)| b);
    format!("{base}#{FRAGMENT_KEY}{}", encode(state))
}

/// The link data in a URL or fragment (`…#kp=DATA`, `#kp=DATA`, `kp=DATA`), if there is one.
pub fn link_data(url_or_fragment: &str) -> Option<&str> {
    let fragment = url_or_fragment.split_once('#').map_or(url_or_fragment, |(_, f)| f);
    fragment.strip_prefix(FRAGMENT_KEY)
}

/// Reads link data written by [`encode`] (of this format version or an older one).
pub fn decode(data: &str) -> Result<ShareState, ShareError> {
    if data.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLarge { chars: data.chars().count() });
    }
    let Some((version, payload)) = data.trim().split_once('.') else {
        return corrupt("no format version");
    };
    let Ok(version) = version.parse::<u64>() else {
        return corrupt("no format version");
    };
    if version > FORMAT_VERSION {
        return Err(ShareError::NewerFormat { version });
    }
    if version != 1 {
        return corrupt(format!("unknown link format {version}"));
    }
    let Ok(deflated) = URL_SAFE_NO_PAD.decode(payload) else {
        return corrupt("not base64url");
    };
    let json = match miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_STATE_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
            return corrupt(format!("more than {MAX_STATE_BYTES} bytes once inflated"))
        }
        Err(_) => return corrupt("not deflate data"),
    };
    let Ok(value) = serde_json::from_slice::<Value>(&json) else {
        return corrupt("not JSON");
    };
    decode_v1(&value).map_err(ShareError::Corrupt)
}

fn state_to_json(s: &ShareState) -> Value {
    let wait = match s.wait_mode {
        WaitMode::Stream => "stream",
        WaitMode::AdvanceClock => "advance",
    };
    json!({
        "kubeplay": s.kubeplay_version,
        "seed": s.seed,
        "cluster": s.shape.to_json(),
        "wait": wait,
        "files": s.files.iter().map(|f| json!([f.name, f.text])).collect::<Vec<_>>(),
        "active": s.active_file,
        "actions": actions_to_json(&s.actions, s.config().start),
    })
}

/// The log as `Action::to_json` writes it, with each absolute `at` replaced by `t`, the
/// milliseconds since the previous action (the cluster's start for the first): small numbers
/// instead of 13-digit timestamps. Empty `stdin` is left out.
fn actions_to_json(actions: &[Action], start: SimTime) -> Value {
    let mut prev = start.millis();
    let list = actions.iter().map(|a| {
        let mut v = a.to_json();
        if let Some(o) = v.as_object_mut() {
            o.remove("at");
            if o.get("stdin").is_some_and(Value::is_null) {
                o.remove("stdin");
            }
            o.insert("t".into(), json!(a.at.millis() - prev));
        }
        prev = a.at.millis();
        v
    });
    Value::Array(list.collect())
}

fn actions_from_json(v: &Value, start: SimTime) -> Result<Vec<Action>, String> {
    let list = v.as_array().ok_or("actions")?;
    if list.len() > MAX_ACTIONS {
        return Err(format!("more than {MAX_ACTIONS} actions"));
    }
    let mut at = start.millis();
    let mut advanced: i64 = 0;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let mut o: Map<String, Value> = item.as_object().cloned().ok_or_else(|| format!("actions[{i}]"))?;
        let dt = o
            .remove("t")
            .and_then(|t| t.as_i64())
            .filter(|t| *t >= 0)
            .ok_or_else(|| format!("actions[{i}].t"))?;
        at = at.checked_add(dt).ok_or_else(|| format!("actions[{i}].t"))?;
        o.insert("at".into(), json!(at));
        let action = Action::from_json(&Value::Object(o)).ok_or_else(|| format!("actions[{i}]"))?;
        if let ActionKind::Advance { ms } = action.kind {
            advanced = advanced.saturating_add(ms.max(0));
        }
        if advanced > MAX_REPLAY_MS || at - start.millis() > MAX_REPLAY_MS {
            return Err("more than 30 days of virtual time".into());
        }
        out.push(action);
    }
    Ok(out)
}

fn decode_v1(v: &Value) -> Result<ShareState, String> {
    let kubeplay_version = v.get("kubeplay").and_then(Value::as_str).ok_or("kubeplay")?.to_string();
    let seed = v.get("seed").and_then(Value::as_u64).ok_or("seed")?;
    let shape = ClusterShape::from_json(v.get("cluster").ok_or("cluster")?)?;
    let wait_mode = match v.get("wait").and_then(Value::as_str) {
        Some("stream") => WaitMode::Stream,
        Some("advance") => WaitMode::AdvanceClock,
        _ => return Err("wait".into()),
    };
    let files = v.get("files").and_then(Value::as_array).ok_or("files")?;
    if files.len() > MAX_FILES {
        return Err(format!("more than {MAX_FILES} files"));
    }
    let files = files
        .iter()
        .map(|f| match f.as_array().map(Vec::as_slice) {
            Some([Value::String(name), Value::String(text)]) => {
                Some(SharedFile { name: name.clone(), text: text.clone() })
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .ok_or("files")?;
    let active_file = v.get("active").and_then(Value::as_u64).unwrap_or(0) as usize;
    let start = shape.config(seed).start;
    let actions = actions_from_json(v.get("actions").ok_or("actions")?, start)?;
    Ok(ShareState {
        kubeplay_version,
        seed,
        shape,
        wait_mode,
        active_file: active_file.min(files.len().saturating_sub(1)),
        files,
        actions,
    })
}

#[cfg(test)]
mod tests;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
