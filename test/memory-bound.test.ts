import { beforeEach, describe, expect, it, vi } from 'vitest';

// The V8 flag itself is process-wide and cannot be read back: the call is what is checked.
const setFlags = vi.hoisted(() => vi.fn());
vi.mock('node:v8', async (original) => ({
  ...(await original<typeof import('node:v8')>()),
  setFlagsFromString: setFlags,
}));

const { BOUND_HEAP_FROM_BYTES, boundHeapGrowth, unpackedBytes } = await import('../src/memory.js');

describe('boundHeapGrowth', () => {
  beforeEach(() => setFlags.mockClear());

  it('leaves the heap alone below BOUND_HEAP_FROM_BYTES, bounds it at 25% from there on, once', () => {
    expect(boundHeapGrowth(0)).toBe(false);
    expect(boundHeapGrowth(BOUND_HEAP_FROM_BYTES - 1)).toBe(false);
    expect(setFlags).not.toHaveBeenCalled();
    expect(boundHeapGrowth(BOUND_HEAP_FROM_BYTES)).toBe(true);
    expect(setFlags).toHaveBeenCalledWith('--heap-growing-percent=25');
    // bounded for the rest of the process, set only once
    expect(boundHeapGrowth(10)).toBe(true);
    expect(boundHeapGrowth(BOUND_HEAP_FROM_BYTES * 3)).toBe(true);
    expect(setFlags).toHaveBeenCalledTimes(1);
  });

  it('counts a workbook by the unpacked sizes its zip directory declares', () => {
    expect(unpackedBytes([])).toBe(0);
    expect(unpackedBytes([{ uncompressedSize: 5 }, { uncompressedSize: 7 }])).toBe(12);
  });
});
