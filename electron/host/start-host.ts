// Runs in Node.
/**
 * The browser host: the same UI and services as the desktop app, served over loopback to a browser
 * where no Electron binary exists. Listens on 127.0.0.1 only; every API request needs this run's token,
 * which a page gets only by trading a one-time launch code (see launch-codes.ts).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TaglockApi, TaglockEvent } from '../../shared/contract/api.js';
import { createDispatcher } from '../../shared/contract/dispatch.js';
import { LAUNCH_CODE_PARAM } from '../../shared/contract/transport-names.js';
import { defaultDataDir } from '../services/data-dir.js';
import { packageInfo } from '../services/package-info.js';
import { handleApi } from './api-routes.js';
import type { AppServices } from '../services/app-services.js';
import { browserServices } from './browser-services.js';
import { EventHub, KEEP_ALIVE_MS } from './event-stream.js';
import { checkHost } from './guards.js';
import { DEFAULT_MAX_BODY_BYTES } from './json-body.js';
import { LaunchCodes } from './launch-codes.js';
import { HttpRefusal, sendRefusal } from './responses.js';
import { applySecurityHeaders } from './security-headers.js';
import { serveStatic } from './static-files.js';
import { newToken } from './token.js';
import { reportUnexpected } from './unexpected.js';

/** Services given ready-made, or built around the host's event fan-out (so their events reach pages). */
export type ServicesOption = TaglockApi | ((emit: (event: TaglockEvent) => void) => TaglockApi);

export interface HostOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Where settings and snapshots live; defaults to defaultDataDir(). Unused when `services` is given. */
  dataDir?: string;
  /** The built renderer; defaults to dist/renderer of this package. */
  rendererDir?: string;
  /** Test seam: replaces the real services. */
  services?: ServicesOption;
  maxBodyBytes?: number;
  keepAliveMs?: number;
  /** How long a launch code stays good when unused; defaults to LAUNCH_CODE_TTL_MS. */
  launchCodeTtlMs?: number;
}

export interface RunningHost {
  /**
   * A new address to open: a one-time launch code in the fragment (browsers never send fragments to
   * servers), which the page trades for the session token. Each call makes a new code; the program
   * prints one, and in-process callers (tests, benchmarks) ask for one per page they open.
   */
  newLaunchUrl(): string;
  origin: string;
  /** This run's session token, for in-process callers that talk to the API themselves; never printed. */
  token: string;
  close(): Promise<void>;
}

/** Methods of AppServices beyond the contract that the host uses when the services have them. */
type HostExtra = 'importSnapshotStream' | 'openSnapshotIndexStream' | 'warmUp';

/** `name` of the services, bound, when they have it (AppServices does; a test's fake may not). */
function extraOf<K extends HostExtra>(services: TaglockApi, name: K): AppServices[K] | null {
  const method = (services as TaglockApi & Partial<Pick<AppServices, K>>)[name];
  return typeof method === 'function' ? (method.bind(services) as AppServices[K]) : null;
}

/** In-flight calls get this long to finish on close before their connections are cut. */
const CLOSE_GRACE_MS = 2_000;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const token = newToken();
  const events = new EventHub(options.keepAliveMs ?? KEEP_ALIVE_MS);
  const emit = (event: TaglockEvent) => events.emit(event);
  const given = options.services;
  const services =
    typeof given === 'function' ? given(emit) : given ?? browserServices(options.dataDir ?? defaultDataDir(), emit);
  const launchCodes = new LaunchCodes(options.launchCodeTtlMs);
  const context = {
    token,
    launchCodes,
    events,
    dispatch: createDispatcher(services, (error) => reportUnexpected('a call', error)),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    importStream: extraOf(services, 'importSnapshotStream'),
    indexStream: extraOf(services, 'openSnapshotIndexStream'),
  };
  const rendererDir = options.rendererDir ?? join(packageInfo().root, 'dist', 'renderer');

  let port = 0; // set once listening; no request can arrive before
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    applySecurityHeaders(res);
    try {
      checkHost(req, port);
      // Only the path is used; the base merely makes relative request targets parseable.
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) await handleApi(req, res, url, context);
      else await serveStatic(req, res, rendererDir, url);
    } catch (error) {
      if (res.headersSent) {
        res.destroy(); // a stream broke midway (usually the page went away): nothing left to tell it
        return;
      }
      if (error instanceof HttpRefusal) return sendRefusal(res, error);
      reportUnexpected(`${req.method} request`, error);
      sendRefusal(res, new HttpRefusal(500, 'internal', 'Taglock hit an unexpected problem; the details are in its log.'));
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  port = await listen(server, options.port ?? 0);
  // While the browser starts: the first page's first requests then find their answers made.
  const warmUp = extraOf(services, 'warmUp');
  if (warmUp !== null) setImmediate(warmUp);
  const origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      events.close();
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    }));

  const newLaunchUrl = () => `${origin}/#${new URLSearchParams({ [LAUNCH_CODE_PARAM]: launchCodes.issue() }).toString()}`;
  return { newLaunchUrl, origin, token, close };
}
