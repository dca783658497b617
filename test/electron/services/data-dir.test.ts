/**
 * One data folder for the desktop app, the browser host and the command line: the same default per
 * platform, the same TAGLOCK_DATA_DIR, owner-only modes, and data from the old place moved once. The
 * doors run as the built programs in child processes with their own HOME, so real folders are checked.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDirFor, legacyDataDirFor, moveLegacyData } from '../../../electron/services/data-dir.js';
import { startHarborServer } from '../../support/harbor-server/index.js';
import type { HarborServer } from '../../support/harbor-server/index.js';
import { taglock } from '../../support/cli.js';
import { REPO_ROOT } from '../../support/repo-files.js';
import { wireRule } from '../../support/snapshots.js';
import { value } from '../host/http.js';
import { throwawayRenderer } from '../host/renderer-dir.js';

const HOST_MODULE = join(REPO_ROOT, 'dist/electron/host/start-host.js');
const mode = (path: string) => statSync(path).mode & 0o777;
const scratch: string[] = [];
const tempDir = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `taglock-${label}-`));
  scratch.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A user's environment with nothing of this machine's Taglock data in it. */
function userEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  // Empty counts as unset for Taglock; it keeps the test run's own values out of the child.
  return { HOME: home, USERPROFILE: home, XDG_CONFIG_HOME: '', APPDATA: '', TAGLOCK_DATA_DIR: '', ...extra };
}

/**
 * The built browser host, started with no data folder given (so it opens the default one, as its program
 * does), in a child process with the given environment; `use` gets its origin and session token.
 */
async function withHost<T>(env: Record<string, string>, use: (origin: string, token: string) => Promise<T>): Promise<{ result: T; stderr: string }> {
  const program = `import(${JSON.stringify(HOST_MODULE)}).then(async ({ startHost }) => {
    const host = await startHost({ rendererDir: ${JSON.stringify(throwawayRenderer())} });
    process.stdout.write(JSON.stringify({ origin: host.origin, token: host.token }) + '\\n');
    process.on('SIGTERM', () => void host.close().then(() => process.exit(0)));
  })`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('\n')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the host did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const { origin, token } = JSON.parse(stdout) as { origin: string; token: string };
    const result = await use(origin, token);
    return { result, stderr };
  } finally {
    child.kill('SIGTERM');
    await closed;
  }
}

