//! Running a lesson against a simulated cluster: `kubeplay lesson check LESSON.md`.
//!
//! For each step in order: its checks must not all pass yet (a step that is already done teaches
//! nothing), then its `kubectl` commands run, then virtual time runs until every check passes, for
//! at most ten virtual minutes (as `kubectl wait` would). The first step that fails either way
//! stops the run, and the report says what the failing check's command printed.

use kubeplay_kubectl::script::Command;
use kubeplay_kubectl::{Output, Session, WaitMode};

use crate::parse::{parse_lesson, Check, Lesson, LessonError, Step};

/// How long a step's checks may take to pass after its commands ran (virtual time).
pub const MAX_WAIT_MS: i64 = 10 * 60 * 1000;
/// How often the checks are evaluated while waiting (virtual time).
pub const POLL_MS: i64 = 1000;

/// One check evaluated: whether it holds and what its command printed (trailing whitespace trimmed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResult {
    pub passed: bool,
    pub got: String,
}

/// Runs a check's command (read-only: not recorded in the session's log) and compares its output.
pub fn evaluate_check(session: &mut Session, check: &Check) -> CheckResult {
    let out = session.query(&check.command);
    let got = out.text.trim_end().to_string();
    CheckResult { passed: check.expect.holds(&got), got }
}

/// A fresh session for a lesson: its cluster, with its files in the session's file system (so
/// `kubectl apply -f NAME` reads them). Commands that wait advance the virtual clock.
pub fn start_session(lesson: &Lesson) -> Session {
    let mut s = Session::new(lesson.cluster.config(), WaitMode::AdvanceClock);
    for f in &lesson.files {
        s.write_file(&f.name, &f.text);
    }
    s
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    /// Every check passed, `waited_ms` of virtual time after the commands ran.
    Passed { waited_ms: i64 },
    /// The step has no checks; its commands ran without error.
    NoChecks,
    /// Every check passed before the step's commands ran.
    AlreadyPassing,
    /// A command of the step exited non-zero.
    CommandFailed { command: String, exit_code: i32, output: String },
    /// A check still failed after [`MAX_WAIT_MS`]: the first failing one and what it got.
    CheckFailed { check: Check, got: String, waited_ms: i64 },
}

