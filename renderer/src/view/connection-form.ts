// Runs in the browser (pure helpers, no DOM).
/** The connection form: what is typed, what is sent, and what is wrong with it before sending. */
import type { Connection, ConnectionInput, RegistryKindSetting } from '../../../shared/contract/api.js';
import { parseList } from './format.js';

export interface ConnectionForm {
  id: string | null;
  name: string;
  url: string;
  kind: RegistryKindSetting;
  username: string;
  /** A new secret; '' keeps the stored one (see forgetSecret). */
  secret: string;
  forgetSecret: boolean;
  caFile: string;
  insecure: boolean;
  projects: string;
  /** Token services on other addresses allowed to receive the credentials, comma-separated. */
  tokenRealms: string;
}

export const EMPTY_CONNECTION_FORM: ConnectionForm = {
  id: null,
  name: '',
  url: 'https://',
  kind: 'auto',
  username: '',
  secret: '',
  forgetSecret: false,
  caFile: '',
  insecure: false,
  projects: '',
  tokenRealms: '',
};

export function formFromConnection(connection: Connection): ConnectionForm {
  return {
    id: connection.id,
    name: connection.name,
    url: connection.url,
    kind: connection.kind,
    username: connection.username ?? '',
    secret: '',
    forgetSecret: false,
    caFile: connection.caFile ?? '',
    insecure: connection.insecure,
    projects: connection.projects.join(', '),
    tokenRealms: connection.tokenRealms.join(', '),
  };
}

export function inputFromForm(form: ConnectionForm): ConnectionInput {
  const username = form.username.trim();
  const input: ConnectionInput = {
    name: form.name.trim(),
    url: form.url.trim().replace(/\/+$/, ''),
    kind: form.kind,
    username: username === '' ? null : username,
    caFile: form.caFile.trim() === '' ? null : form.caFile.trim(),
    insecure: form.insecure,
    projects: parseList(form.projects),
    tokenRealms: parseList(form.tokenRealms),
  };
  if (form.id !== null) input.id = form.id;
  if (form.forgetSecret || username === '') input.secret = null;
  else if (form.secret !== '') input.secret = form.secret;
  return input;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** Problems that stop saving (the Node side checks the same and more). */
export function connectionFormProblems(form: ConnectionForm): string[] {
  const problems: string[] = [];
  if (form.name.trim() === '') problems.push('Give the connection a name.');
  let url: URL | null = null;
  try {
    url = new URL(form.url.trim());
  } catch {
    problems.push('Enter the registry URL, e.g. https://registry.example.com.');
  }
  if (url) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('The registry URL must start with https:// (or http://).');
    else if (url.hostname === '') problems.push('The registry URL needs a host name.');
    if (url.username || url.password) problems.push('Put credentials in the user and secret fields, not in the URL.');
  }
  if (form.secret !== '' && form.username.trim() === '') problems.push('A secret needs a user or robot name.');
  for (const realm of parseList(form.tokenRealms)) {
    const parsed = parseUrl(realm);
    if (parsed === null || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) problems.push(`Write the token service as an address such as https://auth.example.com (not ${JSON.stringify(realm)}).`);
    else if (parsed.username || parsed.password) problems.push('A token service address must not carry credentials.');
  }
  return problems;
}

/** Advice that does not stop saving. */
export function connectionFormAdvice(form: ConnectionForm): string[] {
  const advice: string[] = [];
  const user = form.username.trim();
  if (/^robot[$+]/.test(user) === false && /^robot\b/i.test(user)) {
    advice.push('Robot accounts log in with their full name including the prefix, e.g. robot$ci (or robot$project+ci for project robots).');
  }
  if (form.url.trim().startsWith('http://')) advice.push('Plain http:// sends the secret unencrypted.');
  const plainRealms = parseList(form.tokenRealms).filter((realm) => realm.startsWith('http://'));
  if (plainRealms.length > 0) advice.push(`Credentials go to ${plainRealms.join(', ')} unencrypted: Taglock sends them there only while the connection is marked insecure.`);
  if (form.insecure) advice.push('Insecure mode accepts any certificate: use it only for throw-away test registries, or give the CA file instead.');
  return advice;
}
