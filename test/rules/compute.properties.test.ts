import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CadreResult,
  checkBalances,
  computeCadres,
  computeRun,
  computeVillages,
  type RunResult,
} from '../../src/rules/compute.js';
import { Exact } from '../../src/rules/exact.js';
import type { RoundingUnit } from '../../src/rules/money.js';
import type {
  CadreRecord,
  CommitmentRecord,
  Period,
  Policy,
  RunInput,
  ScoreRecord,
  VillageRecord,
} from '../../src/rules/types.js';
import { idFrom, specPolicy } from '../helpers/records.js';

/**
 * The invariants of rules.md, over generated runs: conservation to the fen (§0, §5), the caps
 * (§1), a higher score never paid less (§5), determinism under row order, pools by scope and
 * `forfeit: return`.
 */

const TOWNS = ['东山镇', '西河镇', '南湖街道'];
const ROLES = ['书记', '主任', '会计', '妇女主任', '委员'] as const;
const CAP_HUNDREDTHS: Record<string, number> = { 书记: 100, 主任: 90, 会计: 70 };
const PERIODS: Period[] = ['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2'];
const x = (s: string) => Exact.parse(s);

const src = (sheet: string, row: number) => ({ file: 'gen.xlsx', sheet, row });

const policyArb = fc.record({
  rounding: fc.constantFrom<RoundingUnit>('fen', 'jiao', 'yuan'),
  poolScope: fc.constantFrom<'city' | 'town'>('city', 'town'),
  method: fc.constantFrom<'above_floor' | 'linear' | 'grades'>('above_floor', 'linear', 'grades'),
  forfeit: fc.constantFrom<'redistribute' | 'return'>('redistribute', 'return'),
  concurrentPosts: fc.constantFrom<'highest' | 'sum'>('highest', 'sum'),
  uplift: fc.boolean(),
});
type PolicyGen = typeof policyArb extends fc.Arbitrary<infer T> ? T : never;

function policyOf(g: PolicyGen): Policy {
  const p = specPolicy();
  return specPolicy({
    rounding: g.rounding,
    concurrentPosts: g.concurrentPosts,
    reward: { ...p.reward, poolScope: g.poolScope, method: g.method, forfeit: g.forfeit },
    uplift: g.uplift
      ? { weakVillage: x('1.1'), inlandTown: x('1.2'), inlandTowns: [TOWNS[0] as string] }
      : null,
  });
}

const postArb = fc.record({
  slot: fc.integer({ min: 0, max: 3 }),
  role: fc.constantFrom(...ROLES),
  months: fc.oneof(fc.constant(12), fc.integer({ min: 1, max: 12 })),
  /** 拟定比例 in hundredths, cut to the role's cap; a few round values so that posts of one person tie. */
  ratio: fc.option(fc.oneof(fc.constantFrom(50, 60, 70, 90, 100), fc.integer({ min: 1, max: 100 })), {
    nil: null,
  }),
  adjustment: fc.option(fc.integer({ min: -1500, max: 1500 }), { nil: null }),
});

const itemArb = fc.record({
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  status: fc.constantFrom<CommitmentRecord['status']>('已完成', '进行中', '未完成'),
  result: fc.constantFrom<CommitmentRecord['result']>(null, null, '合格', '不合格'),
});

const villageArb = fc.record({
  households: fc.oneof(
    fc.integer({ min: 1, max: 600 }),
    fc.constantFrom(100, 101, 200, 201, 300, 301, 400, 401),
  ),
  weak: fc.boolean(),
  town: fc.constantFrom(...TOWNS),
  posts: fc.array(postArb, { maxLength: 6 }),
  // Each period present or not; scores in hundredths 0..100.00 (some villages have none).
  scores: fc.array(fc.option(fc.integer({ min: 0, max: 10000 }), { nil: null }), {
    minLength: 6,
    maxLength: 6,
  }),
  items: fc.array(itemArb, { maxLength: 5 }),
});

