// Runs in the browser (React).
/**
 * The Simulation screen's per-repository totals as a table: a virtualised grid (every repository a
 * scroll away), each column's header sorting by it, a second press the other way round.
 */
import type { Totals } from '../../../shared/engine/simulate.js';
import { formatCount } from '../view/format.js';
import type { RepositoryOrder, RepositoryOrderKey } from '../view/repository-order.js';
import { Delta } from './common.js';
import { OrderedGrid } from './OrderedGrid.js';
import type { Column } from './VirtualTable.js';

export interface RepositoryTableRow {
  r: number;
  name: string;
  totals: Totals;
  server: Totals;
}

/** Each column sorts by the order of its key. */
const COLUMNS: readonly (Column & { key: RepositoryOrderKey })[] = [
  { key: 'name', header: 'Repository', min: '10rem', grow: 1, sortable: true },
  { key: 'tags', header: 'Tags', min: '5.5rem', className: 'num', sortable: true },
  { key: 'immutableTags', header: 'Immutable tags', min: '9.5rem', className: 'num', sortable: true },
  { key: 'lockedDigests', header: 'Locked digests', min: '9rem', className: 'num', sortable: true },
  {
    key: 'mutableTagsOnLockedDigests',
    header: 'Mutable on locked',
    min: '10.5rem',
    className: 'num',
    sortable: true,
    title: 'Mutable tags on locked digests: they can still move, the digest under them stays',
  },
  { key: 'untaggedRetained', header: 'Untagged kept', min: '8rem', className: 'num', sortable: true, title: 'Untagged artifacts tag retention keeps as immutable, of all untagged' },
  { key: 'tagsStoppedByError', header: 'Stopped by error', min: '9rem', className: 'num', sortable: true, title: "Tags whose evaluation a rule's error stopped (mutable, as Harbor counts them)" },
];
export function RepositoryTable({
  id,
  rows,
  total,
  order,
  onOrder,
  onPick,
}: {
  id: string;
  rows: readonly RepositoryTableRow[];
  /** Repositories before a search. */
  total: number;
  order: RepositoryOrder;
  onOrder: (order: RepositoryOrder) => void;
  onPick: (repository: number) => void;
}) {
  return (
    <OrderedGrid
      idPrefix={`${id}-repositories`}
      columns={COLUMNS}
      rowCount={rows.length}
      total={total}
      order={order}
      onOrder={onOrder}
      onActivate={(position) => onPick(rows[position]!.r)}
      renderRow={(position) => {
        const { r, name, totals, server } = rows[position]!;
        return {
          key: r,
          label: name,
          cells: [
            <button type="button" className="link ellipsis" onClick={() => onPick(r)} aria-label={`Show the tags of ${name}`} title={name}>
              {name}
            </button>,
            formatCount(totals.tags),
            <>
              {formatCount(totals.immutableTags)}
              <Delta value={totals.immutableTags - server.immutableTags} meaning="locks" against="the server rules" />
            </>,
            <>
              {`${formatCount(totals.lockedDigests)} / ${formatCount(totals.artifacts)}`}
              <Delta value={totals.lockedDigests - server.lockedDigests} meaning="locks" against="the server rules" />
            </>,
            formatCount(totals.mutableTagsOnLockedDigests),
            `${formatCount(totals.untaggedRetained)} / ${formatCount(totals.untaggedArtifacts)}`,
            <span className={totals.tagsStoppedByError > 0 ? 'bad' : undefined}>{formatCount(totals.tagsStoppedByError)}</span>,
          ],
        };
      }}
    />
  );
}
