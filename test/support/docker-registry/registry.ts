// Test helper (Node): runs Debian's CNCF distribution registry (`docker-registry`, v2.8) on 127.0.0.1
// with filesystem storage in a temporary directory, with no auth, htpasswd (Basic) auth, or token
// (Bearer) auth backed by the token service in ./token-server.ts.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTokenServer, type TokenServer, type TokenServerOptions } from './token-server.js';
import type { RegistryUser } from './types.js';

const execFileAsync = promisify(execFile);

export const DOCKER_REGISTRY_BIN = process.env.TAGLOCK_DOCKER_REGISTRY_BIN ?? '/usr/bin/docker-registry';
/** The apt packages these helpers run: the registry, `htpasswd` and `openssl`. */
export const DOCKER_REGISTRY_APT_PACKAGES = 'docker-registry apache2-utils openssl';

export const TOKEN_SERVICE = 'taglock-test-registry';
export const TOKEN_ISSUER = 'taglock-test-token-issuer';
export const DEFAULT_USERS: readonly RegistryUser[] = [{ username: 'taglock', password: 'correct horse battery staple' }];

/** On CI the packages are installed by the CI script, so a missing registry there fails instead of skipping. */
export const DOCKER_REGISTRY_REQUIRED = Boolean(process.env.CI) || process.env.TAGLOCK_REQUIRE_DOCKER_REGISTRY === '1';

/** Why the real registry cannot run here, or null when it can. */
export function dockerRegistryUnavailable(): string | null {
  if (!existsSync(DOCKER_REGISTRY_BIN)) {
    return `${DOCKER_REGISTRY_BIN} is missing: install the apt package docker-registry (these tests use the apt packages ${DOCKER_REGISTRY_APT_PACKAGES})`;
  }
  return null;
}

/**
 * For tests: returns normally when the registry can run; otherwise skips the test with a message naming
 * the missing apt package (or fails, when DOCKER_REGISTRY_REQUIRED).
 */
export function skipWithoutDockerRegistry(ctx: { skip: (note?: string) => never }): void {
  const why = dockerRegistryUnavailable();
  if (why === null) return;
  if (DOCKER_REGISTRY_REQUIRED) throw new Error(`${why}; required because CI/TAGLOCK_REQUIRE_DOCKER_REGISTRY is set`);
  console.warn(`SKIPPED real-registry test: ${why}`);
  ctx.skip(why);
}

export interface StartDockerRegistryOptions {
  auth: 'none' | 'htpasswd' | 'token';
  /** For htpasswd and token auth (default: one user, DEFAULT_USERS). */
  users?: readonly RegistryUser[];
  /** Token auth only: how tokens name their signing key, expiry, grants (see TokenServerOptions). */
  token?: Pick<TokenServerOptions, 'keyReference' | 'expiresIn' | 'tokenField' | 'grant'>;
  /** `catalog.maxentries`: the most repositories one `/v2/_catalog` page may hold (default 1000). */
  catalogMaxEntries?: number;
}

export interface DockerRegistry {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  users: readonly RegistryUser[];
  /** The token service, for auth 'token'. */
  tokenServer?: TokenServer;
  /** The temporary directory (config, storage, htpasswd, certificate). */
  dir: string;
  /** What the registry printed so far (errors only, kept in memory: nothing reaches the test output). */
  output(): string;
  close(): Promise<void>;
}

