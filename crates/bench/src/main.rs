//! `kubeplay-bench`: times the engine scenarios natively and prints them against their budgets.
//!
//! `kubeplay-bench`                       full run (median of several runs per scenario)
//! `kubeplay-bench --smoke`               each scenario once at small sizes; checks outcomes, judges no time
//! `kubeplay-bench --json F`              also write the results as JSON to F
//! `kubeplay-bench --only S --n N [--runs R]`
//!                                        run one scenario in this process and print one JSON line
//!                                        (S: boot, deploy, deploy3, rollout, idle, parse; N: replicas, pods or KB)
//! `kubeplay-bench --cap-secs S`          wall-clock cap per scenario in the full run (default 120)
//!
//! The full and smoke runs execute every scenario in a child process (`--only`), so a scenario
//! that is far slower than expected is killed at its cap and reported as such instead of hanging
//! `make bench`; a panic (a scenario's self-check failed) is reported with its message.

// A measuring tool, not engine code: it is the one place that reads the real clock.
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kubeplay_bench as b;
use serde_json::{json, Value};

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * (v.len() as f64 - 1.0)).round() as usize;
    v[i.min(v.len() - 1)]
}

/// CPU time this thread has run, in ms (`/proc/thread-self/schedstat`, ns resolution). The machine
/// is shared, so wall time is inflated by the load; CPU time is the load-robust figure.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse::<f64>().ok()))
        .map(|ns| ns / 1e6)
        .unwrap_or(f64::NAN)
}

static CPU_SAMPLES: std::sync::Mutex<Vec<f64>> = std::sync::Mutex::new(Vec::new());

/// Wall time of `f` in ms; its CPU time goes to `CPU_SAMPLES`.
fn time<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let c = cpu_ms();
    let t = Instant::now();
    let out = f();
    let wall = t.elapsed().as_secs_f64() * 1000.0;
    if let Ok(mut v) = CPU_SAMPLES.lock() {
        v.push(cpu_ms() - c);
    }
    (wall, out)
}

/// 1-minute load average (the machine is shared; every number is recorded with it).
fn loadavg() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
        .unwrap_or(f64::NAN)
}

// ---- one scenario, in this process ----

/// Runs scenario `s` at size `n`, `runs` times, and returns its JSON result.
fn run_one(s: &str, n: i64, runs: usize, max_secs: f64) -> Result<Value, String> {
    let runs = runs.max(1);
    let started = Instant::now();
    // Further samples only while the allowance lasts (the first always runs).
    let more = |done: usize| done == 0 || started.elapsed().as_secs_f64() < max_secs;
    let load_before = loadavg();
    let mut samples = Vec::new();
    let mut objects = 0u64;
    let mut virtual_ms = 0i64;
    let mut extra = json!({});
    match s {
        "boot" => {
            for _ in 0..runs {
                if !more(samples.len()) {
                    break;
                }
                let (ms, _) = time(|| b::cluster_for(n.max(1)));
                samples.push(ms);
            }
        }
        "deploy" => {
            for _ in 0..runs {
                if !more(samples.len()) {
                    break;
                }
                let mut c = b::cluster_for(n);
                let (ms, out) = time(|| b::apply_until_available(&mut c, n));
                samples.push(ms);
                objects = out.objects;
                virtual_ms = out.virtual_ms;
                extra = work_stats(&c);
            }
        }
        "deploy3" => {
            for _ in 0..runs {
                if !more(samples.len()) {
                    break;
                }
                let mut c = b::cluster_3_nodes(n);
                let (ms, out) = time(|| b::apply_until_available(&mut c, n));
                samples.push(ms);
                objects = out.objects;
                virtual_ms = out.virtual_ms;
            }
        }
        "rollout" => {
            for _ in 0..runs {
                if !more(samples.len()) {
                    break;
                }
                let mut c = b::cluster_for(n);
                b::apply_until_available(&mut c, n);
                let (ms, out) = time(|| b::rolling_update(&mut c, n));
                samples.push(ms);
                objects = out.objects;
                virtual_ms = out.virtual_ms;
            }
        }
        "idle" => {
            let mut c = b::cluster_for(n);
            b::fill_pods(&mut c, n);
            // Let anything periodic settle, then measure steps where nothing is due.
            c.advance(60_000);
            let mut work = 0;
            for _ in 0..runs {
                let (ms, items) = time(|| b::idle_step(&mut c));
                samples.push(ms);
                work += items;
            }
            objects = n as u64;
            extra = json!({"work_items": work});
        }
        "parse" => {
            let text = b::big_manifest(n as usize * 1024);
            let mut c = b::cluster_for(3);
            for _ in 0..runs {
                let (ms, out) = time(|| b::parse_and_validate(&mut c, &text));
                samples.push(ms);
                objects = out.objects;
            }
            // Parse + strict check alone: what the editor runs on every keystroke.
            let mut parse_only = Vec::new();
            for _ in 0..runs.max(21) {
                let (ms, docs) = time(|| b::parse_and_check(&text));
                assert!(docs > 0, "no documents");
                parse_only.push(ms);
            }
            let cpu: Vec<f64> = CPU_SAMPLES
                .lock()
                .map(|v| v.iter().skip(samples.len()).copied().collect())
                .unwrap_or_default();
            // The editor's incremental path: a warm cache, one character of one document changed
            // per sample, the whole text re-diagnosed.
            let mut session = b::EditSession::new(&text);
            let mut incremental = Vec::new();
            for _ in 0..(runs * 10).max(101) {
                let (ms, docs) = time(|| session.edit_and_check());
                assert_eq!(docs, objects, "documents diagnosed");
                incremental.push(ms);
            }
            session.check_against_full_parse();
            // No CPU figure: schedstat advances in scheduler ticks (4 ms here), far above a sample.
            extra = json!({
                "bytes": text.len(),
                "parse_check_median_ms": median(&parse_only),
                "parse_check_p95_ms": percentile(&parse_only, 95.0),
                "parse_check_cpu_median_ms": median(&cpu),
                "parse_check_cpu_p95_ms": percentile(&cpu, 95.0),
                "edit_check_median_ms": median(&incremental),
                "edit_check_p95_ms": percentile(&incremental, 95.0),
            });
        }
        other => {
            return Err(format!("unknown scenario {other:?} (boot, deploy, deploy3, rollout, idle, parse)"))
        }
    }
    let cpu: Vec<f64> = CPU_SAMPLES.lock().map(|v| v.clone()).unwrap_or_default();
    // The scenario's own samples are the last `samples.len()` ones (the parse scenario times more).
    let cpu = &cpu[..samples.len().min(cpu.len())];
    Ok(json!({
        "cpu_median_ms": median(cpu),
        "scenario": s, "n": n, "runs": samples.len(), "samples_ms": samples,
        "median_ms": median(&samples), "p95_ms": percentile(&samples, 95.0),
        "objects": objects, "virtual_ms": virtual_ms, "loadavg": load_before, "extra": extra,
    }))
}

