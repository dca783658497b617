// `--harbor-version` through the built CLI: each version-dependent fact as a script sees it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taglock } from '../../support/cli.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const dir = mkdtempSync(join(tmpdir(), 'taglock-harbor-version-'));
function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}
const lines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as { immutable: boolean });

describe('taglock eval --harbor-version', () => {
  const teamRules = file('team.json', [wireRule(1, ['repoMatches', 'team/**'], ['matches', 'v*']), wireRule(2, ['repoMatches', 'base'], ['matches', '{v,}[0-9]*'])]);
  const input = [
    { repository: 'team/app', tags: ['v1'], path: 'push' },
    { repository: 'team/app', tags: ['v1'], path: 'retention' }, // a single-tag artifact on the retention path
    { repository: 'team/app', tags: ['v1', 'latest'] }, // several tags: retention by default
    { repository: 'base', tags: ['1.0'] }, // one tag: push by default; {v,}[0-9]* differs between glob libraries
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');

  it.each([
    ['2.15.2', [true, false, false, true]],
    ['v2.16.0', [true, true, true, true]],
    ['v2.10.2-abcdef12', [true, false, false, false]],
    ['v2.10.3-abcdef12', [true, false, false, true]],
  ])('Harbor %s', async (version, expected) => {
    const { status, stdout } = await taglock(['eval', '--rules', teamRules, '--harbor-version', version], { stdin: input });
    expect(status).toBe(0);
    expect(lines(stdout).map((l) => l.immutable)).toEqual(expected);
  });

  it('--dialect overrides only the glob library', async () => {
    const { stdout } = await taglock(['eval', '--rules', teamRules, '--harbor-version', '2.16.0', '--dialect', 'v1.1.1'], { stdin: input });
    expect(lines(stdout).map((l) => l.immutable)).toEqual([true, true, true, false]);
  });

  it('the untagged boundary: a matches rule keeps untagged artifacts on retention before 2.5.0 only', async () => {
    const matches = file('matches.json', [wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]);
    const untagged = JSON.stringify({ repository: 'app', tags: [] });
    const before = await taglock(['eval', '--rules', matches, '--harbor-version', '2.4.3'], { stdin: untagged });
    const after = await taglock(['eval', '--rules', matches, '--harbor-version', '2.5.0'], { stdin: untagged });
    expect([lines(before.stdout)[0]!.immutable, lines(after.stdout)[0]!.immutable]).toEqual([true, false]);
  });

  it('a version newer than the table knows uses the newest known behaviour and says so on stderr', async () => {
    const { status, stdout, stderr } = await taglock(['eval', '--rules', teamRules, '--harbor-version', 'v2.18.0'], { stdin: input });
    expect(status).toBe(0);
    expect(lines(stdout).map((l) => l.immutable)).toEqual([true, true, true, true]);
    expect(stderr).toMatch(/2\.18\.0 is newer than the versions Taglock knows/);
  });

  it('refuses an unreadable version and an unknown path with exit 2 and one line', async () => {
    const bad = await taglock(['eval', '--rules', teamRules, '--harbor-version', 'latest'], { stdin: input });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--harbor-version must look like/);
    const path = await taglock(['eval', '--rules', teamRules], { stdin: JSON.stringify({ repository: 'a', tags: ['v1'], path: 'gc' }) });
    expect(path.status).toBe(2);
    expect(path.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('simulate and lint follow the snapshot recorded version, or --harbor-version', () => {
  const snapshot = file('snapshot.json', snapshotOf({ 'team/app': [artifact(['v1.0.0'])], app: [artifact(['v2'])] }, [wireRule(1, ['repoMatches', 'team/**'], ['matches', 'v*'])]));

  it('simulate counts the locked digests retention\'s own check misses, per version', async () => {
    const recorded = await taglock(['simulate', '--snapshot', snapshot, '--format', 'json']); // the snapshot says v2.15.2
    const fixed = await taglock(['simulate', '--snapshot', snapshot, '--format', 'json', '--harbor-version', '2.16.0']);
    const summary = (stdout: string) => (JSON.parse(stdout) as { harbor: { release: string }; summary: Record<string, number> });
    expect(summary(recorded.stdout).harbor.release).toBe('2.15.2');
    expect(summary(recorded.stdout).summary).toMatchObject({ lockedDigests: 1, retentionProtected: 0, lockedNotRetained: 1 });
    expect(summary(fixed.stdout).summary).toMatchObject({ lockedDigests: 1, retentionProtected: 1, lockedNotRetained: 0 });
    const table = await taglock(['simulate', '--snapshot', snapshot]);
    expect(table.stdout).toMatch(/Locked digests tag retention's own check misses: 1 \(retention in Harbor 2\.15\.2 judges another repository name; the delete it tries is refused/);
  });

  it('lint reports retention-name-quirk with the snapshot repository as the example', async () => {
    const rules = file('lint-rules.json', [wireRule(1, ['repoMatches', 'team/**'], ['matches', 'v*'])]);
    const { stdout } = await taglock(['lint', '--rules', rules, '--snapshot', snapshot]);
    expect(stdout).toMatch(/retention-name-quirk: .*In the snapshot: team\/app \(retention sees `app`\)/);
    const after = await taglock(['lint', '--rules', rules, '--snapshot', snapshot, '--harbor-version', '2.16.0']);
    expect(after.stdout).not.toContain('retention-name-quirk');
  });
});
