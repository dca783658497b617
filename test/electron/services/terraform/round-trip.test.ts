// Runs in Node (test).
/** Export → Terraform files on disk → import (through the HCL parser) gives back the same rules. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTerraform } from '../../../../shared/export/terraform.js';
import { parseWireRules } from '../../../../shared/rules/wire.js';
import { groupByProject } from '../../../../shared/terraform/project-rules.js';
import { readTerraform } from '../../../../electron/services/terraform/read-terraform.js';
import { fixturePath } from '../../../support/repo-files.js';
import { wireRule } from '../../../support/snapshots.js';

async function roundTrip(text: string) {
  const folder = mkdtempSync(join(tmpdir(), 'taglock-round-trip-'));
  writeFileSync(join(folder, 'rules.tf'), text);
  const { result } = await readTerraform(folder);
  expect(result.problems).toEqual([]);
  expect(result.rules.flatMap((r) => [...r.unresolved, ...r.notes.map((n) => n.message)])).toEqual([]);
  return groupByProject(result);
}

describe('round trip through Terraform', () => {
  it('gives the same rules, ids, project, enabled state and patterns with template characters', async () => {
    const rules = parseWireRules(JSON.parse(readFileSync(fixturePath('terraform', 'export', 'rules.json'), 'utf8')));
    const groups = await roundTrip(exportTerraform(rules).text);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.project).toBe('/projects/7');
    expect(groups[0]!.rules).toEqual(rules);
  });

  it('gives the same draft rules (no ids) in the same order', async () => {
    const drafts = parseWireRules([
      wireRule(undefined, ['repoExcludes', 'sandbox/**'], ['matches', '**']),
      wireRule(undefined, ['repoMatches', '{a,b}/**'], ['excludes', '{latest,dev}'], true),
    ]);
    const groups = await roundTrip(exportTerraform(drafts, { harborProjectId: 3 }).text);
    expect(groups[0]!.rules).toEqual(drafts.map((rule) => ({ ...rule, projectId: 3 })));
  });
});
