/**
 * decide.md `compare`: one data set under several policies, side by side. Pure: it takes
 * the runs `subsidy`'s own path computed (one per policy) and only adds them up, sorts
 * and subtracts; no file, no clock. Money stays integer fen.
 */
import type { CadreResult, RunResult } from '../rules/compute.js';
import { type Fen, fen } from '../rules/money.js';
import type { Policy } from '../rules/types.js';

/** One policy's run, as the command computed it. */
export interface PolicyRun {
  policy: Policy;
  /** The policy file's canonical SHA-256 (policy.md). */
  sha256: string;
  run: RunResult;
}

/** The figures compared per town, per role and in total (decide.md: paid cadres, 补贴总额, pool, payable). */
export interface Figures {
  paidCadres: number;
  totalFen: Fen;
  /** Σ reward share held back into the pool (奖励提取). */
  poolFen: Fen;
  payableFen: Fen;
}

/** The reward distribution over paid cadre rows (decide.md; the report's two figures 500 and 2,000 yuan). */
export interface Distribution {
  /** Paid cadre rows counted. */
  count: number;
  minFen: Fen | null;
  p10Fen: Fen | null;
  medianFen: Fen | null;
  p90Fen: Fen | null;
  maxFen: Fen | null;
  /** Rewards below 500 yuan. */
  under500: number;
  /** Rewards above 2,000 yuan. */
  over2000: number;
}

export interface Line {
  /** The town, or the role. */
  key: string;
  /** One per policy, in the order given; zeros where a policy has no row of it. */
  figures: Figures[];
}

/** One cadre row (ID + village code + role), with its payable under each policy. */
export interface PersonLine {
  idNumber: string;
  name: string;
  role: string;
  villageCode: string;
  villageName: string;
  town: string;
  /** One per policy; null where the row is not in that policy's run. */
  payableFen: (Fen | null)[];
}

export interface Mover {
  person: PersonLine;
  /** payable under the policy − payable under the baseline (a missing row counts 0). */
  deltaFen: Fen;
}

/** For each policy after the baseline: the rows that gain most and lose most. */
export interface Movers {
  policy: number;
  gainers: Mover[];
  losers: Mover[];
}

export interface Comparison {
  policies: PolicyRun[];
  totals: Figures[];
  towns: Line[];
  roles: Line[];
  distributions: Distribution[];
  people: PersonLine[];
  movers: Movers[];
}

export const UNDER_FEN = 50_000;
export const OVER_FEN = 200_000;
/** decide.md: the 10 people who gain most and lose most. */
export const MOVERS = 10;

const ZERO: Figures = { paidCadres: 0, totalFen: fen(0), poolFen: fen(0), payableFen: fen(0) };

function add(a: Figures, c: CadreResult): Figures {
  return {
    paidCadres: a.paidCadres + (c.paid ? 1 : 0),
    totalFen: fen(a.totalFen + c.totalFen),
    poolFen: fen(a.poolFen + c.shareFen),
    payableFen: fen(a.payableFen + c.payableFen),
  };
}

/**
 * The value at the nearest rank (the smallest value with at least p% of the values at or
 * below it): always one cadre's real amount in whole fen, no interpolation.
 */
export function nearestRank(sorted: readonly number[], percent: number): Fen | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((n * percent) / 100));
  return fen(sorted[rank - 1] as number);
}

/** The reward distribution of a run's paid rows. */
export function distributionOf(run: RunResult): Distribution {
  const rewards: number[] = [];
  for (const c of run.cadres) if (c.paid) rewards.push(c.rewardFen);
  rewards.sort((a, b) => a - b);
  return {
    count: rewards.length,
    minFen: nearestRank(rewards, 0),
    p10Fen: nearestRank(rewards, 10),
    medianFen: nearestRank(rewards, 50),
    p90Fen: nearestRank(rewards, 90),
    maxFen: nearestRank(rewards, 100),
    under500: rewards.filter((r) => r < UNDER_FEN).length,
    over2000: rewards.filter((r) => r > OVER_FEN).length,
  };
}

/** The key of a cadre row across runs (decide.md: one per ID + village code + role). */
export function rowKey(idNumber: string, villageCode: string, role: string): string {
  return `${idNumber}\u0000${villageCode}\u0000${role}`;
}

