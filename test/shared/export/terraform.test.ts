import { describe, expect, it } from 'vitest';
import { exportHarborJson, exportTerraform } from '../../../shared/export/terraform.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { wireRule } from '../../support/snapshots.js';

describe('Terraform export', () => {
  it('writes one harbor_immutable_tag_rule per rule with the matching/excluding fields', () => {
    const { text, warnings } = exportTerraform(
      parseWireRules([wireRule(1, ['repoMatches', '**'], ['excludes', '{rc,test,nightly}']), wireRule(2, ['repoExcludes', 'sandbox/**'], ['matches', 'v${x}'])]),
    );
    expect(text).toContain('resource "harbor_immutable_tag_rule" "rule_1" {');
    expect(text).toContain('repo_matching = "**"');
    expect(text).toContain('tag_excluding = "{rc,test,nightly}"');
    expect(text).toContain('repo_excluding = "sandbox/**"');
    // "${" would start a Terraform interpolation: it is escaped.
    expect(text).toContain('tag_matching = "v$${x}"');
    expect(warnings).toEqual([]);
  });

  it('warns wherever the provider would lose information', () => {
    const wire = [
      wireRule(1, ['repoMatches', '**'], ['matches', 'v*'], true),
      wireRule(2, ['matches', 'v*'], ['matches', '**']),
      wireRule(3, ['repoMatches', ''], ['matches', '**']),
      { ...wireRule(4, ['repoMatches', '**'], ['matches', 'x']), priority: 3 },
    ];
    const { warnings } = exportTerraform(parseWireRules(wire));
    expect(warnings.join('\n')).toMatch(/rule 1: .*creates rules enabled/);
    expect(warnings.join('\n')).toMatch(/rule 2: repo decoration "matches" has no Terraform equivalent/);
    expect(warnings.join('\n')).toMatch(/rule 3: an empty repo pattern cannot be expressed/);
    expect(warnings.join('\n')).toMatch(/rule 4: priority 3 is dropped/);
  });

  it('exports plain Harbor JSON that reads back to the same rules', () => {
    const rules = parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]);
    expect(parseWireRules(JSON.parse(exportHarborJson(rules)))).toEqual(rules);
  });
});
