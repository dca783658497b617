// Builds and drives test/go/harbor-oracle: a small Go program that answers with the glob library Harbor
// links (github.com/bmatcuk/doublestar v1 API; Debian ships it as golang-github-bmatcuk-doublestar-dev,
// v2.0.4, which agrees with v1.3.4 on every conformance vector and on every name Harbor can hold; it differs
// only for names with an empty path component, which the differential tests leave out). Tests compare against it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ORACLE_SOURCE = fileURLToPath(new URL('../go/harbor-oracle/main.go', import.meta.url));

/** The apt packages that provide what the oracle needs. */
export const GO_ORACLE_APT_PACKAGES = 'golang-go golang-github-bmatcuk-doublestar-dev';

/** Where Debian installs Go sources for GOPATH builds (overridable for unusual machines). */
const SYSTEM_GOPATH = process.env.TAGLOCK_SYSTEM_GOPATH ?? '/usr/share/gocode';

export type OracleBuild = { path: string } | { skip: string };

export type OracleAnswer = 'true' | 'false' | 'ERR';

export interface OracleDecision {
  immutable: boolean;
  rule: number | null;
  error: string | null;
}

export interface OracleCandidate {
  repository: string;
  tags: readonly string[];
}

/** One decision question with its own rule set (wire rule objects). */
export interface OracleDecideCase extends OracleCandidate {
  rules: readonly unknown[];
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  spawnError?: NodeJS.ErrnoException;
}

