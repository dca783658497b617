// Runs in the browser (pure helpers, no DOM).
/** Numbers, sizes, times and errors in words people read. */
import type { ErrorData } from '../../../shared/errors.js';
import { ERROR_CODES, TaglockError } from '../../../shared/errors.js';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** `1 digest becomes` / `3 digests become`. */
export function pluralVerb(n: number, one: string, verbOne: string, verbMany: string, many = `${one}s`): string {
  return `${plural(n, one, many)} ${n === 1 ? verbOne : verbMany}`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return 'unknown';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** `2026-11-01 12:00 UTC` from an ISO time or epoch ms; `never` for null/NaN. */
export function formatTime(time: string | number | null | undefined, never = 'never'): string {
  if (time === null || time === undefined) return never;
  const ms = typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms)) return never;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return 'estimating…';
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s left`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s left`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/** `sha256:1a2b3c4d5e6f` — enough to tell digests apart on screen. */
export function shortDigest(digest: string, length = 12): string {
  const colon = digest.indexOf(':');
  return colon < 0 ? digest.slice(0, length) : `${digest.slice(0, colon + 1)}${digest.slice(colon + 1, colon + 1 + length)}`;
}

/** Any thrown value as the contract's error data (code + sentence). */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof TaglockError) return error.toData();
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; message?: unknown };
    if (typeof e.code === 'string' && (ERROR_CODES as readonly string[]).includes(e.code) && typeof e.message === 'string') {
      return { code: e.code as ErrorData['code'], message: e.message };
    }
    if (typeof e.message === 'string') return { code: 'internal', message: e.message };
  }
  return { code: 'internal', message: String(error) };
}

const CODE_HINTS: Partial<Record<ErrorData['code'], string>> = {
  auth: 'Check the user name (robots include their prefix, e.g. robot$name) and the secret.',
  forbidden: 'The account lacks the permission (project admin, maintainer or a robot with immutable-tag rights).',
  tls: 'The certificate was not accepted: give the CA file, or (only for tests) allow insecure TLS.',
  network: 'The registry or Taglock\'s local service could not be reached.',
  timeout: 'The registry took too long to answer.',
  drift: 'The rules on the server changed since the plan: plan again.',
};

/**
 * Whether an `auth` refusal came from Taglock's own local service (a tab without its session), not from
 * a registry: its message already says what to do, and the registry-credentials hint would mislead.
 */
export function isLocalServiceRefusal(error: ErrorData): boolean {
  return error.code === 'auth' && /local service|session token|link Taglock printed/i.test(error.message);
}

export function errorHint(error: ErrorData): string | null {
  if (isLocalServiceRefusal(error)) return null;
  const hint = CODE_HINTS[error.code] ?? null;
  // A message that already names the user name and the secret needs no hint repeating it.
  if (error.code === 'auth' && /user name|secret/i.test(error.message)) return null;
  return hint;
}

/** Ensure a sentence starts upper-case and ends with a full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  // Capitalise a plain first word only: not a file name, path, URL or identifier.
  const firstWord = t.split(/\s/)[0]!;
  const first = /^[a-z][a-z'-]*[,;:]?$/.test(firstWord) ? t[0]!.toUpperCase() + t.slice(1) : t;
  return /[.!?…)]$/.test(first) ? first : `${first}.`;
}

/** Comma/space separated list (for projects): trimmed, no empties, no repeats. */
export function parseList(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).map((s) => s.trim()).filter((s) => s !== ''))];
}

/**
 * The line under a list: how many a search found of how many, and whether the list scrolls; null when
 * neither is so. `what` is the plural ("repositories").
 */
export function listedCount(listed: number, total: number, what: string, scrolls: boolean): string | null {
  const found = listed !== total;
  if (!found && !scrolls) return null;
  return `${formatCount(listed)}${found ? ` of ${formatCount(total)}` : ''} ${what}${scrolls ? ': the list scrolls.' : '.'}`;
}

const NAME_COLLATOR = new Intl.Collator('en', { numeric: true });

/** Names in the order people count: "service-87" before "service-867" (numbers within names compare by value). */
export function compareNames(a: string, b: string): number {
  return NAME_COLLATOR.compare(a, b);
}
