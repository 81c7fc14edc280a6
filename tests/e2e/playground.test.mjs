import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { e2e, pods, kubectl, pause, setEditorText, ready, ROOT } from './helpers.mjs';

e2e('first load shows the default example running', async (open) => {
  const { page } = await open();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] [data-kind=Pod][data-status=Running]').length === 4);
  assert.equal(await pods(page, 'demo-web').count(), 3);
  assert.equal(await pods(page, 'demo-redis').count(), 1);
  // The real Service status is `<type> <clusterIP>`; its ready endpoints are the ready edges.
  assert.match(await page.locator('[data-kind=Service][data-name=demo-web]').getAttribute('data-status'), /^ClusterIP 10\.\d+\.\d+\.\d+$/);
  assert.equal(await page.locator('[data-kind=Service][data-name=demo-web]').getAttribute('data-endpoints'), '3');
  for (const id of ['editor', 'apply', 'console-input', 'console-output', 'graph', 'timeline', 'details', 'clock-toggle', 'clock-speed', 'examples', 'reset']) {
    assert.equal(await page.getByTestId(id).count() >= 1, true, `data-testid=${id}`);
  }
  assert.deepEqual(page.errors, []);
});

e2e('typing a Deployment and pressing Ctrl+Enter runs its pods', async (open) => {
  const { page } = await open();
  await page.getByTestId('new-file').selectOption('Empty file');
  await setEditorText(page, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: typed
spec:
  replicas: 2
  selector:
    matchLabels:
      app: typed
  template:
    metadata:
      labels:
        app: typed
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`);
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('console-output').getByText('deployment.apps/typed created').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-name^="typed-"]').length === 2);
  await page.evaluate(() => window.kubeplay.advance(15));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-kind=Pod][data-name^="typed-"]')].every((n) => n.dataset.status === 'Running'));
});

e2e('an invalid manifest shows the diagnostic at the right line', async (open) => {
  const { page } = await open();
  await setEditorText(page, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
spec:
  replica: 2
  selector:
    matchLabels:
      app: bad
  template:
    metadata:
      labels:
        app: bad
    spec:
      containers:
        - name: nginx
          image: nginx
`);
  const diag = page.locator('.kp-diag[data-line="6"]');
  await diag.waitFor();
  assert.match(await diag.textContent(), /strict decoding error: unknown field "spec.replica"/);
  assert.match(await diag.textContent(), /Did you mean "replicas"\?/);
  await page.locator('.cm-lintRange-error').first().waitFor();
  // the underline is on line 6 of the editor
  const line = await page.locator('.cm-line').nth(5).innerHTML();
  assert.match(line, /cm-lintRange-error/);
});