/** Runs a command, streaming `input` (an iterable of chunks) to its stdin with back-pressure. */
function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: Iterable<string> } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    child.on('close', (code, signal) => {
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(spawnError ? { spawnError } : {}),
      });
    });
    // EPIPE when the child dies early is reported through its exit status and stderr instead.
    child.stdin.on('error', () => {});
    const chunks = options.input?.[Symbol.iterator]();
    const pump = (): void => {
      if (!chunks) {
        child.stdin.end();
        return;
      }
      for (;;) {
        const next = chunks.next();
        if (next.done) {
          child.stdin.end();
          return;
        }
        if (!child.stdin.write(next.value)) {
          child.stdin.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

/** Groups JSON lines into chunks of roughly 256 KiB so stdin is streamed, not built as one string. */
function* jsonLines(values: Iterable<unknown>): Generator<string> {
  let buf = '';
  for (const v of values) {
    buf += JSON.stringify(v) + '\n';
    if (buf.length >= 256 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

function splitLines(stdout: string): string[] {
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

let unavailableReason: string | null = null;
let buildPromise: Promise<OracleBuild> | null = null;

/** Why the last build attempt gave no oracle (null if it succeeded or was not attempted). */
export function goOracleUnavailableReason(): string | null {
  return unavailableReason;
}

/**
 * Compiles the oracle once per content of main.go (and Go version) into a cache directory under the OS
 * temp dir; concurrent test workers may race, the binary is published with an atomic rename.
 */
export function buildGoOracleChecked(): Promise<OracleBuild> {
  buildPromise ??= doBuild().then((r) => {
    unavailableReason = 'skip' in r ? r.skip : null;
    return r;
  });
  return buildPromise;
}

/** The oracle binary's path, or null (see goOracleUnavailableReason()) when Go or doublestar is missing. */
export async function buildGoOracle(): Promise<string | null> {
  const r = await buildGoOracleChecked();
  return 'path' in r ? r.path : null;
}

async function doBuild(): Promise<OracleBuild> {
  const goBin = process.env.GO_BINARY ?? 'go';
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, GO111MODULE: 'off', GOFLAGS: '', GOWORK: 'off' };

  const version = await run(goBin, ['version'], { env: baseEnv });
  if (version.spawnError || version.code !== 0) {
    const why = version.spawnError?.code === 'ENOENT' ? `'${goBin}' not found` : (version.stderr.trim() || `'${goBin} version' failed`);
    return {
      skip: `Go toolchain unavailable (${why}); install the apt packages ${GO_ORACLE_APT_PACKAGES}`,
    };
  }

  const source = await readFile(ORACLE_SOURCE);
  const key = createHash('sha256').update(source).update(version.stdout).digest('hex').slice(0, 16);
  const cacheRoot = path.join(os.tmpdir(), 'taglock-go-oracle');
  const dir = path.join(cacheRoot, key);
  const exe = path.join(dir, process.platform === 'win32' ? 'harbor-oracle.exe' : 'harbor-oracle');
  if (existsSync(exe)) return { path: exe };

  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(path.join(cacheRoot, 'build-'));
  try {
    const gopath = [path.join(work, 'gopath'), process.env.GOPATH, SYSTEM_GOPATH].filter(Boolean).join(path.delimiter);
    const env: NodeJS.ProcessEnv = {
      ...baseEnv,
      GOPATH: gopath,
      // A writable build cache even where HOME is unset or read-only (CI containers).
      GOCACHE: process.env.GOCACHE ?? path.join(cacheRoot, 'gocache'),
    };
    const tmpExe = path.join(work, path.basename(exe));
    const built = await run(goBin, ['build', '-o', tmpExe, ORACLE_SOURCE], { env, cwd: path.dirname(ORACLE_SOURCE) });
    if (built.code !== 0) {
      const log = built.stderr.trim();
      if (/cannot find package "github\.com\/bmatcuk\/doublestar"/.test(log)) {
        return {
          skip:
            `the Go package github.com/bmatcuk/doublestar is not installed (looked in GOPATH=${gopath}); ` +
            `install the apt package golang-github-bmatcuk-doublestar-dev (with golang-go)`,
        };
      }
      // Anything else is a broken oracle, not a missing dependency: fail loudly.
      throw new Error(`building ${ORACLE_SOURCE} failed:\n${log}`);
    }
    await rename(tmpExe, exe);
    return { path: exe };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function runOracle(bin: string, args: readonly string[], input: Iterable<string>, expectedLines: number): Promise<string[]> {
  const r = await run(bin, args, { input });
  if (r.spawnError) throw r.spawnError;
  if (r.code !== 0) throw new Error(`harbor-oracle ${args.join(' ')} exited with ${r.code ?? r.signal}: ${r.stderr.trim()}`);
  const lines = splitLines(r.stdout);
  if (lines.length !== expectedLines) {
    throw new Error(`harbor-oracle ${args[0]} answered ${lines.length} lines for ${expectedLines} questions: ${r.stderr.trim()}`);
  }
  return lines;
}

/** doublestar.Match(p, n) for every pair, in order. */
export async function runOracleMatch(
  bin: string,
  pairs: readonly { p: string; n: string }[],
): Promise<OracleAnswer[]> {
  const lines = await runOracle(bin, ['match'], jsonLines(pairs.map(({ p, n }) => ({ p, n }))), pairs.length);
  return lines.map((l, i) => {
    if (l === 'true' || l === 'false' || l === 'ERR') return l;
    throw new Error(`harbor-oracle match: unexpected answer ${JSON.stringify(l)} for pair ${i}`);
  });
}

/** Harbor's decision for each candidate under one rule set (wire rule objects, any order). */
export async function runOracleDecide(
  bin: string,
  rulesJson: string | readonly unknown[],
  candidates: readonly OracleCandidate[],
): Promise<OracleDecision[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'taglock-oracle-rules-'));
  try {
    const rulesFile = path.join(work, 'rules.json');
    await writeFile(rulesFile, typeof rulesJson === 'string' ? rulesJson : JSON.stringify(rulesJson));
    const lines = await runOracle(
      bin,
      ['decide', '--rules', rulesFile],
      jsonLines(candidates.map((c) => ({ repository: c.repository, tags: c.tags }))),
      candidates.length,
    );
    return lines.map((l) => JSON.parse(l) as OracleDecision);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Like runOracleDecide, but every question brings its own rule set; one process answers them all. */
export async function runOracleDecideBatch(bin: string, cases: readonly OracleDecideCase[]): Promise<OracleDecision[]> {
  const lines = await runOracle(
    bin,
    ['decide'],
    jsonLines(cases.map((c) => ({ rules: c.rules, repository: c.repository, tags: c.tags }))),
    cases.length,
  );
  return lines.map((l) => JSON.parse(l) as OracleDecision);
}

/** Times Harbor's decision loop in Go over candidates (no caching, as on the server): the fastest of `runs` passes. */
export async function runOracleBenchDecide(
  bin: string,
  rules: readonly unknown[],
  candidates: readonly OracleCandidate[],
  runs = 1,
): Promise<{ candidates: number; immutable: number; seconds: number }> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'taglock-oracle-bench-'));
  try {
    const rulesFile = path.join(work, 'rules.json');
    const candFile = path.join(work, 'candidates.jsonl');
    await writeFile(rulesFile, JSON.stringify(rules));
    await writeFile(candFile, [...jsonLines(candidates.map((c) => ({ repository: c.repository, tags: c.tags })))].join(''));
    const r = await run(bin, ['bench-decide', '--rules', rulesFile, '--candidates', candFile, '--runs', String(runs)]);
    if (r.spawnError) throw r.spawnError;
    if (r.code !== 0) throw new Error(`harbor-oracle bench-decide exited with ${r.code ?? r.signal}: ${r.stderr.trim()}`);
    return JSON.parse(r.stdout) as { candidates: number; immutable: number; seconds: number };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** For each key list, the positions in the order Go's sort.Slice leaves them when sorting by key descending. */
export async function runOracleSortSlice(bin: string, keyLists: readonly (readonly number[])[]): Promise<number[][]> {
  const lines = await runOracle(bin, ['sort-slice'], jsonLines(keyLists.map((keys) => ({ keys }))), keyLists.length);
  return lines.map((l) => JSON.parse(l) as number[]);
}
