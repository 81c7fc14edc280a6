//! The engine scenarios timed inside headless Chromium with `performance.now()`.
//! Run by `scripts/bench.sh` (full) and `scripts/test-wasm.sh` (smoke: `KUBEPLAY_BENCH` unset).
#![cfg(target_arch = "wasm32")]

use kubeplay_bench as b;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Full mode is selected at compile time so the same test binary stays small in smoke mode.
const FULL: bool = option_env!("KUBEPLAY_BENCH_FULL").is_some();

#[wasm_bindgen_test]
fn wasm_engine_benchmarks() {
    let sizes: &[(i64, usize)] = if FULL { &[(3, 9), (100, 5), (1000, 5), (10_000, 1)] } else { &[(3, 1), (100, 1)] };
    for &(n, runs) in sizes {
        let mut samples = Vec::new();
        for _ in 0..runs {
            let mut c = b::cluster_for(n);
            let t = now_ms();
            b::apply_until_available(&mut c, n);
            samples.push(now_ms() - t);
        }
        console_log!("BENCH wasm deployment {} replicas → available: median {:.2} ms ({} runs)", n, median(samples), runs);
    }
    let n = if FULL { 1000 } else { 50 };
    let mut c = b::cluster_for(n);
    b::apply_until_available(&mut c, n);
    let t = now_ms();
    b::rolling_update(&mut c, n);
    console_log!("BENCH wasm rolling update of {} replicas: {:.2} ms", n, now_ms() - t);

    let n = if FULL { 10_000 } else { 100 };
    let mut c = b::cluster_for(n);
    b::apply_until_available(&mut c, n);
    c.advance(60_000);
    let mut samples = Vec::new();
    for _ in 0..if FULL { 50 } else { 3 } {
        let t = now_ms();
        b::idle_step(&mut c);
        samples.push(now_ms() - t);
    }
    console_log!("BENCH wasm idle step with {} pods: median {:.3} ms", n, median(samples));

    let kb = if FULL { 100 } else { 10 };
    let text = b::big_manifest(kb * 1024);
    let mut c = b::cluster_for(3);
    let mut samples = Vec::new();
    for _ in 0..if FULL { 21 } else { 1 } {
        let t = now_ms();
        b::parse_and_validate(&mut c, &text);
        samples.push(now_ms() - t);
    }
    console_log!("BENCH wasm parse + validate {} KB: median {:.2} ms", kb, median(samples));
}
