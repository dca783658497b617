// Runs in the browser (no DOM needed).
/** Navigation, notices and start-up. */
import { toErrorData } from '../view/format.js';
import type { SliceContext, UiSlice } from './types.js';

const MAX_NOTICES = 3;

export function createUiSlice(ctx: SliceContext): UiSlice {
  let nextId = 1;
  return {
    screen: 'rules',
    appInfo: null,
    started: false,
    startError: null,
    notices: [],
    go(screen) {
      ctx.patch('ui', { screen });
    },
    notify(tone, text, error = null) {
      const id = nextId++;
      ctx.patch('ui', (ui) => ({ notices: [...ui.notices, { id, tone, text, error }].slice(-MAX_NOTICES) }));
      return id;
    },
    dismiss(id) {
      ctx.patch('ui', (ui) => ({ notices: ui.notices.filter((n) => n.id !== id) }));
    },
    async start() {
      const state = ctx.get();
      // All at once: on a cold start each answer costs the host a first run of its code.
      const info = ctx.api.appInfo().then(
        (appInfo) => ctx.patch('ui', { appInfo }),
        (error: unknown) => ctx.patch('ui', { startError: toErrorData(error) }),
      );
      await Promise.all([info, state.connections.refresh(), state.snapshots.refresh(), state.publish.loadHistory(), ctx.drafts.load()]);
      const list = ctx.get().snapshots.list;
      const last = ctx.drafts.lastSnapshot();
      const first = list.find((s) => s.id === last) ?? list.find((s) => s.demo) ?? list[0];
      if (first && ctx.get().snapshots.current === null) await ctx.get().snapshots.open(first.id);
      ctx.patch('ui', { started: true });
    },
  };
}