const runArb = fc.record({
  policy: policyArb,
  villages: fc.array(villageArb, { minLength: 1, maxLength: 6 }),
  asOf: fc.oneof(fc.constant('2012-12-31'), fc.constantFrom('2012-03-31', '2012-06-30', '2012-09-15')),
  sanctioned: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 3 }),
});
type RunGen = typeof runArb extends fc.Arbitrary<infer T> ? T : never;

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const idOf = (v: number, slot: number) => idFrom(`371082197001${pad(v, 2)}${pad(slot, 2)}1`);

/** Valid records from a generated run: no duplicated (ID, role, village), ratios within caps. */
function build(g: RunGen): { input: RunInput; policy: Policy; sanctions: Set<string> } {
  const villages: VillageRecord[] = [];
  const cadres: CadreRecord[] = [];
  const scores: ScoreRecord[] = [];
  const commitments: CommitmentRecord[] = [];
  let seq = 0;
  g.villages.forEach((gv, vi) => {
    const code = `V${vi}`;
    villages.push({
      code,
      name: `${code}村`,
      town: gv.town,
      households: gv.households,
      weak: gv.weak,
      src: src('村庄', vi + 2),
    });
    const seen = new Set<string>();
    for (const p of gv.posts) {
      const key = `${p.slot}/${p.role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const cap = CAP_HUNDREDTHS[p.role];
      const ratio = cap !== undefined && p.ratio !== null ? Exact.of(Math.min(cap, p.ratio), 100) : null;
      cadres.push({
        idNumber: idOf(vi, p.slot),
        name: `干部${vi}-${p.slot}`,
        villageCode: code,
        role: p.role,
        months: p.months,
        ratio,
        adjustment: p.adjustment === null ? null : Exact.of(p.adjustment, 100),
        bank: '荣成农商银行',
        account: '6228480000000000000',
        hold: '',
        remark: '',
        seq,
        src: src('干部', seq + 2),
      });
      seq++;
    }
    gv.scores.forEach((s, k) => {
      if (s !== null) {
        scores.push({
          villageCode: code,
          period: PERIODS[k] as Period,
          score: Exact.of(s, 100),
          src: src('考核评分', 2),
        });
      }
    });
    gv.items.forEach((it, k) => {
      commitments.push({
        villageCode: code,
        itemNo: String(k + 1),
        content: '承诺事项',
        category: '经济发展',
        due: `2012-${pad(it.month, 2)}-${pad(it.day, 2)}`,
        responsible: '',
        status: it.status,
        result: it.result,
        inspected: null,
        satisfaction: null,
        src: src('承诺台账', k + 2),
      });
    });
  });
  const sanctions = new Set(g.sanctioned.map((n) => idOf(n % Math.max(1, g.villages.length), n % 4)));
  return { input: { villages, cadres, commitments, scores }, policy: policyOf(g.policy), sanctions };
}

function runGen(g: RunGen, input?: RunInput): RunResult {
  const b = build(g);
  return computeRun(input ?? b.input, b.policy, {
    asOf: g.asOf,
    allowMissingScores: true,
    previousSanctions: b.sanctions,
  });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const scopeOf = (c: CadreResult, policy: Policy) =>
  policy.reward.poolScope === 'city' ? 'city' : c.village.record.town;

function groupScopes(run: RunResult, policy: Policy): Map<string, CadreResult[]> {
  const m = new Map<string, CadreResult[]>();
  for (const c of run.cadres) {
    const k = scopeOf(c, policy);
    m.set(k, [...(m.get(k) ?? []), c]);
  }
  return m;
}

const RUNS = { numRuns: 100 };

describe('conservation to the fen (rules.md §0, §5)', () => {
  it('hands out exactly the pool of each scope (Σ share) when Σ points > 0, less the shares returned under forfeit: return', () => {
    fc.assert(
      fc.property(runArb, (g) => {
        const policy = policyOf(g.policy);
        const run = runGen(g);
        for (const [scope, members] of groupScopes(run, policy)) {
          const pool = sum(members.map((c) => c.shareFen));
          const paid = members.filter((c) => c.paid);
          const points = paid.reduce((a, c) => a.add(c.points), Exact.ZERO);
          const returned =
            policy.reward.forfeit === 'return'
              ? sum(paid.filter((c) => c.points.isZero()).map((c) => c.shareFen))
              : 0;
          const rewards = sum(members.map((c) => c.rewardFen));
          expect(rewards).toBe(points.isZero() ? 0 : pool - returned);
          const p = run.pools.find((q) => q.scope === scope);
          expect([p?.poolFen, p?.allocatedFen, p?.remainderFen]).toEqual([pool, rewards, pool - rewards]);
        }
      }),
      RUNS,
    );
  });

  it('always has allocated + remainder = pool, and Σ share = Σ reward + Σ remainder over the run', () => {
    fc.assert(
      fc.property(runArb, (g) => {
        const run = runGen(g);
        for (const p of run.pools) expect(p.allocatedFen + p.remainderFen).toBe(p.poolFen);
        expect(sum(run.cadres.map((c) => c.shareFen))).toBe(
          sum(run.cadres.map((c) => c.rewardFen)) + sum(run.pools.map((p) => p.remainderFen)),
        );
        expect(run.totals.payableFen).toBe(sum(run.cadres.map((c) => c.baseFen + c.rewardFen)));
      }),
      RUNS,
    );
  });

  it('passes checkBalances with nothing to report', () => {
    fc.assert(
      fc.property(runArb, (g) => {
        expect(checkBalances(runGen(g))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('pays every amount in whole rounding units and never a negative one', () => {
    fc.assert(
      fc.property(runArb, (g) => {
        const unit = { fen: 1, jiao: 10, yuan: 100 }[g.policy.rounding];
        for (const c of runGen(g).cadres) {
          for (const a of [c.totalFen, c.shareFen, c.baseFen, c.rewardFen, c.payableFen]) {
            expect(a % unit).toBe(0);
            expect(a >= 0).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it.each(['above_floor', 'linear', 'grades'] as const)(
    'keeps conservation under the %s method',
    (method) => {
      fc.assert(
        fc.property(runArb, (g) => {
          const run = runGen({ ...g, policy: { ...g.policy, method } });
          expect(checkBalances(run)).toEqual([]);
          for (const p of run.pools) {
            expect(p.allocatedFen + p.remainderFen).toBe(p.poolFen);
            if (!p.points.isZero()) expect(p.allocatedFen).toBe(p.poolFen - p.returnedFen);
          }
        }),
        { numRuns: 50 },
      );
    },
  );
});

describe('the caps (rules.md §1)', () => {
  it("never pays a director or an accountant a 12-month total above cap × the secretary's standard B of the village", () => {
    fc.assert(
      fc.property(runArb, (g) => {
        // Exactly: without uplift, or to the fen with factors of two decimals, cap × B is a whole
        // number of units, so round(B × r) ≤ cap × B holds exactly (see the uplift case below).
        fc.pre(!g.policy.uplift || g.policy.rounding === 'fen');
        const policy = policyOf(g.policy);
        for (const c of runGen(g).cadres) {
          if (!c.paid || c.record.months !== 12 || !c.role || c.role.name === '书记') continue;
          const b = Exact.of(c.village.standard.standardFen);
          expect(Exact.of(c.totalFen).le(c.role.cap.mul(b))).toBe(true);
          expect(c.ratio.le(c.role.cap)).toBe(true);
          expect(policy.roles.find((r) => r.name === c.role?.name)?.cap.eq(c.role.cap)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('pays no row more than its ratio × B × m / 12 plus half a rounding unit, uplift or not', () => {
    fc.assert(
      fc.property(runArb, (g) => {
        const half = Exact.of({ fen: 1, jiao: 10, yuan: 100 }[g.policy.rounding], 2);
        for (const c of runGen(g).cadres.filter((r) => r.paid)) {
          const exact = Exact.of(c.village.standard.standardFen)
            .mul(c.ratio)
            .mul(Exact.of(c.record.months, 12));
          expect(Exact.of(c.totalFen).sub(exact).le(half)).toBe(true);
          expect(exact.sub(Exact.of(c.totalFen)).lt(half)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe('a higher score is never paid less (rules.md §5)', () => {
  /** Pairs of paid rows of one scope with the same ratio and months. */
  function pairs(run: RunResult, policy: Policy): [CadreResult, CadreResult][] {
    const out: [CadreResult, CadreResult][] = [];
    for (const members of groupScopes(run, policy).values()) {
      const paid = members.filter((c) => c.paid && c.score !== null);
      for (const a of paid)
        for (const b of paid)
          if (a !== b && a.ratio.eq(b.ratio) && a.record.months === b.record.months) out.push([a, b]);
    }
    return out;
  }

  it('gives a row with a higher score at least the points of one with a lower score', () => {
    fc.assert(
      fc.property(runArb, (g) => {
        const policy = policyOf(g.policy);
        for (const [a, b] of pairs(runGen(g), policy)) {
          if ((a.score as Exact).gt(b.score as Exact)) expect(a.points.ge(b.points)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('gives a row with more points at least the reward of one with fewer points', () => {
    fc.assert(
      fc.property(runArb, (g) => {
        const policy = policyOf(g.policy);
        for (const [a, b] of pairs(runGen(g), policy)) {
          if (a.points.gt(b.points)) expect(a.rewardFen).toBeGreaterThanOrEqual(b.rewardFen);
        }
      }),
      RUNS,
    );
  });

  it('gives a row with a higher score at least the reward of one with a lower score under above_floor and linear', () => {
    fc.assert(
      fc.property(
        runArb.map((g) => ({
          ...g,
          policy: {
            ...g.policy,
            method: g.policy.method === 'grades' ? ('linear' as const) : g.policy.method,
          },
        })),
        (g) => {
          const policy = policyOf(g.policy);
          for (const [a, b] of pairs(runGen(g), policy)) {
            if ((a.score as Exact).gt(b.score as Exact))
              expect(a.rewardFen).toBeGreaterThanOrEqual(b.rewardFen);
          }
        },
      ),
      RUNS,
    );
  });
  it('gives a row with a higher score at most one rounding unit less under grades, where equal points tie by ID', () => {
    // Under grades two scores of one grade earn equal points; rules.md §5 then breaks the tie of
    // the left-over unit by ID number, not by score, so the lower score may get that one unit.
    fc.assert(
      fc.property(
        runArb.map((g) => ({ ...g, policy: { ...g.policy, method: 'grades' as const } })),
        (g) => {
          const policy = policyOf(g.policy);
          const unit = { fen: 1, jiao: 10, yuan: 100 }[g.policy.rounding];
          for (const [a, b] of pairs(runGen(g), policy)) {
            if ((a.score as Exact).gt(b.score as Exact)) {
              expect(a.rewardFen).toBeGreaterThanOrEqual(b.rewardFen - unit);
              if (a.points.gt(b.points)) expect(a.rewardFen).toBeGreaterThanOrEqual(b.rewardFen);
            }
          }
        },
      ),
      RUNS,
    );
  });
});

/** A deterministic Fisher–Yates shuffle from a seed (the order, not the records, changes). */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Everything a person is paid or forfeits, keyed by the row's input order (seq). */
function amountsBySeq(run: RunResult) {
  return Object.fromEntries(
    run.cadres.map((c) => [
      c.record.seq,
      [
        c.paid,
        c.totalFen,
        c.shareFen,
        c.baseFen,
        c.points.toString(),
        c.score?.toString() ?? null,
        c.grade,
        c.rewardFen,
        c.payableFen,
        c.deposit?.forfeitFen ?? null,
        c.deposit?.sanction ?? null,
        c.note,
      ],
    ]),
  );
}

describe('determinism', () => {
  it('changes no amount of any person when the rows of every sheet are shuffled (seq kept)', () => {
    fc.assert(
      fc.property(runArb, fc.integer(), (g, seed) => {
        const { input } = build(g);
        const shuffledInput: RunInput = {
          villages: shuffled(input.villages, seed),
          cadres: shuffled(input.cadres, seed + 1),
          scores: shuffled(input.scores, seed + 2),
          commitments: shuffled(input.commitments, seed + 3),
        };
        const a = runGen(g, input);
        const b = runGen(g, shuffledInput);
        expect(amountsBySeq(b)).toEqual(amountsBySeq(a));
        const pools = (r: RunResult) =>
          Object.fromEntries(r.pools.map((p) => [p.scope, [p.poolFen, p.allocatedFen, p.remainderFen]]));
        expect(pools(b)).toEqual(pools(a));
        expect(b.totals).toEqual(a.totals);
      }),
      RUNS,
    );
  });

  it('gives identical output for the same input twice', () => {
    fc.assert(
      fc.property(runArb, (g) => {
        const { input, policy, sanctions } = build(g);
        const opts = { asOf: g.asOf, allowMissingScores: true, previousSanctions: sanctions };
        const a = computeRun(input, policy, opts);
        const b = computeRun(input, policy, opts);
        expect(b).toEqual(a);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      { numRuns: 50 },
    );
  });

  it('needs no score row after the villages part (subsidy lets them go before the cadre part)', () => {
    fc.assert(
      fc.property(runArb, (g) => {
        const { input, policy, sanctions } = build(g);
        const opts = { asOf: g.asOf, allowMissingScores: true, previousSanctions: sanctions };
        const whole = computeRun(build(g).input, policy, opts);
        const stage = computeVillages(input, policy, opts);
        input.scores.length = 0;
        const split = computeCadres(stage, input.cadres, policy, opts);
        expect(JSON.stringify(split)).toBe(JSON.stringify(whole));
        expect(split.totals).toEqual(whole.totals);
      }),
      { numRuns: 50 },
    );
  });
});

describe('pools by scope and forfeit (rules.md §5)', () => {
  it('makes one pool per town under pool_scope: town, and one city pool otherwise', () => {
    fc.assert(
      fc.property(runArb, (g) => {
        const run = runGen(g);
        const towns = new Set(run.cadres.map((c) => c.village.record.town));
        const scopes = run.pools.map((p) => p.scope);
        expect(new Set(scopes).size).toBe(scopes.length);
        if (g.policy.poolScope === 'town') expect(new Set(scopes)).toEqual(towns);
        else expect(scopes).toEqual(run.cadres.length > 0 ? ['city'] : []);
        for (const p of run.pools) {
          expect(p.cadres).toBe(run.cadres.filter((c) => c.scope === p.scope).length);
        }
      }),
      RUNS,
    );
  });

  it('moves the shares of zero-point rows to the remainder under forfeit: return, and gives those rows nothing', () => {
    fc.assert(
      fc.property(
        runArb.map((g) => ({ ...g, policy: { ...g.policy, forfeit: 'return' as const } })),
        (g) => {
          const policy = policyOf(g.policy);
          const run = runGen(g);
          for (const [scope, members] of groupScopes(run, policy)) {
            const zero = members.filter((c) => c.paid && c.points.isZero());
            const returned = sum(zero.map((c) => c.shareFen));
            const p = run.pools.find((q) => q.scope === scope);
            expect(p?.returnedFen).toBe(returned);
            for (const c of zero) expect(c.rewardFen).toBe(0);
            expect(p?.remainderFen).toBe(p?.points.isZero() ? p.poolFen : returned);
          }
        },
      ),
      RUNS,
    );
  });

  it('keeps the zero-point shares in the pool for the others under forfeit: redistribute', () => {
    fc.assert(
      fc.property(
        runArb.map((g) => ({ ...g, policy: { ...g.policy, forfeit: 'redistribute' as const } })),
        (g) => {
          for (const p of runGen(g).pools) {
            expect(p.returnedFen).toBe(0);
            expect(p.remainderFen).toBe(p.points.isZero() ? p.poolFen : 0);
          }
        },
      ),
      RUNS,
    );
  });
});
