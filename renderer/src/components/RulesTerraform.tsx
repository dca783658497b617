// Runs in the browser (React, DOM).
/**
 * The draft as `taglock export` writes it: harbor_immutable_tag_rule resources in `terraform fmt`
 * layout, with an import block for every rule that exists on the server (so applying adopts it instead
 * of failing with 409), written by the same pure code (shared/export/terraform.ts) the command uses.
 * The project's Harbor id is the snapshot's, as `taglock export --snapshot S --project P` takes it.
 */
import { useMemo } from 'react';
import { exportTerraform } from '../../../shared/export/terraform.js';
import { CopyButton, downloadText } from './save-and-copy.js';
import { useApp, useAppShallow } from './store-context.js';

/** A file name from a project name: Harbor's project names are safe, a missing one is not. */
function fileNameFor(project: string): string {
  return `taglock-rules-${project === '' ? 'snapshot' : project.replace(/[^A-Za-z0-9._-]/g, '_')}.tf`;
}

export function RulesTerraform() {
  const draft = useApp((s) => s.rules.draft);
  const { project, projectId } = useAppShallow((s) => ({ project: s.rules.scope?.project ?? '', projectId: s.rules.scope?.projectId ?? null }));
  const exported = useMemo(
    () => exportTerraform(draft.map((d) => d.rule), projectId === null ? {} : { harborProjectId: projectId }),
    [draft, projectId],
  );
  return (
    <details className="json-box">
      <summary>Rules as Terraform (harbor_immutable_tag_rule)</summary>
      <p className="hint">What taglock export writes: the rules that exist on the server come with import blocks, so applying adopts them.</p>
      <pre className="terraform-export" tabIndex={0} aria-label="Rules as Terraform">
        {exported.text}
      </pre>
      {exported.warnings.length > 0 ? (
        <ul className="note note-warn small plain" aria-label="Terraform export warnings">
          {exported.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <CopyButton text={exported.text} what="the Terraform" />
        <button type="button" className="small-button" onClick={() => downloadText(fileNameFor(project), exported.text, 'text/plain')}>
          Save as Terraform
        </button>
      </div>
    </details>
  );
}
