// Runs in Node (test).
/** The Terraform commands of the built command line: import, plan --terraform offline, check, export. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTaglock } from '../../support/cli.js';
import { fixturePath } from '../../support/repo-files.js';
import { wireRule } from '../../support/snapshots.js';

const taglock = (args: string[]) => startTaglock(args).done;
const fixture = (...parts: string[]) => fixturePath('terraform', ...parts);
const snapshot = () => fixture('ci-change', 'snapshot.json');

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'taglock-terraform-cli-'));
});

describe('taglock import', () => {
  it("writes one project's rules as Harbor's list format, and the provider's change of meaning on stderr", async () => {
    const { status, stdout, stderr } = await taglock(['import', '--terraform', fixture('provider-docs-example')]);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      wireRule(undefined, ['repoMatches', '**'], ['matches', 'v2.*'], true),
    ]);
    expect(stderr).toContain('taglock: harbor_immutable_tag_rule.main (main.tf): both tag_matching and tag_excluding are set: the provider sends only tag_matching = "v2.*"');
  });

  it('writes an object by project for several projects, and exits 1 when a rule could not be converted', async () => {
    const { status, stdout, stderr } = await taglock(['import', '--terraform', fixture('real-world')]);
    expect(status).toBe(1);
    const byProject = JSON.parse(stdout) as Record<string, unknown[]>;
    expect(Object.keys(byProject)).toEqual(['payments', 'search', 'shared-base']);
    expect(byProject.search).toHaveLength(2);
    expect(stderr).toContain('harbor_immutable_tag_rule.computed (rules.tf): not converted: format("v%d.*", var.major) uses the function format()');
    expect(stderr).toContain('the output is incomplete');
  });

  it('selects a project with --project, and names projects given by number from a snapshot', async () => {
    const one = await taglock(['import', '--terraform', fixture('real-world'), '--project', 'search']);
    expect(JSON.parse(one.stdout).map((r: { tag_selectors: { pattern: string }[] }) => r.tag_selectors[0]!.pattern)).toEqual(['rc,test,latest', '{v,release-}[0-9]*']);
    const named = await taglock(['import', '--terraform', fixture('ci-change'), '--snapshot', snapshot()]);
    expect(named.status).toBe(0);
    const rules = JSON.parse(named.stdout) as { id?: number; project_id?: number }[];
    expect(rules.map((r) => [r.id, r.project_id])).toEqual([
      [11, 7],
      [undefined, 7],
      [undefined, 7],
    ]);
  });

  it('reads state JSON', async () => {
    const { status, stdout } = await taglock(['import', '--terraform', fixture('state', 'terraform-show.json')]);
    expect(status).toBe(0);
    expect(JSON.parse(stdout).map((r: { id: number; disabled: boolean }) => [r.id, r.disabled])).toEqual([
      [11, false],
      [12, true],
    ]);
  });

  it('refuses a missing folder as unusable input', async () => {
    const { status, stderr } = await taglock(['import', '--terraform', join(scratch, 'nope')]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^taglock: cannot read Terraform at .*nope: no such file or folder\n$/);
  });
});

describe('taglock plan --terraform against a snapshot', () => {
  it('plans the change against the recorded rules and shows its effect', async () => {
    const { status, stdout, stderr } = await taglock(['plan', '--terraform', fixture('ci-change'), '--snapshot', snapshot()]);
    expect(status).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`Plan for project library against the rules recorded in ${snapshot()} (fetched 2026-11-01T00:00:00Z): 2 rule(s) recorded, 3 desired.`);
    expect(lines.slice(1, 4)).toEqual([
      '1. create a rule (repositories repoMatches "app", tags excludes "rc,test")',
      '2. create a rule (repositories repoMatches "web", tags matches "build-[0-9")',
      '3. delete rule #12 (repositories repoMatches "legacy/**", tags matches "**")',
    ]);
    expect(lines[4]).toBe('Effect on the snapshot: immutable tags 5 -> 6 (+3 / -2), locked digests 5 -> 5 (+2 / -2).');
    expect(stderr).toContain("taglock: note: the configuration's rules are taken as the project's whole rule list; Terraform itself leaves rules it does not manage");
  });

  it('refuses a project the input has no rule for when it has rules for another (no plan deleting everything)', async () => {
    const { status, stderr } = await taglock(['plan', '--terraform', fixture('ci-change'), '--snapshot', snapshot(), '--project', 'shop']);
    expect(status).toBe(2);
    expect(stderr).toContain('taglock: plan: the Terraform input has no rule for project shop, only for library\n');
  });

  it('says when the configuration already matches', async () => {
    const same = join(scratch, 'same');
    const rules = JSON.parse(readFileSync(snapshot(), 'utf8')).projects[0].rules;
    const { stdout: exported } = await taglock(['export', '--rules', writeJson('recorded.json', rules), '--format', 'terraform']);
    writeTf(same, exported);
    const { status, stdout } = await taglock(['plan', '--terraform', same, '--snapshot', snapshot(), '--format', 'json']);
    expect(status).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.project).toBe('library');
    expect(plan.steps).toEqual([]);
    expect(plan.effect.newlyImmutableTags + plan.effect.freedTags).toBe(0);
  });
});

describe('taglock check', () => {
  it('writes the pull-request comment of the golden file and exits 1', async () => {
    const { status, stdout } = await taglock(['check', '--terraform', fixture('ci-change'), '--snapshot', snapshot(), '--format', 'markdown']);
    expect(stdout).toBe(readFileSync(fixture('ci-change', 'check.golden.md'), 'utf8'));
    expect(status).toBe(1);
  });

  it('passes (exit 0) a change within the limits, and reports it as JSON', async () => {
    const rules = JSON.parse(readFileSync(snapshot(), 'utf8')).projects[0].rules.filter((r: { id: number }) => r.id !== 12);
    const file = writeJson('without-legacy.json', rules);
    const strict = await taglock(['check', '--rules', file, '--snapshot', snapshot(), '--format', 'json']);
    expect(strict.status).toBe(1);
    expect(JSON.parse(strict.stdout).reports[0].failures.map((f: { code: string }) => f.code)).toEqual(['too-many-freed-digests']);
    const allowed = await taglock(['check', '--rules', file, '--snapshot', snapshot(), '--max-freed-digests', '2']);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toMatch(/Project library: passed\.\n[\s\S]*Check passed\.\n$/);
  });

  it('compares with --base instead of the recorded rules', async () => {
    const base = writeJson('base.json', [wireRule(11, ['repoMatches', '**'], ['matches', 'v*.*.*'])]);
    const { status, stdout } = await taglock(['check', '--rules', base, '--base', base, '--snapshot', snapshot(), '--format', 'json']);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ passed: true, against: 'the rules in base.json' });
  });

  it('refuses unusable input with exit status 2', async () => {
    expect((await taglock(['check', '--snapshot', snapshot()])).status).toBe(2);
    expect((await taglock(['check', '--rules', snapshot(), '--snapshot', snapshot(), '--max-freed-digests', 'many'])).stderr).toContain('--max-freed-digests must be a whole number');
  });
});

describe('taglock export --format terraform', () => {
  it('writes import blocks with the project number of the rules or --harbor-project-id', async () => {
    const file = writeJson('draft.json', [wireRule(3, ['repoMatches', '**'], ['matches', 'v*'])]);
    const { status, stdout, stderr } = await taglock(['export', '--rules', file, '--format', 'terraform', '--harbor-project-id', '5']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('import {\n  to = harbor_immutable_tag_rule.rule_3\n  id = "/projects/5/immutabletagrules/3"\n}');
    expect((await taglock(['export', '--rules', file, '--harbor-project-id', 'five'])).status).toBe(2);
  });

  it("exports a snapshot's recorded rules with the project's number from the snapshot", async () => {
    const { status, stdout, stderr } = await taglock(['export', '--snapshot', snapshot(), '--project', 'library', '--format', 'terraform']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.match(/id = "\/projects\/7\/immutabletagrules\/(\d+)"/g)).toEqual(['id = "/projects/7/immutabletagrules/11"', 'id = "/projects/7/immutabletagrules/12"']);
    expect(stdout).toContain('  project_id    = "/projects/7"\n  repo_matching = "legacy/**"\n  tag_matching  = "**"\n');
    expect((await taglock(['export', '--snapshot', snapshot(), '--project', 'nope'])).stderr).toContain('the snapshot has no project "nope"');
  });
});

function writeJson(name: string, value: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

function writeTf(folder: string, text: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'rules.tf'), text);
}
