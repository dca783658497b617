// Certificates and proxies with real parts: a Harbor-faithful server over HTTPS with a private CA made
// by openssl, and a real CONNECT proxy taken from the environment.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborServer } from '../../../support/harbor-server/index.js';
import { harborClient, startShop } from '../../../support/harbor-fixture.js';

let dir: string;
let server: HarborServer;

function openssl(args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taglock-tls-'));
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Taglock Test CA']);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'ext.cnf']);
  server = await startShop({ tls: { cert: readFileSync(join(dir, 'server.crt'), 'utf8'), key: readFileSync(join(dir, 'server.key'), 'utf8') } });
});
afterAll(async () => server?.close());

describe('certificates', () => {
  it('refuses a server signed by an unknown CA, with advice', async () => {
    const client = harborClient(server.url, null);
    await expect(client.systemInfo()).rejects.toMatchObject({ code: 'tls', message: expect.stringContaining('CA file') });
    await client.http.close();
  });

  it('trusts it with the CA file, or with verification explicitly off', async () => {
    const withCa = harborClient(server.url, null, { caFile: join(dir, 'ca.crt') });
    expect(await withCa.systemInfo()).toBeTypeOf('object');
    await withCa.http.close();
    const insecure = harborClient(server.url, null, { insecure: true });
    expect(insecure.http.insecure).toBe(true);
    expect(await insecure.systemInfo()).toBeTypeOf('object');
    await insecure.http.close();
  });

  it('says clearly when the CA file is missing or not a certificate', () => {
    expect(() => harborClient(server.url, null, { caFile: join(dir, 'nope.crt') })).toThrow(/cannot read CA file .*no such file/);
    expect(() => harborClient(server.url, null, { caFile: join(dir, 'ext.cnf') })).toThrow(/holds no PEM certificate/);
  });
});

describe('proxies from the environment', () => {
  let proxy: Server;
  let tunnels = 0;
  beforeAll(async () => {
    proxy = createServer();
    proxy.on('connect', (request, socket, head) => {
      tunnels++;
      const [host, port] = String(request.url).split(':');
      const upstream = connect(Number(port), host!, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  it('goes through HTTPS_PROXY when set', async () => {
    const saved = { https: process.env.HTTPS_PROXY, no: process.env.NO_PROXY };
    const address = proxy.address() as { port: number };
    process.env.HTTPS_PROXY = `http://127.0.0.1:${address.port}`;
    delete process.env.NO_PROXY;
    try {
      const client = harborClient(server.url, null, { caFile: join(dir, 'ca.crt'), proxyFromEnvironment: true });
      await client.systemInfo();
      await client.http.close();
      expect(tunnels).toBeGreaterThan(0);
    } finally {
      if (saved.https === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved.https;
      if (saved.no !== undefined) process.env.NO_PROXY = saved.no;
    }
  });
});
