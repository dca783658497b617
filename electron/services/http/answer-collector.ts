// Runs in Node.
/**
 * One HTTP exchange on undici's dispatcher, its answer collected whole: status, headers and body, held
 * only up to a byte limit. A fetch makes thousands of requests, so this skips what undici's request()
 * adds per request and Taglock does not use (a body stream, an async resource, an AbortSignal of its
 * own): the answer is gathered straight from the dispatcher's callbacks.
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
  /** Past this many bytes (announced or received) the request is cancelled with `tooLarge`'s error. */
  maxBytes: number;
  tooLarge: (announcedBytes: number | null) => Error;
  /** Told about every body chunk as it arrives (progress counters). */
  onBytes: (bytes: number) => void;
}

/**
 * The exchange in flight: `answer` settles with the whole answer, or with the first error (the
 * connection's, a limit's, or the reason given to `stop`).
 */
export interface Exchange {
  answer: Promise<CollectedAnswer>;
  /** Ends the exchange with `reason`: at once when it is under way, else as soon as it starts. */
  stop(reason: Error): void;
}

export function collectAnswer(dispatcher: Dispatcher, request: Dispatcher.DispatchOptions, options: CollectOptions): Exchange {
  let collector!: AnswerCollector;
  const answer = new Promise<CollectedAnswer>((resolve, reject) => {
    collector = new AnswerCollector(options, resolve, reject);
  });
  dispatcher.dispatch(request, collector);
  return { answer, stop: (reason) => collector.stop(reason) };
}

/** undici's handler callbacks; an error thrown from one of them cancels the request with that error. */
class AnswerCollector implements Dispatcher.DispatchHandler {
  private abortRequest: ((reason?: Error) => void) | null = null;
  private stopReason: Error | null = null;
  private status = 0;
  private headers: AnswerHeaders = {};
  private readonly chunks: Buffer[] = [];
  private received = 0;

  constructor(
    private readonly options: CollectOptions,
    private readonly resolve: (answer: CollectedAnswer) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

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
    const announced = Number(first(this.headers['content-length']) ?? NaN);
    if (Number.isFinite(announced) && announced > this.options.maxBytes) throw this.options.tooLarge(announced);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.received += chunk.length;
    this.options.onBytes(chunk.length);
    if (this.received > this.options.maxBytes) throw this.options.tooLarge(null);
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    // One chunk is the body as it came, without a copy.
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.received);
    this.resolve({ status: this.status, headers: this.headers, body });
  }

  onError(error: Error): void {
    this.reject(error);
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
