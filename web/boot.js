// Loads the wasm app. Lives in a file (not inline) so the page works under
// `script-src 'self' 'wasm-unsafe-eval'`.
const me = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(me.dataset.js);
await init({ module_or_path: me.dataset.wasm });
