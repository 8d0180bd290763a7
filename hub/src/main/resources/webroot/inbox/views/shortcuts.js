// Keyboard shortcuts outside text fields, and the "?" list of them.
import { html, useEffect, useRef } from '../lib/html.js';

export const SHORTCUTS = [
  ['j / k', 'Next / previous conversation'],
  ['Enter or o', 'Open the highlighted conversation'],
  ['r', 'Reply'],
  ['n', 'Write a private note'],
  ['e', 'Resolve'],
  ['s', 'Snooze…'],
  ['a', 'Assign to me'],
  ['/', 'Search'],
  ['?', 'This list'],
  ['Esc', 'Close menus'],
  ['Ctrl/⌘ + Enter', 'Send']
];

/** Whether a key press belongs to a text field (or a select), where letters are typing. */
export function inTextField(target) {
  if (!target || !target.tagName) return false;
  const tag = target.tagName.toLowerCase();
  return tag === 'textarea' || tag === 'select' || target.isContentEditable ||
    (tag === 'input' && !['checkbox', 'radio', 'button', 'submit'].includes((target.type || '').toLowerCase()));
}

export function ShortcutHelp({ onClose }) {
  const close = useRef(null);
  useEffect(() => { close.current && close.current.focus(); }, []);
  return html`
    <div class="overlay" onClick=${e => { if (e.target === e.currentTarget) onClose(); }}>
      <div id="shortcuts-help" class="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl class="shortcut-list">
          ${SHORTCUTS.map(([k, what]) => html`<dt key=${k}><kbd>${k}</kbd></dt><dd>${what}</dd>`)}
        </dl>
        <button type="button" ref=${close} class="btn" onClick=${onClose}>Close</button>
      </div>
    </div>`;
}
