// Test and benchmark helper (Node): a generated snapshot file of any size, written repository by
// repository (never one big string).
import { closeSync, openSync, writeSync } from 'node:fs';
import { generatedMeta, generateInto } from '../../shared/demo/generate.js';
import type { GenerateOptions } from '../../shared/demo/generate.js';

export function writeSnapshotFile(path: string, options: GenerateOptions): { tags: number; bytes: number } {
  const fd = openSync(path, 'w');
  let bytes = 0;
  const write = (text: string) => (bytes += writeSync(fd, text));
  let tags = 0;
  let firstProject = true;
  let firstRepository = true;
  write(JSON.stringify({ format: 'taglock-snapshot', version: 1, ...generatedMeta(options) }).slice(0, -1) + ',"projects":[');
  generateInto(options, {
    project(project) {
      write((firstProject ? '' : ']},') + JSON.stringify(project).slice(0, -1) + ',"repositories":[');
      firstProject = false;
      firstRepository = true;
    },
    repository(repository) {
      write((firstRepository ? '' : ',') + JSON.stringify(repository));
      firstRepository = false;
      for (const artifact of repository.artifacts) tags += artifact.tags.length;
    },
  });
  write(firstProject ? ']}\n' : ']}]}\n');
  closeSync(fd);
  return { tags, bytes };
}
