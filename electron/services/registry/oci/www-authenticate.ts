// Runs anywhere (pure).
/**
 * Parsing `WWW-Authenticate` challenges (RFC 9110 §11.6.1) as registries send them:
 * `Basic realm="Registry"`, `Bearer realm="https://auth.example.com/token",service="registry",scope="repository:a/b:pull"`,
 * possibly several challenges in one header or over several headers.
 */

export interface AuthChallenge {
  /** Lower case: `basic`, `bearer`, ... */
  scheme: string;
  /** Parameter names in lower case; values unquoted. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

/** Every challenge in the header value(s), in order; malformed parts are skipped, never thrown. */
export function parseWwwAuthenticate(header: string | readonly string[] | undefined | null): AuthChallenge[] {
  if (header === undefined || header === null) return [];
  const values = typeof header === 'string' ? [header] : header;
  return values.flatMap(parseOne);
}

function parseOne(input: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let rest = input;
  let current: AuthChallenge | null = null;
  const skip = (pattern: RegExp) => {
    rest = rest.replace(pattern, '');
  };
  for (let guard = 0; rest.length > 0 && guard < 1000; guard++) {
    skip(/^[\s,]+/);
    if (rest.length === 0) break;
    const token = TOKEN.exec(rest)?.[0];
    if (!token) {
      // Garbage: drop up to the next comma.
      const comma = rest.indexOf(',');
      rest = comma < 0 ? '' : rest.slice(comma + 1);
      continue;
    }
    const after = rest.slice(token.length);
    const param = /^\s*=\s*/.exec(after);
    if (current && param) {
      // name=value inside the current challenge.
      rest = after.slice(param[0].length);
      let value: string;
      if (rest.startsWith('"')) {
        let i = 1;
        value = '';
        while (i < rest.length && rest[i] !== '"') {
          if (rest[i] === '\\' && i + 1 < rest.length) i++;
          value += rest[i];
          i++;
        }
        rest = rest.slice(Math.min(i + 1, rest.length));
      } else {
        value = /^[^\s,]*/.exec(rest)![0];
        rest = rest.slice(value.length);
      }
      current.params[token.toLowerCase()] = value;
      continue;
    }
    // A new challenge: scheme, then maybe a token68 (e.g. `Negotiate abc==`), then parameters.
    current = { scheme: token.toLowerCase(), params: {} };
    challenges.push(current);
    rest = after;
    const token68 = /^\s+([A-Za-z0-9\-._~+/]+=*)\s*(?=,|$)/.exec(rest);
    if (token68) rest = rest.slice(token68[0].length);
    else skip(/^\s+/);
  }
  return challenges;
}

/** A Bearer challenge's realm, service and scope (scope may list several, separated by spaces). */
export interface BearerChallenge {
  realm: string;
  service: string | null;
  scope: string | null;
}

/** The challenge a client should answer: Bearer (with a realm) before Basic, as Docker does. */
export function pickChallenge(challenges: readonly AuthChallenge[]): { scheme: 'bearer'; bearer: BearerChallenge } | { scheme: 'basic'; realm: string | null } | null {
  const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
  if (bearer) {
    return {
      scheme: 'bearer',
      bearer: { realm: bearer.params.realm!, service: bearer.params.service ?? null, scope: bearer.params.scope ?? null },
    };
  }
  const basic = challenges.find((c) => c.scheme === 'basic');
  if (basic) return { scheme: 'basic', realm: basic.params.realm ?? null };
  return null;
}
