// Runs in Node.
/**
 * `taglock eval`: decisions for JSON lines on stdin, one answer line per input line, in order.
 * Each line is `{"repository": "team/app", "tags": ["v1"]}`, optionally with its own `"rules": [...]`
 * and the path Harbor judges it on (`"path": "push"` or `"retention"`; by default one tag is a push,
 * several or none retention).
 *
 * Built for millions of lines: input is cut into lines as bytes and the common line shape read without
 * JSON.parse (candidate-lines.ts); answers are the same few lines, made once, and written in large chunks.
 */
import type { Readable, Writable } from 'node:stream';
import type { CompiledRuleSet } from '../../../shared/engine/rule-set.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import type { Decision, DecisionPath } from '../../../shared/engine/decide.js';
import { createDecider, toDecisionRecord } from '../../../shared/engine/decide.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { badInput } from '../../../shared/errors.js';
import { readRulesFile } from '../../services/files/json-file.js';
import { forEachLine, quickCandidate } from '../candidate-lines.js';
import { withoutEscapes, writeChecked } from '../terminal.js';
import { HARBOR_OPTIONS, parseCommandArgs, profileNotes, resolveHarbor } from '../options.js';

export async function evalCommand(args: readonly string[], stdin: Readable, stdout: Writable, stderr: NodeJS.WritableStream): Promise<number> {
  const values = parseCommandArgs('eval', args, { rules: { type: 'string' }, ...HARBOR_OPTIONS });
  const { profile, dialect } = resolveHarbor(values);
  stderr.write(profileNotes(profile));
  const defaultSet = values.rules === undefined ? null : compileRuleSet(await readRulesFile(values.rules), dialect, profile);
  // Lines that carry their own rules usually repeat the same list: compile each distinct list once.
  const perLineSets = new Map<string, CompiledRuleSet>();
  // One decider per rule set, so repository outcomes are reused across lines.
  const deciders = new WeakMap<CompiledRuleSet, ReturnType<typeof createDecider>>();
  const deciderFor = (set: CompiledRuleSet) => {
    let decider = deciders.get(set);
    if (decider === undefined) {
      decider = createDecider(set);
      deciders.set(set, decider);
    }
    return decider;
  };
  // Answers without an error are shared Decision objects: each one's line is made (and cleared of
  // anything that could steer a terminal) once.
  const answerLines = new Map<Decision, string>();
  const answerLine = (decision: Decision): string => {
    if (decision.error !== null) return withoutEscapes(JSON.stringify(toDecisionRecord(decision)) + '\n');
    let line = answerLines.get(decision);
    if (line === undefined) {
      line = withoutEscapes(JSON.stringify(toDecisionRecord(decision)) + '\n');
      answerLines.set(decision, line);
    }
    return line;
  };
  let pending = '';
  const flush = async () => {
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    if (!writeChecked(stdout, chunk)) await new Promise<void>((resolve) => stdout.once('drain', resolve));
  };
  const defaultDecider = defaultSet === null ? null : deciderFor(defaultSet);
  let lineNumber = 0;
  // Each chunk of input read as Latin-1 once, for quickCandidate to cut names from.
  let chunk: Buffer | null = null;
  let chunkText = '';
  await forEachLine(stdin, (bytes, start, end) => {
    lineNumber++;
    if (bytes !== chunk && defaultDecider !== null) {
      chunk = bytes;
      chunkText = bytes.toString('latin1');
    }
    const quick = defaultDecider === null ? null : quickCandidate(bytes, start, end, bytes === chunk ? chunkText : null);
    if (quick !== null) pending += answerLine(defaultDecider!(quick.repository, quick.tags));
    else {
      const line = bytes.toString('utf8', start, end);
      if (line.trim() === '') return undefined;
      const candidate = parseCandidate(line, lineNumber);
      let set = defaultSet;
      if (candidate.rulesText !== null) {
        set = perLineSets.get(candidate.rulesText) ?? null;
        if (set === null) {
          set = compileRuleSet(parseRulesOfLine(candidate.rules, lineNumber), dialect, profile);
          if (perLineSets.size > 1000) perLineSets.clear();
          perLineSets.set(candidate.rulesText, set);
        }
      }
      if (set === null) {
        return flush().then(() => {
          throw badInput(`line ${lineNumber}: no rules: pass --rules RULES.json or give the line a "rules" list`);
        });
      }
      pending += answerLine(deciderFor(set)(candidate.repository, candidate.tags, candidate.path));
    }
    return pending.length >= 1 << 16 ? flush() : undefined;
  }).catch(async (error: unknown) => {
    // Answers to the lines before a bad one are still written, as each line is answered in order.
    await flush();
    throw error;
  });
  await flush();
  return 0;
}

interface Candidate {
  repository: string;
  tags: string[];
  path: DecisionPath | undefined;
  rules: unknown;
  rulesText: string | null;
}

function parseCandidate(line: string, lineNumber: number): Candidate {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw badInput(`line ${lineNumber}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badInput(`line ${lineNumber}: expected an object like {"repository": "team/app", "tags": ["v1"]}`);
  }
  const record = value as Record<string, unknown>;
  if (typeof record.repository !== 'string') throw badInput(`line ${lineNumber}: "repository" must be a string (the name without the project)`);
  const tags = record.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
    throw badInput(`line ${lineNumber}: "tags" must be a list of strings`);
  }
  const path = record.path;
  if (path !== undefined && path !== 'push' && path !== 'retention') throw badInput(`line ${lineNumber}: "path" must be "push" or "retention"`);
  const hasRules = record.rules !== undefined;
  return {
    repository: record.repository,
    tags: tags as string[],
    path,
    rules: record.rules,
    rulesText: hasRules ? JSON.stringify(record.rules) : null,
  };
}

function parseRulesOfLine(rules: unknown, lineNumber: number) {
  try {
    return parseWireRules(rules, 'rules');
  } catch (error) {
    throw badInput(`line ${lineNumber}: ${(error as Error).message}`);
  }
}
