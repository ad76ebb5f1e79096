import { type Allocation, allocateLargestRemainder, idealShare } from './allocate.js';
import { type DepositOutcome, depositOutcome } from './deposit.js';
import { Exact } from './exact.js';
import { type Finding, fieldFinding } from './findings.js';
import { hasUnkept, ledgerByVillage, type VillageLedger } from './ledger.js';
import { type Fen, fen, sumFen, unitFen } from './money.js';
import { cadreScore, gradeOf, pointsFor, type VillageScore, villageScore } from './score.js';
import { prorate, roleOf, type VillageStandard, villageStandard } from './standard.js';
import type {
  CadreRecord,
  Grade,
  IsoDate,
  Policy,
  PreviousSanctions,
  RolePolicy,
  RunInput,
  ScoreRecord,
  VillageRecord,
} from './types.js';

/** Remark of the second post of one person under `concurrent_posts: highest` (rules.md §3). */
export const CONCURRENT_REMARK = '一肩挑，按就高原则不重复计发';

export interface RunOptions {
  /** The date the run stands at; the command passes it in (rules never read the clock). */
  asOf: IsoDate;
  allowMissingScores: boolean;
  /** IDs sanctioned in last year's roster (--previous). */
  previousSanctions?: PreviousSanctions;
}

export interface VillageResult {
  record: VillageRecord;
  standard: VillageStandard;
  score: VillageScore;
  ledger: VillageLedger;
  /** Year end and any failed or overdue item (未兑现承诺). */
  unkept: boolean;
}

export type UnpaidReason = 'unpaid_role' | 'concurrent' | null;

/**
 * One cadre row's whole chain of rules.md (a class so the ideal reward, needed only to
 * explain an amount, is computed on demand instead of stored for every row).
 */
export class CadreResult {
  /** The subsidized role, or null for an unpaid role. */
  role: RolePolicy | null = null;
  /** The ratio in force: the row's 拟定比例 when given, else the role's; 0 for unpaid roles. */
  ratio: Exact = Exact.ZERO;
  paid = false;
  unpaidReason: UnpaidReason = 'unpaid_role';
  totalFen: Fen = fen(0);
  shareFen: Fen = fen(0);
  baseFen: Fen = fen(0);
  /** S = clamp(S_village + adjustment); null when the village has no score. */
  score: Exact | null = null;
  grade: Grade | null = null;
  points: Exact = Exact.ZERO;
  /** Pool scope key ('city' or the town). */
  scope = 'city';
  /** The pool this row draws from (set once pools are formed). */
  pool: PoolResult | null = null;
  /** Units from the floor of the ideal, and the one unit of the largest remainder (0 or 1). */
  floorFen: Fen = fen(0);
  bonusFen: Fen = fen(0);
  rewardFen: Fen = fen(0);
  payableFen: Fen = fen(0);
  /** The rules' own remark (一肩挑 …), '' when none. */
  note = '';
  /** Year end in a village with unkept commitments, paid rows only. */
  deposit: DepositOutcome | null = null;

  constructor(
    readonly record: CadreRecord,
    readonly village: VillageResult,
  ) {}

  /** The exact ideal reward in fen: (P − returned) × points / Σ points of its pool. */
  get idealRewardFen(): Exact {
    const p = this.pool;
    if (!p || !this.paid || p.points.isZero()) return Exact.ZERO;
    return idealShare(p.allocatableFen, this.points, p.points);
  }
}

export interface PoolResult {
  scope: string;
  /** P = Σ share over the scope's cadres. */
  poolFen: Fen;
  /** Shares of zero-point cadres taken out under `forfeit: return`. */
  returnedFen: Fen;
  /** What was divided: P − returned. */
  allocatableFen: Fen;
  points: Exact;
  /** Allocatable pool in yuan per point, exact; null when Σ points = 0. */
  valuePerPoint: Exact | null;
  allocatedFen: Fen;
  remainderFen: Fen;
  cadres: number;
}

