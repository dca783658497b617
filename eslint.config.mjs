// Lint configuration (a build tool file, run by `npm run lint` and by `npm test`).
// Two jobs: the type-aware rules that catch real bugs, promises above all, and the layering of
// test/architecture.test.ts stated as import restrictions, so an editor flags a wrong import while typing.
// The architecture test stays the authoritative check; test/lint-config.test.ts proves these rules fire.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.cts', '**/*.mts'];
const SOURCE_EXTENSIONS = ['ts', 'tsx', 'cts', 'mts'];

// ---- The layering ---------------------------------------------------------------------------------
// Import restrictions match the specifier as written, so a relative import is judged by how far it
// climbs: from a file `depth` folders below the repository root, `../` repeated `depth` times reaches
// the root. Each layer therefore gets one block per depth, each with the exact climb that leaves it.

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A relative specifier that climbs `levels` folders and then enters one of `folders` (or, with none, anything). */
const climb = (levels, folders = []) =>
  `^(?:\\./)?(?:\\.\\./){${levels}}${folders.length > 0 ? `(?:${folders.map(escape).join('|')})(?:/|$)` : ''}`;

/** Packages that run anywhere, so shared/ may use them: PURE_PACKAGES of test/architecture.test.ts. */
const SHARED_PURE_PACKAGES = ['ajv'];
const NODE_BUILTINS = { regex: `^(?:node:|(?:${builtinModules.map(escape).join('|')})(?:/|$))`, caseSensitive: true };
const ELECTRON = { regex: '^electron(?:/|$)', caseSensitive: true };

/**
 * One `no-restricted-imports` block per depth for the files of `folder`: `rules(depth)` gives the
 * restricted patterns for a file `depth` folders below the repository root.
 */
function layer(folder, rules) {
  const base = folder.split('/').length;
  const blocks = [];
  for (let extra = 0; extra < 8; extra++) {
    const depth = base + extra;
    const files = SOURCE_EXTENSIONS.map((ext) => `${folder}/${'*/'.repeat(extra)}*.${ext}`);
    blocks.push({ name: `taglock/layering ${folder} depth ${depth}`, files, rules: { 'no-restricted-imports': ['error', { patterns: rules(depth) }] } });
  }
  return blocks;
}

const layering = [
  // shared/ is pure: it imports only shared/ and the pure packages (it runs in Node, the browser and workers alike).
  ...layer('shared', (depth) => [
    {
      regex: `^(?!(?:${SHARED_PURE_PACKAGES.map(escape).join('|')})$)[^.]`,
      caseSensitive: true,
      message: `shared/ is pure and imports only shared/ and the pure packages (${SHARED_PURE_PACKAGES.join(', ')}): no other packages, no node:, no electron, no DOM-only packages.`,
    },
    { regex: climb(depth), caseSensitive: true, message: 'shared/ is pure and imports only shared/: this import leaves shared/.' },
  ]),
  // renderer/ is browser code: it reaches the Node side only through the contract in shared/.
  ...layer('renderer/src', (depth) => [
    { ...ELECTRON, message: "renderer/ is browser code: it never imports 'electron' (only electron/shell does); call the Node side through the contract in shared/." },
    { ...NODE_BUILTINS, message: 'renderer/ is browser code: no node: or Node built-in modules.' },
    { regex: '^(?:undici|conf|electron-store)(?:/|$)', caseSensitive: true, message: 'renderer/ is browser code: undici, conf and electron-store are Node packages.' },
    { regex: climb(depth, ['electron']), caseSensitive: true, message: 'renderer/ never imports electron/ (Node code): reach it through the contract in shared/.' },
  ]),
  // electron/services is Node code shared by every door; it never depends on a door or on Electron.
  ...layer('electron/services', (depth) => [
    { ...ELECTRON, message: "electron/services never imports 'electron': only electron/shell does, so the CLI and the browser host run without it." },
    { regex: climb(depth - 1, ['cli', 'host', 'shell']), caseSensitive: true, message: 'electron/services never imports a door (electron/cli, electron/host, electron/shell): doors depend on services, not the reverse.' },
    { regex: climb(depth, ['electron/cli', 'electron/host', 'electron/shell']), caseSensitive: true, message: 'electron/services never imports a door (electron/cli, electron/host, electron/shell): doors depend on services, not the reverse.' },
    { regex: climb(depth, ['renderer']), caseSensitive: true, message: 'electron/services never imports renderer/ (browser code).' },
  ]),
  // The command line and the browser host are doors of their own: services and shared, never the shell.
  ...['electron/cli', 'electron/host'].flatMap((door) =>
    layer(door, (depth) => [
      { ...ELECTRON, message: `${door} never imports 'electron': only electron/shell does, so ${door} runs on plain Node.` },
      { regex: climb(depth - 1, ['shell']), caseSensitive: true, message: `${door} never imports electron/shell: it uses services and shared only.` },
      { regex: climb(depth, ['electron/shell']), caseSensitive: true, message: `${door} never imports electron/shell: it uses services and shared only.` },
      { regex: climb(depth, ['renderer']), caseSensitive: true, message: `${door} never imports renderer/ (browser code).` },
    ]),
  ),
];

// ---- Rules ----------------------------------------------------------------------------------------

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'test-results/**', '.bench/**', 'node_modules/**'] },
  {
    name: 'taglock/javascript',
    files: ['**/*.js', '**/*.mjs', '**/*.cjs', ...TS_FILES],
    extends: [js.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: globals.node },
    rules: {
      // Control characters in these patterns are the point: terminal and log output is cleaned of them.
      'no-control-regex': 'off',
      // Flags defensive initial values (`let x = null` before a try); not the bug class this gate is for.
      'no-useless-assignment': 'off',
    },
  },
  {
    name: 'taglock/typescript',
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // The type-check projects of `npm run typecheck`. A file takes its types from the first project
        // that holds it, so shared/ is read without Node or DOM types, as its own type check reads it.
        // (A project list, not projectService: bench/ is only in test/tsconfig.json, and on this code
        // base the list is about twice as fast.)
        project: ['shared/tsconfig.json', 'renderer/tsconfig.json', 'tsconfig.json', 'test/renderer/tsconfig.json', 'test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
        // With CI=true typescript-eslint would infer a "single run" and type-check the files on disk
        // instead of the text it is given, so the rules stop firing on the probes of
        // test/lint-config.test.ts (and on an editor's unsaved text). Lint the same way everywhere.
        disallowAutomaticSingleRunInference: true,
      },
    },
    rules: {
      // The promise rules are the heart of the gate.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A promise returned (not awaited) inside try escapes its catch and finally.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // `_`-named bindings are deliberate: the rest of an object without one key, an unused parameter.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Off: an async function without await is how an interface's async method is often met; the
      // callers' promises are what matter, and the floating-promise rules check those.
      '@typescript-eslint/require-await': 'off',
      // Off: store actions are closures (no `this`), which this rule cannot tell from methods.
      '@typescript-eslint/unbound-method': 'off',
      // Off: parsed JSON and test doubles are typed at the boundary; strict TypeScript does the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Off: style, not bugs.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    // Tool configuration outside the type-check projects: the rules above, less those that need types.
    name: 'taglock/tool-config',
    files: ['vitest.config.ts', 'renderer/vite.config.ts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The Electron preload script is CommonJS: `import x = require()` is how it loads modules.
    name: 'taglock/preload',
    files: ['electron/shell/**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...layering,
);
