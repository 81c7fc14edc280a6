// Loads the wasm app. Lives in a file (not inline) so the page works under
// `script-src 'self' 'wasm-unsafe-eval'`.
// The theme the learner picked last time (see toolbar.rs), before anything is drawn.
try {
  const t = localStorage.getItem('kubeplay.theme');
  if (t === 'dark' || t === 'light') document.documentElement.dataset.theme = t;
} catch (_) { /* storage disabled: follow the system */ }
const me = document.querySelector('script[data-js][data-wasm]');
const status = document.querySelector('#kubeplay .kp-loading');

// The wasm is most of the download: count its bytes into the loading line.
async function fetchWithProgress(url) {
  const res = await fetch(url);
  const total = Number(res.headers.get('content-length')) || 0;
  if (!res.ok || !res.body || !total || !status) return res;
  const reader = res.body.getReader();
  const chunks = [];
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    got += value.length;
    status.textContent = `Loading the playground… ${Math.min(100, Math.round((got * 100) / total))} %`;
  }
  status.textContent = 'Starting the simulated cluster…';
  return new Response(new Blob(chunks), { headers: { 'content-type': 'application/wasm' } });
}

const { default: init } = await import(me.dataset.js);
await init({ module_or_path: fetchWithProgress(me.dataset.wasm) });
