// Runs in Node.
/**
 * Reading every page of a Harbor list: page by page with page_size=100 (Harbor's maximum; without it
 * Harbor returns 10), until X-Total-Count items arrived or a page comes back short.
 */
import { HttpError, displayUrl } from '../../http/http-error.js';
import type { HttpClient, HttpRequest } from '../../http/http-client.js';
import { headerValue } from '../../http/http-client.js';
import { ListBudget } from '../../http/limits.js';

export const PAGE_SIZE = 100;

export async function listAll<T>(
  http: HttpClient,
  path: string,
  query: HttpRequest['query'] = {},
  options: { signal?: AbortSignal; headers?: Record<string, string>; onPage?: (items: number, total: number | null, page: readonly T[]) => void } = {},
): Promise<T[]> {
  let items: T[] = [];
  let total: number | null = null;
  // A server that keeps answering full pages meets the list limits: an error, never a silent truncation.
  // The list is named only for that error (the URL is built again only then).
  const budget = new ListBudget(http.limits, () => listName(http, path));
  for (let page = 1; ; page++) {
    const request: HttpRequest = { path, query: { ...query, page, page_size: PAGE_SIZE } };
    if (options.headers) request.headers = options.headers;
    if (options.signal) request.signal = options.signal;
    const { data, response } = await http.json<T[]>(request);
    if (!Array.isArray(data)) throw new HttpError('server', `GET ${displayUrl(response.url)}: expected a JSON list`, response.status);
    budget.add(data.length, response.body.length);
    // Most lists are one page: that page is the list, not a copy. Past it the first page is copied (its
    // reader keeps it as it was) and later ones added one by one (spreading a huge page into push
    // overflows the call stack).
    if (page === 1) items = data;
    else {
      if (page === 2) items = items.slice();
      for (const item of data) items.push(item);
    }
    const count = Number(headerValue(response.headers['x-total-count']));
    if (Number.isFinite(count)) total = count;
    options.onPage?.(items.length, total, data);
    if (data.length < PAGE_SIZE || (total !== null && items.length >= total)) break;
  }
  if (total !== null && items.length < total) {
    throw new HttpError('server', `${listName(http, path)}: the server announced ${total} items but sent ${items.length}`, null);
  }
  return items;
}

function listName(http: HttpClient, path: string): string {
  return `GET ${displayUrl(http.resolve(path))}`;
}
