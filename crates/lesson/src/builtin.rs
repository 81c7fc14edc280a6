//! The lessons kubeplay ships (`crates/lesson/lessons/*.md`), written for kubeplay in our own words.

use crate::parse::parse_lesson;

/// A built-in lesson: its id (the file's name without `.md`) and its Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinLesson {
    pub id: &'static str,
    pub text: &'static str,
}

impl BuiltinLesson {
    /// The front matter's title (the id if the lesson cannot be read, which a test rules out).
    pub fn title(&self) -> String {
        parse_lesson(self.text).map(|l| l.title).unwrap_or_else(|_| self.id.to_string())
    }
}

static BUILTIN: &[BuiltinLesson] = &[
    BuiltinLesson { id: "python-redis", text: include_str!("../lessons/python-redis.md") },
    BuiltinLesson { id: "rolling-updates", text: include_str!("../lessons/rolling-updates.md") },
    BuiltinLesson { id: "config-and-secrets", text: include_str!("../lessons/config-and-secrets.md") },
    BuiltinLesson { id: "namespaces-dns", text: include_str!("../lessons/namespaces-dns.md") },
    BuiltinLesson { id: "crashing-pod", text: include_str!("../lessons/crashing-pod.md") },
    BuiltinLesson { id: "blue-green", text: include_str!("../lessons/blue-green.md") },
];

/// Every built-in lesson, in the order a learner would take them.
pub fn list_builtin() -> &'static [BuiltinLesson] {
    BUILTIN
}

pub fn builtin(id: &str) -> Option<&'static BuiltinLesson> {
    BUILTIN.iter().find(|l| l.id == id)
}

/// What `kubeplay lesson list` prints: one lesson a line, id then title.
pub fn render_list() -> String {
    let width = BUILTIN.iter().map(|l| l.id.len()).max().unwrap_or(0);
    BUILTIN.iter().map(|l| format!("{:<width$}  {}\n", l.id, l.title())).collect()
}
