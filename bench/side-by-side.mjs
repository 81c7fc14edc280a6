// Side by side with Webernetes (npm @ngrok/webernetes 0.3.5), the closest peer, in one invocation.
//
//   node bench/side-by-side.mjs            full: N = 10, 100, 1000 (Webernetes capped at 60/120/120 s)
//   node bench/side-by-side.mjs --smoke    N = 10 once each; checks outcomes, judges no time
//
// Scenario (both engines): a 3-node cluster, one Deployment of N busybox:1.36 replicas running
// `sleep 3600`, apply, then wait until status.availableReplicas == N. Wall time from apply to
// available; cluster start is excluded on both sides.
//
// How Webernetes is run (its fastest mode): Node, its bundle built once with esbuild (its dist/
// uses extension-less ESM imports that Node cannot resolve), `new Cluster(); await init()`, then
// `cluster.clock.pause()` and a loop of `clock.step(STEP_MS)` + a macrotask turn (so the promise
// chains of its controllers run) + a read of the Deployment. Each N runs in a fresh child process
// with a wall-clock cap; a run that hits the cap is reported as "not reached in X s (k of N)".
// Ours: the native bench binary (`kubeplay-bench --only deploy3 --n N`), same shape of cluster.
//
// Env: KUBEPLAY_BENCH_BIN (path of the native binary), WEBERNETES_STEP_MS (default 100),
//      WEBERNETES_CAP_S (override every cap), SIDE_BY_SIDE_N (e.g. "1000": only those sizes).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const SMOKE = args.includes('--smoke');
const STEP_MS = Number(process.env.WEBERNETES_STEP_MS ?? 100);
const load = () => os.loadavg()[0];

// ---------------------------------------------------------------- Webernetes worker (child) ----
async function webernetesWorker(n, capS) {
  const { Cluster } = await import(pathToFileURL(bundleWebernetes()).href);
  const t0 = performance.now();
  const cluster = new Cluster();
  await cluster.init();
  const initMs = performance.now() - t0;
  cluster.clock.pause();
  const dep = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'bench', namespace: 'default', labels: { app: 'bench' } },
    spec: {
      replicas: n, selector: { matchLabels: { app: 'bench' } },
      template: { metadata: { labels: { app: 'bench' } },
        spec: { containers: [{ name: 'busybox', image: 'busybox:1.36', command: ['sleep', '3600'] }] } },
    },
  };
  const macrotask = () => new Promise((r) => setImmediate(r));
  const simStart = cluster.clock.nowMs();
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  await cluster.apply([dep]);
  let available = 0;
  let steps = 0;
  for (;;) {
    const d = await cluster.api.appsv1.readNamespacedDeployment({ name: 'bench', namespace: 'default' });
    available = d?.status?.availableReplicas ?? 0;
    if (available >= n) break;
    if ((performance.now() - start) / 1000 > capS) break;
    cluster.clock.step(STEP_MS);
    steps++;
    await macrotask();
    // Progress, so a run killed by the backstop still reports how far it got.
    { const u = process.cpuUsage(cpu0); process.stdout.write(`PROGRESS ${JSON.stringify({ available, wall_ms: performance.now() - start, simulated_ms: cluster.clock.nowMs() - simStart, cpu_ms: (u.user + u.system) / 1000 })}\n`); }
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const out = { engine: 'webernetes', n, reached: available >= n, available, wall_ms: wallMs,
    simulated_ms: cluster.clock.nowMs() - simStart, steps, step_ms: STEP_MS, init_ms: initMs,
    cpu_ms: (cpu.user + cpu.system) / 1000, loadavg: load() };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  process.exit(0); // its timers would keep the process alive
}

/** Bundles Webernetes for Node once (cached by version) and returns the bundle's path. */
function bundleWebernetes() {
  const pkg = path.join(ROOT, 'node_modules/@ngrok/webernetes');
  const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
  const out = path.join(ROOT, 'node_modules/.cache/kubeplay-bench', `webernetes-${version}.mjs`);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const r = spawnSync(path.join(ROOT, 'node_modules/.bin/esbuild'),
      [path.join(pkg, 'dist/index.js'), '--bundle', '--platform=node', '--format=esm', '--log-level=error', `--outfile=${out}`],
      { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('esbuild could not bundle @ngrok/webernetes');
  }
  return out;
}

// ---------------------------------------------------------------- orchestration (parent) ----
function runChild(cmd, argv, capS) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), capS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function oursBinary() {
  const cands = [process.env.KUBEPLAY_BENCH_BIN,
    path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'native/kubeplay-bench'),
    path.join(ROOT, 'target/native/kubeplay-bench')].filter(Boolean);
  return cands.find((p) => fs.existsSync(p));
}

