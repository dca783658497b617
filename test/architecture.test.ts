// The layering, checked on every import: code declares where it may run and imports only downward.
//   shared/            pure: nothing outside shared/ but the pure packages below, no node:, no electron, no DOM
//   renderer/          browser: shared/ and browser packages, never electron/ or node:
//   electron/services  Node: shared/ and Node packages, never 'electron' and never a door
//   electron/cli|host  doors: services and shared, never the Electron shell
//   electron/shell     the only code that imports 'electron'
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/repo-files.js';

function sources(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(REPO_ROOT, folder))) {
    const path = join(folder, entry);
    if (statSync(join(REPO_ROOT, path)).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx|cts)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return found.map((m) => m[1]!);
}

/** Where an import lands: a repository folder for relative ones, the package name otherwise. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), specifier));
}

function violations(folder: string, allowed: (landing: string) => boolean): string[] {
  return sources(folder).flatMap((file) => imports(file).filter((s) => !allowed(target(file, s))).map((s) => `${file} imports ${s}`));
}

const inside = (landing: string, ...folders: string[]) => folders.some((f) => landing === f || landing.startsWith(`${f}/`));

/**
 * Packages that run anywhere, so shared/ may use them: no Node or DOM APIs (shared/'s type check has
 * neither, and compiles with them). Ajv checks the contract's arguments from one schema per method.
 * eslint.config.mjs states the same list (SHARED_PURE_PACKAGES), so an editor flags any other package.
 */
const PURE_PACKAGES = ['ajv'];

describe('layering', () => {
  it('shared/ is pure: it imports only shared/ and pure packages', () => {
    expect(violations('shared', (l) => inside(l, 'shared') || PURE_PACKAGES.includes(l))).toEqual([]);
  });

  it('renderer/src reaches the Node side only through the contract: no electron/, no node:, no electron package', () => {
    expect(violations('renderer/src', (l) => !inside(l, 'electron') && !l.startsWith('node:') && l !== 'electron' && !l.startsWith('undici') && !l.startsWith('conf'))).toEqual([]);
  });

  it("electron/services never imports 'electron' or a door (cli, host, shell)", () => {
    expect(violations('electron/services', (l) => l !== 'electron' && !inside(l, 'electron/cli', 'electron/host', 'electron/shell', 'renderer'))).toEqual([]);
  });

  it('the command line and the browser host never import the Electron shell or electron', () => {
    for (const door of ['electron/cli', 'electron/host']) {
      expect(violations(door, (l) => l !== 'electron' && !inside(l, 'electron/shell', 'renderer'))).toEqual([]);
    }
  });

  it("only electron/shell imports 'electron'", () => {
    const offenders = [...sources('shared'), ...sources('renderer'), ...sources('electron/services'), ...sources('electron/cli'), ...sources('electron/host')].filter((f) =>
      imports(f).includes('electron'),
    );
    expect(offenders).toEqual([]);
  });
});
