import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Cadre rows from which a run collects its garbage between stages (below, the heap is small). */
export const RECLAIM_FROM_ROWS = 200_000;

/** The collector once found; null when this Node would not give it (the run then goes on without). */
let collect: (() => void) | null | undefined;

/**
 * A full garbage collection between the stages of a large run, so the next stage's heap
 * limit is set from what is really still held. V8 collects when the heap reaches 25% over
 * what its last full collection kept (bin/cadre-calc.js): at the end of a stage that last
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