/** Registries still running: killed when the test process exits, even if a test forgot close(). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a tool; a missing one is an error naming its apt package. */
async function runTool(command: string, args: readonly string[], aptPackage: string): Promise<string> {
  try {
    return (await execFileAsync(command, args)).stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${command} is missing: install the apt package ${aptPackage}`, { cause: error });
    throw error;
  }
}

async function htpasswdLines(users: readonly RegistryUser[]): Promise<string> {
  const lines: string[] = [];
  for (const user of users) {
    // -B: bcrypt (the only hash distribution accepts), -b: password on the command line, -n: print.
    lines.push((await runTool('htpasswd', ['-Bbn', user.username, user.password], 'apache2-utils')).trim());
  }
  return `${lines.join('\n')}\n`;
}

async function selfSignedCertificate(dir: string): Promise<{ keyPem: string; certPem: string; certFile: string }> {
  const keyFile = path.join(dir, 'token-signing.key');
  const certFile = path.join(dir, 'token-signing.crt');
  await runTool(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-days', '2', '-subj', '/CN=taglock-test-token-signer', '-keyout', keyFile, '-out', certFile],
    'openssl',
  );
  return { keyPem: await readFile(keyFile, 'utf8'), certPem: await readFile(certFile, 'utf8'), certFile };
}

function configYaml(dir: string, port: number, options: StartDockerRegistryOptions, auth: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(path.join(dir, 'storage'))}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: taglock-test-secret',
    'health:',
    '  storagedriver:',
    '    enabled: false',
    ...(options.catalogMaxEntries ? ['catalog:', `  maxentries: ${options.catalogMaxEntries}`] : []),
    auth,
    '',
  ].join('\n');
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Polls `/v2/` until the registry answers (200 or 401), the process dies, or time runs out. */
async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`docker-registry exited (${child.exitCode ?? child.signalCode}) before answering: ${output().trim()}`);
    }
    try {
      const response = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`docker-registry did not answer on ${url}/v2/ within 15 s: ${output().trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

export async function startDockerRegistry(options: StartDockerRegistryOptions): Promise<DockerRegistry> {
  const unavailable = dockerRegistryUnavailable();
  if (unavailable) throw new Error(unavailable);
  const users = options.users ?? DEFAULT_USERS;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'taglock-registry-'));
  let tokenServer: TokenServer | undefined;
  try {
    let auth = '';
    if (options.auth === 'htpasswd') {
      const file = path.join(dir, 'htpasswd');
      await writeFile(file, await htpasswdLines(users));
      auth = ['auth:', '  htpasswd:', '    realm: taglock-test', `    path: ${JSON.stringify(file)}`].join('\n');
    } else if (options.auth === 'token') {
      const { keyPem, certPem, certFile } = await selfSignedCertificate(dir);
      tokenServer = await startTokenServer({ users, issuer: TOKEN_ISSUER, service: TOKEN_SERVICE, keyPem, certPem, ...options.token });
      auth = [
        'auth:',
        '  token:',
        `    realm: ${JSON.stringify(tokenServer.realm)}`,
        `    service: ${TOKEN_SERVICE}`,
        `    issuer: ${TOKEN_ISSUER}`,
        `    rootcertbundle: ${JSON.stringify(certFile)}`,
      ].join('\n');
    }

    // A free port can be taken between probing and binding: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const configFile = path.join(dir, 'config.yml');
      await writeFile(configFile, configYaml(dir, port, options, auth));
      const child = spawn(DOCKER_REGISTRY_BIN, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(child);
      child.once('exit', () => running.delete(child));
      let log = '';
      const keep = (chunk: Buffer) => {
        log = (log + chunk.toString('utf8')).slice(-20_000);
      };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      child.on('error', (error) => keep(Buffer.from(String(error))));
      try {
        await waitUntilUp(url, child, () => log);
      } catch (error) {
        child.kill('SIGKILL');
        await waitForExit(child, 2000);
        if (attempt < 3 && /address already in use/i.test(log)) continue;
        throw error;
      }
      const registryDir = dir;
      const server = tokenServer;
      let closed: Promise<void> | null = null;
      return {
        url,
        users,
        ...(server ? { tokenServer: server } : {}),
        dir: registryDir,
        output: () => log,
        close() {
          closed ??= (async () => {
            child.kill('SIGTERM');
            if (!(await waitForExit(child, 3000))) {
              child.kill('SIGKILL');
              await waitForExit(child, 2000);
            }
            await server?.close();
            await rm(registryDir, { recursive: true, force: true });
          })();
          return closed;
        },
      };
    }
  } catch (error) {
    await tokenServer?.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
