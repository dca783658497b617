// Runs in the browser (no DOM needed).
/** Registry connections: list, save, remove, test. Secrets go to the Node side and never come back. */
import type { ConnectionRef } from '../../../shared/contract/api.js';
import { toErrorData } from '../view/format.js';
import { registryAddress } from './draft-scope.js';
import type { ConnectionTestState, ConnectionsSlice, SliceContext } from './types.js';

/** A call's reference to a connection, with a secret typed for this session when one was given. */
export function connectionRef(connectionId: string, secret?: string): ConnectionRef {
  return secret ? { connectionId, secret } : { connectionId };
}

export function createConnectionsSlice(ctx: SliceContext): ConnectionsSlice {
  return {
    list: [],
    loaded: false,
    error: null,
    saving: false,
    saveError: null,
    tests: {},
    serverProjects: {},
    async listProjects(id, secret) {
      const set = (projects: ConnectionsSlice['serverProjects'][string]) => ctx.patch('connections', (c) => ({ serverProjects: { ...c.serverProjects, [id]: projects } }));
      const before = ctx.get().connections.serverProjects[id]?.names ?? [];
      set({ status: 'loading', names: before, error: null });
      try {
        set({ status: 'done', names: await ctx.api.listProjects(connectionRef(id, secret)), error: null });
      } catch (error) {
        set({ status: 'failed', names: [], error: toErrorData(error) });
      }
      if (secret) await ctx.get().connections.refresh();
    },
    async refresh() {
      try {
        const list = await ctx.api.listConnections();
        ctx.patch('connections', { list, loaded: true, error: null });
      } catch (error) {
        ctx.patch('connections', { loaded: true, error: toErrorData(error) });
      }
    },
    async save(input) {
      ctx.patch('connections', { saving: true, saveError: null });
      const before = input.id === undefined ? undefined : ctx.get().connections.list.find((c) => c.id === input.id);
      try {
        const saved = await ctx.api.saveConnection(input);
        ctx.patch('connections', (c) => {
          const exists = c.list.some((x) => x.id === saved.id);
          const { [saved.id]: _old, ...tests } = c.tests;
          const { [saved.id]: _listed, ...serverProjects } = c.serverProjects;
          return { list: exists ? c.list.map((x) => (x.id === saved.id ? saved : x)) : [...c.list, saved], saving: false, tests, serverProjects };
        });
        ctx.get().ui.notify('success', `Connection ${saved.name} saved.`);
        // The Node side drops a secret when the address it was given for changes; say why it is asked again.
        if (before?.hasSecret && !saved.hasSecret && input.secret !== null && input.secret !== '' && originOf(before.url) !== originOf(saved.url)) {
          ctx.get().ui.notify('info', `The secret of ${saved.name} was dropped because its address changed (${originOf(before.url)} → ${originOf(saved.url)}): enter it again to connect.`);
        }
        return saved;
      } catch (error) {
        ctx.patch('connections', { saving: false, saveError: toErrorData(error) });
        return null;
      }
    },
    async remove(id) {
      const name = ctx.get().connections.list.find((c) => c.id === id)?.name ?? id;
      try {
        await ctx.api.removeConnection(id);
        ctx.patch('connections', (c) => {
          const { [id]: _gone, ...tests } = c.tests;
          const { [id]: _listed, ...serverProjects } = c.serverProjects;
          return { list: c.list.filter((x) => x.id !== id), tests, serverProjects };
        });
        if (ctx.get().publish.connectionId === id) ctx.get().publish.choose({ connectionId: null });
        ctx.get().ui.notify('info', `Connection ${name} deleted.`);
        return true;
      } catch (error) {
        ctx.get().ui.notify('error', `Could not delete connection ${name}.`, toErrorData(error));
        return false;
      }
    },
    async test(id, secret) {
      const setTest = (test: ConnectionTestState) => ctx.patch('connections', (c) => ({ tests: { ...c.tests, [id]: test } }));
      setTest({ status: 'running', result: null, error: null });
      try {
        setTest({ status: 'done', result: await ctx.api.testConnection(connectionRef(id, secret)), error: null });
      } catch (error) {
        setTest({ status: 'failed', result: null, error: toErrorData(error) });
      }
      // A secret typed for this call is now kept for the session by the Node side.
      if (secret) await ctx.get().connections.refresh();
    },
    clearSaveError() {
      ctx.patch('connections', { saveError: null });
    },
  };
}

/** Scheme, host and port: what a secret is bound to. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return registryAddress(url);
  }
}
