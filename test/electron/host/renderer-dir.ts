// Test helper (Node): a throwaway built renderer, so static serving is tested whatever the state of
// dist/renderer (another build may be rewriting it at the same moment).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INDEX_HTML = '<!doctype html><html><head><title>Taglock</title></head><body><div id="root"></div><script type="module" src="./assets/index-abc123.js"></script></body></html>';

export function throwawayRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'taglock-renderer-'));
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, '.hidden'));
  writeFileSync(join(dir, 'index.html'), INDEX_HTML);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("taglock");\n');
  writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body { margin: 0 }\n');
  writeFileSync(join(dir, 'assets', 'worker-1.js'), 'self.onmessage = () => {};\n');
  writeFileSync(join(dir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '.hidden', 'secret.txt'), 'hidden');
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  return dir;
}
