// Runs anywhere (pure).
/**
 * Answers worked out once per pattern and glob library version, kept in a bounded map per version: the
 * rule editor asks the same questions about the same patterns on every keystroke.
 */
import type { Dialect } from './dialect.js';

/** `answer(pattern, dialect)`, kept for the `limit` patterns per version asked last; the oldest goes first when full. */
export function keptPerPattern<T>(limit: number, answer: (pattern: string, dialect: Dialect) => T): (pattern: string, dialect: Dialect) => T {
  const kept: Record<Dialect, Map<string, T>> = { 'v1.3.4': new Map(), 'v1.1.1': new Map() };
  return (pattern, dialect) => {
    const answers = kept[dialect];
    let value = answers.get(pattern);
    if (value === undefined) {
      value = answer(pattern, dialect);
      if (answers.size >= limit) answers.delete(answers.keys().next().value!);
      answers.set(pattern, value);
    }
    return value;
  };
}