e2e('replicas: 1000000 from the editor is refused clearly and the page stays responsive', async (open) => {
  const { page } = await open();
  // Long tasks (> 50 ms main-thread blocks) from here on; none may exceed 200 ms.
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration)); })
      .observe({ type: 'longtask' });
  });
  await page.getByTestId('new-file').selectOption('Empty file');
  await setEditorText(page, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: huge
spec:
  replicas: 1000000
  selector:
    matchLabels:
      app: huge
  template:
    metadata:
      labels:
        app: huge
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`);
  await page.getByTestId('apply').click();
  const out = page.getByTestId('console-output');
  await out.getByText('The Deployment "huge" is invalid: spec.replicas: Invalid value: 1000000: must be less than or equal to 10000 (a kubeplay playground limit)').waitFor();
  // A command typed right after answers at once.
  const t0 = Date.now();
  await kubectl(page, 'kubectl get deployment huge');
  await out.getByText('Error from server (NotFound): deployments.apps "huge" not found').waitFor({ timeout: 2000 });
  const answered = Date.now() - t0;
  assert.ok(answered < 1000, `the console answered after ${answered} ms`);
  await page.waitForTimeout(500); // a few simulation frames
  assert.equal(await page.locator('[data-kind=Pod][data-name^="huge-"]').count(), 0);
  const long = await page.evaluate(() => window.__longTasks.filter((d) => d > 200));
  assert.deepEqual(long, [], `long tasks over 200 ms: ${long.join(', ')}`);
  assert.deepEqual(page.errors, []);
});

e2e('kubectl scale in the console changes the pods in the graph', async (open) => {
  const { page } = await open();
  await kubectl(page, 'kubectl scale deployment demo-web --replicas=5');
  await page.getByTestId('console-output').getByText('deployment.apps/demo-web scaled').waitFor();
  await page.evaluate(() => window.kubeplay.advance(10));
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-name^="demo-web-"][data-status=Running]').length === 5);
  await kubectl(page, 'kubectl scale deployment demo-web --replicas=1');
  await page.evaluate(() => window.kubeplay.advance(10));
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-name^="demo-web-"]').length === 1);
});

e2e('set image shows old and new ReplicaSets during the rollout', async (open) => {
  const { page } = await open();
  await pause(page);
  await kubectl(page, 'kubectl set image deployment/demo-web demo-web=hashicorp/http-echo:1.1');
  await page.getByTestId('console-output').getByText('deployment.apps/demo-web image updated').waitFor();
  await page.evaluate(() => window.kubeplay.advance(1));
  const rs = page.locator('[data-kind=ReplicaSet][data-name^="demo-web-"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=ReplicaSet][data-name^="demo-web-"]').length === 2);
  const revs = (await rs.evaluateAll((ns) => ns.map((n) => n.dataset.revision))).sort();
  assert.deepEqual(revs, ['1', '2']);
  await page.evaluate(() => window.kubeplay.advance(60));
  const text = await page.evaluate(() => window.kubeplay.kubectl('rollout status deployment/demo-web'));
  assert.equal(text, 'deployment "demo-web" successfully rolled out\n');
});

e2e('a mismatched selector explains why there are no endpoints', async (open) => {
  const { page } = await open();
  await page.getByTestId('examples').selectOption('broken-selector');
  const svc = page.locator('[data-kind=Service][data-name=frontend]');
  await svc.waitFor();
  assert.equal(await svc.getAttribute('data-flagged'), 'no endpoints');
  assert.equal(await svc.getAttribute('data-endpoints'), '0');
  await svc.click();
  const pre = page.locator('[data-testid=details] pre');
  await pre.getByText('has no endpoints').waitFor();
  assert.match(await pre.textContent(), /selector app=front-end matches no pods; pods frontend-\w+-\w+, frontend-\w+-\w+ have app=frontend/);
  await page.getByTestId('send-request').click();
  await page.getByTestId('console-output').getByText(/curl: \(7\) Failed to connect to frontend\.default\.svc\.cluster\.local port 80 after 0 ms: Connection refused/).waitFor();
});

e2e('reload restores files, history and the cluster', async (open) => {
  const { page } = await open();
  await kubectl(page, 'kubectl scale deployment demo-web --replicas=2');
  await page.evaluate(() => window.kubeplay.advance(10));
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-name^="demo-web-"]').length === 2);
  const names = await pods(page, 'demo-web').evaluateAll((ns) => ns.map((n) => n.dataset.name).sort());
  await page.waitForTimeout(600); // persistence is debounced
  await page.reload();
  await ready(page);
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-name^="demo-web-"]').length === 2);
  assert.deepEqual(await pods(page, 'demo-web').evaluateAll((ns) => ns.map((n) => n.dataset.name).sort()), names);
  const input = page.getByTestId('console-input');
  await input.click();
  await input.press('ArrowUp');
  assert.equal(await input.inputValue(), 'kubectl scale deployment demo-web --replicas=2');
  // Reset brings back the default example.
  await page.getByTestId('reset').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-name^="demo-web-"][data-status=Running]').length === 3);
});

e2e('a big saved session is restored a slice at a time, and the page keeps answering', async (open) => {
  const { page } = await open();
  const out = await page.evaluate(() => window.kubeplay.apply(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: many
spec:
  replicas: 150
  selector:
    matchLabels:
      app: many
  template:
    metadata:
      labels:
        app: many
    spec:
      containers:
        - name: pause
          image: registry.k8s.io/pause:3.10
`));
  assert.match(out, /deployment.apps\/many created/);
  await page.evaluate(() => window.kubeplay.advance(60));
  const before = await page.evaluate(() => window.kubeplay.kubectl('get deployment many'));
  assert.match(before, /many   150\/150/);
  await page.waitForTimeout(600); // persistence is debounced
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration)); })
      .observe({ type: 'longtask', buffered: true });
  });
  await page.reload();
  await ready(page);
  // The replay is done once ready resolves; the same cluster is back.
  assert.equal(await page.evaluate(() => window.kubeplay.kubectl('get deployment many')), before);
  await page.getByTestId('graph').locator('[data-kind=Deployment][data-name=many][data-status^="150/150"]').waitFor();
  const long = await page.evaluate(() => window.__longTasks.filter((d) => d > 200));
  assert.deepEqual(long, [], `long tasks over 200 ms while restoring: ${long.join(', ')}`);
  assert.deepEqual(page.errors, []);
});

