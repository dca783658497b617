// Runs in the browser (React, SVG).
/**
 * Two stacked bars in one drawing, 100 units wide, stretched to their box: the per-repository charts
 * draw one such pair per repository and measure (what the server has above, the draft below). Each part
 * is drawn with the class `bar-<kind>`; its tooltip lists every part of both bars.
 */
import type { StackSegment } from '../view/repository-bars.js';

/** Height of one bar and the gap between the two, in drawing units. */
const BAR_HEIGHT = 9;
const BAR_GAP = 3;

const fillStyle = (fill: string | undefined) => (fill === undefined ? undefined : { fill });

export interface StackedBar<K extends string> {
  /** `Server rules`, `Draft`: how the tooltip names the bar. */
  name: string;
  segments: readonly StackSegment<K>[];
}

export function StackedBarPair<K extends string>({
  bars,
  format,
  words,
  label,
  fillOf,
}: {
  bars: readonly [StackedBar<K>, StackedBar<K>];
  format: (n: number) => string;
  words: Record<K, string>;
  label: string;
  /** A fill for a kind drawn with a pattern rather than its class's colour. */
  fillOf?: (kind: K) => string | undefined;
}) {
  const tooltip = bars.map(({ name, segments }) => `${name}: ${segments.map((s) => `${format(s.value)} ${words[s.kind]}`).join(', ') || 'nothing'}`).join('\n');
  return (
    <svg className="bar" viewBox={`0 0 100 ${2 * BAR_HEIGHT + BAR_GAP}`} preserveAspectRatio="none" role="img" aria-label={label}>
      <title>{tooltip}</title>
      {bars.map(({ segments }, i) => {
        const y = i * (BAR_HEIGHT + BAR_GAP);
        return (
          <g key={i} data-bar={i === 0 ? 'before' : 'after'}>
            <rect className="bar-empty" x="0" y={y} width="100" height={BAR_HEIGHT} />
            {segments.map((s) => (
              // A pattern's fill as a style: it must win over the class's colour, which a fill attribute does not.
              <rect key={s.kind} className={`bar-${s.kind}`} x={s.start * 100} y={y} width={s.width * 100} height={BAR_HEIGHT} style={fillStyle(fillOf?.(s.kind))} />
            ))}
          </g>
        );
      })}
    </svg>
  );
}

/**
 * A striped fill for a kind told apart by pattern as well as colour: the ground in one class's colour,
 * stripes in another's. Drawn once per chart; bars and swatches fill with `url(#id)`.
 */
export function StripePattern({ id, ground, stripe, stripeWidth }: { id: string; ground: string; stripe: string; stripeWidth: number }) {
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" className="chart-defs">
      <defs>
        <pattern id={id} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect className={ground} width="4" height="4" />
          <rect className={stripe} width={stripeWidth} height="4" />
        </pattern>
      </defs>
    </svg>
  );
}

/** A legend's swatch in a pattern (StripePattern). */
export function PatternSwatch({ fill }: { fill: string }) {
  return (
    <svg className="swatch chart-swatch" viewBox="0 0 12 12" aria-hidden="true">
      <rect width="12" height="12" fill={fill} />
    </svg>
  );
}
