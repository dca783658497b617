// How the HTTP client writes request URLs (one parse when the path has no query of its own, the
// URLSearchParams way when it has), and how a list read over several pages keeps every page as sent.
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../../electron/services/http/http-client.js';
import { listAll } from '../../../../electron/services/registry/harbor/paging.js';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

const client = (baseUrl: string) => new HttpClient({ baseUrl, proxyFromEnvironment: false });

describe('request URLs', () => {
  const http = client('https://registry.example/harbor');

  it('adds the query as URLSearchParams writes it, leaving out undefined values', () => {
    const url = http.resolve('/api/v2.0/projects', { q: 'name=~a b&c', page: 2, with_tag: true, skipped: undefined, word: 'é/ü' });
    const expected = new URL('https://registry.example/harbor/api/v2.0/projects');
    for (const [key, value] of [['q', 'name=~a b&c'], ['page', '2'], ['with_tag', 'true'], ['word', 'é/ü']] as const) expected.searchParams.set(key, value);
    expect(url.href).toBe(expected.href);
    expect(url.searchParams.get('q')).toBe('name=~a b&c');
    expect(url.searchParams.has('skipped')).toBe(false);
  });

  it('keeps a path without a query as it is, and merges into a query the path already has', () => {
    expect(http.resolve('api/v2.0/systeminfo').href).toBe('https://registry.example/harbor/api/v2.0/systeminfo');
    expect(http.resolve('api/v2.0/systeminfo', {}).href).toBe('https://registry.example/harbor/api/v2.0/systeminfo');
    expect(http.resolve('api/v2.0/systeminfo', { skipped: undefined }).href).toBe('https://registry.example/harbor/api/v2.0/systeminfo');
    // A Link header's next page: its own page number is replaced, its other parameters kept.
    expect(http.resolve('/api/v2.0/projects?page=1&page_size=10&q=x', { page: 2 }).href).toBe(
      'https://registry.example/harbor/api/v2.0/projects?page=2&page_size=10&q=x',
    );
    expect(http.resolve('api/v2.0/projects#top', { page: 2 }).href).toBe('https://registry.example/harbor/api/v2.0/projects?page=2#top');
  });
});

describe('lists over several pages', () => {
  it('hands each page to onPage as it came and returns every item in order', async () => {
    const items = Array.from({ length: 250 }, (_, i) => ({ n: i }));
    server = createServer((request, response) => {
      const query = new URL(request.url!, 'http://x').searchParams;
      const page = Number(query.get('page'));
      const size = Number(query.get('page_size'));
      const body = JSON.stringify(items.slice((page - 1) * size, page * size));
      response.writeHead(200, { 'content-type': 'application/json', 'x-total-count': String(items.length) });
      response.end(body);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const http = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const pages: (readonly { n: number }[])[] = [];
    const all = await listAll<{ n: number }>(http, 'list', {}, { onPage: (_count, _total, page) => pages.push(page) });
    await http.close();
    expect(all).toEqual(items);
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    // The first page is still the first page after the later ones arrived.
    expect(pages[0]).toEqual(items.slice(0, 100));
    expect(pages.flat()).toEqual(items);
  });
});
