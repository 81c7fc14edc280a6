// Shared setup for the end-to-end tests: serve dist/ with node:http, drive Debian's Chromium
// through playwright-core, save a screenshot for every failing test under tests/e2e/artifacts/.
import { before, after, test } from 'node:test';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
const DIST = path.resolve(ROOT, process.env.DIST ?? 'dist');
const ARTIFACTS = path.join(here, 'artifacts');
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png' };

export const state = { base: '', browser: null, server: null };

before(async () => {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`no ${DIST}/index.html: run trunk build first`);
  state.server = http.createServer((req, res) => {
    const p = path.join(DIST, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const f = p.startsWith(DIST) && fs.existsSync(p) && fs.statSync(p).isFile() ? p : path.join(DIST, 'index.html');
    res.writeHead(200, { 'content-type': MIME[path.extname(f)] ?? 'application/octet-stream' });
    fs.createReadStream(f).pipe(res);
  });
  await new Promise((r) => state.server.listen(0, '127.0.0.1', r));
  state.base = `http://127.0.0.1:${state.server.address().port}/`;
  state.browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await state.browser?.close();
  state.server?.close();
});

/** A fresh browser context (empty localStorage) and page, loaded and ready. */
export async function open(opts = {}) {
  const { init, ...ctxOpts } = opts;
  const ctx = await state.browser.newContext({ viewport: { width: 1366, height: 768 }, ...ctxOpts });
  if (init) await ctx.addInitScript(init);
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(state.base);
  await ready(page);
  return { ctx, page };
}

export async function ready(page) {
  await page.waitForFunction(() => window.kubeplay && window.kubeplay.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.kubeplay.ready);
  await page.locator('[data-testid=graph]').waitFor();
}

/** Like node:test's `test`, but saves a screenshot when the test fails. */
export function e2e(name, fn) {
  test(name, async () => {
    const opened = [];
    const openTracked = async (o) => { const r = await open(o); opened.push(r); return r; };
    try {
      await fn(openTracked);
    } catch (err) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await opened.at(-1)?.page.screenshot({ path: file }).catch(() => {});
      throw err;
    } finally {
      for (const { ctx } of opened) await ctx.close().catch(() => {});
    }
  });
}

export const pods = (page, prefix = '') =>
  page.locator(`[data-testid=graph] [data-kind=Pod]${prefix ? `[data-name^="${prefix}-"]` : ''}`);

export async function kubectl(page, line) {
  const input = page.getByTestId('console-input');
  await input.fill(line);
  await input.press('Enter');
}

export async function pause(page) {
  const btn = page.getByTestId('clock-toggle');
  if ((await btn.getAttribute('aria-pressed')) === 'false') await btn.click();
}

/** Replaces the text of the active editor file as one input (no auto-indent). */
export async function setEditorText(page, text) {
  const content = page.locator('[data-testid=editor] .cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}
