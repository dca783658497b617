// Runs in the browser (React).
/**
 * The Simulation screen's tag table: a search (words, a digest, or a glob matched as the rules match),
 * filters by verdict, repository and deciding rule, columns the admin chooses and sorts by, and the rows
 * shown saved as CSV or JSON. The table is virtualised (a million rows scroll as smoothly as a hundred).
 */
import { useDeferredValue, useId, useMemo } from 'react';
import type { SimulationView } from '../sim/compute.js';
import { relabelText } from '../store/rule-labels.js';
import { formatBytes, formatCount, formatTime, shortDigest } from '../view/format.js';
import { ruleText } from '../view/rules-view.js';
import type { ExportFormat } from '../view/table-export.js';
import { exportTags } from '../view/table-export.js';
import type { OptionalTagColumn } from '../view/tag-columns.js';
import { OPTIONAL_COLUMN_LABELS, OPTIONAL_TAG_COLUMNS, tagColumns } from '../view/tag-columns.js';
import type { TagSortKey } from '../view/tag-sort.js';
import { positionOf, sortTags } from '../view/tag-sort.js';
import type { TagFilter, TagRowView } from '../view/tag-table.js';
import { VERDICT_FILTERS, filterTags, isFiltered, nameLengths, parseTagSearch, tagRowView } from '../view/tag-table.js';
import { EmptyState } from './common.js';
import { useLabelAt } from './RuleList.js';
import { SaveButtons, downloadText } from './save-and-copy.js';
import { useApp, useAppShallow } from './store-context.js';
import type { Column } from './VirtualTable.js';
import { VirtualTable } from './VirtualTable.js';

/** The search field's id, for the `/` shortcut. */
export const TAG_SEARCH_ID = 'tag-search';

function changeCell(change: TagRowView['change']) {
  if (change === 1)
    return (
      <span className="change-up" title="Newly immutable with the draft">
        ▲ newly
      </span>
    );
  if (change === -1)
    return (
      <span className="change-down" title="No longer immutable with the draft">
        ▼ freed
      </span>
    );
  return <span className="muted">—</span>;
}

