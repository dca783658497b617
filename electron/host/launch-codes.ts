// Runs in Node.
/**
 * One-time launch codes: what the URL the host prints carries instead of the session token. The browser
 * keeps that URL in its history and session files, so what it holds must be worthless once the page
 * has used it: a code is good for one exchange (POST /api/session) and for a few minutes at most.
 */
import { newToken, sameToken } from './token.js';

/** Long enough to open the printed link by hand, short enough that a leftover one soon dies. */
export const LAUNCH_CODE_TTL_MS = 5 * 60_000;

export class LaunchCodes {
  /** Unused codes and when each expires. */
  private readonly pending = new Map<string, number>();

  constructor(private readonly ttlMs = LAUNCH_CODE_TTL_MS) {}

  issue(): string {
    const code = newToken();
    this.pending.set(code, Date.now() + this.ttlMs);
    return code;
  }

  /**
   * Whether `given` is a pending, unexpired code; a matching one is spent at once, so the same code can
   * never be redeemed twice. Every pending code is compared in constant time, never looked up by key,
   * so the time taken says nothing about how close a guess was.
   */
  redeem(given: unknown): boolean {
    const now = Date.now();
    let matched: string | null = null;
    for (const [code, expiresAt] of this.pending) {
      if (expiresAt <= now) this.pending.delete(code);
      else if (sameToken(code, typeof given === 'string' ? given : null)) matched = code;
    }
    if (matched === null) return false;
    this.pending.delete(matched);
    return true;
  }
}
