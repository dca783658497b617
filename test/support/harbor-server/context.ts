// Test helper (Node): what a route handler gets and gives back.
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './auth.js';
import type { HarborState, StateProject } from './state.js';

export interface RequestContext {
  state: HarborState;
  principal: Principal;
  method: string;
  /** The path as sent, still percent-encoded. */
  rawPath: string;
  /** The path decoded once (Go's `URL.Path`). */
  path: string;
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Path parameters as Harbor's handlers see them (`repository_name` decoded a second time). */
  params: Record<string, string>;
  /** Harbor's live verdict for one tag of a repository (name without the project). */
  isImmutable(project: StateProject, repository: string, tag: string): boolean;
  /** `scheme://host:port` of the server, for systeminfo. */
  externalUrl: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** JSON payload; omitted for an empty answer. */
  json?: unknown;
}

export type Handler = (context: RequestContext) => Answer;
