// Runs in the browser (React).
/**
 * The Cleanup screen's per-repository forecast as a table: a virtualised grid (every repository a
 * scroll away) of the drafts' figures, the changes against the server's side beside them, each column's
 * header sorting by it and a second press the other way round.
 */
import type { CleanupOrder, CleanupRow, CleanupSort } from '../view/cleanup-bars.js';
import { formatBytes, formatCount } from '../view/format.js';
import type { DeltaMeaning } from './common.js';
import { Delta } from './common.js';
import { OrderedGrid } from './OrderedGrid.js';
import type { Column } from './VirtualTable.js';

/** Each column sorts by the order of its key; short headers, the full words as their tooltips. */
const COLUMNS: readonly (Column & { key: CleanupSort })[] = [
  { key: 'name', header: 'Repository', min: '9rem', grow: 1, sortable: true },
  { key: 'artifacts', header: 'Artifacts', min: '5.5rem', className: 'num', sortable: true },
  { key: 'deleted', header: 'Deleted', min: '8rem', className: 'num', sortable: true, title: 'Artifacts the next run deletes, and the change against the server' },
  { key: 'immutable', header: 'Immutable', min: '8.5rem', className: 'num', sortable: true, title: 'Artifacts kept by immutability, and the change against the server' },
  { key: 'retained', header: 'Retained', min: '7.5rem', className: 'num', sortable: true, title: 'Artifacts a retention rule retains, and the change against the server' },
  { key: 'untouched', header: 'Untouched', min: '7.5rem', className: 'num', sortable: true, title: 'Artifacts no retention rule selects, and the change against the server' },
  { key: 'bytesDeleted', header: 'Bytes deleted', min: '8rem', className: 'num', sortable: true },
  { key: 'bytesImmutable', header: 'Bytes immutable', min: '9rem', className: 'num', sortable: true, title: 'Bytes kept by immutability' },
];
export function CleanupTable({
  id,
  rows,
  total,
  order,
  onOrder,
  against,
}: {
  id: string;
  rows: readonly CleanupRow[];
  /** Repositories before a search. */
  total: number;
  order: CleanupOrder;
  onOrder: (order: CleanupOrder) => void;
  /** How the server's side is named, for screen readers (serverSideWords). */
  against: string;
}) {
  return (
    <OrderedGrid
      idPrefix={`${id}-cleanup-repositories`}
      columns={COLUMNS}
      rowCount={rows.length}
      total={total}
      order={order}
      onOrder={onOrder}
      renderRow={(position) => {
        const { repository, name, draft, server } = rows[position]!;
        /** The drafts' count, and its change against the server's side (fewer deleted reads as better). */
        const counted = (part: 'deleted' | 'immutable' | 'retained' | 'untouched', meaning: DeltaMeaning) => (
          <>
            {formatCount(draft[part])}
            <Delta value={draft[part] - server[part]} meaning={meaning} against={against} />
          </>
        );
        return {
          key: repository,
          label: name,
          cells: [
            <span className="ellipsis" title={name}>
              {name}
            </span>,
            formatCount(draft.artifacts),
            counted('deleted', 'deletes'),
            counted('immutable', 'neutral'),
            counted('retained', 'neutral'),
            counted('untouched', 'neutral'),
            formatBytes(draft.bytesDeleted),
            formatBytes(draft.bytesImmutable),
          ],
        };
      }}
    />
  );
}
