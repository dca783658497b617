import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/repo-files.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

// The real command line, as scripts run it: the built entry point in a child process.
const CLI = join(REPO_ROOT, 'dist/electron/cli/main.js');

function taglock(args: string[], stdin = ''): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

let dir: string;
let rulesFile: string;
let snapshotFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'taglock-cli-'));
  rulesFile = join(dir, 'rules.json');
  writeFileSync(rulesFile, JSON.stringify([wireRule(2, ['repoMatches', '**'], ['matches', 'v*']), wireRule(1, ['repoMatches', 'team/**'], ['matches', '['])]));
  snapshotFile = join(dir, 'snapshot.json');
  writeFileSync(snapshotFile, JSON.stringify(snapshotOf({ 'team/app': [artifact(['v1', 'latest'])], nginx: [artifact(['v2']), artifact([])] })));
});

describe('taglock eval', () => {
  it('answers one line per input line, in order, with per-line rules', async () => {
    const input = [
      { repository: 'nginx', tags: ['v1'] },
      { repository: 'nginx', tags: ['latest'] },
      { repository: 'team/app', tags: ['v1'] },
      { repository: 'x', tags: ['v9'], rules: [wireRule(4, ['repoMatches', 'x'], ['excludes', 'v9'])] },
      { repository: 'x', tags: [], rules: [wireRule(4, ['repoMatches', 'x'], ['excludes', 'v9'])] },
    ];
    const { status, stdout, stderr } = await taglock(['eval', '--rules', rulesFile], input.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { immutable: true, rule: 2, error: null },
      { immutable: false, rule: null, error: null },
      { immutable: false, rule: null, error: expect.stringContaining('rule 1') },
      { immutable: false, rule: null, error: null },
      { immutable: true, rule: 4, error: null },
    ]);
  });

  it('reads a file redirected to stdin, every line answered in order across the chunks it is read in', async () => {
    // About 3 MiB of lines, so that many lines straddle two chunks.
    const lines = Array.from({ length: 50_000 }, (_, i) => ({ repository: `team/app-${i % 977}`, tags: [i % 3 === 0 ? `v${i}` : `sha-${i.toString(16)}`] }));
    const input = join(dir, 'many.jsonl');
    writeFileSync(input, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const rules = join(dir, 'v-tags.json');
    writeFileSync(rules, JSON.stringify([wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]));
    const fd = openSync(input, 'r');
    const { status, stdout, stderr } = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'eval', '--rules', rules], { cwd: REPO_ROOT, stdio: [fd, 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ status: code ?? -1, stdout: out, stderr: err }));
    }).finally(() => closeSync(fd));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const answers = stdout.trim().split('\n').map((l) => (JSON.parse(l) as { immutable: boolean }).immutable);
    expect(answers).toEqual(lines.map((l) => l.tags[0]!.startsWith('v')));
  });

  it('honours --dialect', async () => {
    const rules = join(dir, 'braces.json');
    writeFileSync(rules, JSON.stringify([wireRule(1, ['repoMatches', '**'], ['matches', '{v,}[0-9]*'])]));
    const line = JSON.stringify({ repository: 'nginx', tags: ['1.0'] }) + '\n';
    expect(JSON.parse((await taglock(['eval', '--rules', rules], line)).stdout).immutable).toBe(true);
    expect(JSON.parse((await taglock(['eval', '--rules', rules, '--dialect', 'v1.1.1'], line)).stdout).immutable).toBe(false);
  });

  it.each([
    [['eval', '--rules', '/nonexistent/rules.json'], '', 'cannot read rules file /nonexistent/rules.json: no such file'],
    [['eval'], '{"repository":"a","tags":[]}\n', 'line 1: no rules'],
    [['eval', '--rules', 'RULES'], 'not json\n', 'line 1: not valid JSON'],
    [['eval', '--dialect', 'v9'], '', '--dialect must be one of v1.3.4, v1.1.1'],
    [['eval', '--nope'], '', "Unknown option '--nope'"],
    [['frobnicate'], '', 'unknown command "frobnicate"'],
  ])('refuses unusable input with exit 2 and one line: %j', async (args, stdin, message) => {
    const resolved = args.map((a) => (a === 'RULES' ? rulesFile : a));
    const { status, stderr } = await taglock(resolved, stdin);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a malformed rules file naming the field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'one' }]));
    const { status, stderr } = await taglock(['eval', '--rules', bad], '');
    expect(status).toBe(2);
    expect(stderr).toContain('rules[0].id: expected a whole number');
  });
});

