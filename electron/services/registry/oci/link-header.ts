// Runs anywhere (pure).
/**
 * `Link` headers (RFC 8288) as registries page with them: `</v2/_catalog?last=b&n=100>; rel="next"`.
 * The target may be relative (distribution) or absolute (some proxies and cloud registries).
 */

export interface LinkValue {
  target: string;
  /** Relation types, lower case (`rel="next prev"` gives two). */
  rel: string[];
  params: Record<string, string>;
}

export function parseLinkHeader(header: string | readonly string[] | undefined | null): LinkValue[] {
  if (header === undefined || header === null) return [];
  const values = typeof header === 'string' ? [header] : header;
  const links: LinkValue[] = [];
  for (const value of values) {
    // Targets are in <...>; parameters follow, separated by ';'; links are separated by ','.
    const pattern = /<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^;,\s]*))?)*)/g;
    for (const match of value.matchAll(pattern)) {
      const params: Record<string, string> = {};
      for (const p of match[2]!.matchAll(/;\s*([^;,=\s]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*))?/g)) {
        const raw = p[2] ?? '';
        params[p[1]!.toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
      }
      links.push({ target: match[1]!.trim(), rel: (params.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean), params });
    }
  }
  return links;
}

/** The `rel="next"` target resolved against the URL of the page that carried it, or null on the last page. */
export function nextPageUrl(header: string | readonly string[] | undefined | null, pageUrl: URL | string): URL | null {
  const next = parseLinkHeader(header).find((l) => l.rel.includes('next'));
  if (!next || next.target === '') return null;
  try {
    return new URL(next.target, pageUrl);
  } catch {
    return null;
  }
}
