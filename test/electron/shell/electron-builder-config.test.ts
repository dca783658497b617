/** electron-builder.yml, checked against electron-builder's own JSON schema (app-builder-lib/scheme.json). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const root = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as Record<string, unknown>;
const config = YAML.parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });
const check = ajv.compile(schema);

function validate(value: unknown) {
  return { valid: check(value), errors: ajv.errorsText(check.errors, { separator: '\n' }) };
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s schema (draft-07)', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const { valid, errors } = validate(config);
    expect(errors).toBe('No errors');
    expect(valid).toBe(true);
  });

  it('the schema check does catch mistakes', () => {
    expect(validate({ ...config, appid: 'typo' }).valid).toBe(false);
    expect(validate({ ...config, asar: 'yes' }).valid).toBe(false);
  });

  it('names the app and packs dist/ and package.json into an asar', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('Taglock');
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json']));
  });

  it('targets Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('turns off the Electron fuses that would run the app as plain Node or load code from outside the asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });
});
