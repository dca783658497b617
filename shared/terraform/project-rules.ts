// Runs anywhere (pure).
/**
 * Imported rules grouped into Harbor projects, in the order Harbor would evaluate them: rules that exist
 * (they have an id) by id, then new ones, which Harbor gives higher ids when they are created, in the
 * order of their addresses (Terraform itself creates them in no fixed order).
 */
import type { ImmutableRule } from '../rules/model.js';
import type { ImportedRule, TerraformImport } from './imported-rule.js';

export interface ProjectRules {
  /** The project's name; `/projects/<id>` when only its id is known. */
  project: string;
  projectId: number | null;
  rules: ImmutableRule[];
  sources: ImportedRule[];
}

/** Projects Taglock knows by name and id (a snapshot's), to name projects the input gives only by id. */
export interface KnownProject {
  name: string;
  id: number | null;
}

export function projectKey(rule: ImportedRule, known: readonly KnownProject[]): { name: string; id: number | null } | null {
  const project = rule.project;
  if (project === null) return null;
  if (project.name !== null) return { name: project.name, id: project.id ?? known.find((k) => k.name === project.name)?.id ?? null };
  if (project.id === null) return null;
  return { name: known.find((k) => k.id === project.id)?.name ?? `/projects/${project.id}`, id: project.id };
}

export function groupByProject(result: TerraformImport, known: readonly KnownProject[] = []): ProjectRules[] {
  const groups = new Map<string, ProjectRules>();
  for (const imported of result.rules) {
    const key = projectKey(imported, known);
    if (key === null || imported.rule === null) continue;
    const group = groups.get(key.name) ?? { project: key.name, projectId: key.id, rules: [], sources: [] };
    group.projectId ??= key.id;
    group.sources.push(imported);
    groups.set(key.name, group);
  }
  for (const group of groups.values()) {
    group.sources.sort((a, b) => (a.rule!.id ?? Infinity) - (b.rule!.id ?? Infinity) || a.address.localeCompare(b.address, 'en', { numeric: true }));
    // Harbor's list format names the project of every rule; a rule without an id of its own still has it.
    group.rules = group.sources.map((s) => (group.projectId === null ? s.rule! : { ...s.rule!, projectId: group.projectId }));
  }
  return [...groups.values()].sort((a, b) => a.project.localeCompare(b.project));
}

/** Lines for stderr: per rule, where the provider changes its meaning and what could not be worked out. */
export function importMessages(result: TerraformImport, known: readonly KnownProject[] = []): string[] {
  const lines = [...result.problems];
  for (const imported of result.rules) {
    const where = `${imported.address} (${imported.file})`;
    for (const note of imported.notes) lines.push(`${where}: ${note.message}`);
    const outcome = imported.rule === null ? 'not converted' : 'left out, its project is unknown';
    for (const reason of imported.unresolved) lines.push(`${where}: ${outcome}: ${reason}`);
    if (imported.rule !== null && projectKey(imported, known) === null && imported.unresolved.length === 0) {
      lines.push(`${where}: its project is unknown`);
    }
  }
  return lines;
}
