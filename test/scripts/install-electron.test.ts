/**
 * `npm install`'s postinstall step (scripts/install-electron.mjs) and the binary lookup that `npm start`,
 * the browser host's hint and the smoke test share. Real child processes; downloads go to a closed
 * loopback port so the failure path is the same with or without network.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installedElectronBinary } from '../../electron/services/electron-binary.js';
import { REPO_ROOT } from '../support/repo-files.js';

const SCRIPT = join(REPO_ROOT, 'scripts/install-electron.mjs');
const LOOKUP = join(REPO_ROOT, 'scripts/electron-binary.mjs');
const REAL_BINARY = installedElectronBinary({});

function postinstall(env: Record<string, string | undefined>) {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
  const result = spawnSync(process.execPath, [SCRIPT], { cwd: REPO_ROOT, env: merged, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, lines: result.stdout.split('\n').filter((line) => line !== ''), stderr: result.stderr };
}

const fakeDist = mkdtempSync(join(tmpdir(), 'taglock-fake-electron-dist-'));
writeFileSync(join(fakeDist, 'electron'), '#!/bin/sh\nexit 0\n');
chmodSync(join(fakeDist, 'electron'), 0o755);
afterAll(() => rmSync(fakeDist, { recursive: true, force: true }));

describe('npm install: the Electron binary where it can be had', () => {
  it.skipIf(REAL_BINARY !== null)('with ELECTRON_SKIP_BINARY_DOWNLOAD it says so in one line and succeeds', () => {
    const run = postinstall({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_OVERRIDE_DIST_PATH: undefined });
    expect(run.status).toBe(0);
    expect(run.lines).toEqual([expect.stringMatching(/^Electron binary not installed: ELECTRON_SKIP_BINARY_DOWNLOAD is set; npm start runs the browser version/)]);
    expect(run.stderr).toBe('');
  });

  it.skipIf(REAL_BINARY !== null)('when the download fails it says why in one line and succeeds', () => {
    // Port 1 on loopback refuses at once: the same "no network" answer everywhere.
    const run = postinstall({ ELECTRON_SKIP_BINARY_DOWNLOAD: undefined, ELECTRON_OVERRIDE_DIST_PATH: undefined, ELECTRON_MIRROR: 'http://127.0.0.1:1/', electron_config_cache: fakeDist });
    expect(run.status).toBe(0);
    expect(run.lines).toEqual([expect.stringMatching(/^Electron binary not installed \(.*fetch failed.*\); npm start runs the browser version/)]);
    expect(run.stderr).toBe('');
  });

  it('with a binary already in place it prints nothing and leaves it alone', () => {
    const run = postinstall({ ELECTRON_SKIP_BINARY_DOWNLOAD: undefined, ELECTRON_OVERRIDE_DIST_PATH: fakeDist });
    expect(run).toMatchObject({ status: 0, lines: [], stderr: '' });
  });
});

describe('finding the Electron binary without installing it', () => {
  it('the compiled side and the scripts agree, and honour ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const scripts = (await import(LOOKUP)) as { installedElectronBinary(root: string, env: NodeJS.ProcessEnv): string | null };
    expect(installedElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: fakeDist })).toBe(join(fakeDist, 'electron'));
    expect(scripts.installedElectronBinary(REPO_ROOT, { ELECTRON_OVERRIDE_DIST_PATH: fakeDist })).toBe(join(fakeDist, 'electron'));
    const empty = mkdtempSync(join(tmpdir(), 'taglock-no-electron-'));
    try {
      expect(installedElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: empty })).toBeNull();
      expect(scripts.installedElectronBinary(REPO_ROOT, { ELECTRON_OVERRIDE_DIST_PATH: empty })).toBeNull();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(scripts.installedElectronBinary(REPO_ROOT, {})).toBe(REAL_BINARY);
  });

  it('looking up a missing binary starts no download and prints nothing', () => {
    const lookup = `import('${LOOKUP}').then((m) => m.installedElectronBinary('${REPO_ROOT}'))`;
    const result = spawnSync(process.execPath, ['-e', `${lookup}.then(() => import('${join(REPO_ROOT, 'dist/electron/host/desktop-hint.js')}')).then((m) => m.desktopHint())`], {
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:1/' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
  });
});
