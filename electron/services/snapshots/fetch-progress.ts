// Runs in Node.
/** Progress of a long fetch, reported as plain data (it crosses IPC and the command line alike). */
import type { HttpStats } from '../http/http-client.js';

export interface FetchProgress {
  /** Harbor: connecting, listing, fetching; plain registries name their steps (repositories, tags, digests, manifests). */
  phase: 'connecting' | 'listing' | 'fetching' | 'repositories' | 'tags' | 'digests' | 'manifests' | 'writing' | 'done';
  /** Units of work (repositories) done and known so far; total is null until known. */
  done: number;
  total: number | null;
  requests: number;
  retries: number;
  bytes: number;
  /** Seconds left at the current pace, when it can be told. */
  etaSeconds: number | null;
}

export class ProgressTracker {
  private readonly started = Date.now();
  private fetchStarted = 0;

  constructor(private readonly stats: HttpStats, private readonly report: ((progress: FetchProgress) => void) | undefined) {}

  emit(phase: FetchProgress['phase'], done: number, total: number | null): void {
    if (phase === 'fetching' && this.fetchStarted === 0) this.fetchStarted = Date.now();
    const elapsed = (Date.now() - (this.fetchStarted || this.started)) / 1000;
    const etaSeconds = phase === 'fetching' && total !== null && done > 0 ? Math.round((elapsed / done) * (total - done)) : null;
    this.report?.({ phase, done, total, requests: this.stats.requests, retries: this.stats.retries, bytes: this.stats.bytes, etaSeconds });
  }
}
