// Runs in the browser (no DOM needed).
/**
 * A Terraform configuration opened as a possible draft: what the provider would send per project, kept
 * until the admin uses one project's rules as the draft (Undo brings the old draft back) or closes it.
 * Rules Terraform gives another project than the draft's travel without their ids, as copied rules do:
 * an id there names another rule here.
 */
import type { TerraformFileInput } from '../../../shared/contract/api.js';
import { badInput } from '../../../shared/errors.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { plural, toErrorData } from '../view/format.js';
import { terraformTextsProblem } from '../view/terraform-files.js';
import type { DraftScope } from './draft-scope.js';
import type { SliceContext, TerraformSlice } from './types.js';

/** Whether Terraform's project is the draft's: the same name, or the same Harbor id. */
export function isDraftProject(project: { project: string; projectId: number | null }, scope: DraftScope | null): boolean {
  if (scope === null) return false;
  return project.project === scope.project || (project.projectId !== null && project.projectId === scope.projectId);
}

export function createTerraformSlice(ctx: SliceContext): TerraformSlice {
  let request = 0;
  return {
    reading: false,
    view: null,
    fileNames: [],
    leftAside: null,
    readings: 0,
    error: null,
    async open(files: TerraformFileInput[], picking = { problem: null, leftAside: null }) {
      const mine = ++request;
      const leftAside = picking.leftAside !== null && picking.leftAside.names.length > 0 ? picking.leftAside : null;
      const refusal = picking.problem ?? terraformTextsProblem(files);
      if (refusal !== null) {
        ctx.patch('terraform', { reading: false, view: null, fileNames: [], leftAside, error: toErrorData(badInput(refusal)) });
        return;
      }
      ctx.patch('terraform', { reading: true, leftAside, error: null });
      const index = ctx.get().snapshots.current?.index;
      const knownProjects = (index?.projects ?? []).map((p) => ({ name: p.name, id: p.id ?? null }));
      try {
        const view = await ctx.api.openTerraform({ files, knownProjects });
        if (mine !== request) return;
        ctx.patch('terraform', (t) => ({ reading: false, view, fileNames: files.map((f) => f.name).sort(), readings: t.readings + 1, error: null }));
      } catch (error) {
        if (mine !== request) return;
        ctx.patch('terraform', { reading: false, view: null, fileNames: [], error: toErrorData(error) });
      }
    },
    takeAsDraft(projectIndex) {
      const chosen = ctx.get().terraform.view?.projects[projectIndex];
      if (!chosen) return;
      const rules = ctx.get().rules;
      const own = isDraftProject(chosen, rules.scope);
      const parsed = parseWireRules(chosen.rules, `Terraform rules of ${chosen.project}`);
      rules.replaceDraft(own ? parsed : parsed.map((rule) => ({ ...rule, id: null, projectId: undefined })));
      ctx.get().ui.notify(
        'info',
        `The draft is now the ${plural(parsed.length, 'rule')} Terraform gives ${chosen.project}${own ? '' : ' (without their ids: they belong to another project)'}. Undo brings the previous rules back.`,
      );
    },
    close() {
      request++;
      ctx.patch('terraform', { reading: false, view: null, fileNames: [], leftAside: null, error: null });
    },
  };
}
