// Runs in Node.
/** Fetch progress on stderr: one rewritten line on a terminal, a line every few seconds otherwise. */
import type { FetchProgress } from '../services/snapshots/fetch-progress.js';
import { shown, writeOwnControl } from './terminal.js';

export function progressPrinter(stream: NodeJS.WriteStream | NodeJS.WritableStream): (progress: FetchProgress) => void {
  const tty = 'isTTY' in stream && stream.isTTY === true;
  let lastPrinted = 0;
  return (p) => {
    const now = Date.now();
    const final = p.phase === 'done' || (p.total !== null && p.done === p.total);
    if (!tty && !final && now - lastPrinted < 2000) return;
    lastPrinted = now;
    const of = p.total === null ? '' : `${p.done}/${p.total} repositories`;
    const eta = p.etaSeconds === null ? '' : `, about ${p.etaSeconds} s left`;
    const retries = p.retries > 0 ? `, ${p.retries} retries` : '';
    const line = `${p.phase} ${of} (${p.requests} requests, ${(p.bytes / 1e6).toFixed(1)} MB${retries}${eta})`;
    if (tty) writeOwnControl(stream, '\r\x1b[K');
    stream.write(tty ? `${shown(line)}${final ? '\n' : ''}` : `${shown(line)}\n`);
  };
}
