// Runs anywhere (pure).
/**
 * What Harbor's web UI does to the text an admin types into a rule's repository or tag field, so the
 * editor can show exactly the pattern Harbor would store, and refuse what Harbor's UI refuses.
 * Verified on every row of the shared conformance file portal-input.json.
 */

/** The field setter: a comma list without braces is wrapped in one brace pair. */
export function portalSetterValue(typed: string): string {
  return typed.includes(',') && !typed.includes('{') && !typed.includes('}') ? `{${typed}}` : typed;
}

/** On "Add"/"Save" the UI removes every whitespace character from the pattern. */
export function portalStoredPattern(typed: string): string {
  return portalSetterValue(typed).replace(/\s+/g, '');
}

/** For display the UI strips one outer brace pair around a run of non-space characters. */
export function portalShownPattern(stored: string): string {
  return /^\{\S+\}$/.test(stored) ? stored.slice(1, -1) : stored;
}

/** "Add" stays disabled while a field, braces removed, is empty (checked before whitespace removal). */
export function portalAddDisabled(typed: string): boolean {
  return portalSetterValue(typed).replace(/[{}]/g, '') === '';
}

/**
 * "Invalid rule": any repository decoration other than repoMatches together with a bare `**` among the
 * comma-separated elements (braces removed), checked on the stored pattern.
 */
export function portalRefusesRepositoryPattern(decoration: string, storedPattern: string): boolean {
  if (decoration === 'repoMatches' || storedPattern === '') return false;
  return storedPattern.replace(/[{}]/g, '').split(',').some((element) => element === '**');
}
