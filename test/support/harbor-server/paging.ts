// Test helper (Node): Harbor's paging: go-swagger's `page`/`page_size` binding (defaults 1 and 10,
// page_size at most 100, else 422), the ORM's offset/limit, and `BaseAPI.Links` for the `Link` header.
import { bindingError } from './rule-blob.js';

export interface PageRequest {
  page: number;
  pageSize: number;
}

function readInt64(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^[+-]?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw bindingError(`${name} in query must be of type int64: ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

export function readPage(query: URLSearchParams): PageRequest {
  const page = readInt64(query, 'page', 1);
  const pageSize = readInt64(query, 'page_size', 10);
  if (pageSize > 100) throw bindingError('page_size in query should be less than or equal to 100');
  return { page, pageSize };
}

/** The ORM: a positive page size limits, a positive page number offsets. */
export function slicePage<T>(items: readonly T[], { page, pageSize }: PageRequest): T[] {
  if (pageSize <= 0) return [...items];
  const offset = page > 0 ? pageSize * (page - 1) : 0;
  return items.slice(offset, offset + pageSize);
}

/** Go's `url.Values.Encode()` followed by `url.QueryUnescape`: keys sorted, values left unescaped. */
function encodeQuery(values: Map<string, string[]>): string {
  return [...values.keys()]
    .sort()
    .flatMap((key) => values.get(key)!.map((value) => `${key}=${value}`))
    .join('&');
}

function parseRawQuery(rawQuery: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  if (rawQuery === '') return values;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  return values;
}

/**
 * `BaseAPI.Links`: relative links built from the request's own (still encoded) path and its query,
 * `page` and `page_size` set, joined by " , ". Empty when there is nothing before or after.
 */
export function linkHeader(rawPath: string, rawQuery: string, total: number, { page, pageSize }: PageRequest): string {
  if (pageSize === 0) return '';
  const links: string[] = [];
  const link = (target: number, rel: string) => {
    const values = parseRawQuery(rawQuery);
    values.set('page', [String(target)]);
    values.set('page_size', [String(pageSize)]);
    links.push(`<${rawPath}?${encodeQuery(values)}>; rel="${rel}"`);
  };
  if (page > 1 && (page - 1) * pageSize < total) link(page - 1, 'prev');
  if (pageSize * page < total) link(page + 1, 'next');
  return links.join(' , ');
}

/** X-Total-Count and (when non-empty) Link, as go-swagger's list responders set them. */
export function pagingHeaders(rawPath: string, rawQuery: string, total: number, request: PageRequest): Record<string, string> {
  const headers: Record<string, string> = { 'X-Total-Count': String(total) };
  const link = linkHeader(rawPath, rawQuery, total, request);
  if (link !== '') headers.Link = link;
  return headers;
}
