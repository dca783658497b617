// Runs in the browser (no DOM needed).
/** Snapshots: the list, the current one (as a compact index), fetch jobs, import, export, delete. */
import { toErrorData } from '../view/format.js';
import { decodeIndexIncrementally } from './decode-index.js';
import { dropEarlyWorker, warmWorker } from '../sim/early-worker.js';
import { startSimulationWorker } from '../sim/runner.js';
import { connectionRef } from './connections-slice.js';
import type { SliceContext, SnapshotsSlice } from './types.js';

/** The demo first, then the newest fetch first. */
export function sortSnapshots<T extends { demo: boolean; fetchedAt: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => Number(b.demo) - Number(a.demo) || b.fetchedAt.localeCompare(a.fetchedAt));
}

export function createSnapshotsSlice(ctx: SliceContext): SnapshotsSlice {
  let openSeq = 0;
  return {
    list: [],
    loaded: false,
    error: null,
    current: null,
    opening: null,
    openError: null,
    fetch: null,
    fetchError: null,
    fetched: null,
    importing: false,
    importError: null,
    verdictsOutdated: null,
    async refresh() {
      try {
        const list = sortSnapshots(await ctx.api.listSnapshots());
        ctx.patch('snapshots', (s) => ({
          list,
          loaded: true,
          error: null,
          current: s.current ? { ...s.current, summary: list.find((x) => x.id === s.current!.id) ?? s.current.summary } : null,
        }));
      } catch (error) {
        ctx.patch('snapshots', { loaded: true, error: toErrorData(error) });
      }
    },
    async open(id) {
      const seq = ++openSeq;
      ctx.patch('snapshots', { opening: id, openError: null });
      try {
        // Its code loads while the bytes download (early-worker.ts).
        if (typeof Worker !== 'undefined') warmWorker(startSimulationWorker);
        const encoded = await ctx.api.loadSnapshotIndex(id);
        if (seq !== openSeq) return false;
        const index = await decodeIndexIncrementally(encoded);
        if (seq !== openSeq) {
          // Its worker, if one started early, would otherwise wait for a runner until the next open.
          dropEarlyWorker(encoded);
          return false;
        }
        const summary = ctx.get().snapshots.list.find((s) => s.id === id) ?? null;
        ctx.patch('snapshots', (s) => ({
          current: { id, summary, index },
          opening: null,
          // Another snapshot has verdicts of its own time.
          verdictsOutdated: s.verdictsOutdated?.snapshotId === id ? s.verdictsOutdated : null,
        }));
        ctx.get().rules.loadFromSnapshot(index);
        ctx.drafts.setLastSnapshot(id);
        void ctx.get().rules.checkLive();
        return true;
      } catch (error) {
        if (seq === openSeq) {
          // No runner will come for this open: a worker started for it ends here.
          dropEarlyWorker();
          ctx.patch('snapshots', { opening: null, openError: toErrorData(error) });
        }
        return false;
      }
    },
    async startFetch(request) {
      if (ctx.get().snapshots.fetch !== null) return false;
      ctx.patch('snapshots', {
        fetch: {
          jobId: null,
          connectionId: request.connectionId,
          projects: request.projects,
          progress: null,
          startedAt: ctx.options.now(),
          cancelling: false,
          openWhenDone: request.openWhenDone ?? false,
        },
        fetchError: null,
        fetched: null,
      });
      try {
        const { jobId } = await ctx.api.fetchSnapshot({
          ...connectionRef(request.connectionId, request.secret),
          projects: request.projects,
          ...(request.name && request.name.trim() !== '' ? { name: request.name.trim() } : {}),
        });
        // Events may have adopted the job already; otherwise remember its id now.
        ctx.patch('snapshots', (s) => (s.fetch && s.fetch.jobId === null ? { fetch: { ...s.fetch, jobId } } : {}));
        if (request.secret) void ctx.get().connections.refresh();
        return true;
      } catch (error) {
        ctx.patch('snapshots', { fetch: null, fetchError: toErrorData(error) });
        return false;
      }
    },
    async cancelFetch() {
      const job = ctx.get().snapshots.fetch;
      if (job === null || job.jobId === null) return;
      ctx.patch('snapshots', { fetch: { ...job, cancelling: true } });
      try {
        await ctx.api.cancelFetch(job.jobId);
      } catch (error) {
        ctx.get().ui.notify('error', 'Could not cancel the fetch.', toErrorData(error));
        ctx.patch('snapshots', (s) => (s.fetch ? { fetch: { ...s.fetch, cancelling: false } } : {}));
      }
    },
    async importFile(fileName, content) {
      ctx.patch('snapshots', { importing: true, importError: null });
      try {
        const upload = ctx.options.uploadSnapshot;
        const summary =
          typeof content !== 'string' && upload !== null
            ? await upload(fileName, content)
            : await ctx.api.importSnapshot({ fileName, text: typeof content === 'string' ? content : await content.text() });
        await ctx.get().snapshots.refresh();
        ctx.patch('snapshots', { importing: false });
        ctx.get().ui.notify('success', `Imported ${summary.name}: ${summary.tags.toLocaleString('en-US')} tags.`);
        return summary;
      } catch (error) {
        ctx.patch('snapshots', { importing: false, importError: toErrorData(error) });
        return null;
      }
    },
    async exportFile(id) {
      try {
        return await ctx.api.exportSnapshot(id);
      } catch (error) {
        ctx.get().ui.notify('error', 'Could not export the snapshot.', toErrorData(error));
        return null;
      }
    },
    async remove(id) {
      const name = ctx.get().snapshots.list.find((s) => s.id === id)?.name ?? id;
      try {
        await ctx.api.deleteSnapshot(id);
        ctx.patch('snapshots', (s) => ({ list: s.list.filter((x) => x.id !== id), fetched: s.fetched?.id === id ? null : s.fetched }));
        ctx.get().ui.notify('info', `Snapshot ${name} deleted.`);
        if (ctx.get().snapshots.current?.id === id) {
          const demo = ctx.get().snapshots.list.find((s) => s.demo) ?? ctx.get().snapshots.list[0];
          if (demo) await ctx.get().snapshots.open(demo.id);
        }
        return true;
      } catch (error) {
        ctx.get().ui.notify('error', `Could not delete snapshot ${name}.`, toErrorData(error));
        return false;
      }
    },
    markVerdictsOutdated(outdated) {
      ctx.patch('snapshots', { verdictsOutdated: outdated });
    },
    handleEvent(event) {
      if (event.type !== 'fetch-progress' && event.type !== 'fetch-done' && event.type !== 'fetch-failed') return;
      const job = ctx.get().snapshots.fetch;
      if (job === null) return;
      // The first event may beat the answer of fetchSnapshot: adopt the job then.
      if (job.jobId !== null && job.jobId !== event.jobId) return;
      switch (event.type) {
        case 'fetch-progress':
          ctx.patch('snapshots', { fetch: { ...job, jobId: event.jobId, progress: event.progress } });
          return;
        case 'fetch-done':
          ctx.patch('snapshots', { fetch: null, fetched: event.snapshot, fetchError: null });
          ctx.get().ui.notify('success', `Fetched ${event.snapshot.name}: ${event.snapshot.tags.toLocaleString('en-US')} tags in ${event.snapshot.repositories.toLocaleString('en-US')} repositories.`);
          void ctx.get().snapshots.refresh().then(() => (job.openWhenDone ? ctx.get().snapshots.open(event.snapshot.id) : undefined));
          return;
        case 'fetch-failed':
          ctx.patch('snapshots', { fetch: null, fetchError: event.error });
          return;
      }
    },
  };
}
