// Runs in the browser (pure helpers, no DOM).
/**
 * The arithmetic of a virtualised list: which rows to render for a scroll position, and where. Browsers
 * cap element heights (about 16.7 million px in Firefox, 33 million in Chrome), so past MAX_SCROLL_HEIGHT
 * the scroll range is compressed: the scrollbar maps proportionally onto the full list.
 */

export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface VirtualWindow {
  /** First row to render (inclusive) and the end (exclusive). */
  start: number;
  end: number;
  /** Height of the scrolling spacer. */
  spacerHeight: number;
  /** Offset (from the top of the spacer) at which row `start` is placed. */
  offset: number;
}

/** Height of the scrolling spacer for `rowCount` rows (compressed past MAX_SCROLL_HEIGHT). */
export function spacerHeight(rowCount: number, rowHeight: number): number {
  return Math.min(Math.max(0, rowCount) * rowHeight, MAX_SCROLL_HEIGHT);
}

/** The list position (in full-list pixels) shown at the top for a given scrollTop. */
export function virtualTop(scrollTop: number, viewport: number, rowCount: number, rowHeight: number): number {
  const full = rowCount * rowHeight;
  const spacer = spacerHeight(rowCount, rowHeight);
  if (full <= spacer || spacer <= viewport) return Math.max(0, scrollTop);
  const ratio = (full - viewport) / (spacer - viewport);
  return Math.max(0, Math.min(scrollTop, spacer - viewport)) * ratio;
}

export function visibleWindow(scrollTop: number, viewport: number, rowCount: number, rowHeight: number, overscan = 6): VirtualWindow {
  const spacer = spacerHeight(rowCount, rowHeight);
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0, spacerHeight: 0, offset: 0 };
  const top = virtualTop(scrollTop, viewport, rowCount, rowHeight);
  const first = Math.floor(top / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, Math.ceil((top + Math.max(viewport, 0)) / rowHeight) + overscan);
  // Place row `start` so that row `first` lands exactly where `top` says, relative to scrollTop.
  const offset = Math.max(0, scrollTop - (top - start * rowHeight));
  return { start, end, spacerHeight: spacer, offset };
}

/** The scrollTop that brings `row` fully into view (unchanged when it already is). */
export function scrollTopForRow(row: number, scrollTop: number, viewport: number, rowCount: number, rowHeight: number): number {
  const full = rowCount * rowHeight;
  const spacer = spacerHeight(rowCount, rowHeight);
  const ratio = full <= spacer || spacer <= viewport ? 1 : (full - viewport) / (spacer - viewport);
  const top = virtualTop(scrollTop, viewport, rowCount, rowHeight);
  const rowTop = row * rowHeight;
  let wantedTop = top;
  if (rowTop < top) wantedTop = rowTop;
  else if (rowTop + rowHeight > top + viewport) wantedTop = rowTop + rowHeight - viewport;
  else return scrollTop;
  return Math.max(0, Math.min(spacer - viewport, wantedTop / ratio));
}
