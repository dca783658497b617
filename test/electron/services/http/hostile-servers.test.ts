// Hostile registries on loopback: huge bodies, endless full pages, trickling bodies and error texts that
// echo credentials or carry escape sequences. Each meets a limit or a clean refusal, with memory bounded.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../../electron/services/http/http-client.js';
import type { HttpLimits } from '../../../../electron/services/http/limits.js';
import { limitsFromEnvironment } from '../../../../electron/services/http/limits.js';
import { listAll } from '../../../../electron/services/registry/harbor/paging.js';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(url: string, limits: Partial<HttpLimits> = {}, credentials: { username: string; password: string } | null = null) {
  return new HttpClient({ baseUrl: url, credentials, proxyFromEnvironment: false, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 }, limits });
}

const MIB = 1024 * 1024;

describe('limits on what a registry can make Taglock hold or wait for', () => {
  it('refuses an answer larger than the body limit while streaming it, with memory staying bounded', async () => {
    const chunk = Buffer.alloc(MIB, 0x5b); // "[[[[…": never valid, never finished
    let sent = 0;
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }); // no length: a stream of unknown size
      const push = () => {
        while (sent < 512 * MIB && response.write(chunk)) sent += chunk.length;
        if (sent < 512 * MIB) response.once('drain', push);
        else response.end();
      };
      push();
    });
    const before = process.memoryUsage().rss;
    const http = client(url, { maxBodyBytes: 16 * MIB });
    const error = (await http.json({ path: 'api/v2.0/projects' }).catch((e: unknown) => e)) as Error;
    const grown = process.memoryUsage().rss - before;
    await http.close();
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/larger than 16 MiB \(Taglock's limit for one answer; raise it with TAGLOCK_MAX_RESPONSE_MB\)/);
    expect(sent).toBeLessThan(512 * MIB); // it stopped reading long before the end
    expect(grown).toBeLessThan(128 * MIB);
  });

  it('refuses a body whose announced length is over the limit without reading it', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(3 * 1024 * MIB) });
      response.write('[');
    });
    const http = client(url, { maxBodyBytes: 8 * MIB });
    await expect(http.json({ path: 'x' })).rejects.toThrow(/announces 3221225472 bytes, more than 8 MiB/);
    await http.close();
  });

  it('stops an endless list of full pages at the list limit: an error, never a silent truncation', async () => {
    let requests = 0;
    const page = JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ name: `p${i}` })));
    const url = await serve((_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json', 'x-total-count': '999999999' });
      response.end(page);
    });
    const http = client(url, { maxListItems: 5_000 });
    await expect(listAll(http, 'api/v2.0/projects')).rejects.toThrow(/runs past 5000 items \(Taglock's limit for one list; raise it with TAGLOCK_MAX_LIST_ITEMS\)/);
    expect(requests).toBeLessThanOrEqual(52);
    await http.close();
  });

  it('reads a page of 150,000 items without overflowing the call stack', async () => {
    const page = JSON.stringify(Array.from({ length: 150_000 }, (_, i) => i));
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-total-count': '150000' });
      response.end(page);
    });
    const http = client(url);
    expect(await listAll(http, 'api/v2.0/projects')).toHaveLength(150_000);
    await http.close();
  });

  it('gives up on a body trickling one byte at a time at the request deadline, and does not retry it', async () => {
    let requests = 0;
    const url = await serve((_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      const timer = setInterval(() => response.write(' '), 100); // always under the per-chunk timeout
      response.on('close', () => clearInterval(timer));
    });
    const http = client(url, { requestDeadlineMs: 700 });
    const started = Date.now();
    await expect(http.json({ path: 'api/v2.0/projects/shop/immutabletagrules' })).rejects.toThrow(/no complete answer within 0\.7 s \(Taglock's deadline for one request; raise it with TAGLOCK_REQUEST_DEADLINE_S\)/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(requests).toBe(1);
    await http.close();
  });

  it('retries a body cut off mid-answer like a reset, with or without a declared length', async () => {
    const full = JSON.stringify([{ name: 'shop' }, { name: 'platform' }]);
    for (const declared of [true, false]) {
      let answers = 0;
      const url = await serve((_request, response) => {
        answers++;
        response.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': String(full.length) } : {}) });
        if (answers > 1) return void response.end(full);
        // Half the answer, then the connection drops: without a length the chunked stream never ends.
        response.write(full.slice(0, 10), () => response.socket?.destroy());
      });
      const http = client(url);
      expect((await http.json({ path: 'api/v2.0/projects' })).data).toEqual(JSON.parse(full));
      expect(answers).toBe(2);
      expect(http.stats.retries).toBe(1);
      await http.close();
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = null;
    }
  });

  it('gives up on answers that keep being cut off with a network error, not a parse error', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('[{"name":', () => response.socket?.destroy());
    });
    const http = client(url);
    const error = (await http.json({ path: 'api/v2.0/projects' }).catch((e: unknown) => e)) as { code?: string; message: string };
    await http.close();
    expect(error.code).toBe('network');
    expect(error.message).not.toMatch(/JSON|Unexpected end/);
    expect(http.stats.retries).toBe(1);
  });

  it('takes limits from the environment and refuses a nonsense value naming the variable', () => {
    expect(limitsFromEnvironment({ TAGLOCK_MAX_RESPONSE_MB: '2', TAGLOCK_REQUEST_DEADLINE_S: '5' })).toMatchObject({ maxBodyBytes: 2 * MIB, requestDeadlineMs: 5000 });
    expect(() => limitsFromEnvironment({ TAGLOCK_MAX_LIST_ITEMS: 'lots' })).toThrow(/TAGLOCK_MAX_LIST_ITEMS must be a positive number of items, not "lots"/);
  });
});

describe('error texts from servers', () => {
  it('quotes and cuts them, strips escape sequences, and redacts anything like a credential', async () => {
    const url = await serve((request, response) => {
      const echoed = `denied for ${request.headers.authorization} \u001b]0;pwned\u0007\u001b[2J\nApplied 3 change(s); verified ${'x'.repeat(500)}`;
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ code: 'FORBIDDEN', message: echoed }] }));
    });
    const http = client(url, {}, { username: 'alice', password: 'S3cret-Passw0rd' });
    const error = (await http.json({ path: 'api/v2.0/projects' }).catch((e: unknown) => e)) as Error;
    await http.close();
    expect(error.message).not.toContain('S3cret-Passw0rd');
    expect(error.message).not.toContain(Buffer.from('alice:S3cret-Passw0rd').toString('base64'));
    expect(error.message).toContain('Basic [redacted]');
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
    expect(error.message.length).toBeLessThan(400);
  });
});
