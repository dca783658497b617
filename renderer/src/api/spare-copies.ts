// Runs in the browser (no DOM needed).
/**
 * A second copy of a large binary answer, written chunk by chunk as the answer arrives: the main thread
 * waits on the network then, so the copy costs it nothing it would notice. The one who takes the answer
 * may take its copy too, to transfer to a worker (sim/encoded-indexes.ts) instead of copying the whole
 * answer afterwards. Held weakly, by the answer's own buffer.
 */
const spares = new WeakMap<ArrayBuffer | SharedArrayBuffer, ArrayBuffer>();

export function keepSpareCopy(bytes: ArrayBuffer | SharedArrayBuffer, spare: ArrayBuffer): void {
  spares.set(bytes, spare);
}

/** The copy of `bytes` made as they arrived, once (null when none was made or it was taken). */
export function takeSpareCopy(bytes: ArrayBuffer | SharedArrayBuffer): ArrayBuffer | null {
  const spare = spares.get(bytes) ?? null;
  spares.delete(bytes);
  return spare;
}