e2e('a group of 130 pods opens 100 at a time, then the rest, and the text list names them all', async (open) => {
  const { page } = await open();
  await page.evaluate(() => window.kubeplay.apply(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: crowd
spec:
  replicas: 130
  selector:
    matchLabels:
      app: crowd
  template:
    metadata:
      labels:
        app: crowd
    spec:
      containers:
        - name: pause
          image: registry.k8s.io/pause:3.10
`));
  await page.evaluate(() => window.kubeplay.advance(60));
  const graph = page.getByTestId('graph');
  const group = graph.locator('[data-kind=PodGroup][data-name^="crowd-"][data-count="130"]');
  await group.waitFor();
  await group.click();
  const more = graph.locator('[data-kind=PodGroup][data-name^="crowd-"][data-shown="100"]');
  // Big graphs draw only what is near the screen: scroll down to the "more" node.
  for (let i = 0; i < 60 && (await more.count()) === 0; i++) {
    await graph.evaluate((el) => { el.scrollTop += el.clientHeight / 2; });
    await page.waitForTimeout(50);
  }
  await more.waitFor();
  assert.equal(await more.getAttribute('data-count'), '30');
  await more.scrollIntoViewIfNeeded();
  await more.press('Enter');
  await more.waitFor({ state: 'detached' });
  assert.equal(await graph.locator('[data-kind=PodGroup][data-name^="crowd-"]').count(), 0);
  // The accessible text alternative lists every pod once opened.
  await page.getByTestId('graph-text').locator('summary').click();
  // The lines are built once the list is open (the next render).
  const named = () => page.getByTestId('graph-text').evaluate((el) =>
    new Set(el.textContent.match(/crowd-[a-z0-9]+-[a-z0-9]{5}/g) ?? []).size);
  for (let i = 0; i < 40 && (await named()) < 130; i++) await page.waitForTimeout(50);
  assert.equal(await named(), 130);
  assert.deepEqual(page.errors, []);
});

e2e('unreadable saved state shows a notice, never a blank page', async (open) => {
  const { page } = await open({ init: () => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem('kubeplay.state', '{"version": 1, "files": [{"name": "a.yaml"'); } } });
  await page.locator('.kp-notice').getByText(/could not be read/).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-status=Running]').length === 4);
});

e2e('corrupt saved state shows a notice and the default example', async (open) => {
  // Written before the app starts, so no save can race with it.
  const { page } = await open({ init: () => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem('kubeplay.state', '{"version": 0, "files": 3}'); } } });
  await page.locator('.kp-notice').getByText(/older version/).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-status=Running]').length === 4);
});

e2e('names, annotations and data containing HTML are shown as text', async (open) => {
  const { page } = await open();
  const evil = '<img src=x onerror="window.__pwned=1">';
  await page.evaluate((evil) => window.kubeplay.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: evil
  annotations:
    note: '${evil}'
data:
  page: '${evil}<script>window.__pwned=2</script>'
`), evil);
  await kubectl(page, `kubectl get pods '${evil}'`);
  await page.getByTestId('console-output').getByText(evil, { exact: false }).first().waitFor();
  await page.evaluate(() => window.kubeplay.advance(1));
  await page.locator('[data-kind=ConfigMap][data-name=evil]').click();
  await page.locator('[data-testid=details-tab-yaml]').click();
  await page.locator('[data-testid=details] pre').getByText('<script>', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('img[src=x]').count(), 0);
});

