// Runs anywhere (pure).
/**
 * Harbor's rule for project names, checked before any request that names a project. Harbor creates a
 * project only when its name matches `^[a-z0-9]+(?:[._-][a-z0-9]+)*$` and is 1 to 255 bytes long
 * (goharbor/harbor `src/pkg/project/manager.go`, `validProjectName`, `projectNameMaxLen`). A name that
 * fails it cannot exist on the server, so sending it can only address something else: `shop/../library`
 * is decoded by Harbor's proxy into another project's path.
 */
import { badInput } from '../errors.js';

const PROJECT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const PROJECT_NAME_MAX_LENGTH = 255;

/** Why Harbor could never have a project of this name, or null when it could. */
export function projectNameProblem(name: string): string | null {
  if (name === '') return 'a project name is empty';
  if (!PROJECT_NAME.test(name)) return 'Harbor project names are lower-case letters and digits, separated by single ".", "_" or "-"';
  // The pattern admits ASCII only, so characters are bytes here.
  if (name.length > PROJECT_NAME_MAX_LENGTH) return `a project name is at most ${PROJECT_NAME_MAX_LENGTH} characters long`;
  return null;
}

/** Throws bad-input naming the project when Harbor could never have a project of this name. */
export function requireProjectName(name: string): string {
  const problem = projectNameProblem(name);
  if (problem !== null) throw badInput(`${JSON.stringify(name)} is not a Harbor project name: ${problem}`);
  return name;
}
