// Runs in Node (test).
/**
 * `openTerraform`, the app's "Open a Terraform folder", through the contract's dispatcher to the real
 * services: the files of the fixture folders on disk, read as the page reads them, give per project the
 * rules `taglock import --terraform` gives for the same folder, with the provider's notes per rule;
 * what the page may not send is refused as bad-input data.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallResult, TerraformFileInput, TerraformRulesView } from '../../../../shared/contract/api.js';
import { createDispatcher } from '../../../../shared/contract/dispatch.js';
import { TERRAFORM_INPUT_LIMITS } from '../../../../shared/contract/terraform-input.js';
import { toWireRules } from '../../../../shared/rules/wire.js';
import { groupByProject } from '../../../../shared/terraform/project-rules.js';
import { composeServices } from '../../../../electron/services/compose.js';
import { confStore } from '../../../../electron/services/connections/conf-store.js';
import { readTerraform } from '../../../../electron/services/terraform/read-terraform.js';
import { FIXTURES_ROOT } from '../../../support/repo-files.js';

const dataDir = mkdtempSync(join(tmpdir(), 'taglock-open-terraform-'));
const unexpected: unknown[] = [];
const dispatch = createDispatcher(composeServices({ dataDir, shell: 'browser', store: confStore({ cwd: dataDir }), cipher: null, emit: () => undefined }), (e) => unexpected.push(e));

const folder = (name: string) => join(FIXTURES_ROOT, 'terraform', name);

/** A folder's files as the page sends them: names without the folder, and their text. */
function filesOf(name: string, keep: (file: string) => boolean = (f) => /\.(tf|tfvars)(\.json)?$/.test(f)): TerraformFileInput[] {
  return readdirSync(folder(name))
    .filter(keep)
    .map((file) => ({ name: file, text: readFileSync(join(folder(name), file), 'utf8') }));
}

async function open(files: TerraformFileInput[], knownProjects: { name: string; id: number | null }[] = []): Promise<CallResult<TerraformRulesView>> {
  return (await dispatch('openTerraform', [{ files, knownProjects }])) as CallResult<TerraformRulesView>;
}

