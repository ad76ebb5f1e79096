import { describe, expect, it } from 'vitest';
import type { CadreResult } from '../../src/rules/compute.js';
import type { CadreRecord } from '../../src/rules/types.js';
import { cadre, fenOf, idFrom, onlyScore, runOf, specPolicy, village } from '../helpers/records.js';

/** rules.md §3: one person, several posts (一肩挑), transfers; §5: unpaid roles. */

const REMARK = '一肩挑，按就高原则不重复计发';
const P1 = idFrom('37108219700101001');
const P2 = idFrom('37108219700101002');

function run(cadres: CadreRecord[], policy = specPolicy()) {
  return runOf(
    {
      villages: [village('A', 350), village('B', 80)],
      cadres,
      scores: [onlyScore('A', '86.50'), onlyScore('B', '72.00')],
    },
    policy,
  );
}

const amounts = (c: CadreResult | undefined) => [
  c?.totalFen,
  c?.shareFen,
  c?.baseFen,
  c?.points.toString(),
  c?.rewardFen,
  c?.payableFen,
];
const ZEROS = [0, 0, 0, '0', 0, 0];
const row = (r: ReturnType<typeof run>, role: string, v = 'A') =>
  r.cadres.find((c) => c.record.role === role && c.record.villageCode === v);

describe('one person, several posts in one village, concurrent_posts: highest (rules.md §3)', () => {
  it('pays only the secretary row of a 书记兼主任, even when the director row comes first', () => {
    const r = run([cadre('A', '主任', P1), cadre('A', '书记', P1)]);
    const sec = row(r, '书记');
    // 2200, 700, 1500; points 1.0 × 12 × 26.5 = 318; the only taker gets the whole pool of 700.
    expect(amounts(sec)).toEqual([
      fenOf('2,200.00'),
      fenOf('700.00'),
      fenOf('1,500.00'),
      '318',
      70000,
      220000,
    ]);
    expect(sec?.paid).toBe(true);
    expect(sec?.note).toBe('');
  });

  it('keeps the other row in the roster with the remark 一肩挑…, every amount 0, but its score and grade shown', () => {
    const r = run([cadre('A', '主任', P1), cadre('A', '书记', P1)]);
    const dir = row(r, '主任');
    expect(r.cadres).toHaveLength(2);
    expect(dir?.paid).toBe(false);
    expect(dir?.unpaidReason).toBe('concurrent');
    expect(dir?.note).toBe(REMARK);
    expect(amounts(dir)).toEqual(ZEROS);
    expect(dir?.deposit).toBeNull();
    expect([dir?.score?.toFixed(2), dir?.grade]).toEqual(['86.50', '良好']);
    // The unpaid row's share is not in the pool.
    expect(r.pools[0]?.poolFen).toBe(fenOf('700.00'));
    expect([r.totals.cadres, r.totals.people, r.totals.paid]).toEqual([2, 1, 1]);
  });

  it('pays only the secretary of a person holding all three posts', () => {
    const r = run([cadre('A', '会计', P1), cadre('A', '书记', P1), cadre('A', '主任', P1)]);
    expect(r.cadres.map((c) => [c.record.role, c.paid, c.note])).toEqual([
      ['会计', false, REMARK],
      ['书记', true, ''],
      ['主任', false, REMARK],
    ]);
  });

  it('pays the first row in the workbook when the ratios tie (拟定比例 0.7 on the director, accountant 0.7): accountant first', () => {
    const r = run([cadre('A', '会计', P1), cadre('A', '主任', P1, { ratio: '0.7' })]);
    expect(r.cadres.map((c) => [c.record.role, c.paid])).toEqual([
      ['会计', true],
      ['主任', false],
    ]);
    // 2200 × 0.7 = 1540; 700 × 0.7 = 490.
    expect([row(r, '会计')?.totalFen, row(r, '会计')?.shareFen]).toEqual([
      fenOf('1,540.00'),
      fenOf('490.00'),
    ]);
  });

  it('pays the first row in the workbook when the ratios tie: director first', () => {
    const r = run([cadre('A', '主任', P1, { ratio: '0.7' }), cadre('A', '会计', P1)]);
    expect(r.cadres.map((c) => [c.record.role, c.paid])).toEqual([
      ['主任', true],
      ['会计', false],
    ]);
    expect(row(r, '主任')?.totalFen).toBe(fenOf('1,540.00'));
  });

  it('judges the first row by its input order (seq), not by where the row ends up in the roster', () => {
    // The accountant row is read first (lower seq) but passed in second.
    const acc = cadre('A', '会计', P1);
    const dir = cadre('A', '主任', P1, { ratio: '0.7' });
    const r = run([dir, acc]);
    expect(row(r, '会计')?.paid).toBe(true);
    expect(row(r, '主任')?.paid).toBe(false);
  });

  it('pays the accountant row when a 拟定比例 of 0.6 puts the same person’s director row below it', () => {
    const r = run([cadre('A', '主任', P1, { ratio: '0.6' }), cadre('A', '会计', P1)]);
    expect([row(r, '主任')?.paid, row(r, '会计')?.paid]).toEqual([false, true]);
    expect(row(r, '主任')?.note).toBe(REMARK);
  });

  it('pays the director row at its 拟定比例 of 0.75 when that is still above the same person’s accountant row', () => {
    const r = run([cadre('A', '会计', P1), cadre('A', '主任', P1, { ratio: '0.75' })]);
    expect([row(r, '主任')?.paid, row(r, '会计')?.paid]).toEqual([true, false]);
    // 2200 × 0.75 = 1650; 700 × 0.75 = 525.
    expect([row(r, '主任')?.totalFen, row(r, '主任')?.shareFen]).toEqual([
      fenOf('1,650.00'),
      fenOf('525.00'),
    ]);
  });

  it('treats the same name with two ID numbers as two people, both paid', () => {
    const r = run([cadre('A', '书记', P1, { name: '张伟' }), cadre('A', '主任', P2, { name: '张伟' })]);
    expect(r.cadres.map((c) => c.paid)).toEqual([true, true]);
    expect(r.totals.people).toBe(2);
  });
});