impl StepOutcome {
    pub fn passed(&self) -> bool {
        matches!(self, StepOutcome::Passed { .. } | StepOutcome::NoChecks)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepReport {
    pub title: String,
    pub outcome: StepOutcome,
}

/// What checking a lesson found: the steps run (up to and including the first failure), or why
/// the lesson could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonReport {
    pub title: String,
    pub total_steps: usize,
    pub steps: Vec<StepReport>,
    pub error: Option<LessonError>,
}

impl LessonReport {
    pub fn passed(&self) -> bool {
        self.error.is_none()
            && self.steps.len() == self.total_steps
            && self.steps.iter().all(|s| s.outcome.passed())
    }
}

/// Parses and checks a lesson file.
pub fn check_lesson(text: &str) -> LessonReport {
    match parse_lesson(text) {
        Ok(lesson) => check_parsed(&lesson),
        Err(e) => LessonReport { title: String::new(), total_steps: 0, steps: Vec::new(), error: Some(e) },
    }
}

/// Checks a parsed lesson on a fresh cluster.
pub fn check_parsed(lesson: &Lesson) -> LessonReport {
    let mut session = start_session(lesson);
    let mut steps = Vec::new();
    for step in &lesson.steps {
        let outcome = run_step(&mut session, step);
        let failed = !outcome.passed();
        steps.push(StepReport { title: step.title.clone(), outcome });
        if failed {
            break;
        }
    }
    LessonReport { title: lesson.title.clone(), total_steps: lesson.steps.len(), steps, error: None }
}

fn run_step(session: &mut Session, step: &Step) -> StepOutcome {
    let checks = step.checks();
    if !checks.is_empty() && checks.iter().all(|c| evaluate_check(session, c).passed) {
        return StepOutcome::AlreadyPassing;
    }
    for cmd in step.commands() {
        let out = run_command(session, cmd);
        if out.exit_code != 0 {
            return StepOutcome::CommandFailed {
                command: cmd.echo.clone(),
                exit_code: out.exit_code,
                output: out.text,
            };
        }
    }
    if checks.is_empty() {
        return StepOutcome::NoChecks;
    }
    wait_for_checks(session, &checks)
}

/// Runs one command as a reader clicking it would. A command that keeps running (`get -w`,
/// `logs -f`) is stopped right away with what it printed so far.
fn run_command(session: &mut Session, cmd: &Command) -> Output {
    let mut out = match &cmd.stdin {
        Some(stdin) => session.run_with_stdin(&cmd.line, stdin),
        None => session.run(&cmd.line),
    };
    if let Some(id) = out.stream.take() {
        let (more, _) = session.poll_stream(id);
        out.text.push_str(&more);
        session.cancel_stream(id);
    }
    out
}

/// Lets virtual time run until every check passes, or [`MAX_WAIT_MS`] have passed.
fn wait_for_checks(session: &mut Session, checks: &[&Check]) -> StepOutcome {
    let mut waited_ms = 0;
    loop {
        let failing = checks.iter().find_map(|c| {
            let r = evaluate_check(session, c);
            (!r.passed).then(|| ((*c).clone(), r.got))
        });
        let Some((check, got)) = failing else {
            return StepOutcome::Passed { waited_ms };
        };
        if waited_ms >= MAX_WAIT_MS {
            return StepOutcome::CheckFailed { check, got, waited_ms };
        }
        session.advance(POLL_MS);
        waited_ms += POLL_MS;
    }
}

/// `1m30s`, `45s`, `10m`: a virtual duration as the report prints it.
fn duration(ms: i64) -> String {
    let secs = ms / 1000;
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

fn indent(text: &str) -> String {
    let body = text.trim_end();
    if body.is_empty() {
        return "      (no output)\n".to_string();
    }
    body.lines().map(|l| format!("      {l}\n")).collect()
}

/// The report as `kubeplay lesson check` prints it, and the exit code (0 when every step passed).
///
/// ```text
/// Lesson: Scaling a Deployment
/// ok    1/2  Create the Deployment (checks passed after 12s)
/// FAIL  2/2  Scale the Deployment: after 10m this check still fails:
///       kubectl get deployment web -o jsonpath='{.status.readyReplicas}'
///       equals: 5
///     got:
///       3
/// ```
pub fn render_report(report: &LessonReport) -> (String, i32) {
    if let Some(e) = &report.error {
        return (format!("FAIL  the lesson cannot be read: {e}\n"), 1);
    }
    let mut out = format!("Lesson: {}\n", report.title);
    let n = report.total_steps;
    for (i, s) in report.steps.iter().enumerate() {
        let head = format!("{}/{n}  {}", i + 1, s.title);
        match &s.outcome {
            StepOutcome::Passed { waited_ms: 0 } => out.push_str(&format!("ok    {head} (checks passed)\n")),
            StepOutcome::Passed { waited_ms } => {
                out.push_str(&format!("ok    {head} (checks passed after {})\n", duration(*waited_ms)))
            }
            StepOutcome::NoChecks => out.push_str(&format!("ok    {head} (no checks)\n")),
            StepOutcome::AlreadyPassing => {
                out.push_str(&format!("FAIL  {head}: its checks already pass before its commands run\n"))
            }
            StepOutcome::CommandFailed { command, exit_code, output } => {
                out.push_str(&format!("FAIL  {head}: a command exited with {exit_code}:\n"));
                out.push_str(&indent(command));
                out.push_str("    it printed:\n");
                out.push_str(&indent(output));
            }
            StepOutcome::CheckFailed { check, got, waited_ms } => {
                out.push_str(&format!(
                    "FAIL  {head}: after {} this check still fails (line {}):\n",
                    duration(*waited_ms),
                    check.line
                ));
                out.push_str(&indent(&format!("{}\n{}", check.command, check.expect)));
                out.push_str("    got:\n");
                out.push_str(&indent(got));
            }
        }
    }
    if report.passed() {
        out.push_str(&format!("PASS  {n} steps\n"));
        (out, 0)
    } else {
        (out, 1)
    }
}

#[cfg(test)]
mod tests;
