// The YAML editor: CodeMirror 6 with highlighting, line numbers, undo/redo, search, linting,
// completion and hover, behind a small handle-based API for the Rust side (crates/web/src/editor_js.rs).
// All text from Rust is set with textContent, never as HTML.
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, hoverTooltip } from '@codemirror/view';
import { EditorState, Compartment } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { indentOnInput, bracketMatching, syntaxHighlighting,
  HighlightStyle, foldGutter, foldKeymap } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, lintKeymap } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';

const editors = new Map();
let nextId = 1;

// One palette per theme, every colour at least 4.5:1 (WCAG AA) against the editor's background
// and its active-line tint (#161b22 dark, #ffffff light; see web/style.css). The e2e test
// 'the editor's colours follow the theme with AA contrast' measures them.
const palette = (c) => HighlightStyle.define([
  { tag: [tags.definition(tags.propertyName), tags.propertyName], color: c.key },
  { tag: [tags.string, tags.special(tags.string), tags.attributeValue], color: c.string },
  { tag: [tags.number, tags.bool, tags.null], color: c.number },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: c.comment, fontStyle: 'italic' },
  { tag: [tags.keyword, tags.meta, tags.labelName, tags.typeName], color: c.keyword },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: c.punct },
  { tag: tags.invalid, color: c.invalid },
]);
const darkHighlight = palette({ key: '#7cc7ff', string: '#a5e075', number: '#f5a97f', comment: '#9da7b3',
  keyword: '#d2a8ff', punct: '#c9d1d9', invalid: '#ff8182' });
const lightHighlight = palette({ key: '#0550ae', string: '#116329', number: '#953800', comment: '#57606a',
  keyword: '#8250df', punct: '#24292f', invalid: '#b3261e' });
const isDark = () => document.documentElement.dataset.theme === 'dark' ||
  (!document.documentElement.dataset.theme && matchMedia('(prefers-color-scheme: dark)').matches);

function offset(doc, line, col) {
  const l = Math.min(Math.max(1, line | 0), doc.lines);
  const ln = doc.line(l);
  return Math.min(ln.to, ln.from + Math.max(0, (col | 0) - 1));
}