describe('one person, several posts, concurrent_posts: sum', () => {
  it('pays both rows of a 书记兼主任: 2,200 + 1,980, and the pool of 700 + 630 comes back as 700 and 630', () => {
    const r = run([cadre('A', '书记', P1), cadre('A', '主任', P1)], specPolicy({ concurrentPosts: 'sum' }));
    expect(r.cadres.map((c) => [c.paid, c.note])).toEqual([
      [true, ''],
      [true, ''],
    ]);
    // Points 318 and 286.2; 1330 × 318 / 604.2 = 700 and 1330 × 286.2 / 604.2 = 630 exactly.
    expect(amounts(row(r, '书记'))).toEqual([220000, 70000, 150000, '318', 70000, 220000]);
    expect(amounts(row(r, '主任'))).toEqual([198000, 63000, 135000, '286.2', 63000, 198000]);
    expect(r.totals.people).toBe(1);
  });
});

describe('unpaid roles (policy unpaid_roles, rules.md §5)', () => {
  it.each(['妇女主任', '治保主任', '民兵连长', '委员'])(
    'lists a %s with paid false, every amount 0, and the village score and grade',
    (role) => {
      const r = run([cadre('A', '书记', P1), cadre('A', role, P2)]);
      const c = row(r, role);
      expect(c?.paid).toBe(false);
      expect(c?.unpaidReason).toBe('unpaid_role');
      expect(c?.note).toBe('');
      expect(amounts(c)).toEqual(ZEROS);
      expect([c?.score?.toFixed(2), c?.grade]).toEqual(['86.50', '良好']);
      expect(c?.deposit).toBeNull();
      expect(r.pools[0]?.poolFen).toBe(fenOf('700.00'));
    },
  );

  it('shows a village of grade 合格 on the unpaid row of that village', () => {
    const r = run([cadre('B', '妇女主任', P2)]);
    expect([row(r, '妇女主任', 'B')?.score?.toFixed(2), row(r, '妇女主任', 'B')?.grade]).toEqual([
      '72.00',
      '合格',
    ]);
  });
});

describe('a transfer: the same ID in two villages (rules.md §3)', () => {
  it('pays both rows of a secretary who served 5 months in A and 7 months in B', () => {
    const r = run([cadre('A', '书记', P1, { months: 5 }), cadre('B', '书记', P1, { months: 7 })]);
    // A: 2200 × 5/12 = 916.666… → 916.67; 700 × 5/12 = 291.666… → 291.67; base 625.00.
    // B: 1200 × 7/12 = 700.00; 700 × 7/12 = 408.333… → 408.33; base 291.67.
    expect(r.cadres.map((c) => [c.record.villageCode, c.paid, c.totalFen, c.shareFen, c.baseFen])).toEqual([
      ['A', true, fenOf('916.67'), fenOf('291.67'), fenOf('625.00')],
      ['B', true, fenOf('700.00'), fenOf('408.33'), fenOf('291.67')],
    ]);
    // Each row scores in its own village: 1 × 5 × 26.5 = 132.5 and 1 × 7 × 12 = 84.
    expect(r.cadres.map((c) => c.points.toString())).toEqual(['132.5', '84']);
    expect(r.cadres.map((c) => c.note)).toEqual(['', '']);
  });

  it('pays both rows when the roles differ: director 5 months in A, secretary 7 months in B', () => {
    const r = run([cadre('A', '主任', P1, { months: 5 }), cadre('B', '书记', P1, { months: 7 })]);
    // A: 2200 × 0.9 × 5/12 = 825.00; 700 × 0.9 × 5/12 = 262.50.
    expect(r.cadres.map((c) => [c.paid, c.totalFen, c.shareFen])).toEqual([
      [true, fenOf('825.00'), fenOf('262.50')],
      [true, fenOf('700.00'), fenOf('408.33')],
    ]);
  });
});
