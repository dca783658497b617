// Runs in the browser (React, SVG).
/**
 * Per repository, two pairs of stacked bars: its tags and the bytes of its locked digests, before (the
 * server rules) and after (the draft). Kept protection is solid, what the draft newly protects is
 * striped in the same colour, what it frees is blue, the rest grey: told apart by pattern as well as by
 * colour. Each bar is the repository's own whole, so small repositories read as well as big ones; the
 * numbers stand beside the bars, and each pair lists its parts on hover.
 */
import { useId } from 'react';
import { formatBytes, formatCount } from '../view/format.js';
import type { BarSegment, BeforeAfter, RepositoryBars } from '../view/repository-bars.js';
import { after, barSegments, before } from '../view/repository-bars.js';
import { PatternSwatch, StackedBarPair, StripePattern } from './StackedBarPair.js';
import { ChartRowWindow } from './ChartRowWindow.js';

const SEGMENT_WORDS: Record<BarSegment['kind'], string> = {
  kept: 'immutable',
  newly: 'newly immutable',
  freed: 'freed by the draft',
  mutable: 'mutable',
};

const BYTE_WORDS: Record<BarSegment['kind'], string> = {
  kept: 'locked',
  newly: 'newly locked',
  freed: 'freed by the draft',
  mutable: 'not locked',
};

/** One repository's two stacked bars: the server rules above, the draft below. */
function BarPair({ x, patternId, format, words, label }: { x: BeforeAfter; patternId: string; format: (n: number) => string; words: Record<BarSegment['kind'], string>; label: string }) {
  return (
    <StackedBarPair
      bars={[
        { name: 'Server rules', segments: barSegments(x, 'before') },
        { name: 'Draft', segments: barSegments(x, 'after') },
      ]}
      format={format}
      words={words}
      label={label}
      fillOf={(kind) => (kind === 'newly' ? `url(#${patternId})` : undefined)}
    />
  );
}

function delta(now: number, then: number, format: (n: number) => string): string {
  if (now === then) return '';
  return ` (${now > then ? '+' : '−'}${format(Math.abs(now - then))})`;
}

export interface ChartRow {
  name: string;
  bars: RepositoryBars;
}

/** A row's height in pixels: a bar pair, or two lines of figures where the columns are narrow. */
const ROW_HEIGHT = 40;

export function RepositoryChart({
  rows,
  total,
  onPick,
  startOver,
}: {
  rows: readonly ChartRow[];
  /** Repositories before a search. */
  total: number;
  onPick: (repository: number) => void;
  startOver: string;
}) {
  const id = `chart${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const patternId = `${id}-newly`;
  const count = (n: number) => formatCount(n);
  return (
    <div className="repository-chart" role="region" aria-label="Before and after the draft, per repository">
      <StripePattern id={patternId} ground="bar-newly-ground" stripe="bar-newly-stripe" stripeWidth={2} />
      <ul className="legend chart-legend" aria-label="Bar segments">
        <li>
          <span className="swatch chart-swatch bar-kept" aria-hidden="true" /> immutable / locked
        </li>
        <li>
          <PatternSwatch fill={`url(#${patternId})`} />{' '}
          newly immutable / locked by the draft
        </li>
        <li>
          <span className="swatch chart-swatch bar-freed" aria-hidden="true" /> freed by the draft
        </li>
        <li>
          <span className="swatch chart-swatch bar-mutable" aria-hidden="true" /> mutable / not locked
        </li>
        <li className="muted">Upper bar: the server rules; lower bar: the draft.</li>
      </ul>
      <ChartRowWindow
        label="Repositories, before and after"
        className="repository-chart-rows"
        rowHeight={ROW_HEIGHT}
        rows={rows}
        what="repositories"
        total={total}
        startOver={startOver}
        head={
          <>
            <span>Repository</span>
            <span>Tags</span>
            <span />
            <span>Bytes of locked digests</span>
            <span />
          </>
        }
        renderRow={({ name, bars }) => {
          const tagsBefore = before(bars.tags);
          const tagsAfter = after(bars.tags);
          const bytesBefore = before(bars.bytes);
          const bytesAfter = after(bars.bytes);
          const tagText = `${count(tagsBefore)} → ${count(tagsAfter)} of ${count(bars.tags.total)} immutable${delta(tagsAfter, tagsBefore, count)}`;
          const byteText = `${formatBytes(bytesBefore)} → ${formatBytes(bytesAfter)} of ${formatBytes(bars.bytes.total)} locked${bars.unknownSizes > 0 ? ` (${count(bars.unknownSizes)} sizes unknown)` : ''}`;
          return {
            key: bars.repository,
            label: `${name}: tags ${tagText}; bytes ${byteText}`,
            cells: (
              <>
                <button type="button" className="link ellipsis chart-name" title={`Show the tags of ${name}`} onClick={() => onPick(bars.repository)}>
                  {name}
                </button>
                <BarPair x={bars.tags} patternId={patternId} format={count} words={SEGMENT_WORDS} label={`${name}, tags: the server rules above, the draft below`} />
                <span className="chart-figures small" title={tagText}>
                  {tagText}
                </span>
                <BarPair x={bars.bytes} patternId={patternId} format={formatBytes} words={BYTE_WORDS} label={`${name}, bytes of locked digests: the server rules above, the draft below`} />
                <span className="chart-figures small" title={byteText}>
                  {byteText}
                </span>
              </>
            ),
          };
        }}
      />
    </div>
  );
}
