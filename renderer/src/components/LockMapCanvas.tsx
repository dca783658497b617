// Runs in the browser (React + canvas).
/**
 * The digest lock map drawing: repositories as blocks of cells on one canvas the size of the viewport.
 * Only what is in view is drawn (a few thousand cells at most), on scroll and resize via
 * requestAnimationFrame, so 100,000+ digests stay smooth. Keyboard: arrows move between digests,
 * Page Up/Down between repositories. A digest the draft newly locks is ringed in the text colour with a
 * dot in its middle, one it frees has a dashed blue ring: told apart from unchanged locks by shape,
 * not by a shade of red next to orange. Pointing at a cell shows what it is in a tooltip.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { formatCount } from '../view/format.js';
import type { LockMapLayout } from '../view/lock-map.js';
import {
  CELL_FREE,
  CELL_LOCKED,
  CELL_MIXED,
  CELL_RETAINED,
  CELL_STATES,
  CELL_UNTAGGED,
  cellRect,
  cellWords,
  countStates,
  firstBlockAt,
  hitTest,
  layoutLockMap,
  locateArtifact,
  stepArtifact,
} from '../view/lock-map.js';
import type { CellState } from '../view/lock-map.js';
import { useTheme } from '../theme.js';

interface Palette {
  states: string[];
  newly: string;
  down: string;
  text: string;
  muted: string;
  background: string;
  selection: string;
}

const STATE_VARS: Record<CellState, string> = {
  [CELL_FREE]: '--lock-free',
  [CELL_LOCKED]: '--lock-locked',
  [CELL_MIXED]: '--lock-mixed',
  [CELL_RETAINED]: '--lock-retained',
  [CELL_UNTAGGED]: '--lock-untagged',
};

/** Order of the stacked segments in an aggregated cell, bottom first. */
const STACK: readonly CellState[] = [CELL_LOCKED, CELL_MIXED, CELL_RETAINED, CELL_UNTAGGED, CELL_FREE];

function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const states: string[] = [];
  for (let s = 0; s < CELL_STATES; s++) states[s] = v(STATE_VARS[s as CellState], '#888');
  return {
    states,
    newly: v('--text', '#222'),
    down: v('--lock-down', '#1c7ed6'),
    text: v('--text', '#222'),
    muted: v('--text-muted', '#666'),
    background: v('--bg-panel', '#fff'),
    selection: v('--focus', '#000'),
  };
}

export interface LockMapCanvasProps {
  index: SnapshotIndex;
  states: Uint8Array;
  /** Per artifact +1 newly locked, -1 freed (draft against server). */
  changes: Int8Array;
  showChanges: boolean;
  repositories: readonly number[];
  /** Per repository × state counts (repositoryStateCounts). */
  repositoryCounts: Uint32Array;
  selected: number | null;
  onSelect: (artifact: number, cell: [number, number]) => void;
  height: number;
}

