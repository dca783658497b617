// Runs in Node.
/**
 * The one data folder of the desktop app, the browser host and the command line: settings, saved
 * snapshots, the publish history and apply locks. TAGLOCK_DATA_DIR moves it; otherwise it is the folder
 * Electron would pick as the app's userData, so the three doors share one default per platform:
 *
 *   Linux and others  $XDG_CONFIG_HOME/Taglock, else ~/.config/Taglock
 *   macOS             ~/Library/Application Support/Taglock
 *   Windows           %APPDATA%\Taglock, else ~\AppData\Roaming\Taglock
 *
 * Earlier versions kept the host's and the command line's data in $XDG_CONFIG_HOME/taglock (or
 * ~/.config/taglock, on every platform). The first door to open the folder moves that data here once
 * and says so on stderr. The folder is created readable by its owner only (0700); its files are 0600.
 */
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix, resolve, win32 } from 'node:path';

export const APP_FOLDER_NAME = 'Taglock';
const PRIVATE_FOLDER = 0o700;
const PRIVATE_FILE = 0o600;

/** Where the data lives, from the environment alone (creates and moves nothing). */
export function dataDirFor(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.TAGLOCK_DATA_DIR) return resolve(env.TAGLOCK_DATA_DIR);
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), APP_FOLDER_NAME);
}

/** Where earlier versions kept the host's and the command line's data; null when TAGLOCK_DATA_DIR is set. */
export function legacyDataDirFor(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string | null {
  if (env.TAGLOCK_DATA_DIR) return null;
  const path = platform === 'win32' ? win32 : posix;
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'taglock');
}

/** Creates the folder (and missing parents) for the owner only; an existing folder is left as it is. */
export function ensurePrivateFolder(folder: string): void {
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER });
}

function sameFolder(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Owner-only modes for everything moved in (the old host wrote its settings 0644 in a 0755 folder). */
function makePrivate(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  chmodSync(path, stat.isDirectory() ? PRIVATE_FOLDER : PRIVATE_FILE);
  if (stat.isDirectory()) for (const entry of readdirSync(path)) makePrivate(join(path, entry));
}

function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true, preserveTimestamps: true, errorOnExist: true, force: false });
    rmSync(from, { recursive: true, force: true });
  }
  makePrivate(to);
}

/** Replaces `file` whole (a temporary file renamed over it), owner-only. */
function replaceFile(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.merge.tmp`;
  writeFileSync(temporary, text, { mode: PRIVATE_FILE });
  renameSync(temporary, file);
}

/** Publish histories are JSON lines with an ISO `at`: both files' records, oldest first, kept whole. */
function mergeHistories(from: string, to: string): void {
  const lines = [readFileSync(to, 'utf8'), readFileSync(from, 'utf8')].flatMap((text) => text.split('\n').filter((line) => line.trim() !== ''));
  const at = (line: string): string => {
    try {
      const value = JSON.parse(line) as { at?: unknown };
      return typeof value?.at === 'string' ? value.at : '';
    } catch {
      return ''; // unreadable lines stay, ahead of the records (the history skips and counts them)
    }
  };
  const sorted = lines.map((line, index) => ({ line, at: at(line), index })).sort((a, b) => a.at.localeCompare(b.at) || a.index - b.index);
  replaceFile(to, sorted.map((entry) => `${entry.line}\n`).join(''));
  rmSync(from);
}

/** Snapshot catalogues are JSON arrays of summaries with an `id`: the target's entries win. */
function mergeCatalogues(from: string, to: string): void {
  const read = (file: string): { id?: unknown }[] => {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(value) ? (value as { id?: unknown }[]) : [];
  };
  const kept = read(to);
  const ids = new Set(kept.map((entry) => entry.id));
  replaceFile(to, JSON.stringify([...kept, ...read(from).filter((entry) => !ids.has(entry.id))], null, 1));
  rmSync(from);
}

/**
 * Moves every entry of `from` into `to`. Publish histories and snapshot catalogues found in both are
 * merged; any other entry `to` already has stays in `from` and is returned.
 */
function moveEntries(from: string, to: string): string[] {
  ensurePrivateFolder(to);
  const left: string[] = [];
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(to, name);
    if (!existsSync(target)) move(source, target);
    else if (name === 'publish-history.jsonl') mergeHistories(source, target);
    else if (name === 'catalogue.json') mergeCatalogues(source, target);
    else if (lstatSync(source).isDirectory() && lstatSync(target).isDirectory()) left.push(...moveEntries(source, target).map((entry) => posix.join(name, entry)));
    else left.push(name);
  }
  if (left.length === 0) rmdirSync(from);
  return left;
}

/**
 * Moves data found in the old place into `target`, once: afterwards the old folder is gone (or holds only
 * what could not be moved because `target` has its own). Returns the notice to show, or null when there
 * was nothing to move.
 */
export function moveLegacyData(legacy: string | null, target: string): string | null {
  if (legacy === null || !existsSync(legacy) || !lstatSync(legacy).isDirectory() || sameFolder(legacy, target)) return null;
  const left = moveEntries(legacy, target);
  const moved = `Taglock moved its data from ${legacy} to ${target}, the one data folder of the app, the browser host and the command line.`;
  return left.length === 0 ? moved : `${moved} ${target} already had ${left.join(', ')}: ${left.length === 1 ? 'that one was' : 'those were'} left in ${legacy}.`;
}

let opened: string | null = null;

/**
 * The data folder for this process, ready to use: created (0700) on first use, with data from the old
 * place moved in and a one-line notice on stderr when that happened. Every door calls this.
 */
export function defaultDataDir(): string {
  if (opened !== null) return opened;
  const target = dataDirFor();
  ensurePrivateFolder(target);
  try {
    const notice = moveLegacyData(legacyDataDirFor(), target);
    if (notice !== null) process.stderr.write(`${notice}\n`);
  } catch (error) {
    // The data already in the target still works; say what went wrong and carry on.
    process.stderr.write(`Taglock could not move its data from ${legacyDataDirFor()} to ${target}: ${(error as Error).message}\n`);
  }
  opened = target;
  return target;
}
