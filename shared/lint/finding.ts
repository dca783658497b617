// Runs anywhere (pure).
export type Severity = 'error' | 'warning' | 'info';

export interface LintFinding {
  severity: Severity;
  /** Stable identifier, for scripts and tests. */
  code: string;
  /** Position of the rule in the list given to lint, or null for findings about the whole list. */
  ruleIndex: number | null;
  /** `rule 7` or `draft rule 2`, or null. */
  rule: string | null;
  /** One plain sentence an admin can act on. */
  message: string;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: LintFinding[]): LintFinding[] {
  return findings.sort(
    (a, b) =>
      (a.ruleIndex ?? -1) - (b.ruleIndex ?? -1) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code),
  );
}

/** `1 tag`, `1,200 tags`: a count as findings word it, with the thousands separators the figures beside them use. */
export function countOf(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
