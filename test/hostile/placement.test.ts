import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { link } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, ExitError } from '../../src/errors.js';
import { commitSet, placeNoReplace, tempPathFor } from '../../src/io/files/atomic.js';

/**
 * Issue 18 items 5 and 6 on a real file system: a file goes in place only where nothing
 * is (hard link, or a checked rename where hard links are not supported), and a set is
 * put in place all or nothing, the old files restored when a later one fails.
 */

const dir = () => mkdtempSync(join(tmpdir(), 'cadre-place-'));
const noHardLinks = (async () => {
  const e = new Error('operation not permitted') as NodeJS.ErrnoException;
  e.code = 'EPERM';
  throw e;
}) as unknown as typeof link;

async function refusal(p: Promise<unknown>): Promise<ExitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ExitError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('placeNoReplace', () => {
  for (const [how, linkFn] of [
    ['with hard links', undefined],
    ['on a drive without hard links (FAT/exFAT)', noHardLinks],
  ] as const) {
    it(`puts a file where nothing is and never over another (${how})`, async () => {
      const d = dir();
      const tmp = tempPathFor(join(d, 'a.xlsx'));
      writeFileSync(tmp, 'mine');
      await placeNoReplace(tmp, join(d, 'a.xlsx'), linkFn);
      expect(readFileSync(join(d, 'a.xlsx'), 'utf8')).toBe('mine');
      expect(readdirSync(d)).toEqual(['a.xlsx']);

      const tmp2 = tempPathFor(join(d, 'a.xlsx'));
      writeFileSync(tmp2, 'theirs');
      const e = await refusal(placeNoReplace(tmp2, join(d, 'a.xlsx'), linkFn));
      expect(e.code).toBe(EXIT.refused);
      expect(e.findings.map((f) => f.code)).toEqual(['output_exists']);
      expect(readFileSync(join(d, 'a.xlsx'), 'utf8')).toBe('mine');
    });
  }
});

describe('commitSet: all or nothing', () => {
  it('without --force: when a later target is taken, the earlier new files are taken back out', async () => {
    const d = dir();
    writeFileSync(join(d, 'b.xlsx'), 'someone else’s');
    const pairs = ['a.xlsx', 'b.xlsx'].map((n) => {
      const tmp = tempPathFor(join(d, n));
      writeFileSync(tmp, `new ${n}`);
      return { tmp, path: join(d, n) };
    });
    const e = await refusal(commitSet(pairs, false));
    expect(e.code).toBe(EXIT.refused);
    expect(e.findings.map((f) => f.code)).toEqual(['output_exists']);
    expect(readdirSync(d)).toEqual(['b.xlsx']);
    expect(readFileSync(join(d, 'b.xlsx'), 'utf8')).toBe('someone else’s');
  });

  it('with --force: keeps the old files until every new one is in place, and says which were replaced', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.xlsx'), 'old a');
    const pairs = ['a.xlsx', 'b.xlsx'].map((n) => {
      const tmp = tempPathFor(join(d, n));
      writeFileSync(tmp, `new ${n}`);
      return { tmp, path: join(d, n) };
    });
    const placed = await commitSet(pairs, true);
    expect(placed.replaced).toEqual([join(d, 'a.xlsx')]);
    expect(readdirSync(d).sort()).toEqual(['a.xlsx', 'b.xlsx']);
    expect(readFileSync(join(d, 'a.xlsx'), 'utf8')).toBe('new a.xlsx');
  });

  it('with --force: a later file that cannot be put in place restores every old file and names them', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.xlsx'), 'old a');
    writeFileSync(join(d, 'b.xlsx'), 'old b');
    const pairs = ['a.xlsx', 'b.xlsx'].map((n) => {
      const tmp = tempPathFor(join(d, n));
      writeFileSync(tmp, `new ${n}`);
      return { tmp, path: join(d, n) };
    });
    // the third target cannot be made: its folder is a file (as a file open in Excel
    // cannot be replaced on Windows, the step fails after two files were placed)
    const tmp3 = tempPathFor(join(d, 'c.xlsx'));
    writeFileSync(tmp3, 'new c');
    pairs.push({ tmp: tmp3, path: join(d, 'a.xlsx', 'c.xlsx') });
    const e = await refusal(commitSet(pairs, true));
    expect(e.code).toBe(EXIT.io);
    expect(e.findings.map((f) => f.code)).toEqual(['write_failed', 'output_restored']);
    expect(String(e.findings[1]?.params?.files)).toContain(join(d, 'a.xlsx'));
    expect(String(e.findings[1]?.params?.files)).toContain(join(d, 'b.xlsx'));
    expect(readdirSync(d).sort()).toEqual(['a.xlsx', 'b.xlsx']);
    expect(readFileSync(join(d, 'a.xlsx'), 'utf8')).toBe('old a');
    expect(readFileSync(join(d, 'b.xlsx'), 'utf8')).toBe('old b');
  });
});
