// Test (Node): the lint configuration (eslint.config.mjs) does what it promises. Probe code is linted
// as if it were the text of real files in each layer: imports that break the layering of
// test/architecture.test.ts must be flagged (and allowed ones must not), and so must un-awaited and
// misused promises. Fails when the configuration stops restricting.
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/repo-files.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function lint(file: string, lines: readonly string[]): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(`${lines.join('\n')}\n`, { filePath: join(REPO_ROOT, file) });
  const messages = result!.messages;
  const fatal = messages.filter((m) => m.fatal === true);
  if (fatal.length > 0) throw new Error(`${file} could not be linted: ${fatal.map((m) => m.message).join('; ')}`);
  return messages;
}

/** The specifiers among `specifiers` that the layering rule flags in `file`, with the first message. */
async function restricted(file: string, specifiers: readonly string[]): Promise<{ flagged: string[]; message: string }> {
  const messages = (await lint(file, specifiers.map((s) => `import '${s}';`))).filter((m) => m.ruleId === 'no-restricted-imports');
  return { flagged: messages.map((m) => specifiers[m.line - 1]!), message: messages[0]?.message ?? '' };
}

/** Lines (1-based) flagged by each rule of `rules`, keyed by rule. */
function linesByRule(messages: readonly Linter.LintMessage[], rules: readonly string[]): Record<string, number[]> {
  return Object.fromEntries(rules.map((rule) => [rule, messages.filter((m) => m.ruleId === rule).map((m) => m.line)]));
}

describe('lint: the layering as import restrictions', () => {
  it('shared/ imports only shared/ and the pure packages: no other packages, no Node, nothing outside shared/', async () => {
    const forbidden = ['node:fs', 'fs', 'path/posix', 'electron', 'react', 'undici', 'ajv-formats', 'ajv/dist/2020.js', '../../electron/services/compose.js', '../../renderer/src/main.js', '../../test/support/repo-files.js'];
    const allowed = ['ajv', '../glob/dialect.js', './selectors.js'];
    const { flagged, message } = await restricted('shared/rules/wire.ts', [...forbidden, ...allowed]);
    expect(flagged).toEqual(forbidden);
    expect(message).toContain('shared/ is pure');
  }, 120_000);

  it('renderer/ never reaches electron/, Node or Node packages', async () => {
    const forbidden = ['electron', 'electron/main', 'node:fs', 'fs', 'node:path', 'undici', 'conf', 'electron-store', '../../../electron/services/compose.js', '../../../electron/shell/main.js'];
    const allowed = ['react', 'zustand/vanilla', '../../../shared/contract/api.js', '../store/app-store.js'];
    const { flagged, message } = await restricted('renderer/src/api/transport.ts', [...forbidden, ...allowed]);
    expect(flagged).toEqual(forbidden);
    expect(message).toContain('renderer/ is browser code');
    expect((await restricted('renderer/src/main.tsx', ['../../electron/cli/main.js', '../../shared/contract/api.js'])).flagged).toEqual(['../../electron/cli/main.js']);
  }, 120_000);

  it("electron/services never imports 'electron', a door or renderer/", async () => {
    const forbidden = ['electron', '../cli/main.js', '../host/main.js', '../shell/main.js', '../../electron/shell/main.js', '../../renderer/src/main.js'];
    const allowed = ['node:fs', 'undici', 'conf', '../../shared/rules/wire.js', './http/http-client.js'];
    const { flagged, message } = await restricted('electron/services/compose.ts', [...forbidden, ...allowed]);
    expect(flagged).toEqual(forbidden);
    expect(message).toContain("only electron/shell does");
    const deep = await restricted('electron/services/registry/oci/oci-client.ts', ['../../../cli/main.js', '../../../../renderer/src/main.js', '../../http/http-client.js', '../../../../shared/rules/wire.js']);
    expect(deep.flagged).toEqual(['../../../cli/main.js', '../../../../renderer/src/main.js']);
  }, 120_000);

  it("the command line and the browser host never import the shell, 'electron' or renderer/", async () => {
    const forbidden = ['electron', '../shell/main.js', '../../electron/shell/main.js', '../../renderer/src/main.js'];
    const allowed = ['node:fs', '../services/compose.js', '../../shared/rules/wire.js'];
    for (const file of ['electron/cli/main.ts', 'electron/host/main.ts']) {
      expect((await restricted(file, [...forbidden, ...allowed])).flagged, file).toEqual(forbidden);
    }
    expect((await restricted('electron/cli/commands/eval.ts', ['../../shell/main.js', '../../services/compose.js'])).flagged).toEqual(['../../shell/main.js']);
  }, 120_000);

  it("electron/shell may import 'electron'", async () => {
    expect((await restricted('electron/shell/main.ts', ['electron', '../services/compose.js'])).flagged).toEqual([]);
  }, 120_000);
});

describe('lint: promises', () => {
  it('flags a floating promise, a misused one, an await of a non-promise and a return that escapes try', async () => {
    const lines = [
      'async function later(): Promise<number> { return 1; }',
      'export function probe(items: number[]): void {',
      '  later();', // 3: floating
      '  void later();', // 4: deliberately fire-and-forget: fine
      '  items.forEach(async () => { await later(); });', // 5: async callback where void is expected
      '  if (later()) items.push(1);', // 6: a promise as a condition
      '}',
      'export async function awaitsNumber(): Promise<number> { const n = await 1; return n; }', // 8: await of a number
      'export async function escapes(): Promise<number> {',
      '  try { return later(); } catch { return 0; }', // 10: the rejection skips the catch
      '}',
    ];
    const messages = await lint('shared/rules/wire.ts', lines);
    expect(
      linesByRule(messages, ['@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises', '@typescript-eslint/await-thenable', '@typescript-eslint/return-await']),
    ).toEqual({
      '@typescript-eslint/no-floating-promises': [3],
      '@typescript-eslint/no-misused-promises': [5, 6],
      '@typescript-eslint/await-thenable': [8],
      '@typescript-eslint/return-await': [10],
    });
  }, 120_000);
});
