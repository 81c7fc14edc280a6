//! `kubeplay-bench`: times the engine scenarios natively and prints them against their budgets.
//!
//! `kubeplay-bench`            full run (median of several runs per scenario)
//! `kubeplay-bench --smoke`    each scenario once at small sizes; checks outcomes, judges no time
//! `kubeplay-bench --json F`   also write the results as JSON to F

// A measuring tool, not engine code: it is the one place that reads the real clock.
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use std::time::Instant;

use kubeplay_bench as b;

struct Row {
    scenario: String,
    median_ms: f64,
    runs: usize,
    objects: u64,
    budget_ms: Option<f64>,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed().as_secs_f64() * 1000.0, out)
}

fn deploy(rows: &mut Vec<Row>, replicas: i64, runs: usize, budget: Option<f64>) {
    let mut samples = Vec::new();
    let mut objects = 0;
    for _ in 0..runs {
        let mut c = b::cluster_for(replicas);
        let (ms, out) = time(|| b::apply_until_available(&mut c, replicas));
        samples.push(ms);
        objects = out.objects;
    }
    rows.push(Row {
        scenario: format!("deployment {replicas} replicas → available"),
        median_ms: median(samples),
        runs,
        objects,
        budget_ms: budget,
    });
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let json_out = args.iter().position(|a| a == "--json").and_then(|i| args.get(i + 1)).cloned();
    let mut rows = Vec::new();

    let (boot_ms, _) = time(|| b::cluster_for(3));
    rows.push(Row { scenario: "cluster boot (3 nodes, CoreDNS running)".into(), median_ms: boot_ms, runs: 1, objects: 0, budget_ms: None });

    if smoke {
        deploy(&mut rows, 3, 1, None);
        deploy(&mut rows, 100, 1, None);
    } else {
        deploy(&mut rows, 3, 9, None);
        deploy(&mut rows, 100, 7, None);
        deploy(&mut rows, 1000, 5, Some(40.0));
        deploy(&mut rows, 10_000, 3, None);
    }

    // Rolling update to completion.
    let n = if smoke { 100 } else { 1000 };
    let runs = if smoke { 1 } else { 5 };
    let mut samples = Vec::new();
    for _ in 0..runs {
        let mut c = b::cluster_for(n);
        b::apply_until_available(&mut c, n);
        let (ms, _) = time(|| b::rolling_update(&mut c, n));
        samples.push(ms);
    }
    rows.push(Row { scenario: format!("rolling update (set image) of {n} replicas"), median_ms: median(samples), runs, objects: 2 * n as u64, budget_ms: None });

    // Idle step with many pods in the store.
    let n = if smoke { 100 } else { 10_000 };
    let mut c = b::cluster_for(n);
    b::apply_until_available(&mut c, n);
    // Let anything periodic settle, then measure steps where nothing is due.
    c.advance(60_000);
    let mut samples = Vec::new();
    let mut work = 0;
    let runs = if smoke { 3 } else { 50 };
    for _ in 0..runs {
        let (ms, items) = time(|| b::idle_step(&mut c));
        samples.push(ms);
        work += items;
    }
    rows.push(Row { scenario: format!("idle step (100 ms) with {n} pods ({work} work items)"), median_ms: median(samples), runs, objects: n as u64, budget_ms: None });

    // Parse + validate a multi-document manifest.
    let kb = if smoke { 10 } else { 100 };
    let text = b::big_manifest(kb * 1024);
    let mut c = b::cluster_for(3);
    let mut samples = Vec::new();
    let mut objects = 0;
    let runs = if smoke { 1 } else { 21 };
    for _ in 0..runs {
        let (ms, out) = time(|| b::parse_and_validate(&mut c, &text));
        samples.push(ms);
        objects = out.objects;
    }
    rows.push(Row { scenario: format!("parse + validate {kb} KB manifest ({objects} documents)"), median_ms: median(samples), runs, objects, budget_ms: None });

    print_rows(&rows, smoke);
    if let Some(path) = json_out {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| serde_json::json!({"scenario": r.scenario, "median_ms": r.median_ms, "runs": r.runs, "objects": r.objects, "budget_ms": r.budget_ms}))
            .collect();
        if let Err(e) = std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap_or_default()) {
            eprintln!("kubeplay-bench: cannot write {path}: {e}");
            std::process::exit(1);
        }
    }
}

fn print_rows(rows: &[Row], smoke: bool) {
    println!("{:<58} {:>12} {:>6} {:>14} {:>10}  verdict", "scenario (native)", "median ms", "runs", "objects/s", "budget");
    for r in rows {
        let per_s = if r.median_ms > 0.0 && r.objects > 0 { format!("{:.0}", r.objects as f64 / (r.median_ms / 1000.0)) } else { "-".into() };
        let budget = r.budget_ms.map(|b| format!("≤{b} ms")).unwrap_or_else(|| "-".into());
        let verdict = match (smoke, r.budget_ms) {
            (true, _) => "smoke: ran and checked itself",
            (false, Some(b)) if r.median_ms <= b => "met",
            (false, Some(_)) => "MISSED",
            (false, None) => "",
        };
        println!("{:<58} {:>12.2} {:>6} {:>14} {:>10}  {verdict}", r.scenario, r.median_ms, r.runs, per_s, budget);
    }
}
