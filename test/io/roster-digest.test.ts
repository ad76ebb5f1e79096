import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DigestRow, rosterDigest } from '../../src/io/documents/roster/digest.js';

/** The definition written out by hand: a version line, then one tab-separated line per row. */
function byHand(rows: readonly DigestRow[]): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r|\n/g, '\\n');
  const lines = rows.map((r) =>
    [
      esc(r.idNumber),
      esc(r.name),
      esc(r.villageCode),
      esc(r.role),
      r.months,
      r.baseFen,
      r.rewardFen,
      r.payableFen,
      esc(r.bank),
      esc(r.account),
      esc(r.hold),
    ].join('\t'),
  );
  return createHash('sha256')
    .update(['cadre-calc roster digest v1', ...lines].join('\n'))
    .digest('hex');
}

const row = (i: number): DigestRow => ({
  idNumber: `3710821965${String(i).padStart(8, '0')}`,
  name: i % 7 === 0 ? `王\t五${i}` : `李四${i}`,
  villageCode: `3710820010${String(i % 50).padStart(2, '0')}`,
  role: ['书记', '主任', '会计'][i % 3] as string,
  months: 1 + (i % 12),
  baseFen: 120000 + i,
  rewardFen: i % 5 === 0 ? 0 : 73568 + i,
  payableFen: 193568 + 2 * i,
  bank: '荣成农商银行',
  account: `622848${String(i).padStart(13, '0')}`,
  hold: i % 11 === 0 ? '审计\n未结束\\' : '',
});

describe('the roster digest', () => {
  it('is the SHA-256 of the version line and every row’s line, however the rows are fed to the hash', () => {
    for (const n of [0, 1, 3, 5000]) {
      const rows = Array.from({ length: n }, (_, i) => row(i));
      expect(rosterDigest(rows)).toBe(byHand(rows));
      // an iterable made row by row gives the same digest as the array
      const lazy = {
        *[Symbol.iterator]() {
          for (const r of rows) yield r;
        },
      };
      expect(rosterDigest(lazy)).toBe(byHand(rows));
    }
  });

  it('changes with one fen, one card digit or one hold', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row(i));
    const base = rosterDigest(rows);
    const edit = (k: keyof DigestRow, v: string | number) =>
      rosterDigest(rows.map((r, i) => (i === 2500 ? { ...r, [k]: v } : r)));
    expect(edit('payableFen', (rows[2500] as DigestRow).payableFen + 1)).not.toBe(base);
    expect(edit('account', '6228480000000000001')).not.toBe(base);
    expect(edit('hold', '死亡')).not.toBe(base);
  });
});