function create(parent, text, cb) {
  const id = nextId++;
  const readOnly = new Compartment();
  const theme = new Compartment();
  let ro = false;
  const themeExt = () => [EditorView.theme({}, { dark: isDark() }),
    syntaxHighlighting(isDark() ? darkHighlight : lightHighlight)];
  let silent = false;
  const extensions = () => [
    lineNumbers(), highlightActiveLineGutter(), foldGutter(), lintGutter(), history(),
    drawSelection(), indentOnInput(), bracketMatching(), highlightActiveLine(),
    highlightSelectionMatches(), yaml(), EditorState.tabSize.of(2),
    theme.of(themeExt()), readOnly.of(EditorState.readOnly.of(ro)),
    EditorView.contentAttributes.of({ 'aria-label': 'YAML manifest editor', 'data-testid': 'editor-content' }),
    autocompletion({
      override: [(ctx) => {
        if (!cb.complete) return null;
        const word = ctx.matchBefore(/[\w.\-/]*/);
        if (!ctx.explicit && (!word || word.from === word.to)) return null;
        let r;
        try { r = JSON.parse(cb.complete(ctx.state.doc.toString(), ctx.pos)); } catch (_) { return null; }
        if (!r || !r.options || !r.options.length) return null;
        return { from: word ? word.from : ctx.pos, options: r.options.map(o => ({
          label: o.label, type: o.type, detail: o.detail, info: o.info ? () => {
            const d = document.createElement('div'); d.className = 'kp-doc'; d.textContent = o.info; return d;
          } : undefined, apply: o.apply })) };
      }],
    }),
    hoverTooltip((view, pos) => {
      if (!cb.hover) return null;
      let t;
      try { t = cb.hover(view.state.doc.toString(), pos); } catch (_) { return null; }
      if (!t) return null;
      return { pos, above: true, create() {
        const dom = document.createElement('div'); dom.className = 'kp-hover'; dom.textContent = t;
        return { dom };
      } };
    }),
    keymap.of([
      { key: 'Mod-Enter', run: () => { cb.apply && cb.apply(false); return true; } },
      { key: 'Shift-Mod-Enter', run: () => { cb.apply && cb.apply(true); return true; } },
      // Escape leaves the editor so Tab-indentation never traps keyboard users.
      { key: 'Escape', run: (v) => { v.contentDOM.blur(); return true; } },
      indentWithTab, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...foldKeymap,
      ...completionKeymap, ...lintKeymap,
    ]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && !silent && cb.change) cb.change(u.state.doc.toString());
    }),
  ];
  const fresh = (doc) => EditorState.create({ doc, extensions: extensions() });
  const view = new EditorView({ parent, state: fresh(text) });
  // The scroller must be reachable by keyboard too (axe: scrollable-region-focusable).
  view.scrollDOM.setAttribute('tabindex', '0');
  const retheme = () => view.dispatch({ effects: theme.reconfigure(themeExt()) });
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', retheme);
  // The theme button sets <html data-theme>: follow it.
  const mo = new MutationObserver(retheme);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  // Each file tab keeps its own EditorState (text, selection, undo history) under its key.
  const states = new Map();
  let key = null;
  const show = (k, doc) => {
    if (k === key) {
      if (view.state.doc.toString() !== doc) view.setState(fresh(doc));
    } else {
      if (key !== null) states.set(key, view.state);
      const kept = states.get(k);
      view.setState(kept && kept.doc.toString() === doc ? kept : fresh(doc));
      states.delete(k);
      key = k;
    }
    // A kept state carries the settings and lint marks of when it was left.
    view.dispatch({ effects: [theme.reconfigure(themeExt()), readOnly.reconfigure(EditorState.readOnly.of(ro))] });
    view.dispatch(setDiagnostics(view.state, []));
  };
  const setRo = (v) => { ro = !!v; view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(ro)) }); };
  editors.set(id, { view, show, setRo, retheme, dispose: () => { mq.removeEventListener('change', retheme); mo.disconnect(); },
    setSilent: (s) => { silent = s; } });
  return id;
}

function get(id) { return editors.get(id); }

window.kubeplayEditor = {
  create,
  getText(id) { const e = get(id); return e ? e.view.state.doc.toString() : ''; },
  setText(id, text) {
    const e = get(id); if (!e) return;
    if (e.view.state.doc.toString() === text) return;
    e.setSilent(true);
    e.view.dispatch({ changes: { from: 0, to: e.view.state.doc.length, insert: text } });
    e.setSilent(false);
  },
  // diags: JSON array of {line, col, endLine, endCol, severity, message}
  setDiagnostics(id, json) {
    const e = get(id); if (!e) return;
    let list = [];
    try { list = JSON.parse(json); } catch (_) { list = []; }
    const doc = e.view.state.doc;
    const ds = list.map((d) => {
      const from = offset(doc, d.line, d.col);
      let to = d.endLine ? offset(doc, d.endLine, d.endCol) : doc.lineAt(from).to;
      if (to <= from) to = Math.min(doc.length, from + 1);
      return { from, to, severity: d.severity || 'error', message: d.message };
    });
    e.view.dispatch(setDiagnostics(e.view.state, ds));
  },
  // Shows file `key` with `text`: its own undo history if it was shown before with this text.
  show(id, key, text) { const e = get(id); if (e) e.show(key, text); },
  setReadOnly(id, ro) { const e = get(id); if (e) e.setRo(ro); },
  retheme(id) { const e = get(id); if (e) e.retheme(); },
  focus(id) { const e = get(id); if (e) e.view.focus(); },
  cursorLine(id) { const e = get(id); return e ? e.view.state.doc.lineAt(e.view.state.selection.main.head).number : 1; },
  gotoLine(id, line) {
    const e = get(id); if (!e) return;
    const pos = offset(e.view.state.doc, line, 1);
    e.view.dispatch({ selection: { anchor: pos }, scrollIntoView: true }); e.view.focus();
  },
  destroy(id) { const e = get(id); if (e) { e.dispose(); e.view.destroy(); editors.delete(id); } },
};
