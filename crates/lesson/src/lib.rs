//! Lessons that check themselves.
//!
//! A lesson is one Markdown file (see [`parse`] for the format): front matter, then `## ` steps
//! with prose, ```` ```kubectl ```` blocks (the step's commands and its solution), ```` ```check ````
//! blocks (a read-only kubectl command and what its output must be) and `<details>` hints.
//! [`check_lesson`] runs a lesson against a fresh simulated cluster the way `kubeplay lesson check`
//! does; [`evaluate_check`] is what the browser's lesson panel calls after every command.
//!
//! Lesson files come from strangers (a URL in an embed): the parser never panics, bounds every
//! size it reads, and regular expressions match in linear time.

pub mod builtin;
pub mod check;
pub mod parse;

pub use builtin::{builtin, list_builtin, render_list, BuiltinLesson};
pub use check::{
    check_lesson, check_parsed, evaluate_check, render_report, start_session, CheckResult, LessonReport,
    StepOutcome, StepReport, MAX_WAIT_MS, POLL_MS,
};
pub use parse::{parse_lesson, Block, Check, ClusterKind, Expect, Lesson, LessonError, LessonFile, Step};

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
