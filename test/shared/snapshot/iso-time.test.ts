// Runs in Node (tests).
/** The common time form read straight from bytes must give Date.parse's milliseconds, or NaN for the caller to fall back. */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../shared/demo/random.js';
import { commonIsoTimeMs } from '../../../shared/snapshot/iso-time.js';

const bytesOf = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => commonIsoTimeMs(bytesOf(text), 0, bytesOf(text).length);
const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('times in the common form', () => {
  it("equal Date.parse's on 20,000 times of years 100 to 9999, leap days and month ends included", () => {
    const random = new SeededRandom(5);
    const edges = ['0100-01-01T00:00:00Z', '1600-02-29T12:00:00Z', '1900-02-28T23:59:59Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '2000-02-29T00:00:00Z', '2024-02-29T08:30:00.500Z', '9999-12-31T23:59:59.999Z'];
    const texts = [...edges];
    for (let i = 0; i < 20_000; i++) {
      const year = 100 + random.int(9900);
      const month = 1 + random.int(12);
      const day = 1 + random.int(31);
      const time = `${pad(random.int(24), 2)}:${pad(random.int(60), 2)}:${pad(random.int(60), 2)}`;
      texts.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${time}${random.int(2) === 0 ? '' : `.${pad(random.int(1000), 3)}`}Z`);
    }
    let decoded = 0;
    for (const text of texts) {
      const ms = read(text);
      // NaN only where the caller falls back (a day the month lacks): then Date.parse decides.
      if (Number.isNaN(ms)) continue;
      decoded++;
      if (ms !== Date.parse(text)) expect(ms, text).toBe(Date.parse(text));
    }
    expect(decoded).toBeGreaterThan(18_000);
    for (const edge of edges) expect(read(edge), edge).toBe(Date.parse(edge));
  });
});
