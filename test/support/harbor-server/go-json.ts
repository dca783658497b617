// Test helper (Node): JSON and time text the way Harbor's Go code writes them.

/** Go's zero time as go-openapi's strfmt.DateTime writes it: "never pulled". */
export const GO_ZERO_TIME = '0001-01-01T00:00:00.000Z';

/** strfmt.DateTime text (RFC 3339 with milliseconds, UTC). */
export function harborTime(value: string | Date | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`harbor-server: not a time: ${String(value)}`);
  return date.toISOString();
}

/** A string as Go's encoding/json writes it (HTML-escaping <, >, &, U+2028 and U+2029). */
export function goString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || char === '<' || char === '>' || char === '&' || code === 0x2028 || code === 0x2029) {
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else out += char;
  }
  return out + '"';
}

/** Any decoded JSON value as Go marshals an `interface{}` (object keys sorted, as for a map). */
export function goAny(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return '[' + value.map(goAny).join(',') + ']';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return '{' + keys.map((key) => goString(key) + ':' + goAny(record[key])).join(',') + '}';
}

/** Fields in the given (struct) order. */
export function goStruct(fields: Array<[string, string]>): string {
  return '{' + fields.map(([key, encoded]) => goString(key) + ':' + encoded).join(',') + '}';
}
