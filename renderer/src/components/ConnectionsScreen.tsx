// Runs in the browser (React).
/** Connections: list, add, edit, delete, test. */
import { useId, useState } from 'react';
import type { Connection, ConnectionTestResult } from '../../../shared/contract/api.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { ConnectionForm } from '../view/connection-form.js';
import { EMPTY_CONNECTION_FORM, connectionFormAdvice, connectionFormProblems, formFromConnection, inputFromForm } from '../view/connection-form.js';
import { ConfirmButton, EmptyState, ErrorNote, InsecureBadge, ScreenHeader, SecretField, needsSecret, UrlText } from './common.js';
import { useApp } from './store-context.js';

export function ConnectionsScreen() {
  const list = useApp((s) => s.connections.list);
  const loaded = useApp((s) => s.connections.loaded);
  const error = useApp((s) => s.connections.error);
  const appInfo = useApp((s) => s.ui.appInfo);
  const [form, setForm] = useState<ConnectionForm | null>(null);

  return (
    <section className="screen" aria-labelledby="connections-title">
      <ScreenHeader title="Connections">
        <button type="button" className="primary" onClick={() => setForm({ ...EMPTY_CONNECTION_FORM })}>
          Add connection
        </button>
      </ScreenHeader>
      <p className="lead" id="connections-title-help">
        Registries Taglock reads tags from and publishes rules to: Harbor, STACKIT Container Registry (which runs Harbor) or any plain OCI
        registry (read-only).{' '}
        {appInfo
          ? appInfo.canKeepSecrets
            ? 'Secrets are saved encrypted by your system keychain.'
            : 'Secrets cannot be saved here (no system keychain): they are kept in memory until Taglock quits, and asked for again next time.'
          : null}
      </p>
      <ErrorNote error={error} action="The connections could not be loaded." />
      {form ? <ConnectionEditor form={form} onChange={setForm} onDone={() => setForm(null)} canKeepSecrets={appInfo?.canKeepSecrets ?? false} /> : null}
      {loaded && list.length === 0 && !form ? (
        <EmptyState title="No connections yet">
          <p>Add your Harbor or STACKIT Container Registry to fetch real tags and publish rules. The demo snapshot works without one.</p>
          <button type="button" onClick={() => setForm({ ...EMPTY_CONNECTION_FORM })}>
            Add your first connection
          </button>
        </EmptyState>
      ) : null}
      <ul className="cards" aria-label="Saved connections">
        {list.map((connection) => (
          <ConnectionCard key={connection.id} connection={connection} onEdit={() => setForm(formFromConnection(connection))} />
        ))}
      </ul>
    </section>
  );
}

function ConnectionCard({ connection, onEdit }: { connection: Connection; onEdit: () => void }) {
  const test = useApp((s) => s.connections.tests[connection.id]);
  const runTest = useApp((s) => s.connections.test);
  const remove = useApp((s) => s.connections.remove);
  const [secret, setSecret] = useState('');
  const titleId = useId();
  return (
    <li className="card" aria-labelledby={titleId}>
      <div className="card-head">
        <h2 id={titleId}>{connection.name}</h2>
        <InsecureBadge connection={connection} />
      </div>
      <dl className="facts">
        <div>
          <dt>URL</dt>
          <dd>
            <UrlText url={connection.url} />
          </dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd>{connection.kind === 'auto' ? 'detect automatically' : connection.kind === 'harbor' ? 'Harbor' : 'plain OCI registry'}</dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>{connection.username ? <code>{connection.username}</code> : 'anonymous'}</dd>
        </div>
        <div>
          <dt>Secret</dt>
          <dd>{connection.username ? (connection.hasSecret ? 'available' : 'not kept: asked when needed') : 'none needed'}</dd>
        </div>
        <div>
          <dt>CA file</dt>
          <dd>{connection.caFile ? <code>{connection.caFile}</code> : 'system certificates'}</dd>
        </div>
        <div>
          <dt>Token services</dt>
          <dd>{connection.tokenRealms.length > 0 ? connection.tokenRealms.map((realm) => <code key={realm}>{realm}</code>) : "the registry's own address only"}</dd>
        </div>
        <div>
          <dt>Default projects</dt>
          <dd>{connection.projects.length > 0 ? connection.projects.join(', ') : 'all the account can see'}</dd>
        </div>
      </dl>
      <SecretField connection={connection} value={secret} onChange={setSecret} />
      <div className="actions">
        <button
          type="button"
          aria-label={`Test ${connection.name}`}
          disabled={test?.status === 'running' || (needsSecret(connection) && secret === '')}
          onClick={() => {
            void runTest(connection.id, secret || undefined);
            setSecret('');
          }}
        >
          {test?.status === 'running' ? 'Testing…' : 'Test'}
        </button>
        <button type="button" aria-label={`Edit ${connection.name}`} onClick={onEdit}>
          Edit
        </button>
        <ConfirmButton label="Delete" ariaLabel={`Delete ${connection.name}`} confirmLabel={`Confirm: delete ${connection.name}`} onConfirm={() => void remove(connection.id)} />
      </div>
      {test ? <TestOutcome name={connection.name} status={test.status} result={test.result} error={test.error} askedProjects={connection.projects.length > 0} /> : null}
    </li>
  );
}

