import { allocateUnits, idealShare } from './allocate.js';
import { type DepositOutcome, depositOutcome } from './deposit.js';
import { Exact } from './exact.js';
import { type Finding, fieldFinding } from './findings.js';
import { Groups, strHash } from './group.js';
import { hasUnkept, ledgerByVillage, type VillageLedger } from './ledger.js';
import { type Fen, fen, sumFen, unitFen } from './money.js';
import { cadreScore, gradeOf, pointsFor, type VillageScore, villageScore } from './score.js';
import { type Proration, prorate, roleOf, standards, type VillageStandard } from './standard.js';
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
  /** Position in the 村庄 list of the run (0-based): the roster's village order. */
  order: number;
}

export type UnpaidReason = 'unpaid_role' | 'concurrent' | null;

/**
 * One cadre row's whole chain of rules.md (a class so the ideal reward, needed only to
 * explain an amount, is computed on demand instead of stored for every row).
 */
export class CadreResult {
  /** The subsidized role, or null for an unpaid role. */
  role: RolePolicy | null = null;
  unpaidReason: UnpaidReason = 'unpaid_role';
  totalFen: Fen = fen(0);
  shareFen: Fen = fen(0);
  /** S = clamp(S_village + adjustment); null when the village has no score. */
  score: Exact | null = null;
  grade: Grade | null = null;
  points: Exact = Exact.ZERO;
  /** The pool this row draws from (set once pools are formed). */
  pool: PoolResult | null = null;
  /** The one unit of the largest remainder (0 or one unit), and the whole reward. */
  bonusFen: Fen = fen(0);
  rewardFen: Fen = fen(0);
  /** Year end in a village with unkept commitments, paid rows only. */
  deposit: DepositOutcome | null = null;

  // What follows is worked out from the fields above, not stored: a province holds a
  // million of these.

  constructor(
    readonly record: CadreRecord,
    readonly village: VillageResult,
  ) {}

  get paid(): boolean {
    return this.unpaidReason === null;
  }
  /** The ratio in force: the row's 拟定比例 when given, else the role's; 0 for unpaid roles. */
  get ratio(): Exact {
    return this.role ? (this.record.ratio ?? this.role.ratio) : Exact.ZERO;
  }
  /** base = total − share (rules.md §2). */
  get baseFen(): Fen {
    return fen(this.totalFen - this.shareFen);
  }
  /** Units from the floor of the ideal. */
  get floorFen(): Fen {
    return fen(this.rewardFen - this.bonusFen);
  }
  get payableFen(): Fen {
    return fen(this.baseFen + this.rewardFen);
  }
  /** Pool scope key ('city' or the town). */
  get scope(): string {
    return this.pool?.scope ?? 'city';
  }
  /** The rules' own remark (一肩挑 …), '' when none. */
  get note(): string {
    return this.unpaidReason === 'concurrent' ? CONCURRENT_REMARK : '';
  }

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

/** A row of the posts decision: its record, and where its unpaid reason goes. */
interface PostRow {
  readonly record: CadreRecord;
  unpaidReason: UnpaidReason;
}

/**
 * rules.md §3 within one village's rows: each person's best post is paid, the others are
 * 'concurrent' (higher ratio first, then the row listed first). A village has a handful of
 * rows: no key is built per row (a province has a million).
 */
function decideVillage(rows: readonly PostRow[], policy: Policy): void {
  if (rows.length === 1) {
    (rows[0] as PostRow).unpaidReason = null;
    return;
  }
  const best = new Map<string, CadreRecord>();
  for (const { record: c } of rows) {
    const b = best.get(c.idNumber);
    if (!b) {
      best.set(c.idNumber, c);
      continue;
    }
    const cmp = ratioOf(c, policy).cmp(ratioOf(b, policy));
    if (cmp > 0 || (cmp === 0 && c.seq < b.seq)) best.set(c.idNumber, c);
  }
  for (const r of rows) r.unpaidReason = best.get(r.record.idNumber) === r.record ? null : 'concurrent';
}

/** The rows with each village's rows next to each other, in their order (the rows themselves when they already are). */
function byVillage<T extends PostRow>(rows: T[]): readonly T[] {
  const ended = new Set<string>();
  let together = true;
  for (let i = 1; i < rows.length && together; i++) {
    const prev = (rows[i - 1] as T).record.villageCode;
    const code = (rows[i] as T).record.villageCode;
    if (code === prev) continue;
    ended.add(prev);
    if (ended.has(code)) together = false;
  }
  if (together) return rows;
  return [...groupBy(rows, (r) => r.record.villageCode).values()].flat();
}

/** Sets the unpaid reason of every row (rules.md §3): unpaid roles, then one paid post per person and village. */
function decideAll(rows: PostRow[], policy: Policy): void {
  const subsidized: PostRow[] = [];
  for (const r of rows) {
    if (roleOf(policy, r.record.role)) subsidized.push(r);
    else r.unpaidReason = 'unpaid_role';
  }
  if (policy.concurrentPosts === 'sum') {
    for (const r of subsidized) r.unpaidReason = null;
    return;
  }
  const sorted = byVillage(subsidized);
  let from = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (
      i < sorted.length &&
      (sorted[i] as PostRow).record.villageCode === (sorted[from] as PostRow).record.villageCode
    )
      continue;
    decideVillage(sorted.slice(from, i), policy);
    from = i;
  }
}