describe('taglock simulate', () => {
  it('writes the JSON contract: summary, per-tag and per-digest details', async () => {
    const { status, stdout } = await taglock(['simulate', '--snapshot', snapshotFile, '--rules', rulesFile, '--format', 'json']);
    expect(status).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.summary).toMatchObject({ repositories: 2, artifacts: 3, tags: 3, immutableTags: 1, lockedDigests: 1 });
    expect(out.tags.find((t: any) => t.tag === 'v2')).toMatchObject({ repository: 'nginx', immutable: true, rule: 2 });
    expect(out.tags.find((t: any) => t.tag === 'v1')).toMatchObject({ repository: 'team/app', immutable: false, error: expect.stringContaining('rule 1') });
    expect(out.digests).toHaveLength(3);
    expect(out.digests.filter((d: any) => d.locked)).toHaveLength(1);
  });

  it('prints a table for people', async () => {
    const { status, stdout } = await taglock(['simulate', '--snapshot', snapshotFile, '--rules', rulesFile]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/Immutable tags:\s+1/);
    expect(stdout).toContain('library/nginx');
  });

  it('without --rules uses the rules in force and checks Harbor verdicts; refuses when there are none', async () => {
    const { status, stderr } = await taglock(['simulate', '--snapshot', snapshotFile]);
    expect(status).toBe(2);
    expect(stderr).toContain('pass --rules');
    const demo = join(dir, 'demo.json');
    expect((await taglock(['demo-snapshot', '--out', demo])).status).toBe(0);
    const { stdout } = await taglock(['simulate', '--snapshot', demo]);
    expect(stdout).toMatch(/Harbor's own verdict agrees on all \d+ tags/);
  });

  it('refuses a malformed snapshot naming the bad field, and leaves no temporary files behind', async () => {
    const bad = join(dir, 'bad-snapshot.json');
    writeFileSync(bad, JSON.stringify({ ...snapshotOf({}), registry: { kind: 'harbor' } }));
    const { status, stderr } = await taglock(['simulate', '--snapshot', bad, '--rules', rulesFile]);
    expect(status).toBe(2);
    expect(stderr).toContain('registry.dialect');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('taglock lint', () => {
  it('reports findings and exits 1 on errors', async () => {
    const { status, stdout } = await taglock(['lint', '--rules', rulesFile, '--snapshot', snapshotFile]);
    expect(status).toBe(1);
    expect(stdout).toContain('syntax-error');
    expect(stdout).toContain('stops-later-rules');
  });

  it('judges the rules in their own project: a proxy cache\'s library/** is no error, the library project\'s is', async () => {
    // A whole Harbor: the library project created at installation, and a Docker Hub proxy cache.
    const whole = join(dir, 'whole-harbor.json');
    const library = snapshotOf({ app: [artifact(['1.0'])] }, null, 'library');
    const proxy = snapshotOf({ 'library/nginx': [artifact(['1.27'])] }, null, 'dockerhub');
    writeFileSync(whole, JSON.stringify({ ...library, projects: [library.projects[0], { ...proxy.projects[0]!, id: 2 }] }));
    const rules = join(dir, 'proxy-rules.json');
    writeFileSync(rules, JSON.stringify([{ ...wireRule(1, ['repoMatches', 'library/**'], ['matches', '*.*']), project_id: 2 }]));
    const own = await taglock(['lint', '--rules', rules, '--snapshot', whole, '--format', 'json']);
    expect(own.status).toBe(0);
    expect(JSON.parse(own.stdout).findings.map((f: { code: string }) => f.code)).not.toContain('project-prefix');
    const named = await taglock(['lint', '--rules', rules, '--snapshot', whole, '--project', 'library', '--format', 'json']);
    expect(named.status).toBe(1);
    expect(JSON.parse(named.stdout).findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { code: string }) => f.code)).toEqual(['project-prefix']);
  });

  it('"/" inside braces under doublestar v1.3.4 is a warning, not an exit 1', async () => {
    const braces = join(dir, 'braces-slash.json');
    writeFileSync(braces, JSON.stringify([wireRule(1, ['repoExcludes', '{**/trigger-pipeline,**/builder-go}'], ['matches', 'v*'])]));
    const { status, stdout } = await taglock(['lint', '--rules', braces, '--dialect', 'v1.3.4']);
    expect(status).toBe(0);
    expect(stdout).toContain('brace-quirk');
    expect(stdout).not.toContain('syntax-error');
  });

  it('shows the moving tags a rule locks in a mirror, instead of the name-only warning', async () => {
    const tag = (name: string, pushTime = '2026-01-05T00:00:00Z') => ({ name, pushTime, pullTime: null, immutable: null });
    const snapshot = snapshotOf(
      {
        'library/nginx': [
          { ...artifact([]), pushTime: '2026-01-05T00:00:00Z', tags: [tag('1.27.3'), tag('1.27'), tag('mainline')] },
          { ...artifact([]), pushTime: '2026-01-05T00:00:00Z', tags: [tag('1.26.2')] },
        ],
      },
      null,
      'hub',
    );
    snapshot.projects[0]!.proxyCache = { id: 1, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub' };
    const mirrorFile = join(dir, 'mirror-snapshot.json');
    writeFileSync(mirrorFile, JSON.stringify(snapshot));
    const allTags = join(dir, 'all-tags.json');
    writeFileSync(allTags, JSON.stringify([wireRule(1, ['repoMatches', '**'], ['matches', '**'])]));

    const text = await taglock(['lint', '--rules', allTags, '--snapshot', mirrorFile]);
    expect(text.status).toBe(0);
    const line = text.stdout.split('\n').find((l) => l.includes('locks-moving-tags:'));
    expect(line).toMatch(/^warning +rule 1 +locks-moving-tags: It makes 2 moving tags in project hub of the snapshot immutable \(1 version alias, 1 channel name\)/);
    expect(line).toContain('library/nginx:1.27 is a version alias of 1.27.3 on the same digest');
    expect(line).toContain('library/nginx:mainline is a channel name');
    expect(line).toContain('Project hub is a proxy cache of docker-hub (https://hub.docker.com): locking them breaks the mirror');
    expect(text.stdout).not.toContain('ci-moving-tags:');

    const json = await taglock(['lint', '--rules', allTags, '--snapshot', mirrorFile, '--format', 'json']);
    const findings = JSON.parse(json.stdout).findings as Array<{ code: string; ruleIndex: number }>;
    expect(findings.filter((f) => f.code === 'locks-moving-tags').map((f) => f.ruleIndex)).toEqual([0]);
    // Without the snapshot only the name-based warning is left.
    const bare = await taglock(['lint', '--rules', allTags]);
    expect(bare.stdout).toContain('ci-moving-tags:');
    expect(bare.stdout).not.toContain('locks-moving-tags');
  });

  it('exits 0 when there is nothing worse than a warning', async () => {
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, JSON.stringify([wireRule(1, ['repoMatches', '**'], ['matches', 'v*.*.*'])]));
    const { status, stdout } = await taglock(['lint', '--rules', ok, '--format', 'json']);
    expect(status).toBe(0);
    expect(JSON.parse(stdout).findings).toEqual([]);
  });
});
