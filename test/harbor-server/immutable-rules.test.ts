// The test server reproduces Harbor's immutable-tag rule endpoints, traps included (spec §1, §5).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarborServer, type HarborServer } from '../support/harbor-server/index.js';
import { call, errorOf, rule, standardOptions } from './fixture.js';
import { closeCheckedServer } from '../support/checked-server.js';

const RULES = '/projects/library/immutabletagrules';

let server: HarborServer;
beforeEach(async () => {
  server = await startHarborServer(standardOptions());
});
afterEach(async () => {
  await closeCheckedServer(server);
});

describe('listing', () => {
  it('pages 10 by default with X-Total-Count and RFC 5988 Link headers like Harbor', async () => {
    server.state.setRules('library', Array.from({ length: 23 }, (_, i) => rule(`v${i}.*`)));
    const first = await call(server, 'GET', RULES);
    expect(first.status).toBe(200);
    expect(first.json).toHaveLength(10);
    expect(first.headers['x-total-count']).toBe('23');
    expect(first.headers.link).toBe('</api/v2.0/projects/library/immutabletagrules?page=2&page_size=10>; rel="next"');

    const second = await call(server, 'GET', `${RULES}?page=2`);
    expect(second.headers.link).toBe(
      '</api/v2.0/projects/library/immutabletagrules?page=1&page_size=10>; rel="prev" , </api/v2.0/projects/library/immutabletagrules?page=3&page_size=10>; rel="next"',
    );
    const third = await call(server, 'GET', `${RULES}?page=3&page_size=10`);
    expect(third.json).toHaveLength(3);
    expect(third.headers.link).toBe('</api/v2.0/projects/library/immutabletagrules?page=2&page_size=10>; rel="prev"');

    const all = await call(server, 'GET', `${RULES}?page_size=100`);
    expect(all.json).toHaveLength(23);
    expect(all.headers.link).toBeUndefined();
    const ids = (all.json as Array<{ id: number }>).map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('refuses page_size above 100 with 422, before any permission check', async () => {
    for (const as of ['admin', 'anonymous'] as const) {
      const result = await call(server, 'GET', `${RULES}?page_size=101`, { as });
      expect(result.status).toBe(422);
      expect(errorOf(result)).toEqual({ code: 'UNPROCESSABLE_ENTITY', message: 'validation failure list:\npage_size in query should be less than or equal to 100' });
    }
    expect((await call(server, 'GET', `${RULES}?page=abc`)).status).toBe(422);
  });

  it('omits disabled unless true and priority unless non-zero', async () => {
    const [plain, prioritized, disabled] = server.state.setRules('library', [rule('a'), rule('b', { priority: 3 }), rule('c', { disabled: true })]);
    const listed = (await call(server, 'GET', RULES)).json as Array<Record<string, unknown>>;
    const byId = new Map(listed.map((r) => [r.id, r]));
    expect(byId.get(plain)).not.toHaveProperty('disabled');
    expect(byId.get(plain)).not.toHaveProperty('priority');
    expect(byId.get(prioritized)).toMatchObject({ priority: 3 });
    expect(byId.get(disabled)).toMatchObject({ disabled: true });
    expect(byId.get(plain)).toEqual({
      id: plain,
      action: 'immutable',
      template: 'immutable_template',
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'a' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    });
  });

  it('accepts the project id and honours X-Is-Resource-Name', async () => {
    const id = server.state.project('library')!.id;
    expect((await call(server, 'GET', `/projects/${id}/immutabletagrules`)).json).toHaveLength(1);
    server.state.addProject({ name: '42', rules: [rule('x'), rule('y')] });
    // "42" is read as an id (no such project: a sysadmin sees an empty list) unless the header says "name".
    expect((await call(server, 'GET', '/projects/42/immutabletagrules')).json).toEqual([]);
    const byName = await call(server, 'GET', '/projects/42/immutabletagrules', { headers: { 'X-Is-Resource-Name': 'true' } });
    expect(byName.json).toHaveLength(2);
  });
});

describe('POST', () => {
  it('answers 201 with an empty body and the new id in Location, always creating the rule enabled', async () => {
    const created = await call(server, 'POST', RULES, { body: rule('release-*', { disabled: true }), as: 'maint' });
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    const location = created.headers.location as string;
    expect(location).toMatch(/^\/api\/v2\.0\/projects\/library\/immutabletagrules\/\d+$/);
    const id = Number(location.split('/').pop());
    const listed = (await call(server, 'GET', RULES)).json as Array<Record<string, unknown>>;
    const stored = listed.find((r) => r.id === id)!;
    expect(stored).toBeDefined();
    expect(stored).not.toHaveProperty('disabled');
    expect(stored.tag_selectors).toEqual([{ kind: 'doublestar', decoration: 'matches', pattern: 'release-*' }]);
  });

  it('409s only a byte-identical stored blob in the same project', async () => {
    const body = rule('x-*');
    expect((await call(server, 'POST', RULES, { body })).status).toBe(201);
    const duplicate = await call(server, 'POST', RULES, { body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toEqual({ errors: [{ code: 'CONFLICT', message: 'immutable rule already exists' }] });
    // Key order, spacing and omitted zero values do not change the blob Harbor stores...
    const reordered = `{ "scope_selectors": ${JSON.stringify(body.scope_selectors)}, "tag_selectors": ${JSON.stringify(body.tag_selectors)},
      "template": "immutable_template", "action": "immutable" }`;
    expect((await call(server, 'POST', RULES, { body: reordered })).status).toBe(409);
    // ...but the posted `disabled` is part of it (and the rule is still created enabled): no conflict.
    const asDisabled = await call(server, 'POST', RULES, { body: { ...body, disabled: true } });
    expect(asDisabled.status).toBe(201);
    // Another project has its own blobs.
    expect((await call(server, 'POST', '/projects/team/immutabletagrules', { body })).status).toBe(201);
    // Seeded rules are stored as Harbor's UI creates them (posted enabled, toggled afterwards).
    expect((await call(server, 'POST', RULES, { body: rule('v*') })).status).toBe(409);
    server.state.addRule('library', rule('off-*', { disabled: true }));
    expect((await call(server, 'POST', RULES, { body: rule('off-*') })).status).toBe(409);
  });

  it('has no rule-count limit and validates nothing about kinds, decorations or patterns', async () => {
    for (let i = 0; i < 20; i++) expect((await call(server, 'POST', RULES, { body: rule(`p${i}`) })).status).toBe(201);
    const odd = {
      action: 'whatever',
      template: 'nope',
      tag_selectors: [{ kind: 'regexp', decoration: 'sometimes', pattern: '[' }],
      scope_selectors: { repository: [{ kind: '', decoration: 'nsMatches', pattern: 'library/**' }], namespace: [] },
    };
    expect((await call(server, 'POST', RULES, { body: odd })).status).toBe(201);
    const listed = (await call(server, 'GET', `${RULES}?page_size=100`)).json as Array<Record<string, unknown>>;
    expect(listed).toHaveLength(22);
    expect(listed.at(-1)).toMatchObject({
      action: 'whatever',
      template: 'nope',
      tag_selectors: [{ kind: 'regexp', decoration: 'sometimes', pattern: '[' }],
      // An empty scope list comes back as null; an empty kind is omitted.
      scope_selectors: { namespace: null, repository: [{ decoration: 'nsMatches', pattern: 'library/**' }] },
    });
  });

  it('rejects a body it cannot bind with 422, whoever asks', async () => {
    const noType = await call(server, 'POST', RULES, { body: JSON.stringify(rule('a')), headers: { 'content-type': 'text/plain' } });
    expect(noType.status).toBe(422);
    expect(errorOf(noType).message).toContain('unsupported media type "text/plain"');
    const broken = await call(server, 'POST', RULES, { body: '{"action":', as: 'anonymous' });
    expect(broken.status).toBe(422);
    const mistyped = await call(server, 'POST', RULES, { body: { ...rule('a'), disabled: 'yes' } });
    expect(mistyped.status).toBe(422);
    expect(errorOf(mistyped).message).toContain('cannot unmarshal string into Go struct field ImmutableRule.disabled of type bool');
    const empty = await call(server, 'POST', RULES, { body: '' , headers: { 'content-type': 'application/json' } });
    expect(errorOf(empty).message).toBe('validation failure list:\nImmutableRule in body is required');
  });
});

describe('PUT', () => {
  it('needs the id in the body (400, checked even before authentication)', async () => {
    const [id] = server.state.setRules('library', [rule('a')]);
    const missing = await call(server, 'PUT', `${RULES}/${id}`, { body: rule('b') });
    expect(missing.status).toBe(400);
    expect(errorOf(missing)).toEqual({ code: 'BAD_REQUEST', message: "the immutable_rule_id doesn't match the id in the payload body of ImmutableRule" });
    expect((await call(server, 'PUT', `${RULES}/${id}`, { body: rule('b'), as: 'anonymous' })).status).toBe(400);
    expect((await call(server, 'PUT', `${RULES}/${id}`, { body: { ...rule('b'), id: id! + 1 } })).status).toBe(400);
    expect((await call(server, 'PUT', `${RULES}/${id}`, { body: { ...rule('b'), id }, as: 'anonymous' })).status).toBe(401);
  });

  it('changes ONLY the flag when disabled differs, dropping the other edits, still 200', async () => {
    const [id] = server.state.setRules('library', [rule('a')]);
    const toggled = await call(server, 'PUT', `${RULES}/${id}`, { body: { ...rule('EDITED', { disabled: true }), id } });
    expect(toggled.status).toBe(200);
    expect(toggled.text).toBe('');
    expect(server.state.rulesOf('library')[0]).toMatchObject({ id, disabled: true, tag_selectors: [{ pattern: 'a' }] });

    const edited = await call(server, 'PUT', `${RULES}/${id}`, { body: { ...rule('EDITED', { disabled: true }), id } });
    expect(edited.status).toBe(200);
    expect(server.state.rulesOf('library')[0]).toMatchObject({ id, disabled: true, tag_selectors: [{ pattern: 'EDITED' }] });

    await call(server, 'PUT', `${RULES}/${id}`, { body: { ...rule('IGNORED'), id } });
    expect(server.state.rulesOf('library')[0]).toMatchObject({ id, tag_selectors: [{ pattern: 'EDITED' }] });
    expect(server.state.rulesOf('library')[0]).not.toHaveProperty('disabled');

    // An edit stores the PUT body, id included: the same content POSTed again is no conflict.
    await call(server, 'PUT', `${RULES}/${id}`, { body: { ...rule('same'), id } });
    expect((await call(server, 'POST', RULES, { body: rule('same') })).status).toBe(201);
  });

  it('404s an unknown rule or another project\'s rule', async () => {
    const [other] = server.state.setRules('team', [rule('t')]);
    const foreign = await call(server, 'PUT', `${RULES}/${other}`, { body: { ...rule('x'), id: other } });
    expect(foreign.status).toBe(404);
    expect(errorOf(foreign).code).toBe('NOT_FOUND');
    const unknown = await call(server, 'PUT', `${RULES}/9999`, { body: { ...rule('x'), id: 9999 } });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).message).toBe('immutable rule 9999 not found');
  });
});

describe('DELETE', () => {
  it('answers 200, then 404; another project\'s rule is 404', async () => {
    const [id] = server.state.setRules('library', [rule('a')]);
    const [other] = server.state.setRules('team', [rule('t')]);
    const deleted = await call(server, 'DELETE', `${RULES}/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('');
    expect(server.state.rulesOf('library')).toEqual([]);
    expect((await call(server, 'DELETE', `${RULES}/${id}`)).status).toBe(404);
    expect((await call(server, 'DELETE', `${RULES}/${other}`)).status).toBe(404);
    expect(server.state.rulesOf('team')).toHaveLength(1);
  });

  it('ids are never reused', async () => {
    const [id] = server.state.setRules('library', [rule('a')]);
    await call(server, 'DELETE', `${RULES}/${id}`);
    const created = await call(server, 'POST', RULES, { body: rule('a') });
    expect(Number((created.headers.location as string).split('/').pop())).toBeGreaterThan(id!);
  });
});
