//! Waiting: the shared machinery (`wait_for`: advance the clock in script mode, return a stream
//! in the browser) and `kubectl wait --for=condition=…|delete|jsonpath=…`.

use kubeplay_cluster::Cluster;
use kubeplay_model::{ObjectExt, SimTime};
use serde_json::Value;

use super::common::*;
use super::{parse_flags, Ctx};
use crate::flags::{flag, Flag, Kind};
use crate::session::{Session, WaitMode};
use crate::stream::{Poller, Stream};

/// Go's `time.ParseDuration` for the forms kubectl users type (`30s`, `1m30s`, `2m`, `500ms`, `0`);
/// a bare number is seconds for kubectl's `--timeout` flags that are ints… and an error for
/// duration flags, as in Go.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    if s == "0" {
        return Ok(0);
    }
    let bad = || format!("time: invalid duration \"{s}\"");
    let mut total = 0f64;
    let mut rest = s;
    let neg = rest.starts_with('-');
    rest = rest.trim_start_matches(['-', '+']);
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let num_end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if num_end == 0 {
            return Err(bad());
        }
        let n: f64 = rest[..num_end].parse().map_err(|_| bad())?;
        rest = &rest[num_end..];
        let unit_end = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = &rest[..unit_end];
        rest = &rest[unit_end..];
        let mult = match unit {
            "ns" => 1e-6,
            "us" | "µs" => 1e-3,
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "" => return Err(format!("time: missing unit in duration \"{s}\"")),
            _ => return Err(format!("time: unknown unit \"{unit}\" in duration \"{s}\"")),
        };
        total += n * mult;
    }
    Ok(if neg { -(total as i64) } else { total as i64 })
}

/// Wraps a poller with a deadline: at the deadline it fails with `msg`.
pub struct Deadline {
    inner: Box<dyn Poller>,
    deadline: SimTime,
    msg: String,
}

impl Deadline {
    pub fn new(inner: Box<dyn Poller>, deadline: SimTime, msg: String) -> Deadline {
        Deadline { inner, deadline, msg }
    }
}

impl Poller for Deadline {
    fn poll(&mut self, c: &Cluster) -> (String, Option<i32>) {
        let (t, done) = self.inner.poll(c);
        if done.is_none() && c.now() >= self.deadline {
            return (format!("{t}{}", self.msg), Some(1));
        }
        (t, done)
    }
    fn deadline(&self) -> Option<SimTime> {
        Some(self.deadline)
    }
}

/// Runs a waiting command: in script mode the clock advances until it returns (the poller must
/// have a deadline); in browser mode it becomes a stream unless it is already done.
pub fn wait_for(s: &mut Session, mut poller: Box<dyn Poller>, out: &mut Out) {
    let (t, done) = poller.poll(s.cluster());
    out.print(&t);
    if let Some(code) = done {
        if code != 0 {
            out.code = Some(code);
        }
        return;
    }
    match s.mode() {
        WaitMode::Stream => {
            out.stream = Some(s.add_stream(Stream::new(poller)));
        }
        WaitMode::AdvanceClock => {
            let mut text = String::new();
            let mut result: Option<i32> = None;
            // Bounded: every poller passed here carries a deadline, and the clock stops there
            // (kubectl's timer fires then, whatever the cluster does next); a day is the backstop.
            let backstop = s.now().plus_millis(3_600_000 * 24);
            let end = poller.deadline().map_or(backstop, |d| d.min(backstop));
            s.advance_while(end, &mut |c: &Cluster| {
                if result.is_some() {
                    return true;
                }
                let (t, d) = poller.poll(c);
                text.push_str(&t);
                result = d;
                d.is_some()
            });
            if result.is_none() {
                let (t, d) = poller.poll(s.cluster());
                text.push_str(&t);
                result = d;
            }
            out.print(&text);
            match result {
                Some(0) => {}
                Some(code) => out.code = Some(code),
                None => out.code = Some(1),
            }
        }
    }
}

