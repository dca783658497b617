// Runs in Node.
/**
 * One HTTP exchange on undici's dispatcher, its answer collected whole: status, headers and body, held
 * only up to a byte limit, within a deadline, cancelled with the caller's signal. A fetch makes
 * thousands of requests, so this skips what undici's request() adds per request and Taglock does not
 * use (a body stream, an async resource, an AbortSignal of its own): one object takes the dispatcher's
 * callbacks, the deadline's timer and the caller's cancel.
 */
import type { Dispatcher } from 'undici';
import { util } from 'undici';

export type AnswerHeaders = Record<string, string | string[] | undefined>;

export interface CollectedAnswer {
  status: number;
  headers: AnswerHeaders;
  body: Buffer;
}

export interface CollectOptions {
  /** Past this many bytes (announced or received) the exchange ends with AnswerTooLarge. */
  maxBytes: number;
  /** From dispatching to the last byte; past it the exchange ends with AnswerOverdue. */
  deadlineMs: number;
  /** The caller's cancel: the exchange ends with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Body bytes are added here as they arrive (progress counters). */
  counter: { bytes: number };
}

/** The answer passed the byte limit; `announced` is its Content-Length when that said so up front. */
export class AnswerTooLarge extends Error {
  constructor(readonly announced: number | null) {
    super('the answer is too large');
    this.name = 'AnswerTooLarge';
  }
}

export class AnswerOverdue extends Error {
  constructor() {
    super('no complete answer within the deadline');
    this.name = 'AnswerOverdue';
  }
}

/** The whole answer, or the first error: the connection's, a limit's, the deadline's, the caller's reason. */
export function collectAnswer(dispatcher: Dispatcher, request: Dispatcher.DispatchOptions, options: CollectOptions): Promise<CollectedAnswer> {
  return new Promise<CollectedAnswer>((resolve, reject) => {
    const collector = new AnswerCollector(options, resolve, reject);
    if (options.signal?.aborted) collector.stop(options.signal.reason as Error);
    dispatcher.dispatch(request, collector);
  });
}

/**
 * undici's handler callbacks (an error thrown from one of them ends the exchange with that error), and
 * the listener of the caller's signal.
 */
class AnswerCollector implements Dispatcher.DispatchHandler {
  private abortRequest: ((reason?: Error) => void) | null = null;
  private stopReason: Error | null = null;
  private status = 0;
  private headers: AnswerHeaders = {};
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private readonly timer: NodeJS.Timeout;
  private settled = false;

  constructor(
    private readonly options: CollectOptions,
    private readonly resolve: (answer: CollectedAnswer) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.timer = setTimeout(AnswerCollector.overdue, options.deadlineMs, this);
    options.signal?.addEventListener('abort', this, { once: true });
  }

  private static overdue(collector: AnswerCollector): void {
    collector.stop(new AnswerOverdue());
  }

  /** The caller's signal fired. */
  handleEvent(): void {
    this.stop(this.options.signal!.reason as Error);
  }

  /** Ends the exchange with `reason`: at once when it is under way, else as soon as it starts. */
  stop(reason: Error): void {
    if (this.abortRequest !== null) this.abortRequest(reason);
    else this.stopReason ??= reason;
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.stopReason !== null) abort(this.stopReason);
    else this.abortRequest = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    // 1xx answers (100 Continue, 103 Early Hints) come before the real one.
    if (status < 200) return true;
    this.status = status;
    this.headers = util.parseHeaders(rawHeaders) as AnswerHeaders;
    const length = this.headers['content-length'];
    const announced = Number((Array.isArray(length) ? length[0] : length) ?? NaN);
    if (Number.isFinite(announced) && announced > this.options.maxBytes) throw new AnswerTooLarge(announced);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.received += chunk.length;
    this.options.counter.bytes += chunk.length;
    if (this.received > this.options.maxBytes) throw new AnswerTooLarge(null);
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (!this.settle()) return;
    // One chunk is the body as it came, without a copy.
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.received);
    this.resolve({ status: this.status, headers: this.headers, body });
  }

  onError(error: Error): void {
    if (this.settle()) this.reject(error);
  }

  /** Clears the timer and the listener, once; false when already settled. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this);
    return true;
  }
}
