import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Cadre rows from which a run collects its garbage between stages (below, the heap is small). */
export const RECLAIM_FROM_ROWS = 200_000;

/**
 * Unpacked bytes of the workbooks a run reads (every part, all files together) from which
 * the heap's growth is bounded: about 175,000 cadre rows with their villages, scores and
 * commitments at the bench's density (100,000 rows are 57 MB of parts).
 */
export const BOUND_HEAP_FROM_BYTES = 100 * 1024 * 1024;

let bounded = false;

/**
 * For large inputs, lets the heap grow by at most 25% over what the last full collection
 * kept. V8's default lets a large run's heap reach two or three times its live data before
 * collecting: at 1,048,575 rows the peak RSS was 1.8 GiB for about 0.8 GB live, with 25%
 * about 1.4 GiB (before the other trims of docs/decisions.md "Scale"). A small run pays
 * for it in collections and gains nothing: at 100,000 rows (213 against 235 MB) subsidy
 * took 5.5–7.7 s (median 6.5) with it and 5.5–7.2 s (median 5.9) without, over six
 * alternating pairs. V8 reads the flag whenever it sets the next limit, so it is set as
 * soon as the reader knows the size, before anything large is read. True once bounded.
 */
export function boundHeapGrowth(unpackedBytes: number): boolean {
  if (!bounded && unpackedBytes >= BOUND_HEAP_FROM_BYTES) {
    setFlagsFromString('--heap-growing-percent=25');
    bounded = true;
  }
  return bounded;
}

/** The unpacked bytes of a workbook's parts, as its zip directory declares them. */
export function unpackedBytes(entries: readonly { uncompressedSize: number }[]): number {
  let n = 0;
  for (const e of entries) n += e.uncompressedSize;
  return n;
}

/** The collector once found; null when this Node would not give it (the run then goes on without). */
let collect: (() => void) | null | undefined;

/**
 * A full garbage collection between the stages of a large run, so the next stage's heap
 * limit is set from what is really still held. V8 collects when the heap reaches 25% over
 * what its last full collection kept (boundHeapGrowth): at the end of a stage that last
 * collection is often one from the middle of it, before its temporary tables were let go,
 * so the next stage starts with hundreds of megabytes of garbage under its limit. At
 * 1,048,575 rows the peak RSS was 1.12 GiB at the start of the writing; with a collection
 * after each compute stage (about 0.4 s each) it is under 1 GiB (docs/decisions.md
 * "Scale"). The same way Jest gets at `gc()` without `--expose-gc` on the command line.
 * True when it collected (false below the threshold, or if this Node gives no collector:
 * a memory aid must not stop a run).
 */
export function reclaim(rows: number): boolean {
  if (rows < RECLAIM_FROM_ROWS) return false;
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  if (!collect) return false;
  collect();
  return true;
}