e2e('axe-core finds no serious or critical violations', async (open) => {
  const { page } = await open({ bypassCSP: true });
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-status=Running]').length === 4);
  await page.locator('[data-kind=Service][data-name=demo-web]').click();
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  const res = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }));
  // label-content-name-mismatch is experimental in axe, so it runs only when named.
  const names = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'rule', values: ['label-content-name-mismatch'] } }));
  const bad = [...res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), ...names.violations];
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), []);
});

e2e('the page runs under its CSP without violations', async (open) => {
  const { page } = await open();
  const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(page.errors.filter((e) => /Content Security Policy|Refused/.test(e)).length, 0, page.errors.join('\n'));
});

// The README's screenshots are written only when asked (UPDATE_SCREENSHOTS=1), so `make test`
// leaves the work tree clean; otherwise they go to the ignored artifacts folder.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs') : path.join(ROOT, 'tests/e2e/artifacts');

e2e('screenshots of the default example (docs/screenshot.png, docs/screenshot-phone.png)', async (open) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [viewport, file] of [[{ width: 1366, height: 768 }, 'screenshot.png'], [{ width: 390, height: 844 }, 'screenshot-phone.png']]) {
    const { page } = await open({ viewport });
    await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-status=Running]').length === 4);
    await kubectl(page, 'kubectl get pods');
    await page.locator('[data-kind=Service][data-name=demo-web]').click();
    await page.getByTestId('send-request').click();
    await page.waitForTimeout(700);
    await page.screenshot({ path: path.join(SHOTS, file) });
  }
});

e2e('window.kubeplay: apply, kubectl, advance and change events', async (open) => {
  const { page } = await open();
  const r = await page.evaluate(async () => {
    let changes = 0;
    window.kubeplay.on('change', () => { changes += 1; });
    const applied = await window.kubeplay.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-api\ndata:\n  a: b\n');
    const got = await window.kubeplay.kubectl('get configmap from-api');
    const t0 = window.kubeplay.now();
    await window.kubeplay.advance(30);
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    // now() is in seconds (a float): compare whole milliseconds.
    return { applied, got, dt: Math.round((window.kubeplay.now() - t0) * 1000) / 1000, changes };
  });
  assert.equal(r.applied, 'configmap/from-api created\n');
  assert.match(r.got, /^NAME\s+DATA\s+AGE\nfrom-api\s+1\s+0s\n$/);
  assert.ok(r.dt >= 30 && r.dt < 31, String(r.dt));
  assert.ok(r.changes >= 1);
  await page.locator('[data-kind=ConfigMap][data-name=from-api]').waitFor();
});

e2e('kubeplay.mount embeds a configured playground in any element', async (open) => {
  const { page } = await open();
  await page.evaluate(() => {
    const el = document.createElement('div');
    el.id = 'embedded';
    el.style.height = '400px';
    document.body.prepend(el);
    window.kubeplay.mount(el, {
      files: [{ name: 'cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: embedded-config\ndata:\n  k: v\n' }],
      hide: ['side', 'console'], readOnly: ['editor'], persist: false,
    });
  });
  await page.locator('#embedded [data-kind=ConfigMap][data-name=embedded-config]').waitFor();
  assert.equal(await page.locator('#embedded [data-testid=console-input]').count(), 0);
  assert.equal(await page.locator('#embedded [data-testid=details]').count(), 0);
  assert.equal(await page.locator('#embedded .kp-add').count(), 0);
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The text of the editor's active file, as CodeMirror shows it. */
const editorText = (page) => page.evaluate(() => window.kubeplayEditor.getText(1));

for (const [label, opts] of [['1366x768', {}], ['390x844', PHONE]]) {
  e2e(`the details tab follows the kind, and Escape closes the details (${label})`, async (open) => {
    const { page } = await open(opts);
    await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-status=Running]').length === 4);
    await page.locator('[data-kind=Service][data-name=demo-web]').click();
    await page.getByTestId('details-tab-endpoints').click();
    await page.getByTestId('details-why').getByText('endpoints', { exact: false }).first().waitFor();
    await pods(page, 'demo-web').first().click();
    const tab = page.locator('[data-testid=details] [role=tab][aria-selected=true]');
    assert.equal(await tab.textContent(), 'Describe');
    const pre = page.getByTestId('details-describe');
    await pre.getByText(/^Name:\s+demo-web-/m).waitFor();
    assert.doesNotMatch(await pre.textContent(), /not found/);
    await page.getByTestId('details-tab-logs').click();
    await page.locator('[data-kind=Deployment][data-name=demo-web]').click();
    assert.equal(await tab.textContent(), 'Describe');
    await pre.getByText(/^Name:\s+demo-web$/m).waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('details').getByText('Click an object in the graph').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.dataset.name), 'demo-web');
    assert.deepEqual(page.errors, []);
  });
}

