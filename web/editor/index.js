// The YAML editor: CodeMirror 6 with highlighting, line numbers, undo/redo, search, linting,
// completion and hover, behind a small handle-based API for the Rust side (crates/web/src/editor_js.rs).
// All text from Rust is set with textContent, never as HTML.
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, hoverTooltip } from '@codemirror/view';
import { EditorState, Compartment } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { indentOnInput, bracketMatching, syntaxHighlighting, defaultHighlightStyle,
  HighlightStyle, foldGutter, foldKeymap } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, lintKeymap } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';

const editors = new Map();
let nextId = 1;

const darkHighlight = HighlightStyle.define([
  { tag: tags.propertyName, color: '#7cc7ff' },
  { tag: [tags.string, tags.special(tags.string)], color: '#a5e075' },
  { tag: [tags.number, tags.bool, tags.null], color: '#f5a97f' },
  { tag: tags.comment, color: '#8b949e', fontStyle: 'italic' },
  { tag: [tags.keyword, tags.meta, tags.definition(tags.propertyName)], color: '#d2a8ff' },
  { tag: tags.punctuation, color: '#c9d1d9' },
]);

function offset(doc, line, col) {
  const l = Math.min(Math.max(1, line | 0), doc.lines);
  const ln = doc.line(l);
  return Math.min(ln.to, ln.from + Math.max(0, (col | 0) - 1));
}

function create(parent, text, cb) {
  const id = nextId++;
  const readOnly = new Compartment();
  const theme = new Compartment();
  const dark = () => document.documentElement.dataset.theme === 'dark' ||
    (!document.documentElement.dataset.theme && matchMedia('(prefers-color-scheme: dark)').matches);
  const themeExt = () => [EditorView.theme({}, { dark: dark() }),
    syntaxHighlighting(dark() ? darkHighlight : defaultHighlightStyle, { fallback: true })];
  let silent = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), foldGutter(), lintGutter(), history(),
        drawSelection(), indentOnInput(), bracketMatching(), highlightActiveLine(),
        highlightSelectionMatches(), yaml(), EditorState.tabSize.of(2),
        theme.of(themeExt()), readOnly.of(EditorState.readOnly.of(false)),
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
      ],
    }),
  });
  // The scroller must be reachable by keyboard too (axe: scrollable-region-focusable).
  view.scrollDOM.setAttribute('tabindex', '0');
  const mq = matchMedia('(prefers-color-scheme: dark)');
  const retheme = () => view.dispatch({ effects: theme.reconfigure(themeExt()) });
  mq.addEventListener('change', retheme);
  editors.set(id, { view, readOnly, retheme, mq, setSilent: (s) => { silent = s; } });
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
  setReadOnly(id, ro) { const e = get(id); if (e) e.view.dispatch({ effects: e.readOnly.reconfigure(EditorState.readOnly.of(!!ro)) }); },
  retheme(id) { const e = get(id); if (e) e.retheme(); },
  focus(id) { const e = get(id); if (e) e.view.focus(); },
  cursorLine(id) { const e = get(id); return e ? e.view.state.doc.lineAt(e.view.state.selection.main.head).number : 1; },
  gotoLine(id, line) {
    const e = get(id); if (!e) return;
    const pos = offset(e.view.state.doc, line, 1);
    e.view.dispatch({ selection: { anchor: pos }, scrollIntoView: true }); e.view.focus();
  },
  destroy(id) { const e = get(id); if (e) { e.mq.removeEventListener('change', e.retheme); e.view.destroy(); editors.delete(id); } },
};