/// Work items per component and writes: what a scenario cost the engine, independent of speed.
fn work_stats(c: &kubeplay_cluster::Cluster) -> Value {
    let s = c.stats();
    json!({"work_items": s.items_processed, "writes": s.writes_applied, "write_errors": s.write_errors,
           "per_component": s.per_component})
}

// ---- orchestration: each scenario in a child process with a wall-clock cap ----

struct Plan {
    scenario: &'static str,
    n: i64,
    runs: usize,
    label: String,
    budget_ms: Option<f64>,
    /// Which number the budget applies to (median unless stated).
    budget_on_p95: bool,
}

fn plan(smoke: bool) -> Vec<Plan> {
    let p = |scenario, n, runs, label: String, budget_ms| Plan {
        scenario,
        n,
        runs,
        label,
        budget_ms,
        budget_on_p95: false,
    };
    if smoke {
        return vec![
            p("boot", 3, 1, "cluster boot (3 nodes, CoreDNS running)".into(), None),
            p("deploy", 3, 1, "deployment 3 replicas → available".into(), None),
            p("deploy", 100, 1, "deployment 100 replicas → available".into(), None),
            p("rollout", 50, 1, "rolling update (set image) of 50 replicas".into(), None),
            p("idle", 100, 3, "idle step (100 ms) with 100 pods".into(), None),
            p("parse", 10, 1, "parse + validate 10 KB manifest".into(), None),
        ];
    }
    vec![
        p("boot", 3, 5, "cluster boot (3 nodes, CoreDNS running)".into(), None),
        p("deploy", 3, 9, "deployment 3 replicas → available".into(), None),
        p("deploy", 100, 7, "deployment 100 replicas → available".into(), None),
        p("deploy", 1000, 5, "deployment 1,000 replicas → available".into(), Some(40.0)),
        p("deploy", 10_000, 3, "deployment 10,000 replicas (101 nodes) → available".into(), None),
        p("rollout", 1000, 5, "rolling update (set image) of 1,000 replicas".into(), None),
        p("idle", 10_000, 50, "idle step (100 ms) with 10,000 pods".into(), None),
        p("parse", 100, 21, "parse + validate 100 KB manifest".into(), None),
    ]
}