e2e('each file tab keeps its own undo history, also after an example load', async (open) => {
  const { page } = await open();
  await page.getByTestId('file-tab-1').click();
  const redis = await editorText(page);
  assert.match(redis, /name: demo-redis/);
  const content = page.locator('[data-testid=editor] .cm-content');
  await content.click();
  await page.keyboard.press('Control+z');
  assert.equal(await editorText(page), redis, 'undo in a fresh tab changes nothing');
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('# mine\n');
  await page.getByTestId('file-tab-0').click();
  await content.click();
  await page.keyboard.press('Control+z');
  assert.match(await editorText(page), /name: demo-web/);
  await page.getByTestId('file-tab-1').click();
  assert.equal(await editorText(page), `${redis}# mine\n`);
  await content.click();
  await page.keyboard.press('Control+z');
  assert.equal(await editorText(page), redis, 'undo takes back what was typed in this tab');
  page.on('dialog', (d) => d.accept());
  await page.getByTestId('examples').selectOption('hello-nginx');
  await page.locator('[data-kind=Deployment][data-name=hello]').waitFor();
  const hello = await editorText(page);
  await content.click();
  await page.keyboard.press('Control+z');
  assert.equal(await editorText(page), hello, 'undo never brings back the previous example');
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('kubeplay.state')).files[0].text), hello);
});