async function view(files: TerraformFileInput[], knownProjects: { name: string; id: number | null }[] = []): Promise<TerraformRulesView> {
  const answer = await open(files, knownProjects);
  if (!answer.ok) throw new Error(`refused: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

async function refusal(files: TerraformFileInput[]): Promise<string> {
  const answer = await open(files);
  if (answer.ok) throw new Error('accepted');
  expect(answer.error.code).toBe('bad-input');
  return answer.error.message;
}

const notesOf = (v: TerraformRulesView, project: string) => Object.fromEntries(v.projects.find((p) => p.project === project)!.sources.map((s) => [s.address, s.notes.map((n) => n.code)]));

describe('openTerraform on the fixture folders', () => {
  it('reads the real-world folder as taglock import --terraform does, per project, with the notes per rule', async () => {
    const opened = await view(filesOf('real-world'));
    const { result } = await readTerraform(folder('real-world'));
    expect(opened.kind).toBe('configuration');
    expect(opened.projects.map((p) => ({ project: p.project, rules: p.rules }))).toEqual(groupByProject(result).map((g) => ({ project: g.project, rules: toWireRules(g.rules) })));
    expect(opened.projects.map((p) => p.project)).toEqual(['payments', 'search', 'shared-base']);
    // The comma list from the variable default is one literal tag name to Harbor.
    expect(notesOf(opened, 'payments')['harbor_immutable_tag_rule.no_overwrite["payments"]']).toEqual(['comma-list-without-braces']);
    const payments = opened.projects.find((p) => p.project === 'payments')!;
    const noOverwrite = payments.sources.findIndex((s) => s.address === 'harbor_immutable_tag_rule.no_overwrite["payments"]');
    expect(payments.rules[noOverwrite]!.tag_selectors[0]).toMatchObject({ decoration: 'excludes', pattern: 'rc,test,latest' });
    expect(notesOf(opened, 'shared-base')['harbor_immutable_tag_rule.vendor']).toEqual(['no-repository-field']);
    // format() is not evaluated: the rule is left out, and says why.
    expect(opened.leftOut).toEqual([{ address: 'harbor_immutable_tag_rule.computed', file: 'rules.tf', reasons: [expect.stringContaining('format')] }]);
    // terraform.tfvars is read, as Terraform reads it: the base image rule has its value.
    expect(opened.projects.find((p) => p.project === 'shared-base')!.rules.map((r) => r.tag_selectors[0]!.pattern)).toContain('v*');
    expect(opened.problems).toEqual([]);
  });

  it('keeps the provider documentation example disabled, and says only tag_matching is sent', async () => {
    const opened = await view(filesOf('provider-docs-example'));
    expect(opened.projects).toHaveLength(1);
    expect(opened.projects[0]!).toMatchObject({ project: 'acctest', projectId: null });
    expect(opened.projects[0]!.rules[0]).toMatchObject({ disabled: true, tag_selectors: [{ decoration: 'matches', pattern: 'v2.*' }] });
    expect(opened.projects[0]!.sources[0]!.notes.map((n) => n.code)).toEqual(['both-tag-fields']);
  });

  it('names a project given by id after the open snapshot, and keeps the id of a rule adopted by an import block', async () => {
    const files = filesOf('ci-change');
    expect(files.map((f) => f.name)).toEqual(['main.tf']);
    const unknown = await view(files);
    expect(unknown.projects.map((p) => p.project)).toEqual(['/projects/7']);
    const opened = await view(files, [{ name: 'library', id: 7 }, { name: 'shop', id: 1 }]);
    const [library] = opened.projects;
    expect(library).toMatchObject({ project: 'library', projectId: 7 });
    expect(library!.rules.map((r) => r.id ?? null)).toEqual([11, null, null]);
    expect(library!.sources.map((s) => s.address)).toEqual(['harbor_immutable_tag_rule.releases', 'harbor_immutable_tag_rule.app_everything', 'harbor_immutable_tag_rule.web_builds']);
    expect(library!.sources[1]!.notes.map((n) => n.code)).toEqual(['comma-list-without-braces']);
  });

  it('reads the JSON of terraform show -json picked on its own', async () => {
    const opened = await view(filesOf('state', (f) => f === 'terraform-show.json'));
    expect(opened.kind).toBe('json');
    expect(opened.projects.map((p) => p.project)).toContain('library');
  });

  it('applies only the variable files Terraform loads by itself, and says which it left aside', async () => {
    const files = filesOf('real-world').map((f) => (f.name === 'terraform.tfvars' ? { ...f, name: 'production.tfvars' } : f));
    const opened = await view(files);
    expect(opened.problems).toEqual([expect.stringMatching(/^not applied: production\.tfvars \(.*-var-file\)$/)]);
    // Without the value, the base image rule cannot be worked out.
    expect(opened.leftOut.map((l) => l.address)).toContain('harbor_immutable_tag_rule.base_images');
  });
});

describe('openTerraform refuses what the page may not send', () => {
  const main = { name: 'main.tf', text: 'resource "harbor_project" "main" {\n  name = "acctest"\n}\n' };

  it('a file that is no Terraform file, two files of one name, state mixed with configuration', async () => {
    expect(await refusal([main, { name: 'notes.md', text: '' }])).toBe('"notes.md" is not a Terraform file (.tf, .tf.json, .tfvars, .tfvars.json, or the JSON of terraform show -json)');
    expect(await refusal([main, main])).toBe('two files are named "main.tf": choose the files of one folder');
    expect(await refusal([main, { name: 'terraform-show.json', text: '{}' }])).toMatch(/^give either the files of a Terraform folder or one state or plan JSON file/);
  });

  it('more text than the bounds, a folder in a name (the schema), a syntax error naming its file and line', async () => {
    const big = 'x'.repeat(TERRAFORM_INPUT_LIMITS.fileChars);
    expect(await refusal([1, 2, 3, 4, 5].map((i) => ({ name: `f${i}.tf`, text: big })))).toMatch(/^the Terraform files hold 5242880 characters together, more than the 4194304/);
    expect(await refusal([{ ...main, name: '../main.tf' }])).toBe('openTerraform argument 1.files[0].name must be a file name without a folder (no / or \\, not . or ..)');
    expect(await refusal([{ name: 'rules.tf', text: 'resource "harbor_immutable_tag_rule" "x" {\n  tag_matching = \n}\n' }])).toMatch(/^cannot read rules\.tf: rules\.tf:\d+/);
    expect(unexpected).toEqual([]);
  });
});