export interface Totals {
  villages: number;
  cadres: number;
  people: number;
  paid: number;
  totalFen: Fen;
  baseFen: Fen;
  shareFen: Fen;
  rewardFen: Fen;
  payableFen: Fen;
  remainderFen: Fen;
}

export interface TownTotals extends Omit<Totals, 'remainderFen'> {
  town: string;
}

export interface RunResult {
  asOf: IsoDate;
  /** The as-of date is before 31 December of the policy year (预计). */
  provisional: boolean;
  villages: VillageResult[];
  /** In roster order: town and village as listed in 村庄, then cadre rows as listed. */
  cadres: CadreResult[];
  pools: PoolResult[];
  towns: TownTotals[];
  totals: Totals;
  findings: Finding[];
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const g = m.get(k);
    if (g) g.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** rules.md §3: which rows are paid (unpaid roles and the lower posts of one person in one village are not). */
export function decidePosts(cadres: readonly CadreRecord[], policy: Policy): Map<CadreRecord, UnpaidReason> {
  const out = new Map<CadreRecord, UnpaidReason>();
  const subsidized: CadreRecord[] = [];
  for (const c of cadres) {
    if (roleOf(policy, c.role)) subsidized.push(c);
    else out.set(c, 'unpaid_role');
  }
  if (policy.concurrentPosts === 'sum') {
    for (const c of subsidized) out.set(c, null);
    return out;
  }
  for (const group of groupBy(subsidized, (c) => `${c.idNumber}\u0000${c.villageCode}`).values()) {
    let best = group[0] as CadreRecord;
    for (const c of group) {
      const cmp = ratioOf(c, policy).cmp(ratioOf(best, policy));
      if (cmp > 0 || (cmp === 0 && c.seq < best.seq)) best = c;
    }
    for (const c of group) out.set(c, c === best ? null : 'concurrent');
  }
  return out;
}

/** The ratio in force for a row of a subsidized role (rules.md §1: 拟定比例 when given). */
export function ratioOf(c: CadreRecord, policy: Policy): Exact {
  const role = roleOf(policy, c.role);
  if (!role) return Exact.ZERO;
  return c.ratio ?? role.ratio;
}

/** The end of the policy year as an ISO date. */
export function yearEnd(policy: Policy): IsoDate {
  return `${policy.year}-12-31`;
}

/**
 * The whole of rules.md for one run: standards, proration, posts, scores, pools,
 * allocation, deposits and sanctions. Pure: the as-of date and last year's sanctions
 * are passed in. Findings are the run-level problems only the rules can see (a village
 * with no score, a scope with no points).
 */
export function computeRun(input: RunInput, policy: Policy, opts: RunOptions): RunResult {
  const findings: Finding[] = [];
  const provisional = opts.asOf < yearEnd(policy);
  const unitsFen = unitFen(policy.rounding);

  // Villages: standard, ledger, composite score.
  const ledgers = ledgerByVillage(
    input.villages.map((v) => v.code),
    input.commitments,
    opts.asOf,
    policy.supervision.days,
  );
  const scoresByVillage = groupBy(input.scores, (s) => s.villageCode);
  const villages = new Map<string, VillageResult>();
  const villageOrder = new Map<string, number>();
  input.villages.forEach((v, i) => {
    const ledger = ledgers.get(v.code) as VillageLedger;
    const c = ledger.assessed > 0 ? Exact.HUNDRED.mul(Exact.of(ledger.passed, ledger.assessed)) : null;
    const score = villageScore(scoresByVillage.get(v.code) ?? ([] as ScoreRecord[]), c, policy);
    if (score.score === null) {
      findings.push(
        fieldFinding(opts.allowMissingScores ? 'warning' : 'error', 'score_missing', v.src, 'code', v.code, {
          village: v.name,
        }),
      );
    }
    villages.set(v.code, {
      record: v,
      standard: villageStandard(v, policy),
      score,
      ledger,
      unkept: !provisional && hasUnkept(ledger),
    });
    villageOrder.set(v.code, i);
  });

  // Cadres in roster order.
  const keyed = input.cadres.map((c) => ({ c, k: villageOrder.get(c.villageCode) ?? 0 }));
  keyed.sort((a, b) => a.k - b.k || a.c.seq - b.c.seq);
  const ordered = keyed.map((x) => x.c);
  const posts = decidePosts(ordered, policy);
  const cadres: CadreResult[] = ordered.map((c) => {
    const village = villages.get(c.villageCode);
    if (!village) throw new Error(`cadre row ${c.src.row} refers to unknown village ${c.villageCode}`);
    const r = new CadreResult(c, village);
    r.role = roleOf(policy, c.role) ?? null;
    r.unpaidReason = posts.has(c) ? (posts.get(c) as UnpaidReason) : 'unpaid_role';
    r.paid = r.unpaidReason === null;
    r.ratio = ratioOf(c, policy);
    const vs = village.score.score;
    r.score = vs === null ? null : cadreScore(vs, c.adjustment);
    r.grade = r.score === null ? null : gradeOf(r.score, policy);
    r.scope = policy.reward.poolScope === 'city' ? 'city' : village.record.town;
    r.note = r.unpaidReason === 'concurrent' ? CONCURRENT_REMARK : '';
    if (r.paid) {
      const p = prorate(village.standard.standardFen, r.ratio, c.months, policy);
      r.totalFen = p.totalFen;
      r.shareFen = p.shareFen;
      r.baseFen = p.baseFen;
      r.payableFen = p.baseFen;
      if (r.score !== null && r.grade !== null)
        r.points = pointsFor(r.ratio, c.months, r.score, r.grade, policy);
      if (village.unkept) {
        r.deposit = depositOutcome(
          c.role,
          village.ledger,
          opts.previousSanctions?.has(c.idNumber) ?? false,
          policy,
        );
      }
    }
    return r;
  });

  // Pools and allocation (rules.md §5).
  const pools: PoolResult[] = [];
  for (const [scope, members] of groupBy(cadres, (c) => c.scope)) {
    const poolFen = sumFen(members.map((c) => c.shareFen));
    const returnedFen =
      policy.reward.forfeit === 'return'
        ? sumFen(members.filter((c) => c.paid && c.points.isZero()).map((c) => c.shareFen))
        : fen(0);
    const allocatableFen = fen(poolFen - returnedFen);
    const takers = members.filter((c) => c.paid);
    const alloc: Allocation = allocateLargestRemainder(
      BigInt(allocatableFen) / unitsFen,
      takers.map((c) => ({
        points: c.points,
        idNumber: c.record.idNumber,
        roleOrder: c.role?.order ?? Number.MAX_SAFE_INTEGER,
        seq: c.record.seq,
      })),
    );
    takers.forEach((c, i) => {
      c.floorFen = fen(((alloc.units[i] as bigint) - BigInt(alloc.bonus[i] as number)) * unitsFen);
      c.bonusFen = fen(BigInt(alloc.bonus[i] as number) * unitsFen);
      c.rewardFen = fen((alloc.units[i] as bigint) * unitsFen);
      c.payableFen = fen(c.baseFen + c.rewardFen);
    });
    const points = takers.reduce((a, c) => a.add(c.points), Exact.ZERO);
    const allocatedFen = sumFen(takers.map((c) => c.rewardFen));
    if (points.isZero() && poolFen > 0) {
      findings.push({
        level: 'warning',
        code: 'pool_zero_points',
        file: '',
        sheet: '',
        row: 0,
        column: '',
        header: '',
        value: scope,
        params: { scope, pool: poolFen / 100 },
      });
    }
    const pool: PoolResult = {
      scope,
      poolFen,
      returnedFen,
      allocatableFen,
      points,
      valuePerPoint: points.isZero() ? null : Exact.of(allocatableFen).div(Exact.of(100)).div(points),
      allocatedFen,
      remainderFen: fen(poolFen - allocatedFen),
      cadres: members.length,
    };
    for (const c of members) c.pool = pool;
    pools.push(pool);
  }

  const towns: TownTotals[] = [];
  const cadresByTown = groupBy(cadres, (c) => c.village.record.town);
  for (const [town, vs] of groupBy([...villages.values()], (v) => v.record.town)) {
    towns.push({ town, ...totalsOf(cadresByTown.get(town) ?? [], vs.length) });
  }
  const totals: Totals = {
    ...totalsOf(cadres, villages.size),
    remainderFen: sumFen(pools.map((p) => p.remainderFen)),
  };
  return {
    asOf: opts.asOf,
    provisional,
    villages: [...villages.values()],
    cadres,
    pools,
    towns,
    totals,
    findings,
  };
}

function totalsOf(cs: readonly CadreResult[], villages: number): Omit<Totals, 'remainderFen'> {
  const paid = cs.filter((c) => c.paid);
  return {
    villages,
    cadres: cs.length,
    people: new Set(cs.map((c) => c.record.idNumber)).size,
    paid: paid.length,
    totalFen: sumFen(paid.map((c) => c.totalFen)),
    baseFen: sumFen(paid.map((c) => c.baseFen)),
    shareFen: sumFen(paid.map((c) => c.shareFen)),
    rewardFen: sumFen(paid.map((c) => c.rewardFen)),
    payableFen: sumFen(paid.map((c) => c.payableFen)),
  };
}

/**
 * rules.md §0 "nothing is lost": the checks a run must pass before anything is written.
 * Returns every broken invariant as text (empty when the run balances to the fen).
 */
export function checkBalances(r: RunResult): string[] {
  const bad: string[] = [];
  for (const p of r.pools) {
    const members = r.cadres.filter((c) => c.scope === p.scope);
    const share = sumFen(members.map((c) => c.shareFen));
    const reward = sumFen(members.map((c) => c.rewardFen));
    if (share !== p.poolFen) bad.push(`pool ${p.scope}: Σ share ${share} ≠ pool ${p.poolFen}`);
    if (reward !== p.allocatedFen)
      bad.push(`pool ${p.scope}: Σ reward ${reward} ≠ allocated ${p.allocatedFen}`);
    if (p.allocatedFen + p.remainderFen !== p.poolFen)
      bad.push(`pool ${p.scope}: allocated + remainder ≠ pool`);
    if (!p.points.isZero() && p.allocatedFen !== p.allocatableFen)
      bad.push(`pool ${p.scope}: not all of the pool was allocated`);
  }
  for (const c of r.cadres) {
    const where = `row ${c.record.src.row} (${c.record.src.sheet})`;
    if (c.baseFen + c.shareFen !== c.totalFen) bad.push(`${where}: base + share ≠ total`);
    if (c.baseFen + c.rewardFen !== c.payableFen) bad.push(`${where}: base + reward ≠ payable`);
    if (c.baseFen < 0 || c.rewardFen < 0) bad.push(`${where}: negative amount`);
    if (!c.paid && (c.totalFen || c.shareFen || c.baseFen || c.rewardFen || c.payableFen))
      bad.push(`${where}: unpaid row with an amount`);
    if (c.deposit && c.deposit.forfeitFen + c.deposit.refundFen !== c.deposit.depositFen)
      bad.push(`${where}: deposit does not balance`);
  }
  const t = r.totals;
  if (t.baseFen + t.rewardFen !== t.payableFen) bad.push('totals: base + reward ≠ payable');
  if (t.shareFen !== t.rewardFen + t.remainderFen) bad.push('totals: Σ share ≠ Σ reward + remainder');
  const townPayable = sumFen(r.towns.map((x) => x.payableFen));
  if (townPayable !== t.payableFen) bad.push('totals: Σ towns ≠ total payable');
  return bad;
}
