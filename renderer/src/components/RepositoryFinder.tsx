// Runs in the browser (React).
/** What the per-repository views share: finding a repository by name, an order either way round, chart or table, and a chart drawn after the screen. */
import { startTransition, useCallback, useEffect, useState } from 'react';
import type { ListOrder } from '../view/repository-order.js';

/**
 * False for the screen's first frame, then true in a transition: React draws the chart in slices that
 * leave the page free, so opening the screen is no long task. Server rendering (tests) draws at once.
 */
export function useDrawnAfterTheScreen(): boolean {
  const [drawn, setDrawn] = useState(typeof window === 'undefined');
  useEffect(() => {
    if (!drawn) startTransition(() => setDrawn(true));
  }, [drawn]);
  return drawn;
}

/** What each list's view was left at, by `useKept`'s key: while the page lives, not saved. */
const kept = new Map<string, unknown>();

/**
 * State that outlives the component: another screen and back finds the list as it was left (its search,
 * order and chart or table). `key` names the list and the snapshot: another snapshot starts afresh.
 */
export function useKept<T>(key: string, initial: T): [T, (value: T) => void] {
  const read = (): T => (kept.has(key) ? (kept.get(key) as T) : initial);
  const [state, setState] = useState<{ key: string; value: T }>(() => ({ key, value: read() }));
  const set = useCallback(
    (value: T) => {
      kept.set(key, value);
      setState({ key, value });
    },
    [key],
  );
  return [state.key === key ? state.value : read(), set];
}

/** Rows whose name holds the query (any case). */
export function matchingName<T extends { name: string }>(rows: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  return q === '' ? [...rows] : rows.filter((row) => row.name.toLowerCase().includes(q));
}

export type ListShape = 'chart' | 'table';

/** The row above a per-repository list: find by name, the order and its direction, chart or table. */
export function RepositoryFinder<S extends string>({
  id,
  query,
  onQuery,
  order,
  onOrder,
  orders,
  shape,
  onShape,
}: {
  id: string;
  query: string;
  onQuery: (query: string) => void;
  order: ListOrder<S>;
  onOrder: (order: ListOrder<S>) => void;
  /** The orders offered: value and words. */
  orders: readonly (readonly [S, string])[];
  shape: ListShape;
  onShape: (shape: ListShape) => void;
}) {
  return (
    <div className="list-head">
      <div className="row-inline">
        <label htmlFor={`${id}-q`}>Find repository</label>
        <input id={`${id}-q`} type="search" value={query} onChange={(e) => onQuery(e.target.value)} />
        <label htmlFor={`${id}-s`}>Sort by</label>
        <select id={`${id}-s`} value={order.key} onChange={(e) => onOrder({ key: e.target.value as S, reversed: false })}>
          {orders.map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
        {/* The table's headers turn an order round too: this says so in the chart as well. */}
        <button type="button" className="small-button" aria-pressed={order.reversed} onClick={() => onOrder({ ...order, reversed: !order.reversed })}>
          Reverse order
        </button>
        <fieldset className="segmented">
          <legend className="visually-hidden">Show as</legend>
          <label className="check">
            <input type="radio" name={`${id}-shape`} checked={shape === 'chart'} onChange={() => onShape('chart')} /> Chart
          </label>
          <label className="check">
            <input type="radio" name={`${id}-shape`} checked={shape === 'table'} onChange={() => onShape('table')} /> Table
          </label>
        </fieldset>
      </div>
    </div>
  );
}
