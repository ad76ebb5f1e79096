import { constants, PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { RECLAIM_FROM_ROWS, reclaim } from '../src/memory.js';

/** Full collections seen while `f` runs (the observer reports them once the current task ends). */
async function majorCollections(f: () => void): Promise<number> {
  let n = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) n++;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  f();
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  return n;
}

describe('reclaim', () => {
  it('collects the whole heap for a run of RECLAIM_FROM_ROWS cadre rows or more', async () => {
    const said: boolean[] = [];
    expect(await majorCollections(() => said.push(reclaim(RECLAIM_FROM_ROWS)))).toBeGreaterThanOrEqual(1);
    // A second time takes the collector it found the first time.
    expect(await majorCollections(() => said.push(reclaim(RECLAIM_FROM_ROWS * 5)))).toBeGreaterThanOrEqual(1);
    expect(said).toEqual([true, true]);
  });

  it('leaves a smaller run alone', () => {
    expect(reclaim(RECLAIM_FROM_ROWS - 1)).toBe(false);
    expect(reclaim(0)).toBe(false);
  });
});
