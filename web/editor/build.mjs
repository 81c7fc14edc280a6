// Bundles the CodeMirror 6 editor into one classic script (web/editor/dist/editor.js) that
// Trunk copies into dist/. It defines `window.kubeplayEditor`, the tiny API the Rust side calls.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(here, 'dist', 'editor.js');
await build({
  entryPoints: [path.join(here, 'index.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  outfile,
  logLevel: 'warning',
});
// The page runs under a CSP without 'unsafe-eval': refuse a bundle that needs it.
const out = fs.readFileSync(outfile, 'utf8');
if (/\beval\(|new Function\(/.test(out)) {
  console.error('editor bundle uses eval/new Function, which the CSP forbids');
  process.exit(1);
}
console.log(`web/editor/dist/editor.js: ${out.length} bytes`);
