// Runs in Node.
/** Output helpers for the command line: buffered writes that respect back-pressure, and plain tables. */
import type { Writable } from 'node:stream';
import { shown } from './terminal.js';

/** Collects small writes into large chunks and waits for 'drain' when the stream asks it to. */
export class BufferedWriter {
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly stream: Writable, private readonly chunkSize = 1 << 16) {}

  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= this.chunkSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }
}

/** A left-aligned text table; numeric columns right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => shown(String(cell))))];
  // A loop, not Math.max(...cells): a spread of 130,000 rows overflows the call stack.
  const widths = headers.map((_, c) => cells.reduce((widest, row) => Math.max(widest, (row[c] ?? '').length), 0));
  const numeric = headers.map((_, c) => rows.length > 0 && rows.every((row) => typeof row[c] === 'number'));
  const line = (row: readonly string[]) =>
    row.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}
