// Registry quirks that the real distribution registry does not show (or not all of them), served by a
// tiny node:http stub: tags/list paging with small `n` over several pages (distribution 2.8 ignores `n`
// there), registries that ignore `n`, unsorted and duplicate tags, `"tags": null`, absolute and relative
// `Link` targets, a missing `Docker-Content-Digest`, HEAD refused, pages that do not advance, links to
// another host, and HTML instead of JSON. Everything else is tested against the real registry.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciRegistryClient, fetchOciSnapshot } from '../../../../../electron/services/registry/oci/oci-client.js';
import { validateSnapshot } from '../../../../../shared/snapshot/validate.js';
import { ociClients, rejection } from './clients.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const manifestBody = (n: number) =>
  Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${String(n).repeat(64).slice(0, 64)}`, size: 2 }, layers: [] }));
const sha256 = (body: Buffer) => `sha256:${createHash('sha256').update(body).digest('hex')}`;

const PAGED_TAGS = Array.from({ length: 7 }, (_, i) => `t${i}`);
const IGNORES_N_TAGS = Array.from({ length: 250 }, (_, i) => `v${249 - i}`);
const CATALOG = ['quirks/ignores-n', 'quirks/no-digest', 'quirks/no-head', 'quirks/null-tags', 'quirks/paged', 'quirks/unsorted'];

let server: Server;
let base = '';
const log: { method: string; url: string }[] = [];
const clients = ociClients(0);
const clientFor = (prefix = ''): OciRegistryClient => clients.clientFor(`${base}${prefix}`);

function json(res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'docker-distribution-api-version': 'registry/2.0', ...headers });
  res.end(JSON.stringify(body));
}

/** A page of `items` after `last`, with a Link to the next page written by `link`. */
function page(items: readonly string[], url: URL, link: (last: string, n: number, pageNo: number) => string): { slice: string[]; headers: Record<string, string> } {
  const n = Number(url.searchParams.get('n') ?? 100);
  const last = url.searchParams.get('last');
  const start = last === null ? 0 : items.indexOf(last) + 1;
  const slice = items.slice(start, start + n);
  const headers: Record<string, string> = {};
  if (start + n < items.length) headers.link = `<${link(slice.at(-1)!, n, Math.floor(start / n) + 1)}>; rel="next"`;
  return { slice, headers };
}

function manifest(req: IncomingMessage, res: ServerResponse, body: Buffer, options: { digestHeader: boolean; head: boolean }): void {
  if (req.method === 'HEAD' && !options.head) {
    res.writeHead(405, { 'content-type': 'application/json' });
    res.end();
    return;
  }
  const headers: Record<string, string> = { 'content-type': OCI_MANIFEST, 'content-length': String(body.length) };
  if (options.digestHeader) headers['docker-content-digest'] = sha256(body);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', base);
  log.push({ method: req.method ?? 'GET', url: url.pathname + url.search });
  const path = url.pathname;
  if (path === '/v2/') return json(res, {});
  if (path === '/html-site/v2/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<html>Welcome</html>');
    return;
  }
  if (path === '/v2/_catalog') {
    // Absolute Link targets, as some registries and proxies send them.
    const { slice, headers } = page(CATALOG, url, (last, n) => `${base}/v2/_catalog?last=${encodeURIComponent(last)}&n=${n}`);
    return json(res, { repositories: slice }, headers);
  }
  if (path === '/v2/quirks/paged/tags/list') {
    // Well-behaved paging, with every style of Link target: path-absolute, query-only, absolute URL.
    const { slice, headers } = page(PAGED_TAGS, url, (last, n, pageNo) =>
      pageNo % 3 === 1 ? `/v2/quirks/paged/tags/list?n=${n}&last=${last}` : pageNo % 3 === 2 ? `?last=${last}&n=${n}` : `${base}/v2/quirks/paged/tags/list?last=${last}&n=${n}`,
    );
    return json(res, { name: 'quirks/paged', tags: slice }, headers);
  }
  if (path === '/v2/quirks/ignores-n/tags/list') return json(res, { name: 'quirks/ignores-n', tags: [...IGNORES_N_TAGS, 'v3', 'v7'] });
  if (path === '/v2/quirks/null-tags/tags/list') return json(res, { name: 'quirks/null-tags', tags: null });
  if (path === '/v2/quirks/unsorted/tags/list') {
    if (url.searchParams.get('last') === null) return json(res, { name: 'quirks/unsorted', tags: ['b', 'a', 'c', 'a'] }, { link: '</v2/quirks/unsorted/tags/list?last=c&n=100>; rel="next"' });
    return json(res, { name: 'quirks/unsorted', tags: ['latest', 'a', 'd'] });
  }
  if (path === '/v2/quirks/no-digest/tags/list') return json(res, { name: 'quirks/no-digest', tags: ['v1', 'v1-alias'] });
  if (path === '/v2/quirks/no-head/tags/list') return json(res, { name: 'quirks/no-head', tags: ['v1'] });
  if (path === '/v2/broken/loop/tags/list') return json(res, { tags: ['x'] }, { link: '</v2/broken/loop/tags/list>; rel="next"' });
  if (path === '/v2/broken/stuck/tags/list') {
    const next = Number(url.searchParams.get('page') ?? 0) + 1;
    return json(res, { tags: ['same'] }, { link: `</v2/broken/stuck/tags/list?page=${next}>; rel="next"` });
  }
  if (path === '/v2/broken/elsewhere/tags/list') return json(res, { tags: ['x'] }, { link: '<http://elsewhere.invalid/v2/broken/elsewhere/tags/list?last=x>; rel="next"' });
  if (path === '/v2/broken/html/tags/list') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>Please sign in</html>');
    return;
  }
  if (path === '/v2/broken/tags-object/tags/list') return json(res, { tags: { a: 1 } });
  const m = /^\/v2\/quirks\/([a-z-]+)\/manifests\/([^/]+)$/.exec(path);
  const repoNo = m ? CATALOG.indexOf(`quirks/${m[1]}`) : -1;
  if (m && repoNo >= 0 && (req.method === 'HEAD' || req.method === 'GET')) {
    // One image per repository, under any tag but `latest` (as if deleted between listing and resolving).
    const body = manifestBody(repoNo + 1);
    if (m[2] === 'latest' || (m[2]!.startsWith('sha256:') && m[2] !== sha256(body))) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
      return;
    }
    return manifest(req, res, body, { digestHeader: m[1] !== 'no-digest', head: m[1] !== 'no-head' });
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] }));
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await clients.closeAll();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('registry quirks (stub server)', () => {
  it('ping tells a registry without auth from a web page and from no registry at all', async () => {
    expect(await clientFor().ping()).toEqual({ scheme: 'none', realm: null, service: null, scope: null, apiVersion: 'registry/2.0' });
    const html = await rejection(clientFor('/html-site/').ping());
    expect(html.code).toBe('server');
    expect(html.message).toContain('not the registry API');
    const none = await rejection(clientFor('/nothing/').ping());
    expect(none.code).toBe('not-found');
    expect(none.message).toContain('no registry API');
  });

  it('follows absolute Link targets through the catalog', async () => {
    const start = log.length;
    expect(await clientFor().listRepositories({ pageSize: 4 })).toEqual(CATALOG);
    expect(log.slice(start).map((r) => r.url)).toEqual(['/v2/_catalog?n=4', '/v2/_catalog?last=quirks%2Fnull-tags&n=4']);
  });

  it('pages tags with a small n over several pages, whatever the Link style', async () => {
    const start = log.length;
    expect(await clientFor().listTags('quirks/paged', { pageSize: 2 })).toEqual(PAGED_TAGS);
    expect(log.slice(start).map((r) => r.url)).toEqual([
      '/v2/quirks/paged/tags/list?n=2',
      '/v2/quirks/paged/tags/list?n=2&last=t1',
      '/v2/quirks/paged/tags/list?last=t3&n=2',
      '/v2/quirks/paged/tags/list?last=t5&n=2',
    ]);
  });

  it('copes with a registry that ignores n, sorting and deduplicating', async () => {
    const tags = await clientFor().listTags('quirks/ignores-n', { pageSize: 10 });
    expect(tags).toHaveLength(250);
    expect(tags).toEqual([...IGNORES_N_TAGS].sort());
  });

  it('sorts unsorted tags and drops duplicates across pages', async () => {
    expect(await clientFor().listTags('quirks/unsorted')).toEqual(['a', 'b', 'c', 'd', 'latest']);
  });

  it('reads "tags": null as no tags', async () => {
    expect(await clientFor().listTags('quirks/null-tags')).toEqual([]);
  });

  it('falls back to GET and the sha256 of the body when Docker-Content-Digest is missing', async () => {
    const client = clientFor();
    const start = log.length;
    const resolved = await client.resolveDigest('quirks/no-digest', 'v1');
    expect(resolved).toEqual({ digest: sha256(manifestBody(2)), mediaType: OCI_MANIFEST, size: manifestBody(2).length });
    expect(log.slice(start).map((r) => r.method)).toEqual(['HEAD', 'GET']);
    const manifest = await client.getManifest('quirks/no-digest', 'v1');
    expect(manifest.digest).toBe(sha256(manifestBody(2)));
    expect(manifest.config?.size).toBe(2);
  });

  it('uses GET when HEAD is refused (405)', async () => {
    const start = log.length;
    expect((await clientFor().resolveDigest('quirks/no-head', 'v1')).digest).toBe(sha256(manifestBody(3)));
    expect(log.slice(start).map((r) => r.method)).toEqual(['HEAD', 'GET']);
  });

  it('refuses pages that do not advance, links to other hosts, and non-JSON answers', async () => {
    const client = clientFor();
    const loop = await rejection(client.listTags('broken/loop'));
    expect(loop.code).toBe('server');
    expect(loop.message).toContain('do not advance');
    const stuck = await rejection(client.listTags('broken/stuck'));
    expect(stuck.code).toBe('server');
    expect(stuck.message).toContain('do not advance');
    const elsewhere = await rejection(client.listTags('broken/elsewhere'));
    expect(elsewhere.code).toBe('server');
    expect(elsewhere.message).toContain('another host');
    const html = await rejection(client.listTags('broken/html'));
    expect(html.code).toBe('server');
    expect(html.message).toContain('expected JSON, got text/html');
    expect((await rejection(client.listTags('broken/tags-object'))).message).toContain('"tags" is not a list');
  });

  it('builds a valid snapshot from a quirky registry', async () => {
    const snapshot = validateSnapshot(JSON.parse(JSON.stringify(await fetchOciSnapshot(clientFor(), { pageSize: 2, concurrency: 2 }))));
    expect(snapshot.projects.map((p) => p.name)).toEqual(['quirks']);
    const repos = Object.fromEntries(snapshot.projects[0]!.repositories.map((r) => [r.name, r.artifacts]));
    expect(Object.keys(repos)).toEqual(['ignores-n', 'no-digest', 'no-head', 'null-tags', 'paged', 'unsorted']);
    expect(repos['null-tags']).toEqual([]);
    expect(repos['no-digest']!.map((a) => [a.digest, a.tags.map((t) => t.name)])).toEqual([[sha256(manifestBody(2)), ['v1', 'v1-alias']]]);
    expect(repos['ignores-n']![0]!.tags).toHaveLength(250);
    // `latest` was listed but its manifest is gone: left out, not a failure.
    expect(repos.unsorted!.map((a) => a.tags.map((t) => t.name))).toEqual([['a', 'b', 'c', 'd']]);
    expect(repos.paged!.map((a) => a.tags.length)).toEqual([7]);
  });
});
