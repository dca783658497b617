// Runs in Node (test).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { formatBlock, hclString } from '../../../shared/export/hcl-writer.js';
import { exportHarborJson, exportTerraform } from '../../../shared/export/terraform.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { fixturePath } from '../../support/repo-files.js';
import { wireRule } from '../../support/snapshots.js';

/** HashiCorp's HCL formatter (hclwrite.Format, what `terraform fmt` runs), compiled to WebAssembly. */
const hclFormat = (createRequire(import.meta.url)('@cdktn/hcl-tools') as { format(text: string): Promise<string> }).format;

const exportFixture = () => parseWireRules(JSON.parse(readFileSync(fixturePath('terraform', 'export', 'rules.json'), 'utf8')));

describe('Terraform export', () => {
  it('writes the fixture byte for byte: import blocks, /projects/<id>, one field per pair, disabled, escapes', () => {
    const { text, warnings } = exportTerraform(exportFixture());
    expect(text).toBe(readFileSync(fixturePath('terraform', 'export', 'expected.tf'), 'utf8'));
    expect(warnings).toEqual([]);
  });

  it('is laid out exactly as terraform fmt lays it out (the formatter changes nothing)', async () => {
    const { text } = exportTerraform(exportFixture());
    expect(await hclFormat(text)).toBe(text);
    // The formatter does realign what is not in fmt layout, so the comparison above can fail.
    const misaligned = text.replace('  project_id    = "/projects/7"', '  project_id = "/projects/7"');
    expect(misaligned).not.toBe(text);
    expect(await hclFormat(misaligned)).toBe(text);
  });

  it('aligns = one space after the longest name in a block, with two-space indentation', () => {
    expect(formatBlock({ header: 'import', attributes: [['to', 'a.b'], ['id', '"x"']] })).toBe('import {\n  to = a.b\n  id = "x"\n}');
    expect(formatBlock({ header: 'r', attributes: [['project_id', '1'], ['repo_excluding', '"a"']] })).toBe('r {\n  project_id     = 1\n  repo_excluding = "a"\n}');
  });

  it('escapes what HCL would read as a template, an escape or a line break', () => {
    expect(hclString('v${x}')).toBe('"v$${x}"');
    expect(hclString('%{if}')).toBe('"%%{if}"');
    expect(hclString('a"b\\c\nd\u0001')).toBe('"a\\"b\\\\c\\nd\\u0001"');
    expect(hclString('$ and { alone')).toBe('"$ and { alone"');
  });

  it('adopts existing rules with import blocks only when the project number is known', () => {
    const rules = parseWireRules([wireRule(25, ['repoMatches', '**'], ['matches', 'v*']), wireRule(undefined, ['repoMatches', '**'], ['matches', 'x'])]);
    const unknown = exportTerraform(rules);
    expect(unknown.text).not.toContain('import {');
    expect(unknown.text).toContain('project_id    = harbor_project.main.id');
    expect(unknown.warnings).toEqual(['rule 25: no import block: the project\'s numeric id is unknown (give it with --harbor-project-id), so applying creates a second copy, which Harbor refuses (409).']);
    const known = exportTerraform(rules, { harborProjectId: 4 });
    expect(known.text).toContain('import {\n  to = harbor_immutable_tag_rule.rule_25\n  id = "/projects/4/immutabletagrules/25"\n}');
    expect(known.text).toContain('resource "harbor_immutable_tag_rule" "draft_2" {');
    expect(known.text.match(/import \{/g)).toHaveLength(1);
    expect(known.warnings).toEqual([]);
    expect(exportTerraform(rules, { harborProjectId: 4, projectIdExpression: 'harbor_project.shop.id' }).text).toContain('project_id    = harbor_project.shop.id');
  });

  it('warns only where the provider loses information', () => {
    const wire = [
      wireRule(1, ['repoMatches', '**'], ['matches', 'v*'], true),
      wireRule(2, ['matches', 'v*'], ['matches', '**']),
      wireRule(3, ['repoMatches', ''], ['matches', '**']),
      { ...wireRule(4, ['repoMatches', '**'], ['matches', 'x']), priority: 3 },
      wireRule(5, ['repoExcludes', 'sandbox/**'], ['excludes', 'rc,test']),
    ];
    const { text, warnings } = exportTerraform(parseWireRules(wire), { harborProjectId: 1 });
    // disabled is honoured by the provider since v3.10.17: no warning, a comment about older versions.
    expect(warnings.filter((w) => w.startsWith('rule 1:'))).toEqual([]);
    expect(text).toContain('# disabled = true needs provider v3.10.17 or later');
    expect(warnings.join('\n')).toMatch(/rule 2: repository decoration "matches" has no Terraform field/);
    expect(warnings.join('\n')).toMatch(/rule 3: an empty repository pattern cannot be written/);
    expect(warnings.join('\n')).toMatch(/rule 4: priority 3 is dropped/);
    expect(warnings.join('\n')).toMatch(/rule 5: the provider never reads repo_excluding back/);
    // A comma pattern is exported verbatim: it means the same literal name on the server and in Terraform.
    expect(text).toContain('tag_excluding  = "rc,test"');
    expect(warnings.filter((w) => w.startsWith('rule 5:'))).toHaveLength(1);
  });

  it('exports plain Harbor JSON that reads back to the same rules', () => {
    const rules = parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]);
    expect(parseWireRules(JSON.parse(exportHarborJson(rules)))).toEqual(rules);
  });
});
