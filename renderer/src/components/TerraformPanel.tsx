// Runs in the browser (React).
/**
 * "Open a Terraform folder": the admin picks a configuration's folder (or its files, or the JSON of
 * `terraform show -json`); the page reads the files and the Node side converts them exactly as the
 * Harbor provider does. The panel shows the rules it would send for a project, with the provider's
 * changes of meaning per rule, and uses them as the draft; Simulation then shows their effect and
 * Publish plans them against the live rules.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { TerraformFileInput, TerraformProjectView, TerraformRulesView } from '../../../shared/contract/api.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { isDraftProject } from '../store/terraform-slice.js';
import { plural } from '../view/format.js';
import { ruleText } from '../view/rules-view.js';
import type { PickedFile } from '../view/terraform-files.js';
import { selectTerraformFiles } from '../view/terraform-files.js';
import { ErrorNote } from './common.js';
import { useAppShallow } from './store-context.js';

type OpenTerraform = (files: TerraformFileInput[], picking: { problem: string | null; leftAside: { names: string[]; from: 'folder' | 'files' } }) => Promise<void>;

/** Reads the picked files the selection keeps, and hands them to the store (or the reason it cannot). */
async function readPicked(list: FileList, from: 'folder' | 'files', open: OpenTerraform): Promise<void> {
  const files = [...list];
  const picked: PickedFile[] = files.map((f) => ({ name: f.name, relativePath: f.webkitRelativePath, size: f.size }));
  const selection = selectTerraformFiles(picked, from);
  const leftAside = { names: selection.skipped, from };
  if (selection.problem !== null) return open([], { problem: selection.problem, leftAside });
  const texts = await Promise.all(selection.read.map(async (i) => ({ name: files[i]!.name, text: await files[i]!.text() })));
  return open(texts, { problem: null, leftAside });
}

function leftAsideText(leftAside: { names: string[]; from: 'folder' | 'files' }): string {
  const count = leftAside.names.length;
  return leftAside.from === 'folder'
    ? `${plural(count, 'other file')} of the folder left aside (Terraform reads only the folder's own .tf and .tfvars files).`
    : `Left aside, not Terraform files: ${leftAside.names.join(', ')}.`;
}