/** rules.md §3: which rows are paid (unpaid roles and the lower posts of one person in one village are not). */
export function decidePosts(cadres: readonly CadreRecord[], policy: Policy): Map<CadreRecord, UnpaidReason> {
  const rows: PostRow[] = cadres.map((record) => ({ record, unpaidReason: 'unpaid_role' }));
  decideAll(rows, policy);
  return new Map(rows.map((r) => [r.record, r.unpaidReason]));
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
  return computeCadres(computeVillages(input, policy, opts), input.cadres, policy, opts);
}

/**
 * The villages' part of a run (rules.md §1, §4, §6): each village's standard, ledger and
 * composite score, in the order listed. The score rows are not read after it, so a caller
 * holding a province's can let them go before computeCadres builds a million results
 * (runSubsidy does: 56 MB at 1,048,575 rows).
 */
export interface VillageStage {
  readonly provisional: boolean;
  /** By village code, in the order listed. */
  readonly villages: ReadonlyMap<string, VillageResult>;
  /** The findings so far (a village with no score); computeCadres adds its own. */
  readonly findings: readonly Finding[];
  /** Equal exact values as one object; the cadre part interns its scores in the same table. */
  readonly exact: ExactInterner;
}

/** The first part of computeRun: see VillageStage. */
export function computeVillages(
  input: Pick<RunInput, 'villages' | 'commitments' | 'scores'>,
  policy: Policy,
  opts: RunOptions,
): VillageStage {
  const findings: Finding[] = [];
  const provisional = opts.asOf < yearEnd(policy);

  // Villages: standard, ledger, composite score. Equal exact values are one object (a
  // province's 400,000 villages share a few thousand scores), so cadres' points can be
  // worked out once per score, ratio and months.
  const exact = new ExactInterner();
  const standardOf = standards(policy);
  const ledgers = ledgerByVillage(
    input.villages.map((v) => v.code),
    input.commitments,
    opts.asOf,
    policy.supervision.days,
  );
  const scoresByVillage = groupBy(input.scores, (s) => s.villageCode);
  const villages = new Map<string, VillageResult>();
  input.villages.forEach((v, order) => {
    const ledger = ledgers.get(v.code) as VillageLedger;
    const c = exact.of(ledger.completion);
    const s = villageScore(scoresByVillage.get(v.code) ?? ([] as ScoreRecord[]), c, policy);
    const score: VillageScore = {
      quarterly: exact.of(s.quarterly),
      halfYear: exact.of(s.halfYear),
      commitments: c,
      exact: exact.of(s.exact),
      score: exact.of(s.score),
    };
    if (score.score === null) {
      findings.push(
        fieldFinding(opts.allowMissingScores ? 'warning' : 'error', 'score_missing', v.src, 'code', v.code, {
          village: v.name,
        }),
      );
    }
    villages.set(v.code, {
      record: v,
      standard: standardOf(v),
      score,
      ledger,
      unkept: !provisional && hasUnkept(ledger),
      order,
    });
  });
  scoresByVillage.clear();
  return { provisional, villages, findings, exact };
}

