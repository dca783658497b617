// Runs in Node.
/**
 * Nothing a server or a file says may steer the terminal: repository and tag names, rule patterns and
 * server messages can hold escape sequences (an OSC title change, cursor moves) or line breaks that fake
 * a line of Taglock's own ("Applied 3 change(s); verified"). Names are printed with control characters
 * as visible escapes (`shown`); and everything the command line writes passes `withoutEscapes`, which
 * removes escape sequences and control characters other than the line breaks and tabs Taglock writes.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text from a server or a file, one line, control characters shown as `\n`, `\u001b`, … */
export function shown(text: string): string {
  return text.replace(CONTROL, (c) => JSON.stringify(c).slice(1, -1));
}

/** Output with escape sequences and stray control characters removed; `\n`, `\t` and `\r` (progress) stay. */
export function withoutEscapes(text: string): string {
  return text
    .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, '') // OSC (title changes, hyperlinks)
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '') // CSI (colours, cursor moves, clearing)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '');
}

const unguarded = new WeakMap<NodeJS.WritableStream, (text: string) => boolean>();

/** Every string written to the stream passes `withoutEscapes` first. */
export function guardStream(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  unguarded.set(stream, (text) => write(text));
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? withoutEscapes(chunk) : chunk, ...rest)) as typeof stream.write;
}

/** Taglock's own control sequences (the progress line's "erase line"), past the guard; `text` must hold no outside data. */
export function writeOwnControl(stream: NodeJS.WritableStream, text: string): void {
  (unguarded.get(stream) ?? ((t: string) => stream.write(t)))(text);
}

/**
 * Text that has already passed `withoutEscapes` (answers checked once when made, then written by the
 * million), written without checking it again.
 */
export function writeChecked(stream: NodeJS.WritableStream, text: string): boolean {
  return (unguarded.get(stream) ?? ((t: string) => stream.write(t)))(text);
}
