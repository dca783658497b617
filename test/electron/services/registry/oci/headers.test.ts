// The header parsers the OCI client pages and signs in with: WWW-Authenticate and Link (pure).
import { describe, expect, it } from 'vitest';
import { nextPageUrl, parseLinkHeader } from '../../../../../electron/services/registry/oci/link-header.js';
import { parseWwwAuthenticate, pickChallenge } from '../../../../../electron/services/registry/oci/www-authenticate.js';

describe('WWW-Authenticate', () => {
  it('reads distribution and Docker Hub Bearer challenges', () => {
    const header = 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"';
    expect(parseWwwAuthenticate(header)).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
    expect(pickChallenge(parseWwwAuthenticate(header))).toEqual({
      scheme: 'bearer',
      bearer: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
    });
  });

  it('reads Basic, unquoted values, escapes, spaces and several challenges; prefers Bearer', () => {
    expect(parseWwwAuthenticate('Basic realm="Registry Realm"')).toEqual([{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
    const several = 'Basic realm="a \\"quoted\\" realm", Bearer realm=https://h/token , service = reg, scope="repository:a:pull repository:b:pull"';
    expect(parseWwwAuthenticate(several)).toEqual([
      { scheme: 'basic', params: { realm: 'a "quoted" realm' } },
      { scheme: 'bearer', params: { realm: 'https://h/token', service: 'reg', scope: 'repository:a:pull repository:b:pull' } },
    ]);
    expect(pickChallenge(parseWwwAuthenticate(several))?.scheme).toBe('bearer');
    expect(parseWwwAuthenticate(['Negotiate abc123==', 'Basic realm="x"']).map((c) => c.scheme)).toEqual(['negotiate', 'basic']);
    expect(pickChallenge(parseWwwAuthenticate(['Negotiate abc123==', 'Basic realm="x"']))).toEqual({ scheme: 'basic', realm: 'x' });
  });

  it('never throws on garbage, and a Bearer without realm does not count', () => {
    for (const header of ['', '   ', ',,,', '"unterminated', 'Bearer realm="x', '=== , Bearer', undefined, null]) {
      expect(() => parseWwwAuthenticate(header)).not.toThrow();
    }
    expect(pickChallenge(parseWwwAuthenticate('Bearer service="x"'))).toBeNull();
  });
});

describe('Link', () => {
  it('finds rel="next" among several links, relative or absolute', () => {
    const page = 'https://reg.example/v2/_catalog?n=2';
    expect(nextPageUrl('</v2/_catalog?last=b&n=2>; rel="next"', page)?.href).toBe('https://reg.example/v2/_catalog?last=b&n=2');
    expect(nextPageUrl('<https://cdn.example/v2/_catalog?last=b>; rel=next', page)?.href).toBe('https://cdn.example/v2/_catalog?last=b');
    expect(nextPageUrl('<?last=b&n=2>; rel="next"', page)?.href).toBe('https://reg.example/v2/_catalog?last=b&n=2');
    expect(nextPageUrl('</p1>; rel="prev", </p3>; title="x, y"; rel="next last"', page)?.href).toBe('https://reg.example/p3');
    expect(nextPageUrl('</p1>; rel="prev"', page)).toBeNull();
    expect(nextPageUrl(undefined, page)).toBeNull();
    expect(parseLinkHeader(['</a>; rel="next"', '</b>; rel="prev"']).map((l) => [l.target, l.rel])).toEqual([
      ['/a', ['next']],
      ['/b', ['prev']],
    ]);
  });
});