/** WCAG contrast of two CSS rgb() colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

e2e('the editor\'s colours follow the theme with AA contrast; theme and panel sizes persist', async (open) => {
  const { page } = await open();
  const colours = () => page.evaluate(() => {
    const ed = document.querySelector('[data-testid=editor] .cm-editor');
    const bg = getComputedStyle(ed).backgroundColor;
    const spans = [...ed.querySelectorAll('.cm-line, .cm-line span')].filter((e) => e.textContent.trim());
    return { bg, fg: [...new Set(spans.map((e) => getComputedStyle(e).color))] };
  });
  const theme = page.getByTestId('theme');
  for (const want of ['dark', 'light']) {
    while ((await page.evaluate(() => document.documentElement.dataset.theme ?? 'auto')) !== want) await theme.click();
    await page.waitForTimeout(100);
    const { bg, fg } = await colours();
    assert.ok(fg.length >= 3, `${want}: token colours ${fg}`);
    for (const c of fg) assert.ok(contrast(c, bg) >= 4.5, `${want}: ${c} on ${bg} is ${contrast(c, bg).toFixed(2)}:1`);
  }
  // Sizes: the editor splitter by keyboard.
  const before = await page.locator('.kp-app').getAttribute('style');
  await page.getByRole('separator', { name: 'Resize the editor' }).press('ArrowRight');
  const after = await page.locator('.kp-app').getAttribute('style');
  assert.notEqual(after, before);
  await page.waitForTimeout(400);
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await page.locator('.kp-app').getAttribute('style'), after);
});

e2e('loading an example or Reset asks before edited files are replaced; tabs are added, renamed and closed', async (open) => {
  const { page } = await open();
  const examples = page.getByTestId('examples');
  assert.equal(await examples.inputValue(), 'web-redis', 'the picker shows the example loaded');
  await page.locator('[data-testid=editor] .cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('# my notes\n');
  await page.getByTestId('example-edited').waitFor();
  let asked = 0;
  const answer = { accept: false };
  page.on('dialog', async (d) => {
    asked += 1;
    if (d.type() === 'prompt') await d.accept('cache.yaml');
    else if (answer.accept) await d.accept();
    else await d.dismiss();
  });
  await examples.selectOption('hello-nginx');
  await page.getByTestId('reset').click();
  assert.equal(asked, 2);
  assert.match(await editorText(page), /# my notes/);
  assert.equal(await examples.inputValue(), 'web-redis');
  // "+ New…" offers templates; the new tab can be renamed and closed.
  await page.getByTestId('new-file').selectOption('Service');
  assert.match(await editorText(page), /kind: Service/);
  await page.getByTestId('file-rename').click();
  assert.equal(await page.getByTestId('file-tab-2').textContent(), 'cache.yaml');
  answer.accept = true;
  await page.getByTestId('file-close').click();
  assert.equal(await page.getByTestId('file-tab-2').count(), 0);
  await examples.selectOption('hello-nginx');
  await page.locator('[data-kind=Deployment][data-name=hello]').waitFor();
  assert.equal(asked, 5);
  assert.equal(await examples.inputValue(), 'hello-nginx');
  assert.equal(await page.getByTestId('example-edited').count(), 0);
});

e2e('curl typed in the console sends a request as "Send a request" does', async (open) => {
  const { page } = await open();
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-status=Running]').length === 4);
  const out = page.getByTestId('console-output');
  await kubectl(page, 'curl http://demo-web.default.svc.cluster.local');
  await out.getByText('hello from the web tier').waitFor();
  await page.getByTestId('graph').getByTestId('request').waitFor();
  await kubectl(page, 'curl -s demo-web');
  await page.waitForFunction(() => document.querySelector('[data-testid=console-output]').textContent.split('hello from the web tier').length === 3);
  assert.doesNotMatch(await out.textContent(), /unknown command/);
  assert.deepEqual(page.errors, []);
});

for (const [label, opts] of [['1366x768', {}], ['390x844', PHONE]]) {
  e2e(`the Events card shows each event's message, wrapped (${label})`, async (open) => {
    const { page } = await open(opts);
    await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-status=Running]').length === 4);
    const wrap = page.getByTestId('events-table');
    await wrap.scrollIntoViewIfNeeded();
    const m = await wrap.evaluate((w) => {
      const cell = w.querySelector('[data-testid=event-message]');
      const c = cell.getBoundingClientRect();
      const r = w.getBoundingClientRect();
      return { left: c.left, right: c.right, wrapLeft: r.left, wrapRight: r.right, width: c.width, overflow: w.scrollWidth - w.clientWidth, text: cell.textContent };
    });
    assert.ok(m.text.length > 0);
    assert.ok(m.overflow <= 1, `the table is ${m.overflow}px wider than its card`);
    assert.ok(m.left >= m.wrapLeft && m.right <= m.wrapRight + 1, JSON.stringify(m));
    assert.ok(m.width >= 100, `the message column is ${m.width}px wide`);
    // Nothing on the page overflows sideways, and the toolbar stays compact.
    const page_ = await page.evaluate(() => ({ over: document.documentElement.scrollWidth - innerWidth, bar: document.querySelector('.kp-toolbar').getBoundingClientRect().height }));
    assert.ok(page_.over <= 0, `the page is ${page_.over}px wider than the screen`);
    assert.ok(page_.bar <= 110, `the toolbar is ${page_.bar}px tall`);
  });
}

e2e('graph text is at least 11 px after Fit at 1366, zoom works, and arrow keys move between nodes', async (open) => {
  const { page } = await open();
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-status=Running]').length === 4);
  await page.getByTestId('zoom-fit').click();
  const smallest = () => page.evaluate(() => {
    const svg = document.querySelector('[data-testid=graph] svg.kp-svg');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...[...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
  });
  const fit = await smallest();
  assert.ok(fit >= 11, `smallest graph text after Fit: ${fit.toFixed(1)} px`);
  await page.getByTestId('zoom-in').click();
  assert.ok((await smallest()) > fit * 1.2);
  // One Tab stop; arrow keys move between nodes.
  const dep = page.locator('[data-kind=Deployment][data-name=demo-web]');
  await dep.focus();
  await page.keyboard.press('ArrowRight');
  const next = await page.evaluate(() => document.activeElement.dataset.id);
  assert.match(next, /^ReplicaSet\/default\/demo-web-/);
  assert.equal(await page.locator('[data-testid=graph] [data-testid=node][tabindex="0"]').count(), 1);
});

e2e('Tab from the editor reaches the console in under 10 presses', async (open) => {
  const { page } = await open();
  await page.locator('[data-testid=editor] .cm-content').click();
  await page.keyboard.press('Escape');
  let presses = 0;
  while (presses < 30 && !(await page.evaluate(() => document.activeElement?.dataset.testid === 'console-input'))) {
    await page.keyboard.press('Tab');
    presses += 1;
  }
  assert.ok(presses < 10, `${presses} presses`);
  // The events table is one Tab stop with arrow keys inside.
  assert.equal(await page.locator('[data-testid=events-table] [tabindex="0"]').count(), 0);
  await page.getByTestId('events-table').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'TR');
});

e2e('the Empty cluster example starts with nothing, and the tutorials\' names are free', async (open) => {
  const { page } = await open();
  await kubectl(page, 'kubectl create deployment web --image=nginx');
  await page.getByTestId('console-output').getByText('deployment.apps/web created').waitFor();
  page.on('dialog', (d) => d.accept());
  await page.getByTestId('examples').selectOption('empty');
  await page.getByTestId('examples').and(page.locator(':has(option[value=empty]:checked)')).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=graph] [data-name=web]'));
  // Only the API server's own Service, as in a new cluster.
  assert.deepEqual(await page.locator('[data-testid=graph] [data-testid=node]').evaluateAll((ns) => ns.map((n) => n.dataset.id)), ['Service/default/kubernetes']);
  assert.match(await editorText(page), /^# An empty cluster/);
  assert.doesNotMatch(await page.getByTestId('console-output').textContent(), /error/);
});

e2e('Step moves the clock to the next change (at rest, the next kubelet status report), never 10 minutes ahead; Cordon can be undone', async (open) => {
  const { page } = await open();
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=Pod][data-status=Running]').length === 4);
  const secs = async () => (await page.getByTestId('clock-time').textContent()).split(':').map(Number).reduce((a, b) => a * 60 + b);
  await pause(page);
  await kubectl(page, 'kubectl scale deployment demo-web --replicas=4');
  await page.getByTestId('console-output').getByText('deployment.apps/demo-web scaled').waitFor();
  for (let i = 0; i < 30 && (await page.locator('[data-kind=Pod][data-name^="demo-web-"][data-status=Running]').count()) < 4; i++) {
    const t0 = await secs();
    await page.getByTestId('clock-step').click();
    await page.waitForTimeout(150);
    assert.ok((await secs()) - t0 < 600, 'one Step never jumps 10 minutes while pods are starting');
  }
  assert.equal(await page.locator('[data-kind=Pod][data-name^="demo-web-"][data-status=Running]').count(), 4);
  // At rest the next scheduled change is a kubelet's unchanged-status report (every 5 minutes,
  // as a real kubelet's nodeStatusReportFrequency), so the at-rest toast no longer shows; Step
  // never moves the clock further than that.
  for (let i = 0; i < 3; i++) {
    const t0 = await secs();
    await page.getByTestId('clock-step').click();
    await page.waitForTimeout(500);
    const dt = (await secs()) - t0;
    assert.ok(dt >= 0 && dt <= 300, `one Step at rest moved ${dt} s`);
  }
  await page.getByRole('button', { name: 'Cordon', exact: true }).click();
  await page.getByTestId('uncordon').click();
  await page.getByTestId('console-output').getByText(/node\/kubeplay-worker\S* uncordoned/).waitFor();
});
