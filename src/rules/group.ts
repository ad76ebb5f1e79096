/**
 * Grouping a million rows by a key (a cadre's ID, a card number, a village code) without
 * a Map of a million entries: an open-addressing table of row indices in an Int32Array,
 * probed with the key's own hash and compared only on a hash hit, and the rows of one
 * key chained in row order. About ten times faster than Map and a few megabytes.
 */

/** No key: the row takes part in no group. */
export const NO_KEY = -1;

/** FNV-1a over the UTF-16 code units of `s`, continuing from `h`: an int32, never NO_KEY. */
export function strHash(s: string, h = 0x811c9dc5 | 0): number {
  let x = h;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 0x01000193);
  return x === NO_KEY ? 0 : x;
}

/**
 * Groups the rows 0 … n−1. `hash(i)` is the hash of row i's key (NO_KEY when it has none);
 * `same(i, j)` says whether two rows with the same hash have the same key.
 */
export class Groups {
  /** next[i]: the next row with row i's key, −1 after the last. */
  readonly next: Int32Array;
  /** head[i] = 1 when row i is the first row of its key. */
  readonly head: Uint8Array;
  /** Pairs (row + 1, hash) per slot: a probe reads one place; 0 marks an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    readonly n: number,
    hash: (i: number) => number,
    same: (i: number, j: number) => boolean,
  ) {
    let size = 16;
    while (size < n * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 2);
    this.next = new Int32Array(n).fill(-1);
    this.head = new Uint8Array(n);
    const tail = new Int32Array(n);
    const slots = this.slots;
    const mask = this.mask;
    for (let i = 0; i < n; i++) {
      const h = hash(i);
      if (h === NO_KEY) continue;
      let s = h & mask;
      for (;;) {
        const j = (slots[2 * s] as number) - 1;
        if (j < 0) {
          slots[2 * s] = i + 1;
          slots[2 * s + 1] = h;
          this.head[i] = 1;
          tail[i] = i;
          break;
        }
        if (slots[2 * s + 1] === h && same(i, j)) {
          this.next[tail[j] as number] = i;
          tail[j] = i;
          break;
        }
        s = (s + 1) & mask;
      }
    }
  }

  /** The first row of the key with hash `h` for which `matches` holds, or −1. */
  find(h: number, matches: (j: number) => boolean): number {
    const slots = this.slots;
    let s = h & this.mask;
    for (;;) {
      const j = (slots[2 * s] as number) - 1;
      if (j < 0) return -1;
      if (slots[2 * s + 1] === h && matches(j)) return j;
      s = (s + 1) & this.mask;
    }
  }

  /** How many distinct keys the rows hold. */
  keys(): number {
    let k = 0;
    for (let i = 0; i < this.n; i++) k += this.head[i] as number;
    return k;
  }

  /** The rows of every key held by more than one row, each list in row order. */
  *repeated(): Generator<number[]> {
    for (let i = 0; i < this.n; i++) {
      if (!this.head[i] || this.next[i] === -1) continue;
      const rows: number[] = [];
      for (let j = i; j !== -1; j = this.next[j] as number) rows.push(j);
      yield rows;
    }
  }
}