async function ours(n, runs, capS) {
  const bin = oursBinary();
  if (!bin) return { error: 'native bench binary not found (cargo build --profile native -p kubeplay-bench)' };
  const r = await runChild(bin, ['--only', 'deploy3', '--n', String(n), '--runs', String(runs), '--max-secs', String(capS / 2)], capS);
  if (r.signal) return { error: `not reached in ${capS} s (killed)` };
  if (r.code !== 0) return { error: `failed: ${r.stderr.split('\n').find((l) => l.includes('panicked')) ?? r.stderr.slice(-300)}` };
  const line = r.stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

async function webernetes(n, capS) {
  // The child stops itself at capS; the kill is a backstop for a wedged event loop.
  const r = await runChild(process.execPath, [fileURLToPath(import.meta.url), '--worker', String(n), String(capS)], capS + 15);
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) {
    // Killed by the backstop (one step can take many seconds at 1,000 pods): use the last progress.
    const prog = r.stdout.split('\n').filter((l) => l.startsWith('PROGRESS ')).pop();
    if (r.signal && prog) {
      const p = JSON.parse(prog.slice(9));
      return { engine: 'webernetes', n, reached: false, available: p.available, wall_ms: (capS + 15) * 1000, simulated_ms: p.simulated_ms, cpu_ms: p.cpu_ms ?? NaN, killed: true };
    }
    return { error: `no result (exit ${r.code ?? r.signal}): ${r.stderr.slice(-400)}` };
  }
  return JSON.parse(line.slice(7));
}

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(2)} ms`);

async function main() {
  if (args[0] === '--worker') return webernetesWorker(Number(args[1]), Number(args[2]));
  const plan = SMOKE ? [{ n: 10, cap: 60, runs: 1 }]
    : [{ n: 10, cap: 60, runs: 5 }, { n: 100, cap: 120, runs: 5 }, { n: 1000, cap: 120, runs: 1 }];
  const onlyN = process.env.SIDE_BY_SIDE_N ? process.env.SIDE_BY_SIDE_N.split(',').map(Number) : null;
  if (onlyN) plan.splice(0, plan.length, ...plan.filter((p) => onlyN.includes(p.n)));
  const capOverride = process.env.WEBERNETES_CAP_S ? Number(process.env.WEBERNETES_CAP_S) : null;
  console.log(`Webernetes: Node ${process.version}, clock paused and stepped ${STEP_MS} ms at a time, ` +
    'polling the Deployment between steps; fresh child process per N. Ours: native kubeplay-bench, ' +
    'scenario deploy3 (3 nodes: tainted control plane + 2 workers).');
  const rows = [];
  let failed = false;
  for (const { n, cap, runs } of plan) {
    const capS = capOverride ?? cap;
    const o = await ours(n, runs, n >= 1000 ? 900 : 300);
    const w = await webernetes(n, capS);
    const oMs = o.median_ms;
    let wText, ratio = '-', verdict = '';
    if (w.error) { wText = `error: ${w.error}`; failed = true; }
    else if (w.reached) wText = `${fmtMs(w.wall_ms)} wall, ${fmtMs(w.cpu_ms)} cpu (${(w.simulated_ms / 1000).toFixed(1)} s simulated)`;
    else wText = `not reached in ${(w.wall_ms / 1000).toFixed(0)} s (${w.available} of ${n} available, ${(w.simulated_ms / 1000).toFixed(0)} s simulated${Number.isFinite(w.cpu_ms) ? `, ${fmtMs(w.cpu_ms)} cpu` : ''})`;
    if (!o.error && !w.error) {
      const r = w.wall_ms / oMs;
      const rc = w.cpu_ms / o.cpu_median_ms;
      ratio = `${w.reached ? '' : '≥ '}${r.toFixed(r < 10 ? 1 : 0)}× wall` + (Number.isFinite(rc) ? `, ${w.reached ? '' : '≥ '}${rc.toFixed(rc < 10 ? 1 : 0)}× cpu` : '');
      if (!SMOKE && n === 100) verdict = r >= 1000 ? 'budget ≥1000×: met' : `budget ≥1000×: MISSED (${r.toFixed(0)}×)`;
    }
    if (o.error) { failed = true; }
    const oText = o.error ? `error: ${o.error}` : `${fmtMs(oMs)} wall, ${fmtMs(o.cpu_median_ms)} cpu (median of ${o.runs}; ${(o.virtual_ms / 1000).toFixed(1)} s virtual)`;
    console.log(`N=${String(n).padEnd(5)} ours: ${oText}\n        webernetes: ${wText}\n        ratio (webernetes / ours): ${ratio} ${verdict}  [load ${load().toFixed(1)}]`);
    rows.push({ n, ours: o, webernetes: w, ratio });
  }
  fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench-results', SMOKE ? 'side-by-side-smoke.json' : 'side-by-side.json'), JSON.stringify(rows, null, 2));
  if (SMOKE) {
    const w = rows[0]?.webernetes;
    if (failed || !w?.reached) { console.error('side-by-side smoke: FAILED (see above)'); process.exit(1); }
    console.log('side-by-side smoke: both engines reached 10 available replicas');
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
