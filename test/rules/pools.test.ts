import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/rules/types.js';
import { cadre, fenOf, idFrom, onlyScore, runOf, specPolicy, village } from '../helpers/records.js';

/** rules.md §5 by example: pool scope, forfeit, a scope with no points. */

const IDS = [1, 2, 3].map((n) => idFrom(`3710821970010100${n}`));

/** Secretaries of A (东镇, 86.50), B (西镇, 72.00) and C (西镇, 55.00): shares of 700 each. */
function run(
  reward: Partial<Policy['reward']> = {},
  scores: [string, string, string] = ['86.50', '72.00', '55.00'],
) {
  const p = specPolicy();
  return runOf(
    {
      villages: [
        village('A', 350, { town: '东镇' }),
        village('B', 80, { town: '西镇' }),
        village('C', 150, { town: '西镇' }),
      ],
      cadres: [
        cadre('A', '书记', IDS[0] as string),
        cadre('B', '书记', IDS[1] as string),
        cadre('C', '书记', IDS[2] as string),
      ],
      scores: [onlyScore('A', scores[0]), onlyScore('B', scores[1]), onlyScore('C', scores[2])],
    },
    specPolicy({ reward: { ...p.reward, ...reward } }),
  );
}

const pools = (r: ReturnType<typeof run>) =>
  r.pools.map((p) => [p.scope, p.poolFen, p.returnedFen, p.allocatedFen, p.remainderFen]);

describe('pool scope and forfeit by example (rules.md §5)', () => {
  it('pools the whole city: 2,100.00 over points 318 and 144 (C is below the floor), 1,445.45 and 654.55', () => {
    const r = run();
    // 210000 × 318 / 462 = 144,545.45…; 210000 × 144 / 462 = 65,454.54…; the 1 fen left goes to .54 (B).
    expect(pools(r)).toEqual([['city', 210000, 0, 210000, 0]]);
    expect(r.cadres.map((c) => c.rewardFen)).toEqual([fenOf('1,445.45'), fenOf('654.55'), 0]);
  });

  it('makes one pool per town under pool_scope: town, named by the town, and pays each town its own shares', () => {
    const r = run({ poolScope: 'town' });
    expect(pools(r)).toEqual([
      ['东镇', 70000, 0, 70000, 0],
      ['西镇', 140000, 0, 140000, 0],
    ]);
    // A alone in 东镇 gets its own 700; B takes all of 西镇's 1,400 since C has no points.
    expect(r.cadres.map((c) => [c.scope, c.rewardFen])).toEqual([
      ['东镇', 70000],
      ['西镇', 140000],
      ['西镇', 0],
    ]);
  });

  it("takes C's 700 out of 西镇's pool under forfeit: return and reports it as that pool's remainder", () => {
    const r = run({ poolScope: 'town', forfeit: 'return' });
    expect(pools(r)).toEqual([
      ['东镇', 70000, 0, 70000, 0],
      ['西镇', 140000, 70000, 70000, 70000],
    ]);
    expect(r.cadres.map((c) => c.rewardFen)).toEqual([70000, 70000, 0]);
    expect(r.totals.remainderFen).toBe(70000);
  });

  it('under forfeit: return in the city pool divides 1,400.00 over 318 and 144: 963.64 and 436.36', () => {
    const r = run({ forfeit: 'return' });
    // 140000 × 318 / 462 = 96,363.63…; 140000 × 144 / 462 = 43,636.36…; the 1 fen left goes to .63 (A).
    expect(pools(r)).toEqual([['city', 210000, 70000, 140000, 70000]]);
    expect(r.cadres.map((c) => c.rewardFen)).toEqual([fenOf('963.64'), fenOf('436.36'), 0]);
  });

  it('allocates nothing in a scope where nobody has points, reports the whole pool as remainder and warns', () => {
    const r = run({ poolScope: 'town' }, ['86.50', '59.99', '55.00']);
    expect(pools(r)).toEqual([
      ['东镇', 70000, 0, 70000, 0],
      ['西镇', 140000, 0, 0, 140000],
    ]);
    expect(r.findings.map((f) => [f.level, f.code, f.value])).toEqual([
      ['warning', 'pool_zero_points', '西镇'],
    ]);
    // B and C are still paid their base (1,200 − 700 and 1,500 − 700).
    expect(r.cadres.map((c) => c.payableFen)).toEqual([220000, 50000, 80000]);
    expect(r.pools[1]?.valuePerPoint).toBeNull();
  });
});
