// Runs in the browser (React).
/**
 * A per-repository list as a virtualised grid whose headers set the list's order: a press sorts by the
 * column, in its own direction (most first; names A to Z), and the next press the other way round. The
 * order is the list's (the chart's "Sort by" and "Reverse order" show the same), not the grid's own.
 */
import { useState } from 'react';
import { listedCount } from '../view/format.js';
import type { ReactNode } from 'react';
import type { ListOrder } from '../view/repository-order.js';
import { naturalDescending } from '../view/repository-order.js';
import type { Column } from './VirtualTable.js';
import { VirtualTable } from './VirtualTable.js';

/** About 14 rows at a time, as the tag table. */
const TABLE_HEIGHT = 392;

export function OrderedGrid<K extends string>({
  idPrefix,
  columns,
  rowCount,
  total,
  order,
  onOrder,
  renderRow,
  onActivate,
}: {
  idPrefix: string;
  columns: readonly (Column & { key: K })[];
  rowCount: number;
  /** All the repositories there are, before a search: with fewer listed, a line says "5 of 36 repositories." */
  total: number;
  order: ListOrder<K>;
  onOrder: (order: ListOrder<K>) => void;
  renderRow: (position: number) => { key: string | number; label: string; cells: ReactNode[] };
  /** Enter on the selected row. */
  onActivate?: (position: number) => void;
}) {
  const [selected, setSelected] = useState<number | null>(null);
  const columnSorted = columns.some((c) => c.key === order.key);
  // The grid scrolls within itself and says where it stands: the line says only what a search found.
  const caption = rowCount > 0 ? listedCount(rowCount, total, 'repositories', false) : null;
  return (
    <>
      <VirtualTable
        label="Repositories"
        idPrefix={idPrefix}
        columns={columns}
        rowCount={rowCount}
        height={TABLE_HEIGHT}
        selected={selected !== null && selected < rowCount ? selected : null}
        onSelect={setSelected}
        sort={columnSorted ? { key: order.key, descending: naturalDescending(order.key) !== order.reversed } : null}
        onSort={(key) => onOrder({ key: key as K, reversed: key === order.key ? !order.reversed : false })}
        renderRow={renderRow}
        onActivate={onActivate}
      />
      {caption === null ? null : <p className="muted small chart-count">{caption}</p>}
    </>
  );
}
