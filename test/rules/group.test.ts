import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Groups, NO_KEY, strHash } from '../../src/rules/group.js';

/** Groups: the rows of one key chained in order, distinct keys counted, with any hash. */

function groupsOf(keys: readonly (string | null)[], hash: (k: string) => number): Groups {
  return new Groups(
    keys.length,
    (i) => {
      const k = keys[i];
      return k === null || k === undefined ? NO_KEY : hash(k);
    },
    (i, j) => keys[i] === keys[j],
  );
}

const keysArb = fc.array(
  fc.option(fc.constantFrom('371082197001010011', '37108219700101002X', 'a', 'b', 'c', ''), { nil: null }),
  {
    maxLength: 60,
  },
);

describe('Groups', () => {
  // The constant hash sends every key to one probe chain: only `same` tells them apart.
  for (const [name, hash] of [
    ['FNV-1a', (k: string) => strHash(k)],
    ['one hash for all', (_k: string) => 7],
  ] as const) {
    it(`counts the distinct keys as a Set does (${name})`, () => {
      fc.assert(
        fc.property(keysArb, (keys) => {
          const present = keys.filter((k) => k !== null);
          expect(groupsOf(keys, hash).keys()).toBe(new Set(present).size);
        }),
      );
    });

    it(`lists the rows of each repeated key in row order (${name})`, () => {
      fc.assert(
        fc.property(keysArb, (keys) => {
          const expected = new Map<string, number[]>();
          keys.forEach((k, i) => {
            if (k !== null) expected.set(k, [...(expected.get(k) ?? []), i]);
          });
          const repeated = [...expected.values()].filter((rows) => rows.length > 1);
          expect([...groupsOf(keys, hash).repeated()]).toEqual(repeated);
        }),
      );
    });
  }
});
