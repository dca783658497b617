// Runs in the browser (pure, no DOM).
/**
 * Stable names for the rules of a draft. A server rule is named by its id (`#4`) wherever it moves; a
 * rule that exists only in the draft gets the next letter (`new A`, `new B`, … `new Z`, `new AA`) when
 * it is created and keeps it through moves, edits and deletes of other rules. Lint, the plan and the
 * "why" traces use these names; the shared engine names rules by position, so its texts are
 * translated here.
 */
import type { ImmutableRule } from '../../../shared/rules/model.js';

/** 0 -> A, 25 -> Z, 26 -> AA. */
export function letters(n: number): string {
  let out = '';
  let rest = n;
  do {
    out = String.fromCharCode(65 + (rest % 26)) + out;
    rest = Math.floor(rest / 26) - 1;
  } while (rest >= 0);
  return out;
}

export function newRuleLabel(n: number): string {
  return `new ${letters(n)}`;
}

export function serverRuleLabel(id: number): string {
  return `#${id}`;
}

/** Labels for rules entering a draft: ids by id, the rest with letters from `next` on. */
export function labelRules(rules: readonly ImmutableRule[], next: number): { labels: string[]; next: number } {
  let counter = next;
  const labels = rules.map((rule) => (rule.id !== null ? serverRuleLabel(rule.id) : newRuleLabel(counter++)));
  return { labels, next: counter };
}

/**
 * A text of the shared engine or lint with its positional names (`draft rule 3`, `rule 7`) replaced by
 * the stable labels: `draft rule N` is the N-th rule of the list, `rule N` is server id N.
 */
export function relabelText(text: string, labelAt: (index: number) => string): string {
  return text.replace(/\b(draft )?rule (\d+)\b/g, (_match, draft: string | undefined, n: string) => (draft ? labelAt(Number(n) - 1) : serverRuleLabel(Number(n))));
}
