//! The UI state and its reducer (no HTML here). The simulated cluster itself lives in the shared
//! [`EngineHandle`]; the state only records which revision of it the UI has drawn.

use crate::engine::{Diag, Engine};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// Shared, mutable engine; equality is identity so Yew props compare cheaply.
#[derive(Clone)]
pub struct EngineHandle(pub Rc<RefCell<Engine>>);

impl PartialEq for EngineHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl EngineHandle {
    pub fn new(e: Engine) -> Self {
        EngineHandle(Rc::new(RefCell::new(e)))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Input,
    Output,
    Error,
    Info,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    pub kind: LineKind,
    pub text: String,
}

/// Command history with shell-like ↑/↓ navigation; the line being typed is kept as a draft.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct History {
    pub items: Vec<String>,
    pub cursor: Option<usize>,
    pub draft: String,
}

pub const HISTORY_LIMIT: usize = 200;

impl History {
    pub fn push(&mut self, line: &str) {
        let line = line.trim();
        self.cursor = None;
        self.draft.clear();
        if line.is_empty() || self.items.last().map(String::as_str) == Some(line) {
            return;
        }
        self.items.push(line.to_string());
        if self.items.len() > HISTORY_LIMIT {
            self.items.remove(0);
        }
    }

    /// ↑: the previous entry (keeps the current input as the draft on the first press).
    pub fn older(&mut self, current: &str) -> Option<String> {
        if self.items.is_empty() {
            return None;
        }
        let next = match self.cursor {
            None => {
                self.draft = current.to_string();
                self.items.len() - 1
            }
            Some(0) => 0,
            Some(i) => i - 1,
        };
        self.cursor = Some(next);
        self.items.get(next).cloned()
    }

