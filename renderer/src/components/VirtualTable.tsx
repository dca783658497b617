// Runs in the browser (React).
/**
 * A virtualised, keyboard-driven grid: only the rows in view are rendered, so 100,000+ rows scroll
 * smoothly. Arrow keys, Page Up/Down, Home and End move the selection; the selected row is announced
 * through aria-activedescendant.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { scrollTopForRow, visibleWindow } from '../view/virtual-window.js';

export interface Column {
  key: string;
  header: string;
  /** CSS grid track, e.g. '2fr' or '90px'. */
  width: string;
  className?: string;
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
  empty?: ReactNode;
  idPrefix: string;
}

const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

export function VirtualTable({ label, columns, rowCount, rowHeight = 28, height, renderRow, selected, onSelect, empty, idPrefix }: VirtualTableProps) {
  const viewport = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(height);
  const frame = useRef<number | null>(null);
  const template = columns.map((c) => c.width).join(' ');

  useIsomorphicLayoutEffect(() => {
    const element = viewport.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewHeight(element.clientHeight));
    observer.observe(element);
    setViewHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  // A new row set (filter change) starts at the top unless the selection is in it.
  useEffect(() => {
    if (viewport.current && scrollTop > rowCount * rowHeight) {
      viewport.current.scrollTop = 0;
      setScrollTop(0);
    }
  }, [rowCount, rowHeight, scrollTop]);

  const onScroll = useCallback(() => {
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
        style={{ gridTemplateColumns: template, height: rowHeight }}
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
      <div role="rowgroup" className="vhead">
        <div role="row" aria-rowindex={1} className="vrow vhead-row" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div key={c.key} role="columnheader" className={`vcell${c.className ? ` ${c.className}` : ''}`}>
              {c.header}
            </div>
          ))}
        </div>
      </div>
      {rowCount === 0 ? (
        <div className="vempty">{empty}</div>
      ) : (
        <div ref={viewport} className="vviewport" style={{ height }} onScroll={onScroll}>
          <div role="rowgroup" className="vspacer" style={{ height: win.spacerHeight }}>
            <div className="vrows" style={{ transform: `translateY(${win.offset}px)` }}>
              {rows}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