describe('the default data folder per platform', () => {
  it('is where Electron keeps an app named Taglock, for every door', () => {
    expect(dataDirFor({}, 'linux', '/home/ana')).toBe('/home/ana/.config/Taglock');
    expect(dataDirFor({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ana')).toBe('/cfg/Taglock');
    expect(dataDirFor({ XDG_CONFIG_HOME: '' }, 'freebsd', '/home/ana')).toBe('/home/ana/.config/Taglock');
    expect(dataDirFor({ XDG_CONFIG_HOME: '/cfg' }, 'darwin', '/Users/ana')).toBe('/Users/ana/Library/Application Support/Taglock');
    expect(dataDirFor({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Roaming\\Taglock');
    expect(dataDirFor({}, 'win32', 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Roaming\\Taglock');
  });

  it('TAGLOCK_DATA_DIR replaces it (made absolute) and turns the move from the old place off', () => {
    expect(dataDirFor({ TAGLOCK_DATA_DIR: 'rel/data' }, 'linux', '/home/ana')).toBe(join(process.cwd(), 'rel/data'));
    expect(legacyDataDirFor({ TAGLOCK_DATA_DIR: '/data' }, 'linux', '/home/ana')).toBeNull();
    expect(legacyDataDirFor({}, 'linux', '/home/ana')).toBe('/home/ana/.config/taglock');
    expect(legacyDataDirFor({}, 'darwin', '/Users/ana')).toBe('/Users/ana/.config/taglock');
  });
});

describe('moving data from the old place', () => {
  it('merges publish histories by time and snapshot catalogues by id; keeps what the new folder already has', () => {
    const root = tempDir('merge');
    const legacy = join(root, 'old');
    const target = join(root, 'new');
    mkdirSync(join(legacy, 'snapshots'), { recursive: true });
    mkdirSync(join(target, 'snapshots'), { recursive: true });
    writeFileSync(join(legacy, 'publish-history.jsonl'), '{"at":"2026-01-02T00:00:00.000Z","n":"cli"}\n');
    writeFileSync(join(target, 'publish-history.jsonl'), '{"at":"2026-01-01T00:00:00.000Z","n":"app1"}\n{"at":"2026-01-03T00:00:00.000Z","n":"app2"}\n');
    writeFileSync(join(legacy, 'snapshots', 'catalogue.json'), JSON.stringify([{ id: 'a' }, { id: 'b', from: 'old' }]));
    writeFileSync(join(target, 'snapshots', 'catalogue.json'), JSON.stringify([{ id: 'b', from: 'new' }]));
    writeFileSync(join(legacy, 'snapshots', 'a.json'), '{}', { mode: 0o644 });
    writeFileSync(join(legacy, 'connections.json'), '{"old":true}');
    writeFileSync(join(target, 'connections.json'), '{"new":true}');

    const notice = moveLegacyData(legacy, target);
    expect(notice).toBe(
      `Taglock moved its data from ${legacy} to ${target}, the one data folder of the app, the browser host and the command line. ${target} already had connections.json: that one was left in ${legacy}.`,
    );
    const history = readFileSync(join(target, 'publish-history.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { n: string }).n);
    expect(history).toEqual(['app1', 'cli', 'app2']);
    expect(JSON.parse(readFileSync(join(target, 'snapshots', 'catalogue.json'), 'utf8'))).toEqual([{ id: 'b', from: 'new' }, { id: 'a' }]);
    expect(mode(join(target, 'snapshots', 'a.json'))).toBe(0o600);
    expect(readFileSync(join(target, 'connections.json'), 'utf8')).toBe('{"new":true}');
    expect(readdirSync(legacy)).toEqual(['connections.json']);
  });

  it('does nothing when the old folder is missing or is the new one', () => {
    const root = tempDir('same');
    expect(moveLegacyData(join(root, 'missing'), join(root, 'new'))).toBeNull();
    expect(moveLegacyData(root, root)).toBeNull();
  });
});

describe('the doors share one folder', () => {
  let server: HarborServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('the browser host moves the old folder once, with a notice, and keeps everything owner-only', async () => {
    const home = tempDir('home');
    const legacy = join(home, '.config', 'taglock');
    mkdirSync(join(legacy, 'snapshots'), { recursive: true, mode: 0o755 });
    writeFileSync(join(legacy, 'connections.json'), JSON.stringify({ profiles: [] }), { mode: 0o644 });
    writeFileSync(join(legacy, 'publish-history.jsonl'), '', { mode: 0o644 });
    const target = join(home, '.config', 'Taglock');

    const first = await withHost(userEnv(home), async () => undefined);
    expect(first.stderr).toContain(`Taglock moved its data from ${legacy} to ${target}`);
    expect(existsSync(legacy)).toBe(false);
    expect(mode(target)).toBe(0o700);
    expect(mode(join(target, 'snapshots'))).toBe(0o700);
    expect(mode(join(target, 'connections.json'))).toBe(0o600);
    expect(mode(join(target, 'publish-history.jsonl'))).toBe(0o600);

    const second = await withHost(userEnv(home), async () => undefined);
    expect(second.stderr).not.toContain('moved its data');
  });

  it('a new data folder gets 0700 and the browser host writes its settings 0600', async () => {
    const home = tempDir('modes');
    const dataDir = join(home, 'nested', 'data');
    await withHost(userEnv(home, { TAGLOCK_DATA_DIR: dataDir }), (origin, token) =>
      value(origin, token, 'saveConnection', [{ name: 'local', url: 'https://registry.invalid', kind: 'harbor', username: null, caFile: null, insecure: false, projects: [] }]),
    );
    expect(mode(dataDir)).toBe(0o700);
    const settings = readdirSync(dataDir).filter((name) => name.endsWith('.json'));
    expect(settings).toEqual(['connections.json']);
    expect(mode(join(dataDir, 'connections.json'))).toBe(0o600);
  });

  for (const setting of ['the default folder', 'TAGLOCK_DATA_DIR'] as const) {
    it(`a publish by the command line shows in the app's history (${setting})`, async () => {
      const admin = { username: 'admin', password: 'Harbor-Pass-1' };
      server = await startHarborServer({
        users: [{ ...admin, sysadmin: true }],
        projects: [{ name: 'shop', rules: [wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])] }],
      });
      const home = tempDir('shared-history');
      const env = userEnv(home, setting === 'TAGLOCK_DATA_DIR' ? { TAGLOCK_DATA_DIR: join(home, 'elsewhere') } : {});
      const rules = join(home, 'rules.json');
      writeFileSync(rules, JSON.stringify([wireRule(1, ['repoMatches', '**'], ['matches', 'v*']), wireRule(undefined, ['repoMatches', '**'], ['matches', 'release-*'])]));
      const apply = await taglock(['apply', '--url', server.url, '--project', 'shop', '--rules', rules, '--yes', '--username', admin.username, '--password-stdin'], { stdin: admin.password, env });
      expect(apply.status, apply.stderr).toBe(0);

      const folder = setting === 'TAGLOCK_DATA_DIR' ? join(home, 'elsewhere') : join(home, '.config', 'Taglock');
      expect(mode(join(folder, 'publish-history.jsonl'))).toBe(0o600);
      const { result: history } = await withHost(env, (origin, token) => value<{ project: string; outcome: string; registry: string }[]>(origin, token, 'publishHistory'));
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ project: 'shop', outcome: 'applied' });
    });
  }
});
