import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/repo-files.js';
import { call, exchange, openEvents } from './http.js';
import { throwawayRenderer } from './renderer-dir.js';

// The programs as users run them, in child processes: the built host entry (what `npm start` runs
// without Electron) and the launcher itself.
const HOST = join(REPO_ROOT, 'dist/electron/host/main.js');
const START = join(REPO_ROOT, 'scripts/start.mjs');
const RENDERER_BUILT = existsSync(join(REPO_ROOT, 'dist/renderer/index.html'));
const SHELL_BUILT = existsSync(join(REPO_ROOT, 'dist/electron/shell/main.js'));
const LINE = /^Taglock is running at (http:\/\/127\.0\.0\.1:(\d+)\/#code=([A-Za-z0-9_-]{43}))$/;

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `script`, directly or (`inShell`) as the last command of a shell that does not hand its process over. */
function run(script: string, env: Record<string, string | undefined> = {}, inShell = false): Running {
  if (!existsSync(script)) throw new Error(`${script} is missing: build first (npx tsc -p tsconfig.json)`);
  const base: Record<string, string | undefined> = { ...process.env, TAGLOCK_DATA_DIR: mkdtempSync(join(tmpdir(), 'taglock-main-')) };
  delete base.TAGLOCK_PORT;
  // Serve a throwaway UI while dist/renderer is not built (the default folder is used when it is).
  if (!RENDERER_BUILT) base.TAGLOCK_RENDERER_DIR = throwawayRenderer();
  const child = inShell
    ? spawn('sh', ['-c', '"$0" "$1"; exit $?', process.execPath, script], { cwd: REPO_ROOT, env: { ...base, ...env } })
    : spawn(process.execPath, [script], { cwd: REPO_ROOT, env: { ...base, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

async function announced(running: Running): Promise<{ url: string; origin: string; code: string; port: number }> {
  const deadline = Date.now() + 30_000;
  while (!running.stdout().includes('\n')) {
    if (running.child.exitCode !== null) throw new Error(`exited early: ${running.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no announcement; stderr: ${running.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const match = LINE.exec(running.stdout().split('\n')[0]!);
  expect(match, running.stdout()).not.toBeNull();
  const url = match![1]!;
  return { url, origin: new URL(url).origin, code: match![3]!, port: Number(match![2]) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('node dist/electron/host/main.js', () => {
  it('prints exactly one stdout line with the URL, serves it, and stops cleanly on SIGTERM', async () => {
    const running = run(HOST);
    try {
      const { url, origin, code } = await announced(running);
      const page = await fetch(url); // the fragment stays in the client
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<html');
      // The printed code is good for one exchange, as the page makes it.
      const granted = await exchange(origin, code);
      expect(granted.status).toBe(200);
      const { token } = (granted.json() as { value: { token: string } }).value;
      expect((await exchange(origin, code)).status).toBe(401);
      const info = await call(origin, token, 'appInfo', []);
      expect(info.json()).toMatchObject({ ok: true, value: { shell: 'browser', canKeepSecrets: false } });
      const events = await openEvents(origin, token);
      expect(events.status).toBe(200);

      running.child.kill('SIGTERM');
      expect(await running.exit).toEqual({ code: 0, signal: null });
      expect(running.stdout()).toBe(`Taglock is running at ${url}\n`);
      const stderr = running.stderr().trim().split('\n');
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(/browser version/i);
      expect(stderr[0]).toMatch(/npm start/);
      expect(running.stdout()).not.toContain(token);
      expect(running.stderr()).not.toContain(token);
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  it('stops on SIGINT too, even when it arrives twice', async () => {
    const running = run(HOST);
    try {
      await announced(running);
      running.child.kill('SIGINT');
      running.child.kill('SIGINT');
      expect(await running.exit).toEqual({ code: 0, signal: null });
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  it('listens on TAGLOCK_PORT when given', async () => {
    const port = await freePort();
    const running = run(HOST, { TAGLOCK_PORT: String(port) });
    try {
      expect((await announced(running)).port).toBe(port);
      running.child.kill('SIGTERM');
      expect((await running.exit).code).toBe(0);
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  it('refuses an unusable TAGLOCK_PORT with one line and exit 1', async () => {
    const running = run(HOST, { TAGLOCK_PORT: 'eighty' });
    expect((await running.exit).code).toBe(1);
    expect(running.stdout()).toBe('');
    expect(running.stderr()).toMatch(/^taglock: cannot start the browser host: TAGLOCK_PORT must be a port number.*\n$/);
  });
});

describe('npm start (scripts/start.mjs)', () => {
  // run() points TAGLOCK_RENDERER_DIR at a throwaway UI when dist/renderer is missing, so the launcher
  // finds its build output and does not start a full build here.
  it('runs the browser host when no Electron binary exists, forwarding signals', async () => {
    const running = run(START, { ELECTRON_OVERRIDE_DIST_PATH: undefined });
    try {
      const { url } = await announced(running);
      expect((await fetch(url)).status).toBe(200);
      running.child.kill('SIGTERM');
      expect(await running.exit).toEqual({ code: 0, signal: null });
      expect(running.stdout()).toBe(`Taglock is running at ${url}\n`);
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  it.skipIf(process.platform === 'win32')('stops the app when the shell npm ran it in dies without passing a signal on', async () => {
    const running = run(START, { ELECTRON_OVERRIDE_DIST_PATH: undefined }, true);
    let launcher = 0;
    try {
      const { url } = await announced(running);
      expect((await fetch(url)).status).toBe(200);
      launcher = Number(spawnSync('pgrep', ['-P', String(running.child.pid)], { encoding: 'utf8' }).stdout.trim());
      expect(launcher).toBeGreaterThan(0);
      // What npm's shell does when npm is stopped by its process id: it goes, the launcher stays.
      const shellGone = new Promise((resolve) => running.child.once('exit', resolve));
      running.child.kill('SIGKILL');
      await shellGone;
      const deadline = Date.now() + 10_000;
      let stillServing = true;
      while (stillServing && Date.now() < deadline) {
        stillServing = await fetch(url).then(
          () => true,
          () => false,
        );
        if (stillServing) await new Promise((r) => setTimeout(r, 100));
      }
      expect(stillServing, 'the app still answers 10 s after its launcher was orphaned').toBe(false);
    } finally {
      running.child.kill('SIGKILL');
      // Should it have failed, the launcher passes this on to the app.
      if (launcher > 0) {
        try {
          process.kill(launcher, 'SIGTERM');
        } catch {
          // Gone already, as it should be.
        }
      }
    }
  });

  // Electron always loads dist/: without the shell and the UI built, the launcher would build first.
  it.skipIf(!RENDERER_BUILT || !SHELL_BUILT || process.platform === 'win32')('starts Electron on the app when its binary exists', async () => {
    // The electron package honours ELECTRON_OVERRIDE_DIST_PATH: point it at a stand-in binary.
    const dir = mkdtempSync(join(tmpdir(), 'taglock-fake-electron-'));
    const binary = join(dir, 'electron');
    writeFileSync(binary, '#!/bin/sh\necho "electron $* in $(pwd) run-as-node=[$ELECTRON_RUN_AS_NODE]"\nexit 7\n');
    chmodSync(binary, 0o755);
    const running = run(START, { ELECTRON_OVERRIDE_DIST_PATH: dir, ELECTRON_RUN_AS_NODE: '1' });
    expect((await running.exit).code).toBe(7);
    expect(running.stdout()).toBe(`electron . in ${REPO_ROOT} run-as-node=[]\n`);
  });
});