export function LockMapCanvas({ index, states, changes, showChanges, repositories, repositoryCounts, selected, onSelect, height }: LockMapCanvasProps) {
  const scroller = useRef<HTMLDivElement | null>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [width, setWidth] = useState(800);
  const [viewHeight, setViewHeight] = useState(height);
  // The palette is read from the page's colours at every drawing: a new theme draws again.
  const theme = useTheme().shown;
  const [hover, setHover] = useState<{ x: number; y: number; width: number; lines: string[] } | null>(null);
  /** Where the pointer is over the map (client coordinates), or null when it is not. */
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const frame = useRef<number | null>(null);
  const scratch = useRef(new Uint32Array(CELL_STATES));

  const layout = useMemo(() => layoutLockMap(index, repositories, width), [index, repositories, width]);

  useEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      setWidth(Math.max(200, element.clientWidth));
      setViewHeight(element.clientHeight);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);


  const draw = useCallback(() => {
    const element = canvas.current;
    const scroll = scroller.current;
    if (!element || !scroll) return;
    const context = element.getContext('2d');
    if (!context) return;
    const dpr = window.devicePixelRatio || 1;
    const w = width;
    const h = viewHeight;
    if (element.width !== Math.round(w * dpr) || element.height !== Math.round(h * dpr)) {
      element.width = Math.round(w * dpr);
      element.height = Math.round(h * dpr);
      element.style.width = `${w}px`;
      element.style.height = `${h}px`;
    }
    const palette = readPalette(element);
    context.setTransform(dpr, 0, 0, dpr, 0, 0);
    context.fillStyle = palette.background;
    context.fillRect(0, 0, w, h);
    const top = scroll.scrollTop;
    const bottom = top + h;
    const { options } = layout;
    const pitch = options.cell + options.gap;
    context.font = '12px system-ui, sans-serif';
    context.textBaseline = 'middle';
    for (let b = firstBlockAt(layout, top); b < layout.blocks.length; b++) {
      const block = layout.blocks[b]!;
      if (block.top > bottom) break;
      const r = block.repository;
      const count = block.end - block.start;
      const locked = repositoryCounts[r * CELL_STATES + CELL_LOCKED]! + repositoryCounts[r * CELL_STATES + CELL_MIXED]!;
      const labelY = block.top - top + options.label / 2;
      context.fillStyle = palette.text;
      const name = index.repositoryNames[r]!;
      context.fillText(name, options.padding, labelY);
      const nameWidth = context.measureText(name).width;
      context.fillStyle = palette.muted;
      context.fillText(
        ` ${formatCount(count)} digests · ${formatCount(locked)} locked${block.perCell > 1 ? ` · each cell = ${formatCount(block.perCell)} digests` : ''}`,
        options.padding + nameWidth + 4,
        labelY,
      );
      const firstRow = Math.max(0, Math.floor((top - block.cellsTop) / pitch));
      const lastRow = Math.ceil((bottom - block.cellsTop) / pitch);
      const cellStart = firstRow * block.columns;
      const cellEnd = Math.min(block.cells, (lastRow + 1) * block.columns);
      for (let cell = cellStart; cell < cellEnd; cell++) {
        const x = options.padding + (cell % block.columns) * pitch;
        const y = block.cellsTop + Math.floor(cell / block.columns) * pitch - top;
        const start = block.start + cell * block.perCell;
        const end = Math.min(block.end, start + block.perCell);
        let changed = 0;
        if (block.perCell === 1) {
          const state = states[start]!;
          if (state === CELL_UNTAGGED) {
            // Untagged and unprotected: an empty outline, so it reads apart from a free tagged digest.
            context.strokeStyle = palette.states[CELL_FREE]!;
            context.lineWidth = 1;
            context.strokeRect(x + 0.5, y + 0.5, options.cell - 1, options.cell - 1);
          } else {
            context.fillStyle = palette.states[state]!;
            context.fillRect(x, y, options.cell, options.cell);
          }
          changed = showChanges ? changes[start]! : 0;
        } else {
          const counts = countStates(states, start, end, scratch.current);
          const total = end - start;
          let filled = 0;
          for (const state of STACK) {
            const n = counts[state]!;
            if (n === 0) continue;
            const segment = (n / total) * options.cell;
            context.fillStyle = palette.states[state]!;
            context.fillRect(x, y + options.cell - filled - segment, options.cell, segment);
            filled += segment;
          }
          if (showChanges) {
            for (let a = start; a < end && changed === 0; a++) changed = changes[a]!;
          }
        }
        if (changed > 0) {
          context.strokeStyle = palette.newly;
          context.lineWidth = 2;
          context.strokeRect(x - 1, y - 1, options.cell + 2, options.cell + 2);
          context.fillStyle = palette.background;
          context.beginPath();
          context.arc(x + options.cell / 2, y + options.cell / 2, options.cell / 5, 0, Math.PI * 2);
          context.fill();
        } else if (changed < 0) {
          context.strokeStyle = palette.down;
          context.lineWidth = 2;
          context.setLineDash([3, 2]);
          context.strokeRect(x - 1, y - 1, options.cell + 2, options.cell + 2);
          context.setLineDash([]);
        }
      }
    }
    if (selected !== null) {
      const at = locateArtifact(layout, selected);
      if (at !== null) {
        const rect = cellRect(layout, layout.blocks[at.block]!, at.cell);
        context.strokeStyle = palette.selection;
        context.lineWidth = 2;
        context.strokeRect(rect.x - 2.5, rect.y - top - 2.5, rect.size + 5, rect.size + 5);
      }
    }
  }, [layout, width, viewHeight, states, changes, showChanges, repositoryCounts, selected, index, theme]);

  const schedule = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      draw();
    });
  }, [draw]);

  useEffect(() => {
    schedule();
  }, [schedule]);

  useEffect(() => () => {
    // Forget the cancelled frame too: StrictMode runs effects twice, and a stale id would stop
    // schedule() from ever asking for the next one.
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
  }, []);

  const reveal = useCallback(
    (artifact: number, layoutNow: LockMapLayout) => {
      const scroll = scroller.current;
      const at = locateArtifact(layoutNow, artifact);
      if (!scroll || at === null) return;
      const block = layoutNow.blocks[at.block]!;
      const rect = cellRect(layoutNow, block, at.cell);
      const viewTop = scroll.scrollTop;
      const viewBottom = viewTop + scroll.clientHeight;
      if (rect.y - layoutNow.options.label < viewTop) scroll.scrollTop = Math.max(0, (rect.y === block.cellsTop ? block.top : rect.y) - 8);
      else if (rect.y + rect.size > viewBottom) scroll.scrollTop = rect.y + rect.size - scroll.clientHeight + 8;
    },
    [],
  );

  // Bring a selection made elsewhere (a link from the simulation) into view.
  useEffect(() => {
    if (selected !== null) reveal(selected, layout);
  }, [selected, layout, reveal]);

  const select = (artifact: number | null) => {
    if (artifact === null) return;
    const at = locateArtifact(layout, artifact);
    if (at === null) return;
    const block = layout.blocks[at.block]!;
    const start = block.start + at.cell * block.perCell;
    onSelect(artifact, [start, Math.min(block.end, start + block.perCell)]);
  };

  /** The cell under a point of the window (client coordinates), scrolled as the map is now. */
  const cellAt = (clientX: number, clientY: number) => {
    const rect = canvas.current?.getBoundingClientRect();
    return rect ? hitTest(layout, clientX - rect.left, clientY - rect.top + (scroller.current?.scrollTop ?? 0)) : null;
  };
  /** Says what the cell under a point is, beside it (or nothing off the cells). */
  const hoverAt = (clientX: number, clientY: number) => {
    const hit = cellAt(clientX, clientY);
    const frame = canvas.current?.closest('.lockmap-frame')?.getBoundingClientRect();
    setHover(hit && frame ? { x: clientX - frame.left, y: clientY - frame.top, lines: cellWords(index, states, changes, layout.blocks[hit.block]!.repository, hit.artifacts), width: frame.width } : null);
  };
  const onScroll = () => {
    schedule();
    // The wheel moves the cells under a pointer that stays put: the tooltip follows the cell now there.
    if (pointer.current) hoverAt(pointer.current.x, pointer.current.y);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const moves: Record<string, Parameters<typeof stepArtifact>[2]> = {
      ArrowLeft: 'left',
      ArrowRight: 'right',
      ArrowUp: 'up',
      ArrowDown: 'down',
      PageUp: 'prev-repo',
      PageDown: 'next-repo',
    };
    const move = moves[e.key];
    if (!move && e.key !== 'Home') return;
    e.preventDefault();
    select(e.key === 'Home' ? stepArtifact(layout, null, 'right') : stepArtifact(layout, selected, move!));
  };

  return (
    <div className="lockmap-frame">
      <div ref={scroller} className="lockmap-scroll" style={{ height }} onScroll={onScroll}>
        <div className="lockmap-spacer" style={{ height: Math.max(layout.height, viewHeight) }}>
          <canvas
            ref={canvas}
            className="lockmap-canvas"
            role="application"
            aria-roledescription="digest map"
            aria-label="Digest lock map"
            aria-describedby="lockmap-help"
            tabIndex={0}
            onKeyDown={onKeyDown}
            onClick={(e) => {
              const hit = cellAt(e.clientX, e.clientY);
              if (hit) onSelect(hit.artifacts[0], hit.artifacts);
            }}
            onMouseMove={(e) => {
              pointer.current = { x: e.clientX, y: e.clientY };
              hoverAt(e.clientX, e.clientY);
            }}
            onMouseLeave={() => {
              pointer.current = null;
              setHover(null);
            }}
          />
        </div>
      </div>
      {hover ? (
        <div
          className="lockmap-tooltip"
          role="tooltip"
          // Beside the pointer, on the side with room.
          style={hover.x > hover.width - 300 ? { right: hover.width - hover.x + 14, top: hover.y + 14 } : { left: hover.x + 14, top: hover.y + 14 }}
        >
          {hover.lines.map((line, i) => (
            <div key={i} className={i === 0 ? 'mono' : undefined}>
              {line}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