function yesNo(value: boolean) {
  return <span className={value ? 'yes' : 'no'}>{value ? 'yes' : 'no'}</span>;
}

function TestOutcome({
  name,
  status,
  result,
  error,
  askedProjects,
}: {
  name: string;
  status: string;
  result: ConnectionTestResult | null;
  error: ErrorData | null;
  askedProjects: boolean;
}) {
  return (
    <div className="test-outcome" role="region" aria-label={`Test result for ${name}`} aria-busy={status === 'running'}>
      <h3>Test result</h3>
      {status === 'running' ? <p>Connecting…</p> : null}
      <ErrorNote error={error} action="The test failed." />
      {result ? (
        <>
          <dl className="facts">
            <div>
              <dt>Registry</dt>
              <dd>{result.kind === 'harbor' ? `Harbor ${result.harborVersion ?? '(version hidden from this account)'}` : 'plain OCI registry'}</dd>
            </div>
            <div>
              <dt>Glob dialect</dt>
              <dd>doublestar {result.dialect}</dd>
            </div>
            <div>
              <dt>Signed in as</dt>
              <dd>{result.identity}</dd>
            </div>
          </dl>
          {result.credentialsRejected ? (
            <div className="note note-error" role="alert">
              <p>
                <strong>The credentials were rejected.</strong> Harbor silently treats wrong credentials as anonymous: check the user name
                (robots include their prefix, e.g. robot$name) and the secret.
              </p>
            </div>
          ) : null}
          {/* The rejected credentials are said once, in the alert above, not again among the warnings. */}
          {result.warnings
            .filter((warning) => !(result.credentialsRejected && /did not accept the credentials/i.test(warning)))
            .map((warning) => (
              <p key={warning} className="note note-warn">
                {warning}
              </p>
            ))}
          {result.projects.length > 0 ? (
            <table className="table compact" aria-label={`Permissions of ${name}`}>
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">List rules</th>
                  <th scope="col">Create</th>
                  <th scope="col">Update</th>
                  <th scope="col">Delete</th>
                  <th scope="col">List repositories</th>
                  <th scope="col">List artifacts</th>
                </tr>
              </thead>
              <tbody>
                {result.projects.map((p) => (
                  <tr key={p.project}>
                    <th scope="row">{p.project}</th>
                    <td>{yesNo(p.immutableTag.list)}</td>
                    <td>{yesNo(p.immutableTag.create)}</td>
                    <td>{yesNo(p.immutableTag.update)}</td>
                    <td>{yesNo(p.immutableTag.delete)}</td>
                    <td>{yesNo(p.repositoryList)}</td>
                    <td>{yesNo(p.artifactList)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : result.kind === 'harbor' ? (
            <p className="hint">
              {askedProjects
                ? 'No project permissions could be read with these credentials.'
                : 'No default projects to check: add project names to the connection to see what this account may do there.'}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function ConnectionEditor({
  form,
  onChange,
  onDone,
  canKeepSecrets,
}: {
  form: ConnectionForm;
  onChange: (form: ConnectionForm) => void;
  onDone: () => void;
  canKeepSecrets: boolean;
}) {
  const save = useApp((s) => s.connections.save);
  const saving = useApp((s) => s.connections.saving);
  const saveError = useApp((s) => s.connections.saveError);
  const clearSaveError = useApp((s) => s.connections.clearSaveError);
  const existing = useApp((s) => (form.id ? (s.connections.list.find((c) => c.id === form.id) ?? null) : null));
  const [touched, setTouched] = useState(false);
  const problems = connectionFormProblems(form);
  const advice = connectionFormAdvice(form);
  const id = useId();
  const set = (patch: Partial<ConnectionForm>) => onChange({ ...form, ...patch });
  const field = (name: string) => `${id}-${name}`;

  return (
    <form
      className="panel form"
      aria-label={form.id ? `Edit connection ${existing?.name ?? ''}`.trim() : 'New connection'}
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (problems.length > 0) return;
        void save(inputFromForm(form)).then((saved) => {
          if (saved) onDone();
        });
      }}
    >
      <h2>{form.id ? `Edit ${existing?.name ?? 'connection'}` : 'New connection'}</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={field('name')}>Name</label>
          <input id={field('name')} value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="Production Harbor" />
        </div>
        <div className="field">
          <label htmlFor={field('url')}>Registry URL</label>
          <input id={field('url')} type="url" value={form.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://registry.example.com" />
        </div>
        <div className="field">
          <label htmlFor={field('kind')}>Kind</label>
          <select id={field('kind')} value={form.kind} onChange={(e) => set({ kind: e.target.value as ConnectionForm['kind'] })}>
            <option value="auto">Detect automatically</option>
            <option value="harbor">Harbor / STACKIT Container Registry</option>
            <option value="oci">Plain OCI registry (read-only)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={field('user')}>User or robot account</label>
          <input id={field('user')} value={form.username} autoComplete="off" onChange={(e) => set({ username: e.target.value })} placeholder="alice or robot$ci" />
          <p className="hint">Robot accounts include their prefix, e.g. robot$ci or robot$project+ci. Leave empty for anonymous access.</p>
        </div>
        <div className="field">
          <label htmlFor={field('secret')}>Secret</label>
          <input
            id={field('secret')}
            type="password"
            autoComplete="new-password"
            value={form.secret}
            disabled={form.forgetSecret}
            onChange={(e) => set({ secret: e.target.value })}
            placeholder={existing?.hasSecret ? 'saved — type to replace' : ''}
          />
          <p className="hint">
            {canKeepSecrets
              ? 'Saved encrypted by your system keychain; never shown again.'
              : 'Cannot be saved on this system: kept in memory for this session only.'}
          </p>
          {existing?.hasSecret ? (
            <label className="check">
              <input type="checkbox" checked={form.forgetSecret} onChange={(e) => set({ forgetSecret: e.target.checked, secret: '' })} /> Forget the saved secret
            </label>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={field('ca')}>CA certificate file</label>
          <input id={field('ca')} value={form.caFile} onChange={(e) => set({ caFile: e.target.value })} placeholder="/etc/ssl/my-ca.pem (optional)" />
        </div>
        <div className="field">
          <label htmlFor={field('projects')}>Default projects</label>
          <input id={field('projects')} value={form.projects} onChange={(e) => set({ projects: e.target.value })} placeholder="shop, platform" />
          <p className="hint">Comma-separated. Fetches and tests use them; empty means every project the account can see.</p>
        </div>
        <div className="field">
          <label htmlFor={field('realms')}>Token services on other addresses</label>
          <input id={field('realms')} value={form.tokenRealms} onChange={(e) => set({ tokenRealms: e.target.value })} placeholder="https://auth.example.com (optional)" />
          <p className="hint">
            Some registries send sign-ins to a token service elsewhere. Taglock sends the credentials only to the registry's own address and to the ones listed here.
          </p>
        </div>
        <div className="field">
          <label className={`check${form.insecure ? ' check-danger' : ''}`}>
            <input type="checkbox" checked={form.insecure} onChange={(e) => set({ insecure: e.target.checked })} /> Skip TLS certificate verification (insecure)
          </label>
          {form.insecure ? <InsecureBadge connection={{ insecure: true, name: form.name || 'this connection' }} /> : null}
        </div>
      </div>
      {touched && problems.length > 0 ? (
        <ul className="problems" role="alert" aria-label="Problems with the connection">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {advice.length > 0 ? (
        <ul className="advice" aria-label="Advice">
          {advice.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      ) : null}
      <ErrorNote error={saveError} action="The connection was not saved." onDismiss={clearSaveError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save connection'}
        </button>
        <button
          type="button"
          onClick={() => {
            clearSaveError();
            onDone();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
