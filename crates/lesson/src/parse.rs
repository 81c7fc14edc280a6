//! The lesson format and its parser.
//!
//! ````markdown
//! ---
//! title: Scaling a Deployment
//! cluster: kind            # optional: kind (default) or minikube
//! files:                   # optional: editor tabs, also readable by `kubectl apply -f NAME`
//!   - name: web.yaml
//!     text: |
//!       apiVersion: apps/v1
//!       ...
//! ---
//! Prose before the first step is the lesson's introduction.
//!
//! ## Scale the Deployment
//! Run five replicas instead of two.
//! ```kubectl
//! kubectl scale deployment web --replicas=5
//! ```
//! ```check
//! kubectl get deployment web -o jsonpath='{.status.readyReplicas}'
//! equals: 5
//! ```
//! <details><summary>Hint</summary>
//! `kubectl scale` changes `.spec.replicas`.
//! </details>
//! ````
//!
//! A `kubectl` block holds commands one per line (`\` continuations and heredocs as in a shell
//! script); `kubectl` blocks inside `<details>` are commands too (a hidden solution). A `check`
//! block is exactly two lines: a read-only kubectl command, then `equals: TEXT`, `contains: TEXT`
//! or `matches: REGEX`, compared with the command's output with trailing whitespace trimmed.
//! Prose is kept as written; whoever shows it renders it as text (no raw HTML runs).

use std::fmt;

use kubeplay_cluster::ClusterConfig;
use kubeplay_kubectl::script::Command;
use serde_json::Value;

/// Lessons larger than this are refused (a lesson is a page of prose, not a data set).
pub const MAX_LESSON_BYTES: usize = 256 * 1024;
pub const MAX_STEPS: usize = 100;
pub const MAX_FILES: usize = 32;
pub const MAX_COMMANDS_PER_STEP: usize = 50;
pub const MAX_CHECKS_PER_STEP: usize = 20;
/// Longest `matches:` pattern, and the compiled program's size limit: a hostile pattern can
/// neither take long to compile nor use much memory (regex-lite matches in linear time).
pub const MAX_PATTERN_BYTES: usize = 1024;
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const REGEX_NEST_LIMIT: u32 = 32;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub title: String,
    pub cluster: ClusterKind,
    pub files: Vec<LessonFile>,
    /// What comes before the first step.
    pub intro: Vec<Block>,
    pub steps: Vec<Step>,
}

/// The cluster a lesson runs on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClusterKind {
    /// kind's default: a tainted control-plane node and two workers.
    #[default]
    Kind,
    /// One node, `minikube`, that runs workloads too.
    Minikube,
}

impl ClusterKind {
    pub fn name(self) -> &'static str {
        match self {
            ClusterKind::Kind => "kind",
            ClusterKind::Minikube => "minikube",
        }
    }

    pub fn from_name(name: &str) -> Option<ClusterKind> {
        match name {
            "kind" => Some(ClusterKind::Kind),
            "minikube" => Some(ClusterKind::Minikube),
            _ => None,
        }
    }

    pub fn config(self) -> ClusterConfig {
        match self {
            ClusterKind::Kind => ClusterConfig::default(),
            ClusterKind::Minikube => ClusterConfig::minikube(),
        }
    }
}

/// A file from the front matter: an editor tab, and a file `kubectl apply -f NAME` reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonFile {
    pub name: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The heading's text after `## `.
    pub title: String,
    /// 1-based line of the heading in the lesson file.
    pub line: usize,
    pub blocks: Vec<Block>,
}

impl Step {
    /// Every command of the step's `kubectl` blocks (including those inside `<details>`), in order.
    pub fn commands(&self) -> Vec<&Command> {
        let mut out = Vec::new();
        visit(&self.blocks, &mut |b| {
            if let Block::Kubectl(cmds) = b {
                out.extend(cmds.iter());
            }
        });
        out
    }

    /// Every check of the step, in order.
    pub fn checks(&self) -> Vec<&Check> {
        let mut out = Vec::new();
        visit(&self.blocks, &mut |b| {
            if let Block::Check(c) = b {
                out.push(c);
            }
        });
        out
    }
}

fn visit<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        if let Block::Details { blocks, .. } = b {
            visit(blocks, f);
        }
    }
}

/// One piece of a step (or of the introduction), in the order written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// Markdown prose as written (a run of lines between other blocks, blank lines trimmed).
    Prose(String),
    /// A fenced block that is neither `kubectl` nor `check`: shown as code.
    Code {
        info: String,
        text: String,
    },
    /// A `kubectl` block: the step's commands.
    Kubectl(Vec<Command>),
    Check(Check),
    /// `<details><summary>…</summary> … </details>`: a hint or a solution, folded.
    Details {
        summary: String,
        blocks: Vec<Block>,
    },
}

