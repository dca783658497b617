// Runs in Node.
/**
 * The per-run secret that proves a request comes from the page this host served. Anything on the
 * machine can reach a loopback port, so the port alone proves nothing. The token never appears in a
 * URL the browser keeps: the page trades the one-time code of the printed URL for it (launch-codes.ts)
 * and sends it back in a header on every API call.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison takes the same time whatever
 * the length of the guess (timingSafeEqual itself requires equal lengths and would leak the length).
 */
export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
