// Test helper (Node): injected failures on matching requests.
//
// kinds:
//   status      answer `status` (default 503) with `body` (default: Harbor's generic error) and `headers`
//   reset       destroy the connection (TCP RST) without answering
//   slow        wait `delayMs` (default 1000) before answering normally
//   slowBody    send the real answer's status and headers, then stall `delayMs` (default: until the
//               server closes) and drop the connection
//   truncate    send the real answer with its full Content-Length but only half its bytes, then close
//   contentType answer 200 text/html with a Harbor login page (a proxy or SSO in the way)
//   redirect    answer 302 to `location` (default the login page)
// `when: 'after'` (status, reset, slow, contentType, redirect) first lets the request do its work (a
// POST creates its rule) and then breaks the answer; slowBody and truncate always do the work.
export type FaultKind = 'status' | 'reset' | 'slow' | 'slowBody' | 'truncate' | 'contentType' | 'redirect';

export interface FaultRequest {
  method: string;
  /** Raw path, without the query. */
  path: string;
  query: URLSearchParams;
}

export interface FaultSpec {
  kind: FaultKind;
  /** Only this method (any when omitted). */
  method?: string;
  /** Tested against the raw (still encoded) path, without the query. */
  pathPattern?: RegExp;
  /** Further condition, e.g. on the query. */
  match?: (request: FaultRequest) => boolean;
  /** How many matching requests to affect (default 1; Infinity for all). */
  times?: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  location?: string;
  when?: 'before' | 'after';
}

export interface Fault extends FaultSpec {
  /** Requests still to affect. */
  remaining: number;
  /** Requests affected so far. */
  hits: number;
}

export const LOGIN_PAGE =
  '<!doctype html>\n<html>\n<head><meta charset="utf-8"><title>Harbor</title></head>\n' +
  '<body><harbor-app>Loading...</harbor-app><form action="/c/login" method="post"></form></body>\n</html>\n';

export class Faults {
  private readonly list: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, remaining: spec.times ?? 1, hits: 0 };
    this.list.push(fault);
    return fault;
  }

  clear(): void {
    this.list.length = 0;
  }

  /** Faults still armed, in the order added. */
  get active(): readonly Fault[] {
    return this.list.filter((f) => f.remaining > 0);
  }

  /** The first armed fault matching the request, consumed by one. */
  take(request: FaultRequest): Fault | null {
    for (const fault of this.list) {
      if (fault.remaining <= 0) continue;
      if (fault.method !== undefined && fault.method.toUpperCase() !== request.method) continue;
      if (fault.pathPattern !== undefined) {
        fault.pathPattern.lastIndex = 0;
        if (!fault.pathPattern.test(request.path)) continue;
      }
      if (fault.match !== undefined && !fault.match(request)) continue;
      fault.remaining -= 1;
      fault.hits += 1;
      return fault;
    }
    return null;
  }
}
