// Hostile files and output paths through the built CLI: clean refusals with one line, nothing injected
// into the terminal, output files handled like the tools admins trust.
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HarborServer } from '../../support/harbor-server/index.js';
import { ADMIN, startShop } from '../../support/harbor-fixture.js';
import { startTaglock, taglock } from '../../support/cli.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const dir = mkdtempSync(join(tmpdir(), 'taglock-hostile-'));
function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' || value instanceof Buffer ? value : JSON.stringify(value));
  return path;
}
const oneLine = (stderr: string) => stderr.trim().split('\n');

let server: HarborServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('hostile snapshots and rule files', () => {
  it('prints names with escape sequences and line breaks as visible text, never as terminal commands', async () => {
    const evil = 'app\u001b]0;pwned\u0007\u001b[2J\nApplied 3 change(s); verified';
    const snapshot = file('evil.json', snapshotOf({ [evil]: [artifact(['v1.0.0\u001b[31m'])] }, [wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]));
    const { status, stdout } = await taglock(['simulate', '--snapshot', snapshot]);
    expect(status).toBe(0);
    expect(stdout).not.toMatch(/\u001b/);
    expect(stdout).not.toMatch(/^Applied 3 change/m);
    expect(stdout).toContain('app\\u001b]0;pwned\\u0007\\u001b[2J\\nApplied 3 change(s); verified');
  });

  it('simulates 130,000 repositories without overflowing the call stack', async () => {
    const repositories = Object.fromEntries(Array.from({ length: 130_000 }, (_, i) => [`r${i}`, [artifact([])]]));
    const snapshot = file('wide.json', snapshotOf(repositories, []));
    const { status, stdout, stderr } = await taglock(['simulate', '--snapshot', snapshot]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/in 130000 repositories/);
  });

  it('refuses a pattern past Taglock\'s bounds (length, brace nesting) with exit 2 and one short line', async () => {
    const long = file('long.json', [wireRule(1, ['repoMatches', '**'], ['matches', 'a'.repeat(10 * 1024 * 1024)])]);
    const nested = file('nested.json', [wireRule(1, ['repoMatches', '**'], ['matches', '{'.repeat(40) + 'a' + '}'.repeat(40)])]);
    const candidate = JSON.stringify({ repository: 'app', tags: ['v1'] });
    for (const [rules, text] of [[long, /10,485,760 characters long; Taglock matches patterns of up to 2,048 \(Harbor stores anything\)/], [nested, /nests braces 40 deep/]] as const) {
      const { status, stderr } = await taglock(['eval', '--rules', rules], { stdin: candidate });
      expect(status).toBe(2);
      expect(oneLine(stderr)).toHaveLength(1);
      expect(stderr).toMatch(text);
      expect(stderr.length).toBeLessThan(400);
    }
  });

  it('refuses a file that is not UTF-8, naming the byte offset, instead of replacing the byte', async () => {
    const json = Buffer.from(JSON.stringify([wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]));
    const broken = Buffer.concat([json.subarray(0, 20), Buffer.from([0xc3, 0x28]), json.subarray(20)]);
    const { status, stderr } = await taglock(['lint', '--rules', file('latin.json', broken)]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/is not valid UTF-8: byte 20 \(0xc3\) starts a character that byte 21 \(0x28\) does not continue/);
  });
});

describe('output files', () => {
  const auth = () => ['--url', server!.url, '--username', ADMIN.username, '--password-stdin'];

  it('checks --out before any network work', async () => {
    server = await startShop();
    const { status, stderr } = await taglock(['snapshot', ...auth(), '--out', join(dir, 'no-such-folder', 's.json')], { stdin: ADMIN.password });
    expect(status).toBe(2);
    expect(stderr).toMatch(/cannot write snapshot file .*no such folder|no folder/);
    expect(server.requests).toEqual([]);
  });

  it('writes into /dev/null without replacing the device', async () => {
    const { status } = await taglock(['demo-snapshot', '--out', '/dev/null']);
    expect(status).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('follows a symlink and replaces its target, keeps the existing mode, and removes temporaries of killed runs', async () => {
    const target = file('target.json', 'old');
    chmodSync(target, 0o644);
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    const stale = join(dir, '.target.json.taglock-999999-abcdef.tmp'); // a run that was killed mid-write
    writeFileSync(stale, 'half');
    const { status, stderr } = await taglock(['demo-snapshot', '--out', link]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(JSON.parse(readFileSync(target, 'utf8')).format).toBe('taglock-snapshot');
    expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('Ctrl-C during a snapshot cancels, writes nothing and exits 130', async () => {
    server = await startShop({ latencyMs: 300 });
    const out = join(dir, 'cancelled.json');
    const cli = startTaglock(['snapshot', ...auth(), '--out', out], { stdin: ADMIN.password });
    await cli.waitFor(/requests/); // the fetch is under way (its first progress line)
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.status).toBe(130);
    expect(existsSync(out)).toBe(false);
  });
});
