// Runs in the browser (React).
/** What the per-repository views share: finding a repository by name, an order, and a chart drawn after the screen. */
import { startTransition, useEffect, useState } from 'react';

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

/** Rows whose name holds the query (any case). */
export function matchingName<T extends { name: string }>(rows: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  return q === '' ? [...rows] : rows.filter((row) => row.name.toLowerCase().includes(q));
}

export function RepositoryFinder<S extends string>({
  id,
  query,
  onQuery,
  sort,
  onSort,
  orders,
}: {
  id: string;
  query: string;
  onQuery: (query: string) => void;
  sort: S;
  onSort: (sort: S) => void;
  /** The orders offered: value and words. */
  orders: readonly (readonly [S, string])[];
}) {
  return (
    <>
      <label htmlFor={`${id}-q`}>Find repository</label>
      <input id={`${id}-q`} type="search" value={query} onChange={(e) => onQuery(e.target.value)} />
      <label htmlFor={`${id}-s`}>Sort by</label>
      <select id={`${id}-s`} value={sort} onChange={(e) => onSort(e.target.value as S)}>
        {orders.map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
    </>
  );
}
