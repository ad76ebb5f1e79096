import { describe, expect, it } from 'vitest';
import { checkBalances, computeRun } from '../../src/rules/compute.js';
import { fen } from '../../src/rules/money.js';
import { cadre, idFrom, onlyScore, specPolicy, village } from '../helpers/records.js';

/** The run of spec/rules.md "Worked example (default policy, as-of 31 December)". */
function workedRun() {
  return computeRun(
    {
      villages: [village('A', 350), village('B', 80)],
      cadres: [
        cadre('A', '书记', idFrom('37108219700101001')),
        cadre('A', '主任', idFrom('37108219700101002')),
        cadre('A', '会计', idFrom('37108219700101003'), { months: 7 }),
        cadre('B', '书记', idFrom('37108219700101004')),
        cadre('B', '主任', idFrom('37108219700101004')),
      ],
      commitments: [],
      scores: [onlyScore('A', '86.50'), onlyScore('B', '72.00')],
    },
    specPolicy(),
    { asOf: '2012-12-31', allowMissingScores: false },
  );
}

/** spec/rules.md "Worked example (default policy, as-of 31 December)", to the fen. */
describe('the worked example of rules.md', () => {
  const run = workedRun();
  const rows = run.cadres.map((c) => [
    c.record.villageCode,
    c.record.role,
    c.totalFen,
    c.shareFen,
    c.baseFen,
    c.points.toString(),
    c.rewardFen,
    c.payableFen,
  ]);

  it('gives every row the total, share, base, points, reward and payable of the table', () => {
    expect(rows).toEqual([
      ['A', '书记', 220000, 70000, 150000, '318', 83871, 233871],
      ['A', '主任', 198000, 63000, 135000, '286.2', 75484, 210484],
      ['A', '会计', 89833, 28583, 61250, '129.85', 34248, 95498],
      ['B', '书记', 120000, 70000, 50000, '144', 37980, 87980],
      ['B', '主任', 0, 0, 0, '0', 0, 0],
    ]);
  });

  it('holds a pool of 2,315.83 yuan over 878.05 points and hands the 2 left-over fen to the accountant of A and the secretary of B', () => {
    expect(run.pools).toHaveLength(1);
    const pool = run.pools[0];
    expect(pool?.poolFen).toBe(231583);
    expect(pool?.points.toString()).toBe('878.05');
    expect(pool?.allocatedFen).toBe(231583);
    expect(pool?.remainderFen).toBe(0);
    expect(run.cadres.map((c) => c.bonusFen)).toEqual([0, 0, 1, 1, 0]);
    expect(run.cadres.map((c) => c.idealRewardFen.toFixed(2))).toEqual([
      '83871.53',
      '75484.37',
      '34247.54',
      '37979.56',
      '0.00',
    ]);
  });

  it('marks the second post of the person who is both secretary and director of B as unpaid with the 一肩挑 remark', () => {
    const second = run.cadres[4];
    expect(second?.paid).toBe(false);
    expect(second?.note).toBe('一肩挑，按就高原则不重复计发');
    expect(second?.score?.toFixed(2)).toBe('72.00');
  });

  it('prints the value per point as P / Σ points = 2,315.83 / 878.05 = 2.6375 yuan and names the pool city', () => {
    // 2315.83 / 878.05 = 2.637469… → 2.6375 to 4 decimals.
    expect(run.pools[0]?.valuePerPoint?.toFixed(4)).toBe('2.6375');
    expect(run.pools[0]?.scope).toBe('city');
  });

  it('grades A 良好 (86.50) and B 合格 (72.00), and totals 3,962.50 base + 2,315.83 reward = 6,278.33 payable', () => {
    expect(run.cadres.map((c) => c.grade)).toEqual(['良好', '良好', '良好', '合格', '合格']);
    // Base 1500 + 1350 + 612.50 + 500; payable 2338.71 + 2104.84 + 954.98 + 879.80.
    expect([run.totals.baseFen, run.totals.rewardFen, run.totals.payableFen]).toEqual([
      396250, 231583, 627833,
    ]);
    expect([run.totals.cadres, run.totals.people, run.totals.paid]).toEqual([5, 4, 4]);
  });

  it('balances to the fen', () => {
    expect(checkBalances(run)).toEqual([]);
  });
});

describe('checkBalances, the conservation check run before anything is written', () => {
  it('names each amount that does not add up, and the row it is on', () => {
    const run = workedRun();
    const [a1, a2, a3, b1, b2] = run.cadres as [
      (typeof run.cadres)[number],
      (typeof run.cadres)[number],
      (typeof run.cadres)[number],
      (typeof run.cadres)[number],
      (typeof run.cadres)[number],
    ];
    const where = (c: typeof a1) => `row ${c.record.src.row} (${c.record.src.sheet})`;
    a1.rewardFen = fen(a1.rewardFen + 1); // a fen out of nowhere
    a2.shareFen = fen(a2.totalFen + 100); // base goes negative
    expect(b2.paid).toBe(false);
    b2.totalFen = fen(100); // the unpaid second post with an amount
    const bad = checkBalances(run);
    expect(bad).toContain('pool city: Σ reward 231584 ≠ allocated 231583');
    expect(bad.some((m) => m.startsWith('pool city: Σ share'))).toBe(true);
    expect(bad).toContain(`${where(a2)}: negative amount`);
    expect(bad).toContain(`${where(b2)}: unpaid row with an amount`);
    expect(bad.some((m) => m.includes(where(a3)) || m.includes(where(b1)))).toBe(false);
  });
});
