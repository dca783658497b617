// Runs in the browser (React).
/**
 * A virtualised, keyboard-driven grid: only the rows in view are rendered, so 100,000+ rows scroll
 * smoothly. Arrow keys, Page Up/Down, Home and End move the selection; the selected row is announced
 * through aria-activedescendant. Columns never shrink below their minimum: when they need more room
 * than the table has, the rows scroll sideways (the header follows) instead of cutting names short.
 * Sortable columns have a button in their header and say their order with aria-sort.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { scrollTopForRow, visibleWindow } from '../view/virtual-window.js';

export interface Column {
  key: string;
  header: string;
  /** The narrowest the column may be (a CSS length, e.g. '96px' or a calc()). */
  min: string;
  /** Whether it takes a share of the room left over (names), or stays at `min`. */
  grow?: number;
  className?: string;
  /** What the header button's tooltip says (e.g. the column's meaning). */
  title?: string;
  sortable?: boolean;
}

export interface ColumnSort {
  key: string;
  descending: boolean;
}

/** The grid tracks of the columns, and the width all of them need at least. */
export function columnTracks(columns: readonly Column[]): { template: string; minWidth: string } {
  return {
    template: columns.map((c) => (c.grow ? `minmax(${c.min}, ${c.grow}fr)` : c.min)).join(' '),
    minWidth: `calc(${columns.map((c) => c.min).join(' + ')})`,
  };
}

export interface VirtualTableProps {
  label: string;
  columns: readonly Column[];
  rowCount: number;
  rowHeight?: number;
  height: number;
  /** Row position (0..rowCount) → cells, in column order. */
  renderRow: (position: number) => { key: string | number; cells: ReactNode[]; className?: string; label?: string };
  selected: number | null;
  onSelect: (position: number) => void;
  /** Enter on the grid (not on a control inside it): what the selected row leads to, if anything. */
  onActivate?: (position: number) => void;
  empty?: ReactNode;
  idPrefix: string;
  sort?: ColumnSort | null;
  /** A sortable column's header was pressed. */
  onSort?: (key: string) => void;
}

const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

export function VirtualTable({ label, columns, rowCount, rowHeight = 28, height, renderRow, selected, onSelect, onActivate, empty, idPrefix, sort = null, onSort }: VirtualTableProps) {
  const viewport = useRef<HTMLDivElement | null>(null);
  const head = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(height);
  // The rows lose the width of the vertical scrollbar; the header gives it up too, so columns line up.
  const [scrollbar, setScrollbar] = useState(0);
  const frame = useRef<number | null>(null);
  const { template, minWidth } = columnTracks(columns);

  useIsomorphicLayoutEffect(() => {
    const element = viewport.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      setViewHeight(element.clientHeight);
      setScrollbar(element.offsetWidth - element.clientWidth);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, [rowCount === 0]);

  // A new row set (filter change) starts at the top unless the selection is in it.
  useEffect(() => {
    if (viewport.current && scrollTop > rowCount * rowHeight) {
      viewport.current.scrollTop = 0;
      setScrollTop(0);
    }
  }, [rowCount, rowHeight, scrollTop]);

  const onScroll = useCallback(() => {
    if (viewport.current && head.current) head.current.scrollLeft = viewport.current.scrollLeft;
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (viewport.current) setScrollTop(viewport.current.scrollTop);
    });
  }, []);

  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  const reveal = (position: number) => {
    const element = viewport.current;
    if (!element) return;
    const top = scrollTopForRow(position, element.scrollTop, element.clientHeight, rowCount, rowHeight);
    if (top !== element.scrollTop) {
      element.scrollTop = top;
      setScrollTop(top);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (rowCount === 0) return;
    const page = Math.max(1, Math.floor(viewHeight / rowHeight) - 1);
    const from = selected ?? -1;
    if (e.key === 'Enter' && e.target === e.currentTarget && selected !== null && onActivate) {
      e.preventDefault();
      onActivate(selected);
      return;
    }
    let to: number | null = null;
    switch (e.key) {
      case 'ArrowDown':
        to = Math.min(rowCount - 1, from + 1);
        break;
      case 'ArrowUp':
        to = Math.max(0, from - 1);
        break;
      case 'PageDown':
        to = Math.min(rowCount - 1, from + page);
        break;
      case 'PageUp':
        to = Math.max(0, from - page);
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = rowCount - 1;
        break;
    }
    if (to === null) return;
    e.preventDefault();
    onSelect(to);
    reveal(to);
  };

  const win = visibleWindow(scrollTop, viewHeight, rowCount, rowHeight);
  const rows: ReactNode[] = [];
  for (let position = win.start; position < win.end; position++) {
    const row = renderRow(position);
    const isSelected = position === selected;
    rows.push(
      <div
        key={row.key}
        id={`${idPrefix}-row-${position}`}
        role="row"
        aria-rowindex={position + 2}
        aria-selected={isSelected}
        aria-label={row.label}
        className={`vrow${isSelected ? ' selected' : ''}${row.className ? ` ${row.className}` : ''}`}
        style={{ gridTemplateColumns: template, minWidth, height: rowHeight }}
        onClick={() => onSelect(position)}
      >
        {row.cells.map((cell, i) => (
          <div key={columns[i]!.key} role="gridcell" className={`vcell${columns[i]!.className ? ` ${columns[i]!.className}` : ''}`}>
            {cell}
          </div>
        ))}
      </div>,
    );
  }
  const activeRendered = selected !== null && selected >= win.start && selected < win.end;

  return (
    <div
      className="vtable"
      role="grid"
      aria-label={label}
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length}
      aria-activedescendant={activeRendered ? `${idPrefix}-row-${selected}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="vhead" ref={head} style={{ paddingRight: scrollbar }}>
        <div role="row" aria-rowindex={1} className="vrow vhead-row" style={{ gridTemplateColumns: template, minWidth }}>
          {columns.map((c) => {
            const sorted = sort !== null && sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined;
            return (
              <div key={c.key} role="columnheader" className={`vcell${c.className ? ` ${c.className}` : ''}`} aria-sort={c.sortable ? (sorted ?? 'none') : undefined}>
                {c.sortable && onSort ? (
                  <button type="button" className="sort-button" title={c.title} onClick={() => onSort(c.key)}>
                    {c.header}
                    {/* The space outside the mark: where the header runs out of room, the mark takes a line of its own. */}
                    {sorted ? ' ' : null}
                    <span className="sort-mark" aria-hidden="true">
                      {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
                    </span>
                  </button>
                ) : (
                  <span title={c.title}>{c.header}</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {rowCount === 0 ? (
        <div className="vempty">{empty}</div>
      ) : (
        <div ref={viewport} className="vviewport" style={{ height }} onScroll={onScroll}>
          <div role="rowgroup" className="vspacer" style={{ height: win.spacerHeight, minWidth }}>
            <div className="vrows" style={{ transform: `translateY(${win.offset}px)` }}>
              {rows}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