    /// ↓: the next entry, then back to the draft.
    pub fn newer(&mut self) -> Option<String> {
        let i = self.cursor?;
        if i + 1 >= self.items.len() {
            self.cursor = None;
            return Some(std::mem::take(&mut self.draft));
        }
        self.cursor = Some(i + 1);
        self.items.get(i + 1).cloned()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl Selection {
    pub fn node_id(&self) -> String {
        crate::engine::node_id(&self.kind, &self.namespace, &self.name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailsTab {
    Describe,
    Yaml,
    Events,
    Logs,
    Why,
}

impl DetailsTab {
    /// The tab to show for an object of `kind`: Logs exist only for Pods and Endpoints only for
    /// Services, so another kind falls back to Describe (never a Pod's name asked of Services).
    pub fn for_kind(self, kind: &str) -> DetailsTab {
        match self {
            DetailsTab::Logs if kind != "Pod" => DetailsTab::Describe,
            DetailsTab::Why if kind != "Service" => DetailsTab::Describe,
            t => t,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
}

pub const SPEEDS: &[f64] = &[0.5, 1.0, 2.0, 5.0, 10.0, 30.0];

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    pub playing: bool,
    pub speed: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sizes {
    /// Editor column width, px.
    pub editor: f64,
    /// Side column (details + timeline) width, px.
    pub side: f64,
    /// Console height, px.
    pub console: f64,
}

impl Default for Sizes {
    fn default() -> Self {
        Sizes { editor: 400.0, side: 350.0, console: 210.0 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Editor,
    Side,
    Console,
}

impl Sizes {
    pub fn set(&mut self, p: Panel, v: f64) {
        match p {
            Panel::Editor => self.editor = v.clamp(260.0, 900.0),
            Panel::Side => self.side = v.clamp(240.0, 700.0),
            Panel::Console => self.console = v.clamp(90.0, 600.0),
        }
    }
    pub fn get(&self, p: Panel) -> f64 {
        match p {
            Panel::Editor => self.editor,
            Panel::Side => self.side,
            Panel::Console => self.console,
        }
    }
}

/// A request travelling along the graph (node ids), shown for a few seconds.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestAnim {
    pub seq: u64,
    pub path: Vec<String>,
    pub ok: bool,
    pub reply: String,
}

#[derive(Clone, PartialEq)]
pub struct AppState {
    pub engine: EngineHandle,
    pub files: Vec<File>,
    pub active: usize,
    pub example_id: String,
    pub console: Vec<ConsoleLine>,
    /// Lines dropped from the top of the scrollback since the console was last cleared; the
    /// console shows [`dropped_note`] while this is non-zero.
    pub console_dropped: usize,
    pub input: String,
    pub history: History,
    pub clock: Clock,
    pub selected: Option<Selection>,
    pub highlight: Option<String>,
    pub expanded: BTreeSet<String>,
    pub toasts: Vec<Toast>,
    pub next_toast: u64,
    /// The engine revision and virtual time the UI last drew.
    pub rev: u64,
    pub now_ms: u64,
    /// The (revision, virtual second) the event timeline last drew: it catches up with `rev` in
    /// a frame of its own, so a redraw task holds the graph or the timeline, not both.
    pub timeline_at: (u64, u64),
    pub stream: Option<u64>,
    pub tab: DetailsTab,
    pub event_filter: String,
    pub notice: Option<String>,
    pub sizes: Sizes,
    pub diagnostics: Vec<Diag>,
    pub request: Option<RequestAnim>,
    pub read_only: BTreeSet<String>,
    /// Bumped whenever files are replaced or closed, so the editor never reuses the undo history
    /// of a file that is gone (see [`AppState::file_key`]).
    pub files_gen: u64,
}

/// Console scrollback: the last lines kept. Every line is a DOM node re-rendered with the console;
/// a few thousand keep typing responsive, and one command's output is already capped by the
/// session (`kubeplay_kubectl::MAX_OUTPUT_BYTES`).
pub const CONSOLE_LIMIT: usize = 2000;

/// The note shown above the scrollback once older lines were dropped.
pub fn dropped_note(dropped: usize) -> String {
    let lines = if dropped == 1 { "line" } else { "lines" };
    format!("... {dropped} earlier {lines} dropped (the console keeps the last {CONSOLE_LIMIT} lines)")
}

pub enum Action {
    EditFile(usize, String),
    SelectFile(usize),
    LoadFiles {
        example_id: String,
        files: Vec<File>,
    },
    /// A new file with this text (named `new-N.yaml`, or after its first object's kind).
    AddFile(String),
    RenameFile(usize, String),
    CloseFile(usize),
    Print(LineKind, String),
    ClearConsole,
    SetInput(String),
    Submit(String),
    HistoryPrev,
    HistoryNext,
    SetPlaying(bool),
    SetSpeed(f64),
    Select(Option<Selection>),
    Highlight(Option<String>),
    ToggleExpand(String),
    Toast(ToastKind, String),
    DismissToast(u64),
    Synced {
        rev: u64,
        now_ms: u64,
    },
    /// The timeline catches up with the last `Synced`.
    TimelineSynced,
    SetStream(Option<u64>),
    SetTab(DetailsTab),
    SetEventFilter(String),
    SetNotice(Option<String>),
    Resize(Panel, f64),
    SetDiagnostics(Vec<Diag>),
    ShowRequest(RequestAnim),
    ClearRequest(u64),
    /// Replace the engine (reset / restore) and everything derived from it.
    ReplaceEngine(EngineHandle),
}

impl AppState {
    pub fn new(engine: EngineHandle, files: Vec<File>, example_id: &str) -> Self {
        AppState {
            engine,
            files,
            active: 0,
            example_id: example_id.to_string(),
            console: Vec::new(),
            console_dropped: 0,
            input: String::new(),
            history: History::default(),
            clock: Clock { playing: true, speed: 1.0 },
            selected: None,
            highlight: None,
            expanded: BTreeSet::new(),
            toasts: Vec::new(),
            next_toast: 1,
            rev: 0,
            now_ms: 0,
            timeline_at: (0, 0),
            stream: None,
            tab: DetailsTab::Describe,
            event_filter: String::new(),
            notice: None,
            sizes: Sizes::default(),
            diagnostics: Vec::new(),
            request: None,
            read_only: BTreeSet::new(),
            files_gen: 0,
        }
    }

    /// The editor's key for file `i`: the same while that file is open, never reused for another.
    pub fn file_key(&self, i: usize) -> String {
        format!("{}:{}", self.files_gen, i)
    }

    pub fn active_file(&self) -> Option<&File> {
        self.files.get(self.active)
    }

    fn print(&mut self, kind: LineKind, text: &str) {
        let body = text.strip_suffix('\n').unwrap_or(text);
        // Lines that would be dropped at once are never allocated (1 MiB of output is ~20,000).
        let skip = body.split('\n').count().saturating_sub(CONSOLE_LIMIT);
        self.console_dropped += skip;
        self.console.extend(body.split('\n').skip(skip).map(|l| ConsoleLine { kind, text: l.to_string() }));
        if self.console.len() > CONSOLE_LIMIT {
            let extra = self.console.len() - CONSOLE_LIMIT;
            self.console.drain(..extra);
            self.console_dropped += extra;
        }
    }
}

/// `base-N.yaml` with the smallest N not taken.
fn unused_name(files: &[File], base: &str) -> String {
    (1..)
        .map(|n| format!("{base}-{n}.yaml"))
        .find(|n| !files.iter().any(|f| &f.name == n))
        .unwrap_or_default()
}

/// A file name the `k8s/` folder can hold: not empty, no path separator, not `.`/`..`.
pub fn valid_file_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 100 && !name.contains(['/', '\\']) && name != "." && name != ".."
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::EditFile(i, text) => {
                if let Some(f) = s.files.get_mut(i) {
                    if f.text == text {
                        return self;
                    }
                    f.text = text;
                }
            }
            Action::SelectFile(i) => {
                if i < s.files.len() {
                    s.active = i;
                    s.diagnostics.clear();
                }
            }
            Action::LoadFiles { example_id, files } => {
                s.files = files;
                s.active = 0;
                s.files_gen += 1;
                s.example_id = example_id;
                s.diagnostics.clear();
                s.selected = None;
                s.expanded.clear();
            }
            Action::AddFile(text) => {
                let name = unused_name(&s.files, "new");
                s.files.push(File { name, text });
                s.active = s.files.len() - 1;
                s.diagnostics.clear();
            }
            Action::RenameFile(i, name) => {
                let name = name.trim().to_string();
                let taken = s.files.iter().enumerate().any(|(j, f)| j != i && f.name == name);
                match s.files.get_mut(i) {
                    Some(f) if valid_file_name(&name) && !taken => f.name = name,
                    _ => return self,
                }
            }
            Action::CloseFile(i) => {
                // The last file stays: the editor always has a file to type into.
                if i >= s.files.len() || s.files.len() == 1 {
                    return self;
                }
                s.files.remove(i);
                s.files_gen += 1;
                if s.active > i || s.active == s.files.len() {
                    s.active -= 1;
                }
                s.diagnostics.clear();
            }
            Action::Print(kind, text) => s.print(kind, &text),
            Action::ClearConsole => {
                s.console.clear();
                s.console_dropped = 0;
            }
            Action::SetInput(t) => s.input = t,
            Action::Submit(line) => {
                s.history.push(&line);
                s.input.clear();
                s.print(LineKind::Input, &format!("$ {line}"));
            }
            Action::HistoryPrev => {
                let cur = s.input.clone();
                if let Some(l) = s.history.older(&cur) {
                    s.input = l;
                }
            }
            Action::HistoryNext => {
                if let Some(l) = s.history.newer() {
                    s.input = l;
                }
            }
            Action::SetPlaying(p) => s.clock.playing = p,
            Action::SetSpeed(v) => {
                if SPEEDS.contains(&v) {
                    s.clock.speed = v;
                }
            }
            Action::Select(sel) => {
                if let Some(x) = &sel {
                    s.tab = s.tab.for_kind(&x.kind);
                }
                s.highlight = sel.as_ref().map(Selection::node_id);
                s.selected = sel;
            }
            Action::Highlight(h) => s.highlight = h,
            Action::ToggleExpand(id) => {
                if !s.expanded.remove(&id) {
                    s.expanded.insert(id);
                }
            }
            Action::Toast(kind, text) => {
                s.toasts.push(Toast { id: s.next_toast, kind, text });
                s.next_toast += 1;
                if s.toasts.len() > 4 {
                    s.toasts.remove(0);
                }
            }
            Action::DismissToast(id) => s.toasts.retain(|t| t.id != id),
            Action::Synced { rev, now_ms } => {
                if s.rev == rev && s.now_ms / 1000 == now_ms / 1000 {
                    return self;
                }
                s.rev = rev;
                s.now_ms = now_ms;
            }
            Action::TimelineSynced => {
                let at = (s.rev, s.now_ms / 1000);
                if s.timeline_at == at {
                    return self;
                }
                s.timeline_at = at;
            }
            Action::SetStream(id) => s.stream = id,
            Action::SetTab(t) => {
                s.tab = match &s.selected {
                    Some(x) => t.for_kind(&x.kind),
                    None => t,
                }
            }
            Action::SetEventFilter(f) => s.event_filter = f,
            Action::SetNotice(n) => s.notice = n,
            Action::Resize(p, v) => s.sizes.set(p, v),
            Action::SetDiagnostics(d) => {
                if s.diagnostics == d {
                    return self;
                }
                s.diagnostics = d;
            }
            Action::ShowRequest(r) => s.request = Some(r),
            Action::ClearRequest(seq) => {
                if s.request.as_ref().map(|r| r.seq) == Some(seq) {
                    s.request = None;
                }
            }
            Action::ReplaceEngine(e) => {
                s.engine = e;
                s.selected = None;
                s.highlight = None;
                s.stream = None;
                s.request = None;
                s.rev = u64::MAX;
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<AppState> {
        Rc::new(AppState::new(
            EngineHandle::new(Engine::new()),
            vec![File { name: "a.yaml".into(), text: "x".into() }],
            "web-redis",
        ))
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn history_navigation() {
        let mut s = state();
        for l in ["kubectl get pods", "kubectl get svc", "kubectl get svc"] {
            s = s.reduce(Action::Submit(l.into()));
        }
        assert_eq!(s.history.items, vec!["kubectl get pods", "kubectl get svc"]);
        s = s.reduce(Action::SetInput("kubectl ge".into()));
        s = s.reduce(Action::HistoryPrev);
        assert_eq!(s.input, "kubectl get svc");
        s = s.reduce(Action::HistoryPrev);
        assert_eq!(s.input, "kubectl get pods");
        s = s.reduce(Action::HistoryPrev);
        assert_eq!(s.input, "kubectl get pods");
        s = s.reduce(Action::HistoryNext);
        assert_eq!(s.input, "kubectl get svc");
        s = s.reduce(Action::HistoryNext);
        assert_eq!(s.input, "kubectl ge");
        assert_eq!(s.history.cursor, None);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn console_lines_and_clear() {
        let mut s = state();
        s = s.reduce(Action::Submit("kubectl get pods".into()));
        s = s.reduce(Action::Print(LineKind::Output, "a\nb\n".into()));
        assert_eq!(
            s.console.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
            vec!["$ kubectl get pods", "a", "b"]
        );
        s = s.reduce(Action::ClearConsole);
        assert!(s.console.is_empty());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn scrollback_keeps_the_last_lines_and_counts_the_dropped() {
        let mut s = state();
        s = s.reduce(Action::Submit("kubectl get events".into()));
        let text: String = (0..2500).map(|i| format!("line {i}\n")).collect();
        s = s.reduce(Action::Print(LineKind::Output, text));
        assert_eq!(s.console.len(), CONSOLE_LIMIT);
        // The input line and lines 0..=499 are gone: 501 dropped.
        assert_eq!(s.console_dropped, 501);
        assert_eq!(s.console[0].text, "line 500");
        assert_eq!(s.console[CONSOLE_LIMIT - 1].text, "line 2499");
        assert_eq!(
            dropped_note(s.console_dropped),
            "... 501 earlier lines dropped (the console keeps the last 2000 lines)"
        );
        s = s.reduce(Action::Print(LineKind::Error, "e\n".into()));
        assert_eq!((s.console_dropped, s.console[0].text.as_str()), (502, "line 501"));
        s = s.reduce(Action::ClearConsole);
        assert_eq!((s.console.len(), s.console_dropped), (0, 0));
        assert_eq!(dropped_note(1), "... 1 earlier line dropped (the console keeps the last 2000 lines)");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn speeds_and_sizes_are_bounded() {
        let mut s = state();
        s = s.reduce(Action::SetSpeed(7.0));
        assert_eq!(s.clock.speed, 1.0);
        s = s.reduce(Action::SetSpeed(30.0));
        assert_eq!(s.clock.speed, 30.0);
        s = s.reduce(Action::Resize(Panel::Editor, 5.0));
        assert_eq!(s.sizes.editor, 260.0);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn files_and_selection() {
        let mut s = state();
        s = s.reduce(Action::AddFile("kind: Pod\n".into()));
        assert_eq!((s.files.len(), s.active, s.files[1].name.as_str()), (2, 1, "new-1.yaml"));
        s = s.reduce(Action::EditFile(0, "y".into()));
        assert_eq!(s.files[0].text, "y");
        s = s.reduce(Action::SetTab(DetailsTab::Logs));
        s = s.reduce(Action::Select(Some(Selection {
            kind: "Service".into(),
            namespace: "default".into(),
            name: "web".into(),
        })));
        assert_eq!(s.tab, DetailsTab::Describe);
        assert_eq!(s.highlight.as_deref(), Some("Service/default/web"));
    }

    fn select(kind: &str, name: &str) -> Action {
        Action::Select(Some(Selection { kind: kind.into(), namespace: "default".into(), name: name.into() }))
    }

    /// The bug: after a Service's Endpoints tab, a Pod showed `Service "<pod>" not found`.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_details_tab_follows_the_kind() {
        let mut s = state();
        s = s.reduce(select("Service", "web"));
        s = s.reduce(Action::SetTab(DetailsTab::Why));
        assert_eq!(s.tab, DetailsTab::Why);
        s = s.reduce(select("Pod", "web-1"));
        assert_eq!(s.tab, DetailsTab::Describe);
        s = s.reduce(Action::SetTab(DetailsTab::Logs));
        s = s.reduce(select("Pod", "web-2"));
        assert_eq!(s.tab, DetailsTab::Logs, "another Pod keeps the Logs tab");
        s = s.reduce(select("Deployment", "web"));
        assert_eq!(s.tab, DetailsTab::Describe);
        s = s.reduce(Action::SetTab(DetailsTab::Why));
        assert_eq!(s.tab, DetailsTab::Describe, "a Deployment has no Endpoints tab");
        s = s.reduce(Action::SetTab(DetailsTab::Events));
        s = s.reduce(select("Service", "web"));
        assert_eq!(s.tab, DetailsTab::Events);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn files_are_renamed_and_closed_and_keys_never_repeat() {
        let mut s = state();
        s = s.reduce(Action::AddFile(String::new()));
        s = s.reduce(Action::AddFile(String::new()));
        assert_eq!(
            s.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["a.yaml", "new-1.yaml", "new-2.yaml"]
        );
        s = s.reduce(Action::RenameFile(1, " db.yaml ".into()));
        assert_eq!(s.files[1].name, "db.yaml");
        for bad in ["", "a.yaml", "x/y.yaml", ".."] {
            s = s.reduce(Action::RenameFile(1, bad.into()));
            assert_eq!(s.files[1].name, "db.yaml", "{bad:?} is refused");
        }
        let before = s.file_key(2);
        s = s.reduce(Action::SelectFile(2));
        s = s.reduce(Action::CloseFile(1));
        assert_eq!((s.files.len(), s.active, s.files[s.active].name.as_str()), (2, 1, "new-2.yaml"));
        assert_ne!(s.file_key(1), before, "a closed tab's undo history is never reused");
        s = s.reduce(Action::CloseFile(1));
        s = s.reduce(Action::CloseFile(0));
        assert_eq!((s.files.len(), s.active), (1, 0), "the last file stays open");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn toasts_are_capped() {
        let mut s = state();
        for i in 0..6 {
            s = s.reduce(Action::Toast(ToastKind::Info, format!("t{i}")));
        }
        assert_eq!(s.toasts.len(), 4);
        let id = s.toasts[0].id;
        s = s.reduce(Action::DismissToast(id));
        assert_eq!(s.toasts.len(), 3);
    }
}