export function TagTablePanel({ view }: { view: SimulationView }) {
  const { filter, sort, shown, selectedTag } = useAppShallow((s) => ({
    filter: s.simulation.filter,
    sort: s.simulation.sort,
    shown: s.simulation.tagColumns,
    selectedTag: s.simulation.selectedTag,
  }));
  const { setFilter, setSort, setTagColumns, selectTag } = useAppShallow((s) => ({
    setFilter: s.simulation.setFilter,
    setSort: s.simulation.setSort,
    setTagColumns: s.simulation.setTagColumns,
    selectTag: s.simulation.selectTag,
  }));
  const dialect = useApp((s) => s.rules.dialect);
  const snapshotName = useApp((s) => s.snapshots.current?.summary?.name ?? 'snapshot');
  const plainRegistry = view.draft.index.meta.registry.kind !== 'harbor';
  const deferred = useDeferredValue(filter);
  const labelOf = useLabelAt();
  const index = view.draft.index;
  const filtered = useMemo(() => filterTags(view, deferred, dialect), [view, deferred, dialect]);
  const rows = useMemo(() => sortTags(view, filtered, sort), [view, filtered, sort]);
  const search = useMemo(() => parseTagSearch(filter.query, dialect, index), [filter.query, dialect, index]);
  const id = useId();
  const rules = view.draft.ruleSets[view.projectIndex]?.rules ?? [];
  const ruleFilter = filter.rule !== null && filter.rule < rules.length ? filter.rule : null;
  const repositories = useMemo(
    () =>
      index.repositoryNames
        .map((name, r) => ({ name: index.projects.length > 1 ? `${index.projects[index.repositoryProject[r]!]!.name}/${name}` : name, r }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [index],
  );
  // A plain registry records no verdicts of its own: there is no "Harbor said" to show.
  const visible = plainRegistry ? shown.filter((c) => c !== 'server') : shown;
  const columns: Column[] = tagColumns(nameLengths(index), visible).map((c) => ({ ...c, sortable: true }));
  const selectedPosition = selectedTag === null ? -1 : positionOf(rows, selectedTag, sort !== null);
  const set = (patch: Partial<TagFilter>) => setFilter(patch);
  const relabel = (label: string) => relabelText(label, labelOf);
  const save = (format: ExportFormat) => {
    const file = exportTags(view, rows, relabel, format, snapshotName, Date.now());
    downloadText(file.fileName, file.text, file.mimeType);
  };
  const onSort = (key: string) => {
    const k = key as TagSortKey;
    // Ascending, descending, then back to the snapshot's own order.
    if (sort === null || sort.key !== k) setSort({ key: k, descending: false });
    else if (!sort.descending) setSort({ key: k, descending: true });
    else setSort(null);
  };

  const cell = (row: TagRowView, key: TagSortKey) => {
    switch (key) {
      case 'repository':
        return (
          <span className="ellipsis mono" title={row.repository}>
            {row.repository}
          </span>
        );
      case 'tag':
        return (
          <span className="ellipsis mono" title={row.name}>
            {row.name}
          </span>
        );
      case 'verdict':
        return (
          <span className={`verdict-pill verdict-${row.verdict}`} title={row.verdict === 'stopped' ? 'Mutable: a rule failed and stopped the evaluation' : undefined}>
            {row.verdict === 'stopped' ? 'mutable ⚠' : row.verdict}
          </span>
        );
      case 'rule': {
        const rule = row.rule === null ? null : rules.find((r) => r.label === row.rule);
        return (
          <span className="ellipsis" title={rule ? ruleText(rule.rule) : undefined}>
            {row.rule === null ? '—' : relabel(row.rule)}
          </span>
        );
      }
      case 'server':
        return (
          <span className={row.mismatch ? 'mismatch' : undefined} title={row.mismatch ? "Harbor's recorded verdict differs from the simulation of the server rules" : undefined}>
            {row.server === null ? 'unknown' : row.server ? 'immutable' : 'mutable'}
            {row.mismatch ? ' ⚠' : ''}
          </span>
        );
      case 'change':
        return changeCell(row.change);
      case 'pushed':
        return <span title={formatTime(row.pushTime, 'unknown')}>{Number.isFinite(row.pushTime) ? new Date(row.pushTime).toISOString().slice(0, 10) : '—'}</span>;
      case 'size':
        return <span>{Number.isFinite(row.size) ? formatBytes(row.size) : '—'}</span>;
      case 'digest':
        return <span title={row.digest}>{shortDigest(row.digest)}</span>;
    }
  };

  return (
    <div className="panel tags-panel" role="region" aria-label="Tags">
      <div className="filters" role="search" aria-label="Filter tags">
        <div className="field grow">
          <span className="label-line">
            <label htmlFor={TAG_SEARCH_ID}>Search tags</label>
            <kbd className="key-hint" title="Press / to search" aria-hidden="true">
              /
            </kbd>
          </span>
          <input
            id={TAG_SEARCH_ID}
            type="search"
            className="mono"
            value={filter.query}
            placeholder="words, sha256:…, or a glob: v1.*, backend/*:latest"
            aria-describedby={`${id}-search-help`}
            onChange={(e) => set({ query: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-v`}>Verdict filter</label>
          <select id={`${id}-v`} value={filter.verdict} onChange={(e) => set({ verdict: e.target.value as TagFilter['verdict'] })}>
            {VERDICT_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-rule`}>Rule filter</label>
          <select id={`${id}-rule`} value={ruleFilter ?? ''} onChange={(e) => set({ rule: e.target.value === '' ? null : Number(e.target.value) })}>
            <option value="">Any rule</option>
            {rules.map((rule, position) => (
              <option key={position} value={position}>
                {relabel(rule.label)}: {ruleText(rule.rule)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-r`}>Repository filter</label>
          <select id={`${id}-r`} value={filter.repository ?? ''} onChange={(e) => set({ repository: e.target.value === '' ? null : Number(e.target.value) })}>
            <option value="">All repositories</option>
            {repositories.map((r) => (
              <option key={r.r} value={r.r}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id={`${id}-search-help`} className={search.kind === 'refused' ? 'note note-warn' : 'hint'} role={search.kind === 'refused' ? 'alert' : undefined}>
        {search.kind === 'refused'
          ? search.problem
          : search.kind === 'glob'
            ? `A glob, matched as the rules match (${dialect}): ${search.either ? 'a tag name or a repository' : 'repository:tag'}; * stays within one path part, ** crosses them.`
            : 'Words match anywhere in repository:tag; a pattern with * ? [ or { is matched as the rules match it.'}
      </p>
      <div className="count-line">
        <span aria-live="polite">
          {formatCount(rows.length)} of {formatCount(index.counts.tags)} tags
          {filter !== deferred ? <span className="muted"> (updating…)</span> : null}
          {sort !== null ? <span className="muted"> · sorted by {columns.find((c) => c.key === sort.key)?.header.toLowerCase() ?? sort.key}{sort.descending ? ', descending' : ''}</span> : null}
        </span>
        {isFiltered(filter) ? (
          <button type="button" className="link" onClick={() => set({ query: '', verdict: 'all', repository: null, project: null, rule: null })}>
            Clear filters
          </button>
        ) : null}
        <span className="count-line-actions">
          <details className="column-chooser">
            <summary>Columns</summary>
            <fieldset>
              <legend className="visually-hidden">Columns shown</legend>
              {OPTIONAL_TAG_COLUMNS.filter((c) => !(plainRegistry && c === 'server')).map((c: OptionalTagColumn) => (
                <label key={c} className="check">
                  <input type="checkbox" checked={shown.includes(c)} onChange={(e) => setTagColumns(e.target.checked ? [...shown, c] : shown.filter((x) => x !== c))} />{' '}
                  {OPTIONAL_COLUMN_LABELS[c]}
                </label>
              ))}
            </fieldset>
          </details>
          <SaveButtons what={`the ${formatCount(rows.length)} tags shown`} disabled={rows.length === 0} onSave={save} />
        </span>
      </div>
      <VirtualTable
        label="Tags"
        idPrefix="tags"
        columns={columns}
        rowCount={rows.length}
        height={420}
        selected={selectedPosition >= 0 ? selectedPosition : null}
        onSelect={(position) => selectTag(rows[position]!)}
        sort={sort}
        onSort={onSort}
        empty={<EmptyState title="No tag matches">Change the search or the filters.</EmptyState>}
        renderRow={(position) => {
          const row = tagRowView(view, rows[position]!);
          return {
            key: row.tag,
            label: `${row.repository}:${row.name} ${row.verdict}`,
            className: row.change === 1 ? 'row-up' : row.change === -1 ? 'row-down' : undefined,
            cells: columns.map((c) => cell(row, c.key as TagSortKey)),
          };
        }}
      />
      <p className="hint">Use ↑ ↓, Page Up/Down, Home and End in the table; the selected tag is explained in the Why panel. Click a column's name to sort by it.</p>
    </div>
  );
}