/// A read-only kubectl command and what its output must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub command: String,
    pub expect: Expect,
    /// 1-based line of the check's command in the lesson file.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    Equals(String),
    Contains(String),
    Matches(String),
}

impl Expect {
    /// Whether `output` (the command's output, trailing whitespace already trimmed) satisfies it.
    pub fn holds(&self, output: &str) -> bool {
        match self {
            Expect::Equals(t) => output == t,
            Expect::Contains(t) => output.contains(t.as_str()),
            Expect::Matches(p) => compile(p).map(|re| re.is_match(output)).unwrap_or(false),
        }
    }
}

impl fmt::Display for Expect {
    /// As written in the lesson: `equals: 5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Equals(t) => write!(f, "equals: {t}"),
            Expect::Contains(t) => write!(f, "contains: {t}"),
            Expect::Matches(p) => write!(f, "matches: {p}"),
        }
    }
}

fn compile(pattern: &str) -> Result<regex_lite::Regex, String> {
    if pattern.len() > MAX_PATTERN_BYTES {
        return Err(format!("the pattern is longer than {MAX_PATTERN_BYTES} bytes"));
    }
    regex_lite::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .nest_limit(REGEX_NEST_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

/// Why a lesson file cannot be used, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// 1-based line (0 when the problem is the whole file).
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, LessonError> {
    Err(LessonError { line, message: message.into() })
}

/// Parses a lesson file. Every problem is an error with its line; nothing panics.
pub fn parse_lesson(text: &str) -> Result<Lesson, LessonError> {
    if text.len() > MAX_LESSON_BYTES {
        return err(
            0,
            format!("the lesson is too large ({} bytes; the limit is {MAX_LESSON_BYTES} bytes)", text.len()),
        );
    }
    let lines: Vec<&str> = text.lines().collect();
    let (front, body_start) = split_front_matter(&lines)?;
    let (title, cluster, files) = parse_front_matter(&front)?;
    let mut body = BodyParser { lines: &lines, i: body_start, steps: Vec::new(), intro: Vec::new() };
    body.run()?;
    if body.steps.is_empty() {
        return err(0, "the lesson has no steps: each step starts with a `## ` heading");
    }
    Ok(Lesson { title, cluster, files, intro: body.intro, steps: body.steps })
}

/// The front matter's text (without the `---` lines) and the index of the first body line.
fn split_front_matter(lines: &[&str]) -> Result<(String, usize), LessonError> {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return err(1, "a lesson starts with front matter: a `---` line, `title: …`, and another `---` line");
    }
    let Some(end) = lines.iter().skip(1).position(|l| matches!(l.trim_end(), "---" | "...")) else {
        return err(1, "the front matter is not closed: add a `---` line after it");
    };
    let end = end + 1;
    Ok((lines[1..end].join("\n"), end + 1))
}

fn parse_front_matter(text: &str) -> Result<(String, ClusterKind, Vec<LessonFile>), LessonError> {
    // Front matter lines start at file line 2.
    let at = |yaml_line: u32| yaml_line as usize + 1;
    let (docs, diags) = kubeplay_yaml::parse_documents(text);
    if let Some(d) = diags.iter().find(|d| d.severity == kubeplay_yaml::Severity::Error) {
        return err(at(d.pos.line), format!("front matter: {}", d.message));
    }
    if docs.len() > 1 {
        return err(2, "front matter: one YAML document expected");
    }
    let value = docs.into_iter().next().map(|d| d.value).unwrap_or(Value::Null);
    let Some(map) = value.as_object() else {
        return err(2, "front matter: a mapping with `title` expected");
    };
    if let Some(k) = map.keys().find(|k| !matches!(k.as_str(), "title" | "cluster" | "files")) {
        return err(2, format!("front matter: unknown field {k:?} (known: title, cluster, files)"));
    }
    let title = match map.get("title") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.trim().to_string(),
        _ => return err(2, "front matter: `title` (a non-empty string) is required"),
    };
    let cluster = match map.get("cluster") {
        None | Some(Value::Null) => ClusterKind::Kind,
        Some(Value::String(c)) => match ClusterKind::from_name(c) {
            Some(k) => k,
            None => return err(2, format!("front matter: cluster {c:?} is not one of kind, minikube")),
        },
        Some(_) => return err(2, "front matter: `cluster` is kind or minikube"),
    };
    let files = match map.get("files") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => parse_files(items)?,
        Some(_) => return err(2, "front matter: `files` is a list of {name, text}"),
    };
    Ok((title, cluster, files))
}