/** Lines by key in first-seen order, one figures slot per policy. */
function lines(runs: readonly PolicyRun[], keyOf: (c: CadreResult) => string, order: string[]): Line[] {
  const map = new Map<string, Figures[]>();
  for (const k of order)
    map.set(
      k,
      runs.map(() => ZERO),
    );
  runs.forEach((r, i) => {
    for (const c of r.run.cadres) {
      const k = keyOf(c);
      let f = map.get(k);
      if (!f) {
        f = runs.map(() => ZERO);
        map.set(k, f);
      }
      f[i] = add(f[i] as Figures, c);
    }
  });
  return [...map].map(([key, figures]) => ({ key, figures }));
}

/** The comparison of the runs: the first is the baseline. */
export function compareRuns(runs: readonly PolicyRun[], movers = MOVERS): Comparison {
  if (runs.length < 2) throw new Error('compareRuns: two runs or more');
  // Towns in the baseline's order (村庄 as listed); roles in the baseline policy's order.
  const townOrder = (runs[0] as PolicyRun).run.towns.map((t) => t.town);
  const roleOrder: string[] = [];
  for (const r of runs) {
    for (const name of [...r.policy.roles.map((x) => x.name), ...r.policy.unpaidRoles]) {
      if (!roleOrder.includes(name) && r.run.cadres.some((c) => c.record.role === name)) roleOrder.push(name);
    }
  }
  const towns = lines(runs, (c) => c.village.record.town, townOrder);
  const roles = lines(runs, (c) => c.record.role, roleOrder);
  const totals = runs.map((r) => r.run.cadres.reduce(add, ZERO));

  const people = new Map<string, PersonLine>();
  runs.forEach((r, i) => {
    for (const c of r.run.cadres) {
      const k = rowKey(c.record.idNumber, c.record.villageCode, c.record.role);
      let p = people.get(k);
      if (!p) {
        p = {
          idNumber: c.record.idNumber,
          name: c.record.name,
          role: c.record.role,
          villageCode: c.record.villageCode,
          villageName: c.village.record.name,
          town: c.village.record.town,
          payableFen: runs.map(() => null),
        };
        people.set(k, p);
      }
      // One row per key in a run (a duplicated row is an input error); add in case.
      p.payableFen[i] = fen((p.payableFen[i] ?? 0) + c.payableFen);
    }
  });
  const list = [...people.values()];
  const moved: Movers[] = [];
  for (let i = 1; i < runs.length; i++) {
    const deltas = list
      .map((person) => ({ person, deltaFen: fen((person.payableFen[i] ?? 0) - (person.payableFen[0] ?? 0)) }))
      .filter((m) => m.deltaFen !== 0);
    // Ties by ID, village code and role, so the same data always lists the same people.
    const gainers = deltas
      .filter((m) => m.deltaFen > 0)
      .sort((a, b) => b.deltaFen - a.deltaFen || keyOrder(a, b));
    const losers = deltas
      .filter((m) => m.deltaFen < 0)
      .sort((a, b) => a.deltaFen - b.deltaFen || keyOrder(a, b));
    moved.push({ policy: i, gainers: gainers.slice(0, movers), losers: losers.slice(0, movers) });
  }
  return {
    policies: [...runs],
    totals,
    towns,
    roles,
    distributions: runs.map((r) => distributionOf(r.run)),
    people: list,
    movers: moved,
  };
}

function keyOrder(a: Mover, b: Mover): number {
  const ka = rowKey(a.person.idNumber, a.person.villageCode, a.person.role);
  const kb = rowKey(b.person.idNumber, b.person.villageCode, b.person.role);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The difference b − a in percent of a, rounded half up (away from zero) to 2 decimals,
 * as text ('+3.25', '-0.50', '0.00'); null when a is 0 (no percentage of nothing).
 */
export function percentChange(a: number, b: number): string | null {
  if (a === 0) return null;
  const num = BigInt(b - a) * 10_000n;
  const den = BigInt(a);
  const neg = num < 0n !== den < 0n && num !== 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (2n * n + d) / (2n * d);
  const whole = q / 100n;
  const frac = (q % 100n).toString().padStart(2, '0');
  if (q === 0n) return '0.00';
  return `${neg ? '-' : '+'}${whole}.${frac}`;
}
