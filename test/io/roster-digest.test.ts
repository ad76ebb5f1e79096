import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changedFields,
  type DigestManifest,
  type DigestRow,
  fieldCodes,
  LineBytes,
  lineCodes,
  RowDigestBook,
  rosterDigest,
  rowDigest,
  rowLine,
} from '../../src/io/documents/roster/digest.js';

/** The definition of spec/approvals.md written out by hand. */
function byHand(rows: readonly DigestRow[], m: DigestManifest): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r|\n/g, '\\n');
  const line = (r: DigestRow) =>
    [
      esc(r.idNumber),
      esc(r.name),
      esc(r.villageCode),
      esc(r.town),
      esc(r.role),
      r.ratio,
      r.months,
      r.paid ? '是' : '否',
      r.baseFen,
      r.rewardFen,
      r.payableFen,
      esc(r.bank),
      esc(r.account),
      esc(r.hold),
    ].join('\t');
  const rowDigests = rows.map((r) =>
    createHash('sha256').update(line(r)).digest('base64').replace(/=+$/, ''),
  );
  const manifest = [
    ['城市', m.city],
    ['年度', String(m.year)],
    ['政策编号', m.policyId],
    ['政策SHA-256', m.policySha256],
    ['截止日期', m.asOf],
    ['是否预计', m.provisional ? '是' : '否'],
    ['制表人', m.preparedBy],
    ['生成时间', m.runAt],
    ['运行指纹', m.fingerprint],
  ].map(([k, v]) => `${k}\t${v}\n`);
  return createHash('sha256')
    .update(`cadre-calc roster digest v2\n${rowDigests.map((d) => `${d}\n`).join('')}${manifest.join('')}`)
    .digest('hex');
}

const M: DigestManifest = {
  city: '荣成市',
  year: 2012,
  policyId: 'rongcheng-2012',
  policySha256: 'a'.repeat(64),
  asOf: '2012-12-31',
  provisional: false,
  preparedBy: '张三',
  runAt: '2013-01-05T09:00:00+08:00',
  fingerprint: 'f'.repeat(64),
};

const row = (i: number): DigestRow => ({
  idNumber: `3710821965${String(i).padStart(8, '0')}`,
  name: i % 7 === 0 ? `王\t五${i}` : `李四${i}`,
  villageCode: `3710820010${String(i % 50).padStart(2, '0')}`,
  town: '石岛镇',
  role: ['书记', '主任', '会计'][i % 3] as string,
  ratio: ['1.0000', '0.9000', '0.7000'][i % 3] as string,
  months: 1 + (i % 12),
  paid: i % 13 !== 0,
  baseFen: 120000 + i,
  rewardFen: i % 5 === 0 ? 0 : 73568 + i,
  payableFen: 193568 + 2 * i,
  bank: '荣成农商银行',
  account: `622848${String(i).padStart(13, '0')}`,
  hold: i % 11 === 0 ? '审计\n未结束\\' : '',
});

describe('the roster digest', () => {
  it('is the SHA-256 of the version line, every row digest and the manifest fields, however the rows are fed', () => {
    for (const n of [0, 1, 3, 5000]) {
      const rows = Array.from({ length: n }, (_, i) => row(i));
      expect(rosterDigest(rows, M)).toBe(byHand(rows, M));
      const lazy = {
        *[Symbol.iterator]() {
          for (const r of rows) yield r;
        },
      };
      expect(rosterDigest(lazy, M)).toBe(byHand(rows, M));
    }
  });

  it('changes with one fen, one card digit, one hold, the paid flag, the ratio, the town, and each manifest field', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row(i));
    const base = rosterDigest(rows, M);
    const edit = (k: keyof DigestRow, v: string | number | boolean) =>
      rosterDigest(
        rows.map((r, i) => (i === 2500 ? { ...r, [k]: v } : r)),
        M,
      );
    expect(edit('payableFen', (rows[2500] as DigestRow).payableFen + 1)).not.toBe(base);
    expect(edit('account', '6228480000000000001')).not.toBe(base);
    expect(edit('hold', '死亡')).not.toBe(base);
    expect(edit('paid', !(rows[2500] as DigestRow).paid)).not.toBe(base);
    expect(edit('ratio', '0.5000')).not.toBe(base);
    expect(edit('town', '港湾街道')).not.toBe(base);
    for (const [k, v] of Object.entries({
      city: '威海市',
      year: 2013,
      policyId: 'x',
      policySha256: 'b'.repeat(64),
      asOf: '2012-06-30',
      provisional: true,
      preparedBy: '李四',
      runAt: '2013-01-06T09:00:00+08:00',
      fingerprint: 'e'.repeat(64),
    })) {
      expect(rosterDigest(rows, { ...M, [k]: v })).not.toBe(base);
    }
  });

  it('names the field an edit changed from the field codes', () => {
    const r = row(5);
    const codes = fieldCodes(r);
    expect(codes).toHaveLength(28);
    expect(changedFields(codes, r)).toEqual([]);
    expect(changedFields(codes, { ...r, account: '6228480000000000001' })).toEqual(['银行卡号']);
    expect(changedFields(codes, { ...r, hold: '死亡', payableFen: 1 })).toEqual(['应发合计', '暂停发放']);
    expect(rowDigest(r)).toHaveLength(43);
  });

  it('is made by the book from bytes exactly as from the line texts, for any text and number', () => {
    // any UTF-16 unit, lone surrogates, tabs, line breaks and backslashes included
    const unit = fc.oneof(
      fc.constantFrom('\t', '\n', '\r', '\\', '是', '\u{20000}'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    );
    const text = fc.string({ unit, maxLength: 24 });
    const num = fc.oneof(fc.integer({ min: -1e6, max: Number.MAX_SAFE_INTEGER }), fc.double());
    const anyRow: fc.Arbitrary<DigestRow> = fc.record({
      idNumber: text,
      name: text,
      villageCode: text,
      town: text,
      role: text,
      ratio: fc.oneof(fc.constant(''), fc.constantFrom('1.0000', '0.7000')),
      months: num,
      paid: fc.boolean(),
      baseFen: num,
      rewardFen: num,
      payableFen: num,
      bank: text,
      account: text,
      hold: text,
    });
    const line = new LineBytes();
    fc.assert(
      fc.property(anyRow, (r) => {
        const bytes = line.encode(r);
        expect(Buffer.from(bytes).equals(Buffer.from(rowLine(r), 'utf8'))).toBe(true);
        expect(String.fromCharCode(...line.codes)).toBe(lineCodes(rowLine(r)));
      }),
      { numRuns: 3000 },
    );
    const rows = [
      ...fc.sample(anyRow, { numRuns: 200, seed: 7 }),
      ...Array.from({ length: 300 }, (_, i) => row(i)),
    ];
    const book = new RowDigestBook(rows.length);
    rows.forEach((r, i) => {
      book.offer(i, r, (x) => x);
    });
    expect(book.complete).toBe(true);
    rows.forEach((r, i) => {
      expect(book.digest(i)).toBe(rowDigest(r));
      expect(book.fieldCodes(i)).toBe(fieldCodes(r));
    });
    expect(book.rosterDigest(M)).toBe(rosterDigest(rows, M));
    expect(book.rosterDigest(M)).toBe(byHand(rows, M));
  });
});
