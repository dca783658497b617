// Runs in the browser (React).
/**
 * The per-repository charts' rows, in a box that scrolls: only the rows in view are drawn, so a
 * registry of thousands of repositories costs what a dozen do. Drawing every row of 2,065 repositories
 * at a million tags froze the page for 0.7 s (Cleanup) to 1.5 s (Simulation), and every new order or
 * search redrew them all. Rows have one height (the chart's class sets what fits in it) and one set of
 * columns, shared with the header through `--chart-columns`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { virtualTop, visibleWindow } from '../view/virtual-window.js';
import { listedCount } from '../view/format.js';

export interface ChartRowContent {
  key: string | number;
  /** What a screen reader says for the row: its name and figures. */
  label: string;
  cells: ReactNode;
}

/** The box's height at most: about two thirds of a 720-pixel window's content. */
const MAX_BOX_HEIGHT = 440;

export function ChartRowWindow<T>({
  label,
  className,
  head,
  rows,
  rowHeight,
  renderRow,
  startOver,
  what,
  total,
}: {
  /** The list's accessible name. */
  label: string;
  /** The chart's class: its columns and row layout. */
  className: string;
  /** The header's cells, one per column. */
  head: ReactNode;
  rows: readonly T[];
  /** In pixels; the chart's CSS must make its rows fit it. */
  rowHeight: number;
  renderRow: (row: T) => ChartRowContent;
  /** What the rows are, in the plural ("repositories"), for the count under the box. */
  what: string;
  /** All the rows there are, before a search: with fewer listed, the count says "3 of 36". */
  total?: number;
  /** Changes when the user asks for another order or search: the box goes back to the top. New figures keep the place. */
  startOver: string;
}) {
  const rowCount = rows.length;
  const viewport = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef<number | null>(null);
  const height = Math.min(rowCount * rowHeight, Math.max(rowHeight, Math.floor(MAX_BOX_HEIGHT / rowHeight) * rowHeight));
  const scrolls = rowCount * rowHeight > height;
  const caption = listedCount(rowCount, total ?? rowCount, what, scrolls);

  useEffect(() => {
    if (viewport.current) viewport.current.scrollTop = 0;
    setScrollTop(0);
  }, [startOver]);

  const onScroll = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (viewport.current) setScrollTop(viewport.current.scrollTop);
    });
  }, []);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const win = visibleWindow(scrollTop, height, rowCount, rowHeight, 4);
  // Rows drawn ahead, outside the box's view, are inert: Tab into the box reaches the first row in view
  // (not one above it, which the browser would scroll back to).
  const top = virtualTop(scrollTop, height, rowCount, rowHeight);
  const firstInView = Math.floor(top / rowHeight);
  const endInView = Math.ceil((top + height) / rowHeight);
  const drawn: ReactNode[] = [];
  for (let position = win.start; position < win.end; position++) {
    const row = renderRow(rows[position]!);
    drawn.push(
      <div
        key={row.key}
        className="chart-row"
        role="listitem"
        aria-label={row.label}
        aria-posinset={position + 1}
        aria-setsize={rowCount}
        style={{ height: rowHeight }}
        inert={position < firstInView || position >= endInView}
      >
        {row.cells}
      </div>,
    );
  }
  return (
    <div className={`chart-window ${className}`}>
      <div className="chart-head" aria-hidden="true">
        {head}
      </div>
      {/* Focusable so that the keyboard scrolls it; the rows' own buttons are reached with Tab. */}
      <div ref={viewport} className="chart-viewport" style={{ height }} onScroll={onScroll} tabIndex={0} role="list" aria-label={label}>
        <div className="chart-spacer" style={{ height: win.spacerHeight }}>
          <div style={{ transform: `translateY(${win.offset}px)` }}>{drawn}</div>
        </div>
      </div>
      {caption === null ? null : <p className="muted small chart-count">{caption}</p>}
    </div>
  );
}
