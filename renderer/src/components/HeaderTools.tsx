// Runs in the browser (React).
/**
 * The header's tools and the keyboard: the theme (follow the system, light, dark), and the shortcuts —
 * 1 to 7 open the screens in the navigation's order, / goes to the open screen's search, ? lists them.
 * Keys typed into a field stay the field's.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Screen } from '../store/types.js';
import { SCREENS } from '../store/types.js';
import { THEME_CHOICES, setTheme, useTheme } from '../theme.js';
import type { ThemeChoice } from '../theme.js';
import { DIGEST_FIND_ID } from './LockMapScreen.js';
import { TESTER_ID } from './RulesScreen.js';
import { TAG_SEARCH_ID } from './TagTable.js';
import { useApp } from './store-context.js';

/** The field `/` goes to on each screen that has one. */
export const SEARCH_FIELDS: Partial<Record<Screen, string>> = {
  rules: TESTER_ID,
  simulation: TAG_SEARCH_ID,
  lockmap: DIGEST_FIND_ID,
};

/** Whether a key press belongs to what has focus (typing, choosing, an open editor of its own). */
function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Installs the shortcuts; `onHelp` shows the list. */
export function useKeyboardShortcuts(onHelp: () => void): void {
  const go = useApp((s) => s.ui.go);
  const screen = useApp((s) => s.ui.screen);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingInto(e.target)) return;
      const digit = /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : -1;
      if (digit >= 0 && digit < SCREENS.length) {
        e.preventDefault();
        go(SCREENS[digit]!.id);
        return;
      }
      if (e.key === '/') {
        const field = SEARCH_FIELDS[screen];
        const element = field === undefined ? null : document.getElementById(field);
        if (element === null) return;
        e.preventDefault();
        element.focus();
        if (element instanceof HTMLInputElement) element.select();
        return;
      }
      if (e.key === '?') {
        e.preventDefault();
        onHelp();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, screen, onHelp]);
}

export function ThemeSelect() {
  const { choice } = useTheme();
  const id = useId();
  return (
    <span className="theme-select">
      <label htmlFor={id}>Theme</label>
      <select id={id} value={choice} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
        {THEME_CHOICES.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
    </span>
  );
}

/** The list of shortcuts, opened from the header or with `?`. */
export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const panel = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (open) panel.current?.focus();
  }, [open]);
  return (
    <span className="shortcuts">
      <button type="button" className="small-button" aria-label="Keyboard shortcuts" aria-expanded={open} aria-keyshortcuts="?" onClick={() => onOpenChange(!open)}>
        Shortcuts
      </button>
      {open ? (
        <div
          ref={panel}
          className="shortcuts-panel"
          role="dialog"
          aria-label="Keyboard shortcuts"
          tabIndex={-1}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onOpenChange(false);
          }}
        >
          <table className="table compact">
            <tbody>
              {SCREENS.map((s, i) => (
                <tr key={s.id}>
                  <th scope="row">
                    <kbd>{i + 1}</kbd>
                  </th>
                  <td>{s.label}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">
                  <kbd>/</kbd>
                </th>
                <td>Search on this screen (Rules: the pattern tester)</td>
              </tr>
              <tr>
                <th scope="row">
                  <kbd>Ctrl</kbd> <kbd>Z</kbd> / <kbd>Ctrl</kbd> <kbd>Shift</kbd> <kbd>Z</kbd>
                </th>
                <td>Undo / redo a change of the rules (Rules)</td>
              </tr>
              <tr>
                <th scope="row">
                  <kbd>Esc</kbd>
                </th>
                <td>Close the rule editor (twice when something was typed), or this list</td>
              </tr>
              <tr>
                <th scope="row">
                  <kbd>?</kbd>
                </th>
                <td>This list</td>
              </tr>
            </tbody>
          </table>
          <p className="hint">Keys typed into a field stay the field's. Arrow keys move through the tag table and the lock map once they have focus.</p>
        </div>
      ) : null}
    </span>
  );
}

/** The header's right end: shortcuts and theme. */
export function HeaderTools() {
  const [helpOpen, setHelpOpen] = useState(false);
  useKeyboardShortcuts(useCallback(() => setHelpOpen((open) => !open), []));
  return (
    <div className="header-tools">
      <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
      <ThemeSelect />
    </div>
  );
}
