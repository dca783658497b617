import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRulesFile, writeFileAtomic } from '../../../../electron/services/files/json-file.js';

describe('files', () => {
  it('replaces a file atomically and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taglock-files-'));
    const target = join(dir, 'snapshot.json');
    writeFileSync(target, 'good');
    await writeFileAtomic(target, 'better');
    expect(readFileSync(target, 'utf8')).toBe('better');
    expect(readdirSync(dir)).toEqual(['snapshot.json']);
  });

  it('keeps the old file when the new one cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taglock-files-'));
    const target = join(dir, 'missing-folder', 'snapshot.json');
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the file and the problem for unreadable rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taglock-files-'));
    const file = join(dir, 'rules.json');
    writeFileSync(file, '[{"id": 1,');
    await expect(readRulesFile(file)).rejects.toThrow(`rules file ${file} is not valid JSON`);
    writeFileSync(file, '{"rules": []}');
    await expect(readRulesFile(file)).rejects.toThrow('rules: expected a JSON array');
  });
});