fn parse_files(items: &[Value]) -> Result<Vec<LessonFile>, LessonError> {
    if items.len() > MAX_FILES {
        return err(2, format!("front matter: more than {MAX_FILES} files"));
    }
    let mut files: Vec<LessonFile> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let s = |k: &str| item.get(k).and_then(Value::as_str);
        let (Some(name), Some(text)) = (s("name"), s("text")) else {
            return err(2, format!("front matter: files[{i}] needs `name` and `text` (strings)"));
        };
        if !valid_file_name(name) {
            return err(2, format!("front matter: files[{i}]: {name:?} is not a file name (letters, digits, `._-/`, at most 253 characters)"));
        }
        if files.iter().any(|f| f.name == name) {
            return err(2, format!("front matter: files[{i}]: {name:?} appears twice"));
        }
        files.push(LessonFile { name: name.to_string(), text: text.to_string() });
    }
    Ok(files)
}

/// A relative path of plain characters: what `kubectl apply -f NAME` can name without quoting.
fn valid_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && !name.starts_with('/')
        && name.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'))
}

/// An opening code fence: its character, its length and its info string.
fn fence_open(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = rest.chars().take_while(|&c| c == ch).count();
    if n < 3 {
        return None;
    }
    let info = rest[n..].trim();
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some((ch, n, info))
}

fn fence_closes(line: &str, ch: char, n: usize) -> bool {
    let t = line.trim();
    let run = t.chars().take_while(|&c| c == ch).count();
    run >= n && run == t.chars().count() && line.len() - line.trim_start_matches(' ').len() <= 3
}

fn step_heading(line: &str) -> Option<&str> {
    if line == "##" {
        return Some("");
    }
    line.strip_prefix("## ").map(|t| t.trim().trim_end_matches('#').trim_end())
}

/// The text between `<summary>` and `</summary>` on `line`, if both are there.
fn summary_of(line: &str) -> Option<String> {
    let start = line.find("<summary>")? + "<summary>".len();
    let len = line[start..].find("</summary>")?;
    Some(line[start..start + len].trim().to_string())
}

/// `<details><summary>Hint</summary>Some text</details>` on one line.
fn one_line_details(line: &str) -> Option<Block> {
    let close = line.find("</details>")?;
    let summary = summary_of(line).unwrap_or_else(|| "Details".to_string());
    let start = line
        .find("</summary>")
        .map(|i| i + "</summary>".len())
        .unwrap_or_else(|| line.find('>').map_or(line.len(), |i| i + 1));
    let text = line.get(start..close).unwrap_or("").trim();
    let blocks = if text.is_empty() { Vec::new() } else { vec![Block::Prose(text.to_string())] };
    Some(Block::Details { summary, blocks })
}

struct BodyParser<'a> {
    lines: &'a [&'a str],
    i: usize,
    steps: Vec<Step>,
    intro: Vec<Block>,
}

/// Blocks being collected: the current step's (or the intro's) and an open `<details>`.
struct Collecting {
    blocks: Vec<Block>,
    prose: Vec<String>,
    details: Option<(usize, String, Vec<Block>)>,
}

impl Collecting {
    fn new() -> Collecting {
        Collecting { blocks: Vec::new(), prose: Vec::new(), details: None }
    }

    fn flush_prose(&mut self) {
        let text = self.prose.join("\n");
        self.prose.clear();
        let text = text.trim_matches('\n');
        if !text.trim().is_empty() {
            self.push(Block::Prose(text.to_string()));
        }
    }

    fn push(&mut self, b: Block) {
        match &mut self.details {
            Some((_, _, blocks)) => blocks.push(b),
            None => self.blocks.push(b),
        }
    }

    fn finish(mut self) -> Result<Vec<Block>, LessonError> {
        self.flush_prose();
        if let Some((line, _, _)) = self.details {
            return err(line, "<details> is not closed: add a `</details>` line");
        }
        Ok(self.blocks)
    }
}