/** The second part of computeRun: posts, points, pools and allocation, deposits and totals. */
export function computeCadres(
  stage: VillageStage,
  records: readonly CadreRecord[],
  policy: Policy,
  opts: RunOptions,
): RunResult {
  const { provisional, villages, exact } = stage;
  const findings = [...stage.findings];
  const unitsFen = unitFen(policy.rounding);

  // Cadres in roster order: villages as listed, then rows as listed.
  const cadres: CadreResult[] = records.map((c) => {
    const village = villages.get(c.villageCode);
    if (!village) throw new Error(`cadre row ${c.src.row} refers to unknown village ${c.villageCode}`);
    return new CadreResult(c, village);
  });
  cadres.sort((a, b) => a.village.order - b.village.order || a.record.seq - b.record.seq);
  decideAll(cadres, policy);

  const prorations = new Memo<Proration>();
  const points = new Memo<Exact>();
  const grades = new Map<Exact, Grade>();
  const scopeOf = (r: CadreResult) => (policy.reward.poolScope === 'city' ? 'city' : r.village.record.town);
  for (const r of cadres) {
    const c = r.record;
    const village = r.village;
    r.role = roleOf(policy, c.role) ?? null;
    const vs = village.score.score;
    r.score = vs === null ? null : exact.of(cadreScore(vs, c.adjustment));
    if (r.score !== null) {
      let g = grades.get(r.score);
      if (g === undefined) {
        g = gradeOf(r.score, policy);
        grades.set(r.score, g);
      }
      r.grade = g;
    }
    if (r.paid) {
      const ratio = r.ratio;
      const standardFen = village.standard.standardFen;
      const p = prorations.get(ratio, standardFen * 16 + c.months, () =>
        prorate(standardFen, ratio, c.months, policy),
      );
      r.totalFen = p.totalFen;
      r.shareFen = p.shareFen;
      const score = r.score;
      const grade = r.grade;
      if (score !== null && grade !== null) {
        r.points = points.get(ratio, c.months, () => pointsFor(ratio, c.months, score, grade, policy), score);
      }
      if (village.unkept) {
        r.deposit = depositOutcome(
          c.role,
          village.ledger,
          opts.previousSanctions?.has(c.idNumber) ?? false,
          policy,
        );
      }
    }
  }

  // Pools and allocation (rules.md §5).
  const pools: PoolResult[] = [];
  for (const [scope, members] of groupBy(cadres, scopeOf)) {
    let shares = 0;
    let returned = 0;
    const takers: CadreResult[] = [];
    for (const c of members) {
      shares += c.shareFen;
      if (!c.paid) continue;
      takers.push(c);
      if (policy.reward.forfeit === 'return' && c.points.isZero()) returned += c.shareFen;
    }
    const poolFen = fen(shares);
    const returnedFen = fen(returned);
    const allocatableFen = fen(poolFen - returnedFen);
    const alloc = allocateUnits(BigInt(allocatableFen) / unitsFen, {
      length: takers.length,
      points: (i) => (takers[i] as CadreResult).points,
      idNumber: (i) => (takers[i] as CadreResult).record.idNumber,
      roleOrder: (i) => (takers[i] as CadreResult).role?.order ?? Number.MAX_SAFE_INTEGER,
      seq: (i) => (takers[i] as CadreResult).record.seq,
    });
    const unit = Number(unitsFen);
    let allocated = 0;
    takers.forEach((c, i) => {
      c.bonusFen = fen((alloc.bonus[i] as number) * unit);
      c.rewardFen = fen((alloc.units[i] as number) * unit);
      allocated += c.rewardFen;
    });
    const pointSum = sumExact(takers.map((c) => c.points));
    const allocatedFen = fen(allocated);
    if (pointSum.isZero() && poolFen > 0) {
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
      points: pointSum,
      valuePerPoint: pointSum.isZero() ? null : Exact.of(allocatableFen).div(Exact.of(100)).div(pointSum),
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

/**
 * Σ of exact values over one common denominator (adding a million fractions one by one
 * reduces by a gcd each time).
 */
function sumExact(xs: readonly Exact[]): Exact {
  const byDen = new Map<bigint, bigint>();
  for (const x of xs) byDen.set(x.d, (byDen.get(x.d) ?? 0n) + x.n);
  let s = Exact.ZERO;
  for (const [d, n] of byDen) s = s.add(Exact.of(n, d));
  return s;
}

/** One object per exact value (equal scores of many villages share it). */
export class ExactInterner {
  private readonly byD = new Map<bigint, Map<bigint, Exact>>();
  of<T extends Exact | null>(x: T): T {
    if (x === null) return x;
    let byN = this.byD.get(x.d);
    if (!byN) {
      byN = new Map();
      this.byD.set(x.d, byN);
    }
    const found = byN.get(x.n);
    if (found) return found as T;
    byN.set(x.n, x);
    return x;
  }
}

/** Values worked out once per (exact value, number[, second exact value]), the exact values by identity. */
class Memo<V> {
  private readonly m = new Map<Exact, Map<number, V | Map<Exact, V>>>();
  get(a: Exact, k: number, make: () => V, b?: Exact): V {
    let inner = this.m.get(a);
    if (!inner) {
      inner = new Map();
      this.m.set(a, inner);
    }
    if (b === undefined) {
      let v = inner.get(k) as V | undefined;
      if (v === undefined) {
        v = make();
        inner.set(k, v);
      }
      return v;
    }
    let byB = inner.get(k) as Map<Exact, V> | undefined;
    if (!byB) {
      byB = new Map();
      inner.set(k, byB);
    }
    let v = byB.get(b);
    if (v === undefined) {
      v = make();
      byB.set(b, v);
    }
    return v;
  }
}

function totalsOf(cs: readonly CadreResult[], villages: number): Omit<Totals, 'remainderFen'> {
  // Distinct ID numbers: a table of row indices, not a Set of a province's million IDs
  // (made at the end of compute, when everything else is held too).
  const id = (i: number) => (cs[i] as CadreResult).record.idNumber;
  const people = new Groups(
    cs.length,
    (i) => strHash(id(i)),
    (i, j) => id(i) === id(j),
  ).keys();
  let paid = 0;
  const sums = { total: 0, base: 0, share: 0, reward: 0, payable: 0 };
  for (const c of cs) {
    if (!c.paid) continue;
    paid++;
    sums.total += c.totalFen;
    sums.base += c.baseFen;
    sums.share += c.shareFen;
    sums.reward += c.rewardFen;
    sums.payable += c.payableFen;
  }
  return {
    villages,
    cadres: cs.length,
    people,
    paid,
    totalFen: fen(sums.total),
    baseFen: fen(sums.base),
    shareFen: fen(sums.share),
    rewardFen: fen(sums.reward),
    payableFen: fen(sums.payable),
  };
}

/**
 * rules.md §0 "nothing is lost": the checks a run must pass before anything is written.
 * Returns every broken invariant as text (empty when the run balances to the fen).
 */
export function checkBalances(r: RunResult): string[] {
  const bad: string[] = [];
  // Σ share and Σ reward per scope in one pass (a province has a town pool per town).
  const sums = new Map<string, { share: number; reward: number }>();
  for (const c of r.cadres) {
    const t = sums.get(c.scope) ?? { share: 0, reward: 0 };
    t.share += c.shareFen;
    t.reward += c.rewardFen;
    sums.set(c.scope, t);
  }
  for (const p of r.pools) {
    const t = sums.get(p.scope) ?? { share: 0, reward: 0 };
    const share = fen(t.share);
    const reward = fen(t.reward);
    if (share !== p.poolFen) bad.push(`pool ${p.scope}: Σ share ${share} ≠ pool ${p.poolFen}`);
    if (reward !== p.allocatedFen)
      bad.push(`pool ${p.scope}: Σ reward ${reward} ≠ allocated ${p.allocatedFen}`);
    if (p.allocatedFen + p.remainderFen !== p.poolFen)
      bad.push(`pool ${p.scope}: allocated + remainder ≠ pool`);
    if (!p.points.isZero() && p.allocatedFen !== p.allocatableFen)
      bad.push(`pool ${p.scope}: not all of the pool was allocated`);
  }
  for (const c of r.cadres) {
    // the row's place only for a message: `src` is made when asked (a RowRef per call)
    const at = (what: string) => `row ${c.record.src.row} (${c.record.src.sheet}): ${what}`;
    if (c.baseFen + c.shareFen !== c.totalFen) bad.push(at('base + share ≠ total'));
    if (c.baseFen + c.rewardFen !== c.payableFen) bad.push(at('base + reward ≠ payable'));
    if (c.baseFen < 0 || c.rewardFen < 0) bad.push(at('negative amount'));
    if (!c.paid && (c.totalFen || c.shareFen || c.baseFen || c.rewardFen || c.payableFen))
      bad.push(at('unpaid row with an amount'));
    if (c.deposit && c.deposit.forfeitFen + c.deposit.refundFen !== c.deposit.depositFen)
      bad.push(at('deposit does not balance'));
  }
  const t = r.totals;
  if (t.baseFen + t.rewardFen !== t.payableFen) bad.push('totals: base + reward ≠ payable');
  if (t.shareFen !== t.rewardFen + t.remainderFen) bad.push('totals: Σ share ≠ Σ reward + remainder');
  const townPayable = sumFen(r.towns.map((x) => x.payableFen));
  if (townPayable !== t.payableFen) bad.push('totals: Σ towns ≠ total payable');
  return bad;
}
