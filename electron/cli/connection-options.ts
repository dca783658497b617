// Runs in Node.
/**
 * The connection flags every registry command shares. A secret comes only from standard input
 * (--password-stdin) or the TAGLOCK_PASSWORD environment variable: never from a flag (it would sit in
 * the shell history and the process list), never saved, never printed.
 */
import type { Readable } from 'node:stream';
import { badInput } from '../../shared/errors.js';
import type { ConnectionSettings } from '../services/registry/connect.js';
import type { OptionSpec } from './options.js';
import { requireOption } from './options.js';

export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  ca: { type: 'string' },
  insecure: { type: 'boolean' },
  'token-realm': { type: 'string', multiple: true },
} satisfies OptionSpec;

export const PASSWORD_ENVIRONMENT_VARIABLE = 'TAGLOCK_PASSWORD';

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function connectionSettings(
  command: string,
  values: { url?: string; username?: string; 'password-stdin'?: boolean; ca?: string; insecure?: boolean; 'token-realm'?: string[] },
  stdin: Readable,
  stderr: NodeJS.WritableStream,
): Promise<ConnectionSettings> {
  const url = requireOption(command, values.url, '--url');
  let password: string | null = null;
  if (values['password-stdin']) {
    if (!values.username) throw badInput(`${command}: --password-stdin needs --username`);
    password = (await readAll(stdin)).replace(/\r?\n$/, '');
    if (password === '') throw badInput(`${command}: --password-stdin read an empty secret`);
  } else if (values.username) {
    password = process.env[PASSWORD_ENVIRONMENT_VARIABLE] ?? null;
    if (password === null) throw badInput(`${command}: give the secret for ${values.username} with --password-stdin or ${PASSWORD_ENVIRONMENT_VARIABLE}`);
  }
  if (values.insecure) stderr.write(`taglock: WARNING: TLS certificate verification is OFF for ${url} (--insecure)\n`);
  return {
    url,
    username: values.username ?? null,
    password,
    caFile: values.ca ?? null,
    insecure: values.insecure === true,
    allowedTokenRealms: values['token-realm'] ?? [],
  };
}
