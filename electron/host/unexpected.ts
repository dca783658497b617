// Runs in Node.
/**
 * What the host writes to stderr when something fails unexpectedly: the error's class and stack frames,
 * not its message. A message can quote what it choked on (JSON.parse quotes its input, for one), and a
 * request body, secret or token must never reach a log.
 */
export function reportUnexpected(where: string, error: unknown): void {
  const name = error instanceof Error ? error.name : typeof error;
  const frames = error instanceof Error && error.stack ? error.stack.split('\n').filter((line) => /^\s+at /.test(line)) : [];
  process.stderr.write(`taglock host: unexpected ${name} in ${where}\n${frames.join('\n')}${frames.length ? '\n' : ''}`);
}