impl BodyParser<'_> {
    fn run(&mut self) -> Result<(), LessonError> {
        let mut cur = Collecting::new();
        // (title, heading line) of the step being collected; None in the introduction.
        let mut step: Option<(String, usize)> = None;
        while self.i < self.lines.len() {
            let line = self.lines[self.i];
            let line_no = self.i + 1;
            self.i += 1;
            if let Some(title) = step_heading(line) {
                self.close_step(step.take(), std::mem::replace(&mut cur, Collecting::new()))?;
                if title.is_empty() {
                    return err(line_no, "a step heading needs a title after `## `");
                }
                if self.steps.len() >= MAX_STEPS {
                    return err(line_no, format!("more than {MAX_STEPS} steps"));
                }
                step = Some((title.to_string(), line_no));
            } else if let Some((ch, n, info)) = fence_open(line) {
                cur.flush_prose();
                let info = info.split_whitespace().next().unwrap_or("").to_string();
                let text = self.fence_body(line_no, ch, n)?;
                let block = fenced_block(&info, text, line_no, step.is_some())?;
                cur.push(block);
            } else if line.trim_start().starts_with("<details") {
                cur.flush_prose();
                if cur.details.is_some() {
                    return err(line_no, "<details> inside <details> is not supported");
                }
                if let Some(one_line) = one_line_details(line) {
                    cur.push(one_line);
                    continue;
                }
                let summary = match summary_of(line) {
                    Some(s) => s,
                    None => self.summary_line().unwrap_or_else(|| "Details".to_string()),
                };
                cur.details = Some((line_no, summary, Vec::new()));
            } else if line.trim() == "</details>" {
                cur.flush_prose();
                match cur.details.take() {
                    Some((_, summary, blocks)) => cur.blocks.push(Block::Details { summary, blocks }),
                    None => return err(line_no, "</details> without an opening <details>"),
                }
            } else {
                cur.prose.push(line.to_string());
            }
        }
        self.close_step(step, cur)
    }

    /// A `<summary>…</summary>` line right after `<details>`, consumed.
    fn summary_line(&mut self) -> Option<String> {
        let s = summary_of(self.lines.get(self.i)?)?;
        self.i += 1;
        Some(s)
    }

    /// The lines up to the closing fence, consumed (the closing fence too).
    fn fence_body(&mut self, open_line: usize, ch: char, n: usize) -> Result<String, LessonError> {
        let start = self.i;
        while self.i < self.lines.len() {
            if fence_closes(self.lines[self.i], ch, n) {
                let text = self.lines[start..self.i].join("\n");
                self.i += 1;
                return Ok(text);
            }
            self.i += 1;
        }
        let fence: String = std::iter::repeat_n(ch, n).collect();
        err(open_line, format!("the code block is not closed: add a closing {fence} line"))
    }

    fn close_step(&mut self, step: Option<(String, usize)>, cur: Collecting) -> Result<(), LessonError> {
        let blocks = cur.finish()?;
        let Some((title, line)) = step else {
            self.intro = blocks;
            return Ok(());
        };
        let s = Step { title, line, blocks };
        if s.commands().len() > MAX_COMMANDS_PER_STEP {
            return err(line, format!("the step has more than {MAX_COMMANDS_PER_STEP} commands"));
        }
        if s.checks().len() > MAX_CHECKS_PER_STEP {
            return err(line, format!("the step has more than {MAX_CHECKS_PER_STEP} checks"));
        }
        self.steps.push(s);
        Ok(())
    }
}

/// A fenced block by its info string: `kubectl` commands, a `check`, or code to show.
fn fenced_block(info: &str, text: String, line: usize, in_step: bool) -> Result<Block, LessonError> {
    match info {
        "kubectl" | "check" if !in_step => {
            err(line, format!("a `{info}` block belongs to a step: put it after a `## ` heading"))
        }
        "kubectl" => {
            let cmds = kubeplay_kubectl::script::parse(&text)
                .map_err(|e| LessonError { line, message: format!("kubectl block: {e}") })?;
            if cmds.is_empty() {
                return err(line, "the kubectl block has no commands");
            }
            Ok(Block::Kubectl(cmds))
        }
        "check" => parse_check(&text, line + 1).map(Block::Check),
        _ => Ok(Block::Code { info: info.to_string(), text }),
    }
}

/// A check block's two lines; `first_line` is the file line of the block's first line.
fn parse_check(text: &str, first_line: usize) -> Result<Check, LessonError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (first_line + i, l))
        .collect();
    let [(cmd_line, command), (expect_line, expect)] = lines.as_slice() else {
        return err(
            first_line,
            "a check block has two lines: a read-only kubectl command, then `equals: TEXT`, `contains: TEXT` or `matches: REGEX`",
        );
    };
    let command = command.trim();
    if command.contains("<<") {
        return err(*cmd_line, "a check's command cannot read a heredoc");
    }
    let expect = parse_expect(expect).map_err(|message| LessonError { line: *expect_line, message })?;
    Ok(Check { command: command.to_string(), expect, line: *cmd_line })
}

fn parse_expect(line: &str) -> Result<Expect, String> {
    let line = line.trim_start();
    let (key, rest) = line.split_once(':').ok_or_else(|| {
        format!("{line:?}: a check's second line is `equals: TEXT`, `contains: TEXT` or `matches: REGEX`")
    })?;
    // One space after the colon separates; anything else is part of the text.
    let value = rest.strip_prefix(' ').unwrap_or(rest).trim_end().to_string();
    match key {
        "equals" => Ok(Expect::Equals(value)),
        "contains" if value.is_empty() => {
            Err("`contains:` needs a text (an empty one always matches)".into())
        }
        "contains" => Ok(Expect::Contains(value)),
        "matches" => match compile(&value) {
            Ok(_) => Ok(Expect::Matches(value)),
            Err(e) => Err(format!("matches: invalid regular expression: {e}")),
        },
        _ => Err(format!("unknown check {key:?}: use equals, contains or matches")),
    }
}

#[cfg(test)]
mod tests;
