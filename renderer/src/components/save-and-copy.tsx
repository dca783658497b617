// Runs in the browser (React, DOM).
/**
 * Files and the clipboard, the same way in Electron and in a browser: a download through a temporary
 * link to a blob (Electron asks where to save it, a browser saves it to its downloads), and copying
 * through a selected text field (navigator.clipboard is the fallback: the desktop app grants the page
 * no permissions, and a copy command in the click needs none).
 */
import { useEffect, useRef, useState } from 'react';

/** Saves text as a file. */
export function downloadText(fileName: string, text: string, mimeType = 'application/json'): void {
  downloadBlob(fileName, new Blob([text], { type: `${mimeType};charset=utf-8` }));
}

/** Saves bytes as a file (a snapshot as it is stored: no string is made of it). */
export function downloadBytes(fileName: string, bytes: ArrayBuffer, mimeType = 'application/json'): void {
  downloadBlob(fileName, new Blob([bytes], { type: mimeType }));
}

function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copies text to the clipboard; false when neither way was allowed. */
export async function copyText(text: string): Promise<boolean> {
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.position = 'fixed';
  field.style.opacity = '0';
  field.style.top = '0';
  const focused = document.activeElement as HTMLElement | null;
  document.body.appendChild(field);
  field.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  field.remove();
  focused?.focus();
  if (copied) return true;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A button that copies `text`, then says "Copied" for a moment (and announces it). */
export function CopyButton({ text, label, what }: { text: string; label?: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current !== null) clearTimeout(timer.current);
  }, []);
  return (
    <>
      <button
        type="button"
        className="small-button copy-button"
        aria-label={`Copy ${what}`}
        onClick={() => {
          void copyText(text).then((ok) => {
            setState(ok ? 'copied' : 'failed');
            if (timer.current !== null) clearTimeout(timer.current);
            timer.current = setTimeout(() => setState('idle'), 2000);
          });
        }}
      >
        {label ?? 'Copy'}
      </button>
      <span className="copy-state" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copying is not allowed here' : ''}
      </span>
    </>
  );
}

/** "Save CSV" and "Save JSON" for a table of results; `what` finishes "Save …" for screen readers ("the 12 tags shown"). */
export function SaveButtons({ what, disabled = false, onSave }: { what: string; disabled?: boolean; onSave: (format: 'csv' | 'json') => void }) {
  return (
    // One unit: where a row of controls wraps, the pair goes to the next line together.
    <span className="save-buttons">
      <button type="button" className="small-button" disabled={disabled} aria-label={`Save ${what} as CSV`} onClick={() => onSave('csv')}>
        Save CSV
      </button>
      <button type="button" className="small-button" disabled={disabled} aria-label={`Save ${what} as JSON`} onClick={() => onSave('json')}>
        Save JSON
      </button>
    </span>
  );
}
