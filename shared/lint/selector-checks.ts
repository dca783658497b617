// Runs anywhere (pure).
/** Lint of one selector's pattern and decoration: what Harbor will do with it that the admin may not expect. */
import type { Dialect } from '../glob/dialect.js';
import { compileGlob } from '../glob/index.js';
import type { Selector } from '../rules/model.js';
import { NAMESPACE_DECORATIONS, REPOSITORY_DECORATIONS, SELECTOR_KIND, TAG_DECORATIONS } from '../rules/model.js';
import { expandBraces, hasSlashInBraces, sampleName } from './braces.js';
import { commaListFinding } from './comma-list.js';
import { globSyntaxFindings } from './glob-syntax.js';
import { matchingMayExplode } from './glob-cost.js';

export interface SelectorFinding {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** True when Harbor fails on this selector (for some or all names), which stops later rules. */
  canFail: boolean;
}

const KNOWN_DECORATIONS: readonly string[] = [...REPOSITORY_DECORATIONS, ...TAG_DECORATIONS, ...NAMESPACE_DECORATIONS];

export function checkSelector(selector: Selector, slot: 'repository' | 'tag', dialect: Dialect): SelectorFinding[] {
  const findings: SelectorFinding[] = [];
  const field = slot === 'repository' ? 'Repository' : 'Tag';
  const add = (severity: SelectorFinding['severity'], code: string, message: string, canFail = false) =>
    findings.push({ severity, code, message, canFail });

  if (selector.kind === '') {
    // harbor-cli's "tag immutable create" sends selectors without a kind; Harbor stores them as they are.
    add('error', 'missing-kind', `${field} selector has no kind (harbor-cli creates rules like this): every evaluation of this rule fails, so it locks nothing. Set "kind": "doublestar".`, true);
  } else if (selector.kind !== SELECTOR_KIND) {
    add('error', 'unknown-kind', `${field} selector kind ${JSON.stringify(selector.kind)} is unknown to Harbor (only "doublestar"): every evaluation of this rule fails.`, true);
  }
  if (selector.decoration === '') {
    add('error', 'unknown-decoration', `${field} selector has no decoration: every evaluation of this rule fails, so it locks nothing.`, true);
  } else if (!KNOWN_DECORATIONS.includes(selector.decoration)) {
    add('error', 'unknown-decoration', `${field} decoration ${JSON.stringify(selector.decoration)} is unknown: every evaluation of this rule fails.`, true);
  } else if ((NAMESPACE_DECORATIONS as readonly string[]).includes(selector.decoration)) {
    add('warning', 'namespace-decoration', `${field} decoration ${selector.decoration} never selects anything for immutability: this rule has no effect.`);
  } else if (slot === 'repository' && (TAG_DECORATIONS as readonly string[]).includes(selector.decoration)) {
    add('warning', 'crossed-decoration', `The repository selector uses the tag decoration ${selector.decoration}: Harbor then tests the tags, not the repository name.`);
  } else if (slot === 'tag' && (REPOSITORY_DECORATIONS as readonly string[]).includes(selector.decoration)) {
    add('warning', 'crossed-decoration', `The tag selector uses the repository decoration ${selector.decoration}: Harbor then tests the repository name, not the tags.`);
  }

  const pattern = selector.pattern;
  if (pattern === '') {
    const effect = selector.decoration.endsWith('xcludes') ? 'nothing' : 'everything';
    add('warning', 'empty-pattern', `${field} pattern is empty: Harbor treats it as matching everything, so this selector selects ${effect}.`);
    return findings;
  }
  if (/\s/.test(pattern)) {
    add('warning', 'whitespace', `${field} pattern ${JSON.stringify(pattern)} contains spaces, which match literally (Harbor's UI would have removed them); names never contain spaces.`);
  }
  if (/(^|[^\\])\[!/.test(pattern)) {
    add('warning', 'bang-class', `${field} pattern uses [!…]: in Harbor's glob "!" is an ordinary character; negate a class with [^…].`);
  }
  const commas = commaListFinding(selector, slot);
  if (commas) add(commas.severity, 'comma-list', commas.message);
  for (const finding of globSyntaxFindings(pattern, dialect)) {
    // Failing only for names with an empty path component is failing for no name a registry holds.
    if (finding.severity === 'empty-component') continue;
    if (finding.severity === 'error') {
      add('error', 'syntax-error', `${field} pattern ${JSON.stringify(pattern)} is broken: ${finding.message}. Harbor stores it, then fails when it reaches that part.`, true);
    } else {
      add('warning', 'dialect-unsupported', `${field} pattern ${JSON.stringify(pattern)}: ${finding.message}, the dialect of this Harbor.`);
    }
  }
  if (dialect === 'v1.3.4' && hasSlashInBraces(pattern)) {
    const example = braceQuirkExample(pattern, dialect);
    add(
      'warning',
      'brace-quirk',
      `${field} pattern ${JSON.stringify(pattern)} has "/" inside braces, where doublestar v1.3.4 drops alternatives (Harbor issue #21710)` +
        (example ? `: it does not match ${JSON.stringify(example)}.` : '.') +
        ' Split it into one rule per alternative.',
    );
  }
  return findings;
}

/** A name one alternative plainly matches but the whole pattern misses, if one can be found. */
function braceQuirkExample(pattern: string, dialect: Dialect): string | null {
  const alternatives = expandBraces(pattern);
  if (alternatives === null) return null;
  const whole = compileGlob(pattern, dialect);
  for (const alternative of alternatives) {
    const sample = sampleName(alternative);
    // A sample is as long as the pattern: glob-cost reports patterns that could take minutes to match it.
    if (sample === null || matchingMayExplode(pattern, sample.length)) continue;
    if (compileGlob(alternative, dialect).match(sample) === 'match' && whole.match(sample) !== 'match') return sample;
  }
  return null;
}
