// Runs in Node (test).
/**
 * Import from Terraform files on disk (test/fixtures/terraform), through HashiCorp's HCL parser, compared
 * with what provider v3.12.4 sends for each shape (docs/terraform-provider.md).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportedRule, TerraformImport } from '../../../../shared/terraform/imported-rule.js';
import { groupByProject } from '../../../../shared/terraform/project-rules.js';
import { readTerraform } from '../../../../electron/services/terraform/read-terraform.js';
import { FIXTURES_ROOT } from '../../../support/repo-files.js';

const fixture = (path: string) => join(FIXTURES_ROOT, 'terraform', path);

/** `decoration pattern` of both selectors, the way an admin reads a rule; `""` for an empty string. */
function selectors(rule: ImportedRule): string {
  if (rule.rule === null) return 'not converted';
  const repository = rule.rule.repositorySelectors[0]!;
  const tag = rule.rule.tagSelectors[0]!;
  const text = (value: string) => value || '""';
  return `${text(repository.decoration)} ${text(repository.pattern)} | ${text(tag.decoration)} ${text(tag.pattern)}${rule.rule.disabled ? ' | disabled' : ''}`;
}

function byAddress(result: TerraformImport): Record<string, ImportedRule> {
  return Object.fromEntries(result.rules.map((r) => [r.address, r]));
}

describe('the provider documentation example', () => {
  it('becomes the rule the provider sends: tag_matching wins over tag_excluding, disabled kept, project by name', async () => {
    const { kind, result } = await readTerraform(fixture('provider-docs-example'));
    expect(kind).toBe('configuration');
    expect(result.problems).toEqual([]);
    const [rule] = result.rules;
    expect(rule!.address).toBe('harbor_immutable_tag_rule.main');
    expect(rule!.file).toBe('main.tf');
    expect(rule!.project).toEqual({ name: 'acctest', id: null, expression: 'harbor_project.main.id' });
    expect(selectors(rule!)).toBe('repoMatches ** | matches v2.* | disabled');
    expect(rule!.notes.map((n) => n.code)).toEqual(['both-tag-fields']);
  });
});

describe('real-world shapes', () => {
  let rules: Record<string, ImportedRule>;
  let result: TerraformImport;
  beforeAll(async () => {
    result = (await readTerraform(fixture('real-world'))).result;
    rules = byAddress(result);
  });

  it('expands for_each over a map variable, with each.value and the project instance it refers to', () => {
    expect(selectors(rules['harbor_immutable_tag_rule.releases["payments"]']!)).toBe('repoMatches ** | matches v*.*.*');
    expect(selectors(rules['harbor_immutable_tag_rule.releases["search"]']!)).toBe('repoMatches ** | matches {v,release-}[0-9]*');
    expect(rules['harbor_immutable_tag_rule.releases["search"]']!.project?.name).toBe('search');
  });

  it('expands for_each over the project resources (each.value.id)', () => {
    const payments = rules['harbor_immutable_tag_rule.no_overwrite["payments"]']!;
    expect(payments.project?.name).toBe('payments');
    expect(selectors(payments)).toBe('repoMatches ** | excludes rc,test,latest');
  });

  it('says where a comma list without braces is one literal name (the variable default is sent verbatim)', () => {
    const notes = rules['harbor_immutable_tag_rule.no_overwrite["search"]']!.notes;
    expect(notes).toEqual([{ code: 'comma-list-without-braces', message: expect.stringContaining('"{rc,test,latest}"') }]);
  });

  it('finds the project of a data source, and says when no repository field is set', () => {
    const vendor = rules['harbor_immutable_tag_rule.vendor']!;
    expect(vendor.project?.name).toBe('shared-base');
    expect(selectors(vendor)).toBe('"" "" | matches **');
    expect(vendor.notes.map((n) => n.code)).toEqual(['no-repository-field']);
  });

  it('takes a variable without default from terraform.tfvars', () => {
    expect(selectors(rules['harbor_immutable_tag_rule.base_images']!)).toBe('repoExcludes sandbox/** | matches v*');
  });

  it('reports a function call as unresolved instead of guessing', () => {
    const computed = rules['harbor_immutable_tag_rule.computed']!;
    expect(computed.rule).toBeNull();
    expect(computed.unresolved).toEqual([expect.stringContaining('format("v%d.*", var.major) uses the function format()')]);
  });

  it('groups the rules by project in the order Harbor would evaluate them', () => {
    const groups = groupByProject(result);
    expect(groups.map((g) => [g.project, g.sources.map((s) => s.address)])).toEqual([
      ['payments', ['harbor_immutable_tag_rule.no_overwrite["payments"]', 'harbor_immutable_tag_rule.releases["payments"]']],
      ['search', ['harbor_immutable_tag_rule.no_overwrite["search"]', 'harbor_immutable_tag_rule.releases["search"]']],
      ['shared-base', ['harbor_immutable_tag_rule.base_images', 'harbor_immutable_tag_rule.vendor']],
    ]);
  });
});

