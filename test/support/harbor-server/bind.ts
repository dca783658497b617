// Test helper (Node): go-openapi's request binding, which runs before any Harbor handler (so before the
// permission check): a failure is a 422 "validation failure list", whoever the caller is.
import type { IncomingHttpHeaders } from 'node:http';
import { bindingError } from './rule-blob.js';

const TRUE = ['true', '1', 'yes', 'ok', 'y', 'on', 'selected', 'checked', 't', 'enabled'];
const FALSE = ['false', '0', 'no', 'n', 'off', 'f', 'disabled', ''];

function convertBool(raw: string, name: string, where: string): boolean {
  const text = raw.trim().toLowerCase();
  if (TRUE.includes(text)) return true;
  if (FALSE.includes(text)) return false;
  throw bindingError(`${name} in ${where} must be of type bool: ${JSON.stringify(raw)}`);
}

export function queryBool(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  return raw === null || raw === '' ? fallback : convertBool(raw, name, 'query');
}

export function headerBool(headers: IncomingHttpHeaders, name: string): boolean {
  const raw = headers[name.toLowerCase()];
  const text = Array.isArray(raw) ? raw[0] : raw;
  return text === undefined || text === '' ? false : convertBool(text, name, 'header');
}

export function pathInt64(value: string, name: string): number {
  if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw bindingError(`${name} in path must be of type int64: ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** A request with a body must declare a JSON content type (a missing one counts as octet-stream). */
export function checkContentType(headers: IncomingHttpHeaders, body: string): void {
  if (body.length === 0) return;
  const declared = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() || 'application/octet-stream';
  if (declared !== 'application/json' && !declared.endsWith('+json')) {
    throw bindingError(`unsupported media type ${JSON.stringify(declared)}, only [application/json] are allowed`);
  }
}

/** The `Accept` header must allow application/json. */
export function checkAccept(headers: IncomingHttpHeaders): void {
  const accept = headers.accept;
  if (accept === undefined || accept.trim() === '') return;
  const ok = accept.split(',').some((part) => {
    const type = part.split(';')[0]!.trim().toLowerCase();
    return type === '*/*' || type === 'application/*' || type === 'application/json';
  });
  if (!ok) throw bindingError('unsupported media type requested, only [application/json] are available');
}