/// Runs `--only` in a child, killing it after `cap`. Ok(json) or Err(reason).
fn run_child(pl: &Plan, cap: Duration) -> Result<Value, String> {
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let mut child = Command::new(exe)
        .args(["--only", pl.scenario, "--n", &pl.n.to_string(), "--runs", &pl.runs.to_string()])
        .args(["--max-secs", &format!("{:.0}", cap.as_secs_f64() / 2.0)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn: {e}"))?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) if start.elapsed() > cap => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("not finished in {:.0} s (killed)", cap.as_secs_f64()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("wait: {e}")),
        }
    };
    let mut out = String::new();
    let mut err = String::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_string(&mut out);
    }
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    if !status.success() {
        let msg = err.lines().find(|l| l.contains("panicked") || l.contains("error")).map(str::to_string);
        let detail = err.lines().skip_while(|l| !l.contains("panicked")).nth(1).unwrap_or("");
        return Err(format!("FAILED: {} {}", msg.unwrap_or_else(|| status.to_string()), detail.trim()));
    }
    out.lines().rev().find_map(|l| serde_json::from_str(l).ok()).ok_or_else(|| "no JSON result".to_string())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let smoke = args.iter().any(|a| a == "--smoke");

    if let Some(s) = flag("--only") {
        let n: i64 = flag("--n").and_then(|x| x.parse().ok()).unwrap_or(100);
        let runs: usize = flag("--runs").and_then(|x| x.parse().ok()).unwrap_or(1);
        let max_secs: f64 = flag("--max-secs").and_then(|x| x.parse().ok()).unwrap_or(f64::INFINITY);
        match run_one(&s, n, runs, max_secs) {
            Ok(v) => println!("{v}"),
            Err(e) => {
                eprintln!("kubeplay-bench: {e}");
                std::process::exit(2);
            }
        }
        return;
    }

    let cap = Duration::from_secs(flag("--cap-secs").and_then(|x| x.parse().ok()).unwrap_or(120));
    let json_out = flag("--json");
    let mut results = Vec::new();
    let mut failed = false;
    println!(
        "{:<52} {:>10} {:>9} {:>10} {:>5} {:>12} {:>9} {:>6}  verdict",
        "scenario (native)", "median ms", "p95 ms", "cpu ms", "runs", "objects/s", "budget", "load"
    );
    for pl in plan(smoke) {
        let r = run_child(&pl, cap);
        let line = match &r {
            Ok(v) => {
                let med = v["median_ms"].as_f64().unwrap_or(f64::NAN);
                let p95 = v["p95_ms"].as_f64().unwrap_or(f64::NAN);
                let objects = v["objects"].as_u64().unwrap_or(0);
                let per_s = if med > 0.0 && objects > 0 {
                    format!("{:.0}", objects as f64 / (med / 1000.0))
                } else {
                    "-".into()
                };
                let judged = if pl.budget_on_p95 { p95 } else { med };
                let verdict = match (smoke, pl.budget_ms) {
                    (true, _) => "smoke: ran and checked itself".to_string(),
                    (false, Some(bud)) if judged <= bud => "met".to_string(),
                    (false, Some(bud)) => format!("MISSED ({:.1}× over)", judged / bud),
                    (false, None) => String::new(),
                };
                let mut extra = String::new();
                if let Some(w) = v["extra"]["work_items"].as_u64() {
                    extra = format!(" [{w} work items]");
                }
                if let Some(pc) = v["extra"]["parse_check_p95_ms"].as_f64() {
                    let pcc = v["extra"]["parse_check_cpu_p95_ms"].as_f64().unwrap_or(f64::NAN);
                    let ec = v["extra"]["edit_check_p95_ms"].as_f64().unwrap_or(f64::NAN);
                    extra = format!(
                        " [{objects} docs; parse+strict check alone p95 {pc:.2} ms wall, {pcc:.2} ms cpu; \
                         one-character edit, cached re-check p95 {ec:.3} ms wall]"
                    );
                }
                format!(
                    "{:<52} {:>10.2} {:>9.2} {:>10.2} {:>5} {:>12} {:>9} {:>6.1}  {verdict}{extra}",
                    pl.label,
                    med,
                    p95,
                    v["cpu_median_ms"].as_f64().unwrap_or(f64::NAN),
                    v["runs"].as_u64().unwrap_or(0),
                    per_s,
                    pl.budget_ms.map(|b| format!("≤{b} ms")).unwrap_or_else(|| "-".into()),
                    v["loadavg"].as_f64().unwrap_or(f64::NAN)
                )
            }
            Err(e) => {
                if e.starts_with("FAILED") || smoke {
                    failed = true;
                }
                format!("{:<52} {e}", pl.label)
            }
        };
        println!("{line}");
        results.push(match r {
            Ok(mut v) => {
                v["label"] = json!(pl.label);
                v["budget_ms"] = json!(pl.budget_ms);
                v
            }
            Err(e) => json!({"label": pl.label, "scenario": pl.scenario, "n": pl.n, "error": e, "budget_ms": pl.budget_ms}),
        });
    }
    if let Some(path) = json_out {
        let doc = json!({"machine": {"nproc": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0), "loadavg_end": loadavg()}, "results": results});
        if let Err(e) = std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap_or_default()) {
            eprintln!("kubeplay-bench: cannot write {path}: {e}");
            std::process::exit(1);
        }
    }
    if failed {
        eprintln!("kubeplay-bench: a scenario failed its own check (see above)");
        std::process::exit(1);
    }
}
