// Runs anywhere (pure).
/**
 * HCL text in the layout `terraform fmt` gives it: two-space indentation, the `=` of consecutive
 * attributes aligned one space after the longest name, one blank line between top-level blocks.
 */

/** An HCL string literal holding exactly `value`: escapes for quote, backslash, controls and templates. */
export function hclString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const next = value[i + 1];
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c < ' ' || c === '\u007f') out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    // "${" and "%{" would start an interpolation or a directive: doubling the sign makes them literal.
    else if ((c === '$' || c === '%') && next === '{') out += c + c;
    else out += c;
  }
  return `"${out}"`;
}

export interface HclBlock {
  /** `resource "harbor_immutable_tag_rule" "rule_25"`, `import`. */
  header: string;
  /** Name and expression text, in order. */
  attributes: readonly (readonly [string, string])[];
}

export function formatBlock(block: HclBlock): string {
  const width = block.attributes.reduce((widest, [name]) => Math.max(widest, name.length), 0);
  const lines = block.attributes.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`);
  return [`${block.header} {`, ...lines, '}'].join('\n');
}

/** Comment lines, then blocks, one blank line apart, ending in one newline. */
export function formatFile(comments: readonly string[], blocks: readonly HclBlock[]): string {
  const head = comments.map((line) => `# ${line}`.trimEnd()).join('\n');
  const body = blocks.map(formatBlock).join('\n\n');
  return [head, body].filter((part) => part !== '').join('\n\n') + '\n';
}