pub const FLAGS: &[Flag] = &[
    flag("for", None, Kind::Array),
    flag("timeout", None, Kind::Str),
    flag("selector", Some('l'), Kind::Str),
    flag("field-selector", None, Kind::Str),
    flag("all", None, Kind::Bool),
    flag("all-namespaces", Some('A'), Kind::Bool),
    flag("filename", Some('f'), Kind::Array),
    flag("recursive", Some('R'), Kind::Bool),
    flag("output", Some('o'), Kind::Str),
    flag("local", None, Kind::Bool),
    flag("template", None, Kind::Str),
];

#[derive(Clone, Debug)]
enum Cond {
    Delete,
    Condition(String, String),
    JsonPath(String, Option<String>),
    Create,
}

fn parse_for(f: &str) -> Result<Cond, CmdError> {
    let lower = f.to_ascii_lowercase();
    if lower == "delete" {
        return Ok(Cond::Delete);
    }
    if lower == "create" {
        return Ok(Cond::Create);
    }
    if let Some(rest) = f.strip_prefix("condition=") {
        let (name, value) = match rest.split_once('=') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => (rest.to_string(), "true".to_string()),
        };
        return Ok(Cond::Condition(name, value));
    }
    if let Some(rest) = f.strip_prefix("jsonpath=") {
        // `{.status.phase}=Running`, or just `{.status.readyReplicas}` (exists).
        let (path, value) = match rest.rfind("}=") {
            Some(i) => (rest[..=i].to_string(), Some(rest[i + 2..].to_string())),
            None => match rest.split_once('=') {
                Some((p, v)) if !p.contains('{') => (p.to_string(), Some(v.to_string())),
                _ => (rest.to_string(), None),
            },
        };
        let path = path.trim_start_matches('{').trim_end_matches('}').trim_start_matches('.').to_string();
        if path.is_empty() {
            return Err(msg("jsonpath expression cannot be empty"));
        }
        return Ok(Cond::JsonPath(path, value));
    }
    Err(msg(format!("unrecognized condition: \"{f}\"")))
}