function FilePickers() {
  const { open, reading, leftAside } = useAppShallow((s) => ({ open: s.terraform.open, reading: s.terraform.reading, leftAside: s.terraform.leftAside }));
  const id = useId();
  const folderInput = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    // Not in React's attribute types; Chromium (and so Electron), Firefox and Safari all know it.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);
  const pick = (from: 'folder' | 'files') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    if (!input.files || input.files.length === 0) return;
    void readPicked(input.files, from, open).finally(() => {
      input.value = '';
    });
  };
  return (
    <div className="terraform-pickers">
      <div className="field">
        <label htmlFor={`${id}-folder`}>Open a Terraform folder</label>
        <input id={`${id}-folder`} ref={folderInput} type="file" multiple disabled={reading} onChange={pick('folder')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-files`}>Or choose Terraform files</label>
        <input id={`${id}-files`} type="file" multiple accept=".tf,.json,.tfvars,.tfstate" disabled={reading} onChange={pick('files')} />
      </div>
      {reading ? <p role="status">Reading the Terraform files…</p> : null}
      {leftAside ? <p className="muted small">{leftAsideText(leftAside)}</p> : null}
    </div>
  );
}

/** The Terraform project shown first: the draft's own, else the first. */
function initialProject(view: TerraformRulesView, matches: (p: TerraformProjectView) => boolean): number {
  const own = view.projects.findIndex(matches);
  return own >= 0 ? own : 0;
}

/** An address with break chances after its dots and brackets, so a long one wraps between its parts. */
function Address({ address }: { address: string }) {
  const parts = address.split(/(?<=[.[])/);
  return (
    <code className="terraform-address">
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </span>
      ))}
    </code>
  );
}

function ProjectRules({ project }: { project: TerraformProjectView }) {
  const rules = parseWireRules(project.rules, `Terraform rules of ${project.project}`);
  return (
    <ol className="terraform-rules" aria-label="Rules from Terraform">
      {rules.map((rule, i) => {
        const source = project.sources[i]!;
        return (
          <li key={source.address}>
            <Address address={source.address} /> <span className="muted small">({source.file})</span>
            <div className="small">
              {rule.disabled ? 'Disabled: ' : ''}
              {ruleText(rule)}
            </div>
            {source.notes.length > 0 ? (
              <ul className="note note-warn small plain" aria-label={`Provider notes for ${source.address}`}>
                {source.notes.map((n) => (
                  <li key={n.code}>
                    {n.message} <code className="error-code">({n.code})</code>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function TerraformResult({ view }: { view: TerraformRulesView }) {
  const { scope, fileNames } = useAppShallow((s) => ({ scope: s.rules.scope, fileNames: s.terraform.fileNames }));
  const { takeAsDraft, close } = useAppShallow((s) => ({ takeAsDraft: s.terraform.takeAsDraft, close: s.terraform.close }));
  const matches = (p: TerraformProjectView) => isDraftProject(p, scope);
  const [chosen, setChosen] = useState(() => initialProject(view, matches));
  const id = useId();
  const project = view.projects[chosen] ?? null;
  const own = project !== null && matches(project);
  return (
    <div role="region" aria-label="Rules from Terraform" className="terraform-result">
      <p className="small">
        Read {view.kind === 'json' ? 'Terraform state or plan JSON' : `${plural(fileNames.length, 'file')}`}: <span className="mono">{fileNames.join(', ')}</span>
      </p>
      {view.projects.length === 0 ? (
        <p className="note note-warn">No harbor_immutable_tag_rule with a known project was found.</p>
      ) : (
        <>
          {view.projects.length > 1 || !own ? (
            <div className="field">
              <label htmlFor={id}>Terraform project</label>
              <select id={id} value={chosen} onChange={(e) => setChosen(Number(e.target.value))}>
                {view.projects.map((p, i) => (
                  <option key={p.project} value={i}>
                    {p.project} ({plural(p.rules.length, 'rule')})
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {project && !own && scope ? (
            <p className="hint">
              Terraform gives these rules to project {project.project}; the draft is of project {scope.project}. Used here, they travel without their ids.
            </p>
          ) : null}
          {project ? <ProjectRules project={project} /> : null}
        </>
      )}
      {view.leftOut.length > 0 ? (
        <ul className="note note-warn small plain" aria-label="Left out of the draft">
          {view.leftOut.map((l) => (
            <li key={l.address}>
              <code>{l.address}</code> ({l.file}) is left out: {l.reasons.join('; ')}
            </li>
          ))}
        </ul>
      ) : null}
      {view.problems.length > 0 ? (
        <ul className="note note-warn small plain" aria-label="About the Terraform input">
          {view.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" disabled={project === null} onClick={() => takeAsDraft(chosen)}>
          Use as the draft
        </button>
        <button type="button" onClick={close}>
          Close the Terraform rules
        </button>
      </div>
    </div>
  );
}

export function TerraformPanel() {
  const { view, error, readings } = useAppShallow((s) => ({ view: s.terraform.view, error: s.terraform.error, readings: s.terraform.readings }));
  return (
    <div className="panel" role="region" aria-label="Terraform">
      <h2>Terraform</h2>
      <p className="hint">
        The rules a configuration's harbor_immutable_tag_rule resources make the Harbor provider send, read as it reads them, with where it changes
        their apparent meaning. Used as the draft, Simulation shows their effect and Publish plans them against the live rules.
      </p>
      <FilePickers />
      <ErrorNote error={error} action="The Terraform files could not be read." />
      {view ? <TerraformResult key={readings} view={view} /> : null}
    </div>
  );
}
