// Runs in Node (test).
/**
 * The Rules screen's Terraform: which picked files are read, the opened configuration's rules with the
 * provider's notes, using them as the draft (ids kept only for the draft's own project; Undo brings the
 * old draft back), and the draft written as Terraform by the export code `taglock export` uses.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TerraformRulesView } from '../../shared/contract/api.js';
import { TERRAFORM_INPUT_LIMITS } from '../../shared/contract/terraform-input.js';
import { exportTerraform } from '../../shared/export/terraform.js';
import { TaglockError } from '../../shared/errors.js';
import { RulesScreen } from '../../renderer/src/components/RulesScreen.js';
import { StoreProvider } from '../../renderer/src/components/store-context.js';
import type { AppStore } from '../../renderer/src/store/app-store.js';
import { selectTerraformFiles } from '../../renderer/src/view/terraform-files.js';
import { startedHarness } from './helpers.js';

function render(store: AppStore): string {
  const current: AppStore = { ...store, getInitialState: () => store.getState() };
  return renderToString(createElement(StoreProvider, { store: current, children: createElement(RulesScreen) }));
}

const decode = (html: string) => html.replace(/<!-- -->/g, '').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const rule = (id: number | null, repository: [string, string], tag: [string, string]) => ({
  ...(id === null ? {} : { id }),
  project_id: 7,
  disabled: false,
  priority: 0,
  action: 'immutable',
  template: 'immutable_template',
  tag_selectors: [{ kind: 'doublestar', decoration: tag[0], pattern: tag[1] }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: repository[0], pattern: repository[1] }] },
});

/** What the services answer for test/fixtures/terraform/ci-change when no open project has id 7. */
const CI_CHANGE: TerraformRulesView = {
  kind: 'configuration',
  projects: [
    {
      project: '/projects/7',
      projectId: 7,
      rules: [rule(11, ['repoMatches', '**'], ['matches', 'v*.*.*']), rule(null, ['repoMatches', 'app'], ['excludes', 'rc,test'])],
      sources: [
        { address: 'harbor_immutable_tag_rule.releases', file: 'main.tf', notes: [] },
        {
          address: 'harbor_immutable_tag_rule.app_everything',
          file: 'main.tf',
          notes: [{ code: 'comma-list-without-braces', message: 'tag_excluding = "rc,test" has a comma outside braces: Harbor reads it as one tag named "rc,test".' }],
        },
      ],
    },
    { project: 'shop', projectId: null, rules: [rule(null, ['repoMatches', 'base/**'], ['matches', '**'])], sources: [{ address: 'harbor_immutable_tag_rule.base', file: 'shop.tf', notes: [] }] },
  ],
  leftOut: [{ address: 'harbor_immutable_tag_rule.computed', file: 'main.tf', reasons: ['tag_matching = format("v%d.*", var.major): format() is not evaluated'] }],
  problems: [],
};

describe('picking Terraform files', () => {
  const file = (relativePath: string, size = 10) => ({ name: relativePath.split('/').pop()!, relativePath, size });

  it("reads a folder's own configuration and variable files only", () => {
    const picked = [file('infra/main.tf'), file('infra/terraform.tfvars'), file('infra/vars.tf.json'), file('infra/README.md'), file('infra/policy.json'), file('infra/modules/rules/main.tf'), file('infra/.terraform.lock.hcl')];
    const selection = selectTerraformFiles(picked, 'folder');
    expect(selection.read).toEqual([0, 1, 2]);
    expect(selection.skipped).toEqual(['infra/README.md', 'infra/policy.json', 'infra/modules/rules/main.tf', 'infra/.terraform.lock.hcl']);
    expect(selection.problem).toBeNull();
  });

  it('reads state or plan JSON picked as a file, and refuses what cannot be read', () => {
    expect(selectTerraformFiles([{ name: 'terraform-show.json', relativePath: '', size: 10 }], 'files')).toMatchObject({ read: [0], problem: null });
    expect(selectTerraformFiles([file('infra/README.md')], 'folder').problem).toBe('the folder has no .tf, .tf.json or .tfvars files');
    expect(selectTerraformFiles([{ name: 'main.tf', relativePath: '', size: TERRAFORM_INPUT_LIMITS.fileChars * 4 + 1 }], 'files').problem).toMatch(/^main\.tf is larger than Taglock reads/);
    const many = Array.from({ length: TERRAFORM_INPUT_LIMITS.files + 1 }, (_, i) => file(`infra/f${i}.tf`));
    expect(selectTerraformFiles(many, 'folder').problem).toBe(`201 Terraform files are more than the ${TERRAFORM_INPUT_LIMITS.files} Taglock reads at once`);
  });
});

