// Runs in Node.
/**
 * The server-sent event stream: every event the services emit goes to every connected page, one
 * `data: <json>` record each (JSON.stringify escapes newlines, so one record is always one line).
 * Events emitted while no page listens are dropped: they describe live jobs, not history.
 */
import type { ServerResponse } from 'node:http';
import type { TaglockEvent } from '../../shared/contract/api.js';

/** Comments keep idle connections (and proxies, and the browser) from timing out. */
export const KEEP_ALIVE_MS = 15_000;
/** A page that stops reading is cut off rather than buffered without limit; EventSource reconnects. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(keepAliveMs = KEEP_ALIVE_MS) {
    this.timer = setInterval(() => this.broadcast(': keep-alive\n\n'), keepAliveMs);
    this.timer.unref(); // the keep-alive alone never holds the process open
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over the response for the lifetime of the connection. */
  attach(res: ServerResponse): void {
    if (this.closed) {
      // The host is shutting down: a page reconnecting on a still-open connection must not hold it up.
      res.writeHead(503, { 'Cache-Control': 'no-store', Connection: 'close' }).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // A first comment flushes the headers so the page's EventSource opens at once.
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  emit(event: TaglockEvent): void {
    this.broadcast(`data: ${JSON.stringify(event)}\n\n`);
  }

  private broadcast(record: string): void {
    for (const res of this.clients) {
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        this.clients.delete(res);
        res.destroy();
        continue;
      }
      res.write(record);
    }
  }

  /** Ends every stream, so a closing server is not held open by listening pages. */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