pub fn run(s: &mut Session, words: &[String], ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("wait", words, FLAGS)?;
    let fors = p.all("for");
    let cond = parse_for(fors.last().map(String::as_str).unwrap_or(""))?;
    let timeout = match p.str("timeout") {
        Some(t) => parse_duration(t).map_err(msg)?,
        None => 30_000,
    };
    let timeout = if timeout < 0 { 3_600_000 * 24 * 7 } else { timeout };
    let ns = namespace(s, &p);
    let list_ns = if p.bool("all-namespaces") { None } else { Some(ns.as_str()) };
    let sel = selector(&p)?;
    let mut targets: Vec<(&'static kubeplay_model::ResourceType, String, String)> = Vec::new();
    let files = p.all("filename");
    if !files.is_empty() {
        for m in read_manifests(s, &files, ctx.stdin, p.bool("recursive"))? {
            let rt = manifest_type(&m).map_err(msg)?;
            let n = manifest_namespace(&m, rt, &ns, p.is_set("namespace")).map_err(msg)?;
            targets.push((rt, n, m.obj.name().to_string()));
        }
    } else {
        if p.args.is_empty() {
            return Err(CmdError::Raw(
                "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n".into(),
            ));
        }
        for tn in parse_resource_args(&p.args)? {
            if tn.names.is_empty() {
                for o in list(s, tn.rt, list_ns) {
                    if sel.as_ref().is_none_or(|l| l.matches_object(&o)) {
                        targets.push((tn.rt, o.namespace().to_string(), o.name().to_string()));
                    }
                }
            } else {
                for n in tn.names {
                    targets.push((tn.rt, ns.clone(), n));
                }
            }
        }
    }
    if targets.is_empty() {
        return Err(msg("no matching resources found"));
    }
    // Missing objects: an error for conditions, success for delete.
    let mut waiting = Vec::new();
    for (rt, n, name) in targets {
        match get(s, rt, &n, &name) {
            Ok(o) => waiting.push(Target { rt, ns: n, name, uid: o.uid().to_string(), done: false }),
            Err(e) if e.reason == "NotFound" => {
                if !matches!(cond, Cond::Delete | Cond::Create) {
                    out.api_error(&e, "");
                } else if matches!(cond, Cond::Create) {
                    waiting.push(Target { rt, ns: n, name, uid: String::new(), done: false });
                }
            }
            Err(e) => out.api_error(&e, ""),
        }
    }
    if waiting.is_empty() {
        return Ok(());
    }
    let first = waiting.first().map(|t| format!("{}/{}", t.rt.plural, t.name)).unwrap_or_default();
    let poller = Deadline::new(
        Box::new(CondWaiter { targets: waiting, cond }),
        s.now().plus_millis(timeout),
        format!("error: timed out waiting for the condition on {first}\n"),
    );
    wait_for(s, Box::new(poller), out);
    Ok(())
}

struct Target {
    rt: &'static kubeplay_model::ResourceType,
    ns: String,
    name: String,
    uid: String,
    done: bool,
}

struct CondWaiter {
    targets: Vec<Target>,
    cond: Cond,
}

impl Poller for CondWaiter {
    fn poll(&mut self, c: &Cluster) -> (String, Option<i32>) {
        let mut text = String::new();
        for t in self.targets.iter_mut().filter(|t| !t.done) {
            let ns = if t.rt.namespaced { t.ns.as_str() } else { "" };
            let obj = c.api().get(t.rt.plural, ns, &t.name).ok();
            let met = match (&self.cond, &obj) {
                (Cond::Delete, None) => true,
                (Cond::Delete, Some(o)) => o.uid() != t.uid,
                (Cond::Create, o) => o.is_some(),
                (_, None) => false,
                (Cond::Condition(name, want), Some(o)) => {
                    o.at("status.conditions").and_then(Value::as_array).is_some_and(|cs| {
                        cs.iter().any(|cnd| {
                            cnd.str_at("type").is_some_and(|ty| ty.eq_ignore_ascii_case(name))
                                && cnd.str_at("status").is_some_and(|st| st.eq_ignore_ascii_case(want))
                        })
                    })
                }
                (Cond::JsonPath(path, want), Some(o)) => match (o.at(path), want) {
                    (Some(v), Some(w)) => {
                        let sv = match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        sv == *w
                    }
                    (Some(_), None) => true,
                    (None, _) => false,
                },
            };
            if met {
                t.done = true;
                text.push_str(&format!("{}/{} condition met\n", t.rt.qualified_kind_lower(), t.name));
            }
        }
        let all = self.targets.iter().all(|t| t.done);
        (text, if all { Some(0) } else { None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn go_durations() {
        assert_eq!(parse_duration("30s"), Ok(30_000));
        assert_eq!(parse_duration("1m30s"), Ok(90_000));
        assert_eq!(parse_duration("500ms"), Ok(500));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("10"), Err("time: missing unit in duration \"10\"".into()));
        assert_eq!(parse_duration("x"), Err("time: invalid duration \"x\"".into()));
    }

    #[test]
    fn for_forms() {
        assert!(matches!(parse_for("delete"), Ok(Cond::Delete)));
        assert!(
            matches!(parse_for("condition=Available"), Ok(Cond::Condition(n, v)) if n == "Available" && v == "true")
        );
        assert!(
            matches!(parse_for("jsonpath={.status.phase}=Running"), Ok(Cond::JsonPath(p, Some(v))) if p == "status.phase" && v == "Running")
        );
        // kubectl.1.33 `wait` without --for.
        assert_eq!(parse_for("").unwrap_err().render(), "error: unrecognized condition: \"\"\n");
    }
}