describe('a Terraform configuration in the Rules screen', () => {
  it('sends the picked files with the open snapshot’s projects, and shows the rules with the provider notes', async () => {
    const { api, store, state } = await startedHarness();
    api.terraformView = CI_CHANGE;
    await state().terraform.open([{ name: 'main.tf', text: 'resource "x" "y" {}' }]);
    expect(api.calls.filter((c) => c.method === 'openTerraform').map((c) => c.args)).toEqual([[{ files: [{ name: 'main.tf', text: 'resource "x" "y" {}' }], knownProjects: [{ name: 'shop', id: 1 }] }]]);
    const html = decode(render(store));
    expect(html).toContain('aria-label="Rules from Terraform"');
    // The draft's own project (shop) is shown first; the picker offers the other one.
    expect(html).toMatch(/<option value="0">\/projects\/7 \(2 rules\)<\/option><option value="1" selected="">shop \(1 rule\)<\/option>/);
    expect(html.replace(/<[^>]+>/g, '')).toContain('harbor_immutable_tag_rule.base (shop.tf)');
    expect(html).toContain('harbor_immutable_tag_rule.computed</code> (main.tf) is left out: tag_matching = format("v%d.*", var.major): format() is not evaluated');
    expect(html).toContain('>Use as the draft</button>');
  });

  it("uses another project's rules without their ids, and Undo brings the old draft back", async () => {
    const { api, state } = await startedHarness();
    api.terraformView = { ...CI_CHANGE, projects: [CI_CHANGE.projects[0]!] };
    const before = state().rules.draft.map((d) => d.rule);
    await state().terraform.open([{ name: 'main.tf', text: '' }]);
    state().terraform.takeAsDraft(0);
    const draft = state().rules.draft.map((d) => d.rule);
    expect(draft.map((r) => [r.id, r.projectId, r.tagSelectors[0]!.pattern])).toEqual([
      [null, undefined, 'v*.*.*'],
      [null, undefined, 'rc,test'],
    ]);
    expect(state().ui.notices.at(-1)!.text).toBe('The draft is now the 2 rules Terraform gives /projects/7 (without their ids: they belong to another project). Undo brings the previous rules back.');
    state().rules.undo();
    expect(state().rules.draft.map((d) => d.rule)).toEqual(before);
  });

  it('keeps the ids of rules Terraform gives the draft’s own project, and shows the notes of the rule it shows', async () => {
    const { api, store, state } = await startedHarness();
    const own = { ...CI_CHANGE.projects[0]!, project: 'shop', projectId: 1 };
    api.terraformView = { ...CI_CHANGE, projects: [own] };
    await state().terraform.open([{ name: 'main.tf', text: '' }]);
    const html = decode(render(store));
    // The only project is the draft's: no picker.
    expect(html).not.toContain('Terraform project');
    expect(html).toContain('aria-label="Provider notes for harbor_immutable_tag_rule.app_everything"');
    expect(html).toContain('Harbor reads it as one tag named "rc,test".');
    state().terraform.takeAsDraft(0);
    expect(state().rules.draft.map((d) => d.rule.id)).toEqual([11, null]);
  });

  it('refuses files over the bounds without a call, and shows a refusal of the services as an alert with its code', async () => {
    const { api, store, state } = await startedHarness();
    await state().terraform.open([{ name: 'main.tf', text: 'x'.repeat(TERRAFORM_INPUT_LIMITS.fileChars + 1) }]);
    expect(state().terraform.error).toEqual({ code: 'bad-input', message: `main.tf is larger than Taglock reads (${TERRAFORM_INPUT_LIMITS.fileChars.toLocaleString('en-US')} characters a file)` });
    expect(api.calls.some((c) => c.method === 'openTerraform')).toBe(false);
    await state().terraform.open([], { problem: 'none of the files is a Terraform file', leftAside: { names: ['check.golden.md'], from: 'files' } });
    expect(api.calls.some((c) => c.method === 'openTerraform')).toBe(false);
    expect(decode(render(store))).toMatch(/Left aside, not Terraform files: check\.golden\.md\.[^]*role="alert"[^]*None of the files is a Terraform file/);
    state().terraform.close();
    expect(decode(render(store))).not.toContain('Left aside');
    api.failNext.set('openTerraform', new TaglockError('bad-input', 'cannot read rules.tf: rules.tf:2,18-3,1: Invalid expression'));
    await state().terraform.open([{ name: 'rules.tf', text: '' }]);
    const html = decode(render(store));
    expect(html).toMatch(/role="alert"[^]*The Terraform files could not be read\.[^]*Cannot read rules\.tf: rules\.tf:2,18-3,1: Invalid expression[^]*\(bad-input\)/);
  });
});

describe('the draft as Terraform', () => {
  it('is what taglock export writes for the same rules, with import blocks for the rules on the server', async () => {
    const { store, state } = await startedHarness();
    const expected = exportTerraform(state().rules.draft.map((d) => d.rule), { harborProjectId: 1 }).text;
    expect(expected).toContain('id = "/projects/1/immutabletagrules/1"');
    const html = decode(render(store));
    expect(html).toContain('Rules as Terraform (harbor_immutable_tag_rule)');
    const shown = /<pre class="terraform-export"[^>]*>([^]*?)<\/pre>/.exec(html)![1]!;
    expect(shown).toBe(expected);
    expect(html).toContain('>Save as Terraform</button>');
    expect(html).toContain('aria-label="Copy the Terraform"');
  });
});
