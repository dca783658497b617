// Runs in Node.
/**
 * HCL files parsed by HashiCorp's own HCL library (compiled to WebAssembly, package @cdktn/hcl2json)
 * into Terraform's JSON configuration syntax, where an expression stays visible as `${…}` text.
 *
 * The library lives in one worker thread, started on first use and kept for later calls (its start
 * takes seconds on a small machine; a parse then takes milliseconds). The worker is unreferenced: its
 * Go runtime keeps timers of its own, which must not hold a finished command open. The library is
 * loaded by path rather than imported so its type declarations (which pull in the DOM library) stay
 * out of the Node build.
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { badInput } from '../../../shared/errors.js';

export interface HclSource {
  /** As shown in messages, e.g. `rules.tf`. */
  name: string;
  contents: string;
}

type WorkerAnswer = { id: number; ok: true; bodies: Record<string, unknown>[] } | { id: number; ok: false; name: string; message: string };

/** CommonJS run by the worker: each request's files parsed in order, stopping at the first error. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { parse } = require(workerData.library);
parentPort.on('message', async ({ id, files }) => {
  const bodies = [];
  for (const file of files) {
    try {
      bodies.push(await parse(file.name, file.contents));
    } catch (error) {
      parentPort.postMessage({ id, ok: false, name: file.name, message: error instanceof Error ? error.message : String(error) });
      return;
    }
  }
  parentPort.postMessage({ id, ok: true, bodies });
});
`;

interface ParserThread {
  worker: Worker;
  pending: Map<number, { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }>;
  nextId: number;
}

let thread: ParserThread | null = null;

function parserThread(): ParserThread {
  if (thread) return thread;
  // The parser is a large module (about 5 MB) that parses a few small files: V8's baseline compiler
  // starts it in half the time, and optimising it in the background would hold the process open at
  // exit for a second or more. Taglock runs no other WebAssembly, so the process-wide flag costs nothing.
  setFlagsFromString('--liftoff-only');
  const library = createRequire(import.meta.url).resolve('@cdktn/hcl2json');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { library } });
  worker.unref();
  const started: ParserThread = { worker, pending: new Map(), nextId: 1 };
  const fail = (error: Error) => {
    if (thread === started) thread = null;
    for (const { reject } of started.pending.values()) reject(error);
    started.pending.clear();
  };
  worker.on('message', (answer: WorkerAnswer) => {
    started.pending.get(answer.id)?.resolve(answer);
    started.pending.delete(answer.id);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the HCL parser stopped (exit code ${code})`)));
  thread = started;
  return started;
}

/** Each file as JSON syntax, in order; a syntax error names the file, line and column. */
export async function parseHclFiles(files: readonly HclSource[]): Promise<Record<string, unknown>[]> {
  if (files.length === 0) return [];
  const parser = parserThread();
  const id = parser.nextId++;
  // Referenced while a request is open, so the process waits for the answer.
  parser.worker.ref();
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      parser.pending.set(id, { resolve, reject });
      parser.worker.postMessage({ id, files });
    });
    if (!answer.ok) {
      // The library reports "parse config: [file:line,col-line,col: summary; detail]".
      throw badInput(`cannot read ${answer.name}: ${answer.message.replace(/^parse config: \[(.*)\]$/s, '$1')}`);
    }
    return answer.bodies;
  } finally {
    if (parser.pending.size === 0) parser.worker.unref();
  }
}