describe('variables and syntax errors', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'taglock-tf-'));
    writeFileSync(
      join(folder, 'main.tf'),
      [
        'variable "pattern" {',
        '  default = "v*"',
        '}',
        'variable "unset" {}',
        'locals {',
        '  project = "/projects/9"',
        '}',
        'resource "harbor_immutable_tag_rule" "r" {',
        '  count         = 2',
        '  project_id    = local.project',
        '  repo_matching = "team-${count.index}/**"',
        '  tag_matching  = var.pattern',
        '}',
        'resource "harbor_immutable_tag_rule" "u" {',
        '  project_id   = "9"',
        '  tag_matching = var.unset',
        '}',
      ].join('\n'),
    );
    writeFileSync(join(folder, 'a.auto.tfvars'), 'pattern = "auto-*"\n');
    writeFileSync(join(folder, 'given.tfvars'), 'pattern = "given-*"\nunset = "x"\n');
  });

  it('uses *.auto.tfvars over defaults and --var-file over both, as Terraform does; count.index and locals evaluate', async () => {
    const auto = byAddress((await readTerraform(folder)).result);
    expect(selectors(auto['harbor_immutable_tag_rule.r[1]']!)).toBe('repoMatches team-1/** | matches auto-*');
    expect(auto['harbor_immutable_tag_rule.r[0]']!.project).toEqual({ name: null, id: 9, expression: '${local.project}' });
    expect(auto['harbor_immutable_tag_rule.u']!.unresolved).toEqual([expect.stringContaining('var.unset has no default and no value in the .tfvars files read')]);
    const given = byAddress((await readTerraform(folder, [join(folder, 'given.tfvars')])).result);
    expect(selectors(given['harbor_immutable_tag_rule.r[0]']!)).toBe('repoMatches team-0/** | matches given-*');
    expect(selectors(given['harbor_immutable_tag_rule.u']!)).toBe('"" "" | matches x');
  });

  it('names the file, line and column of a syntax error', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'taglock-tf-broken-'));
    writeFileSync(join(broken, 'ok.tf'), 'locals {\n  a = 1\n}\n');
    writeFileSync(join(broken, 'bad.tf'), 'resource "harbor_immutable_tag_rule" "x" {\n  tag_matching = \n}\n');
    await expect(readTerraform(broken)).rejects.toThrow(/cannot read bad\.tf: bad\.tf:2,\d+-\d+,\d+: Invalid expression/);
  });
});

describe('state and plan JSON', () => {
  it('reads terraform show -json state, child modules included, with ids and project names', async () => {
    const { kind, result } = await readTerraform(fixture('state/terraform-show.json'));
    expect(kind).toBe('json');
    const rules = byAddress(result);
    expect(rules['harbor_immutable_tag_rule.releases']!.rule).toMatchObject({ id: 11, projectId: 7 });
    expect(rules['harbor_immutable_tag_rule.releases']!.project?.name).toBe('library');
    const keep = rules['module.shared.harbor_immutable_tag_rule.keep["sandbox"]']!;
    expect(selectors(keep)).toBe('repoExcludes sandbox/** | excludes {latest,dev} | disabled');
    expect(keep.rule?.id).toBe(12);
  });

  it('reads a raw .tfstate file, naming the project through its data source', async () => {
    const { result } = await readTerraform(fixture('state/terraform.tfstate'));
    const [rule] = result.rules;
    expect(rule!.address).toBe('harbor_immutable_tag_rule.releases[0]');
    expect(rule!.project).toMatchObject({ name: 'shared-base', id: 3 });
    expect(selectors(rule!)).toBe('repoMatches ** | excludes rc,test,latest');
    expect(rule!.notes.map((n) => n.code)).toEqual(['comma-list-without-braces']);
  });

  it("reads a plan's planned values: a project created in the same plan is found through the configuration's references", async () => {
    const { result } = await readTerraform(fixture('plan/terraform-show-plan.json'));
    const rules = byAddress(result);
    expect(selectors(rules['harbor_immutable_tag_rule.library_releases']!)).toBe('repoMatches ** | matches v*.*.*');
    const payments = rules['harbor_immutable_tag_rule.payments_releases']!;
    expect(payments.project).toMatchObject({ name: 'payments', id: null });
    expect(payments.unresolved).toEqual([]);
    const train = rules['harbor_immutable_tag_rule.from_release_train']!;
    expect(train.rule).toBeNull();
    expect(train.unresolved).toEqual(['tag_matching is known only after apply']);
  });

  it('refuses JSON that is neither state nor plan, and --var-file with JSON', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'taglock-tf-json-'));
    writeFileSync(join(folder, 'other.json'), '{"hello": 1}');
    expect((await readTerraform(join(folder, 'other.json'))).result.problems).toEqual([expect.stringContaining('neither Terraform state nor a plan')]);
    await expect(readTerraform(fixture('state/terraform.tfstate'), ['x.tfvars'])).rejects.toThrow(/--var-file goes with a configuration folder/);
  });
});
