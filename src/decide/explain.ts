/**
 * `explain` (spec/decide.md): one person's whole chain from the roster alone — household
 * band → standard → ratio → months → total → reward share → base; Q, H, C → S → grade →
 * points → pool ÷ Σ points → ideal reward → rounding → reward; deposit and sanction;
 * payable. Every step is worked out again from the roster's own numbers and the policy
 * parameters it records, and checked against what the roster says: a step that does not
 * agree is a finding (the roster was edited), never silently shown. Pure.
 */
import { Exact } from '../rules/exact.js';
import type { Finding } from '../rules/findings.js';
import { formatYuan, roundHalfUpToUnit, unitFen } from '../rules/money.js';
import type { Grade } from '../rules/types.js';
import type { RecordedPolicy } from './policy-record.js';
import type { DepositLine, DetailLine, PoolLine, RosterBook, RosterLine } from './types.js';

/** One step of the chain: what it is (key, labelled by the report), the formula with the person's numbers, the result. */
export interface Step {
  key: StepKey;
  formula: string;
  value: string;
}

export type StepKey =
  | 'band'
  | 'standard'
  | 'ratio'
  | 'months'
  | 'total'
  | 'share'
  | 'base'
  | 'villageScore'
  | 'score'
  | 'grade'
  | 'points'
  | 'pool'
  | 'ideal'
  | 'reward'
  | 'deposit'
  | 'sanction'
  | 'hold'
  | 'payable'
  | 'unpaid';

export interface ExplainedRow {
  line: RosterLine;
  detail: DetailLine | null;
  deposit: DepositLine | null;
  pool: PoolLine | null;
  steps: Step[];
}

export interface Explanation {
  idNumber: string;
  name: string;
  rows: ExplainedRow[];
  findings: Finding[];
}

const y = (f: number): string => formatYuan(f);
const TWELVE = Exact.of(12);

/** Text of an exact decimal, shortest exact form up to 4 places, else 4 places with ≈. */
function num(x: Exact): string {
  const t = x.toString();
  const dot = t.indexOf('.');
  return dot >= 0 && t.length - dot - 1 > 4 ? `≈${x.toFixed(4)}` : t;
}

function dec(t: string): Exact | null {
  return t === '' ? null : Exact.tryParse(t);
}

/** The ID as typed, made comparable: NFKC (full-width digits), trimmed, upper-case X. */
export function normaliseId(id: string): string {
  return id.normalize('NFKC').trim().toUpperCase();
}

/** The last 4 characters of an ID, the rest masked (a document handed to the person). */
export function maskId(id: string): string {
  return id.length <= 4 ? id : `${'*'.repeat(id.length - 4)}${id.slice(-4)}`;
}

/** The band of `h` households: its range and amount. */
function bandOf(
  h: number,
  policy: RecordedPolicy,
): { from: number; to: number | null; amountFen: number } | null {
  let from = 1;
  for (const b of policy.bands) {
    if (b.maxHouseholds === null || h <= b.maxHouseholds)
      return { from, to: b.maxHouseholds, amountFen: b.amountFen };
    from = b.maxHouseholds + 1;
  }
  return null;
}

class Checker {
  readonly findings: Finding[] = [];
  constructor(
    private readonly file: string,
    private readonly row: number,
  ) {}
  /** Records a mismatch between what the roster says and what its numbers give. */
  same(header: string, said: string, got: string): void {
    if (said === got) return;
    this.findings.push({
      level: 'error',
      code: 'explain_mismatch',
      file: this.file,
      sheet: '计算明细',
      row: this.row,
      column: '',
      header,
      value: said,
      params: { expected: got },
    });
  }
}

const SCOPE_CITY = '全市';

function explainRow(
  book: RosterBook,
  policy: RecordedPolicy,
  line: RosterLine,
  detail: DetailLine | null,
  deposit: DepositLine | null,
): { row: ExplainedRow; findings: Finding[] } {
  const check = new Checker(book.file, line.excelRow);
  const steps: Step[] = [];
  const step = (key: StepKey, formula: string, value: string) => steps.push({ key, formula, value });
  const pool =
    book.pools.find((p) => p.scope === (policy.reward.poolScope === 'city' ? SCOPE_CITY : line.town)) ?? null;
  const rounding = policy.rounding;
  const round = (x: Exact): number => roundHalfUpToUnit(x, rounding);

  // household band → standard
  const band = bandOf(line.households, policy);
  if (band) {
    const range = band.to === null ? `${band.from}+` : `${band.from}–${band.to}`;
    step('band', `${line.households} ∈ ${range}`, y(band.amountFen));
    if (detail) check.same('档次标准', y(detail.bandFen), y(band.amountFen));
    const factors = detail?.uplift
      ? [...detail.uplift.matchAll(/(\d+(?:\.\d+)?)/g)].map((m) => Exact.parse(m[1] as string))
      : [];
    if (factors.length) {
      const product = factors.reduce((a, f) => a.mul(f), Exact.ONE);
      const b = round(Exact.of(band.amountFen).mul(product));
      step('standard', `${y(band.amountFen)} × ${detail?.uplift}`, y(b));
      check.same('补贴标准', y(line.standardFen), y(b));
    } else {
      step('standard', y(band.amountFen), y(line.standardFen));
      check.same('补贴标准', y(line.standardFen), y(band.amountFen));
    }
  }

  if (!line.paid) {
    step('unpaid', line.remark, '0.00');
    if (line.score) step('score', line.score, line.grade);
    for (const [h, v] of [
      ['补贴总额', line.totalFen],
      ['奖励补贴', line.rewardFen],
      ['应发合计', line.payableFen],
    ] as const)
      check.same(h, y(v), y(0));
    return { row: { line, detail, deposit, pool, steps }, findings: check.findings };
  }

  // ratio, months → total, share, base
  const r = dec(line.ratio) ?? Exact.ZERO;
  const m = line.months;
  step('ratio', `${line.role} ${line.ratio}`, line.ratio);
  step('months', `${m}`, `${m}/12`);
  const part = r.mul(Exact.of(m)).div(TWELVE);
  const total = round(Exact.of(line.standardFen).mul(part));
  step('total', `${y(line.standardFen)} × ${line.ratio} × ${m} / 12`, y(line.totalFen));
  check.same('补贴总额', y(line.totalFen), y(total));
  const share = round(Exact.of(policy.reward.shareFen).mul(part));
  step('share', `${y(policy.reward.shareFen)} × ${line.ratio} × ${m} / 12`, y(line.shareFen));
  check.same('奖励提取', y(line.shareFen), y(share));
  step('base', `${y(line.totalFen)} − ${y(line.shareFen)}`, y(line.baseFen));
  check.same('基本补贴', y(line.baseFen), y(line.totalFen - line.shareFen));

  // Q, H, C → S_village → S → grade → points
  const s = dec(line.score);
  if (detail && s) {
    const w = policy.score.weights;
    const terms: string[] = [];
    let den = Exact.ZERO;
    for (const [label, x, wt] of [
      ['Q', detail.quarterly, w.quarterly],
      ['H', detail.halfYear, w.halfYear],
      ['C', detail.commitments, w.commitments],
    ] as const) {
      if (x === '' || wt.isZero()) continue;
      terms.push(`${num(wt)}×${label} ${x}`);
      den = den.add(wt);
    }
    const sum = terms.join(' + ');
    step('villageScore', den.eq(Exact.ONE) ? sum : `(${sum}) / ${num(den)}`, detail.villageScore);
    const sv = dec(detail.villageScore);
    const adj = dec(detail.adjustment);
    if (sv) {
      const raw = adj ? sv.add(adj) : sv;
      const clamped = raw.max(Exact.ZERO).min(Exact.HUNDRED);
      const sign = adj?.isNegative() ? '−' : '+';
      const abs = adj ? (adj.isNegative() ? Exact.ZERO.sub(adj) : adj) : Exact.ZERO;
      step(
        'score',
        adj && !adj.isZero()
          ? `${sv.toFixed(2)} ${sign} ${abs.toFixed(2)}${raw.eq(clamped) ? '' : ' (0–100)'}`
          : sv.toFixed(2),
        s.toFixed(2),
      );
      check.same('综合得分', s.toFixed(2), clamped.toFixed(2));
    }
    const g = policy.score.gradeLines;
    const grade: Grade = s.ge(g.优秀) ? '优秀' : s.ge(g.良好) ? '良好' : s.ge(g.合格) ? '合格' : '不合格';
    step(
      'grade',
      grade === '不合格' ? `${s.toFixed(2)} < ${num(g.合格)}` : `${s.toFixed(2)} ≥ ${num(g[grade])}`,
      line.grade,
    );
    check.same('等次', line.grade, grade);

    const rw = policy.reward;
    const head = `${line.ratio} × ${m}`;
    let points: Exact;
    let formula: string;
    if (rw.method === 'above_floor') {
      points = r.mul(Exact.of(m)).mul(s.sub(rw.floor).max(Exact.ZERO));
      formula = `${head} × max(0, ${s.toFixed(2)} − ${num(rw.floor)})`;
    } else if (rw.method === 'linear') {
      points = r.mul(Exact.of(m)).mul(s);
      formula = `${head} × ${s.toFixed(2)}`;
    } else {
      points = r.mul(Exact.of(m)).mul(rw.grades[grade]);
      formula = `${head} × ${num(rw.grades[grade])} (${grade})`;
    }
    step('points', formula, num(points));
    check.same('积分', detail.points === '' ? '' : Exact.parse(detail.points).toFixed(4), points.toFixed(4));

    // pool ÷ Σ points → ideal → rounding → reward
    const sumPoints = pool ? dec(pool.points) : null;
    if (pool && sumPoints && !sumPoints.isZero()) {
      step('pool', `${y(pool.allocatedFen)} ÷ ${pool.points}`, pool.valuePerPoint);
      const idealFen = Exact.of(pool.allocatedFen).mul(points).div(sumPoints);
      const ideal = idealFen.div(Exact.HUNDRED);
      step('ideal', `${y(pool.allocatedFen)} × ${num(points)} / ${pool.points}`, ideal.toFixed(4));
      if (detail.ideal !== '') check.same('理论奖励', Exact.parse(detail.ideal).toFixed(4), ideal.toFixed(4));
      const u = unitFen(rounding);
      const floorFen = Number((idealFen.floor() / u) * u);
      const bonusFen = detail.bonus === '' ? 0 : Number(Exact.parse(detail.bonus).mul(Exact.HUNDRED).floor());
      const floorText = `${ideal.toFixed(4)} → ${y(floorFen)}`;
      step('reward', bonusFen ? `${floorText} + ${y(bonusFen)}` : floorText, y(line.rewardFen));
      check.same('奖励补贴', y(line.rewardFen), y(floorFen + bonusFen));
      if (bonusFen !== 0 && BigInt(bonusFen) !== u) check.same('尾差调整', y(bonusFen), y(Number(u)));
    } else {
      step('reward', pool ? '0 (Σ = 0)' : '0', y(line.rewardFen));
      check.same('奖励补贴', y(line.rewardFen), y(0));
    }
  } else {
    step('reward', '0', y(line.rewardFen));
    check.same('奖励补贴', y(line.rewardFen), y(0));
  }

  // deposit and sanction
  if (deposit) {
    const [bad, assessed] = deposit.unkept.split('/').map(Number) as [number, number];
    const forfeit = assessed > 0 ? round(Exact.of(deposit.depositFen).mul(Exact.of(bad, assessed))) : 0;
    step('deposit', `${y(deposit.depositFen)} × ${bad}/${assessed}`, y(deposit.forfeitFen));
    check.same('扣发', y(deposit.forfeitFen), y(forfeit));
    check.same('退还', y(deposit.refundFen), y(deposit.depositFen - deposit.forfeitFen));
    step('sanction', deposit.items, deposit.sanction);
  }
  if (line.hold) step('hold', line.hold, '');
  step('payable', `${y(line.baseFen)} + ${y(line.rewardFen)}`, y(line.payableFen));
  check.same('应发合计', y(line.payableFen), y(line.baseFen + line.rewardFen));
  if (detail) {
    check.same('应发合计', y(detail.payableFen), y(line.payableFen));
    check.same('奖励补贴', y(detail.rewardFen), y(line.rewardFen));
  }
  return { row: { line, detail, deposit, pool, steps }, findings: check.findings };
}

const UNIT_ZH = { fen: '分', jiao: '角', yuan: '元' } as const;

/** The formulas of the chain once, in Chinese, with the recorded policy's numbers (the 说明单's note). */
export function methodLineZh(policy: RecordedPolicy): string {
  const rw = policy.reward;
  const points =
    rw.method === 'above_floor'
      ? `比例×月数×max(0，综合得分−${num(rw.floor)})`
      : rw.method === 'linear'
        ? '比例×月数×综合得分'
        : '比例×月数×等次系数';
  const unit = UNIT_ZH[policy.rounding];
  return [
    `补贴总额＝补贴标准×比例×任职月数÷12，奖励提取＝${y(rw.shareFen)}×比例×任职月数÷12（四舍五入到${unit}）`,
    '基本补贴＝补贴总额−奖励提取',
    `积分＝${points}`,
    `理论奖励＝奖励池×积分÷积分合计，舍至${unit}后按最大余额法补足`,
    '应发合计＝基本补贴＋奖励补贴',
  ].join('；');
}

/**
 * The chain of every row of `idNumber` (only `role`'s when given) in roster order; null
 * when the roster has no such row. The roster's recorded policy is required.
 */
export function explainPerson(
  book: RosterBook,
  policy: RecordedPolicy,
  idNumber: string,
  role?: string,
): Explanation | null {
  const id = normaliseId(idNumber);
  const lines = book.rows.filter((r) => r.idNumber === id && (role === undefined || r.role === role));
  if (!lines.length) return null;
  const details = new Map(book.details.map((d) => [d.serial, d]));
  const findings: Finding[] = [];
  const rows = lines.map((line) => {
    const detail = details.get(line.serial) ?? null;
    const deposit =
      book.deposits.find(
        (d) => d.idNumber === line.idNumber && d.villageCode === line.villageCode && d.role === line.role,
      ) ?? null;
    const x = explainRow(book, policy, line, detail, deposit);
    findings.push(...x.findings);
    return x.row;
  });
  return { idNumber: id, name: lines[0]?.name ?? '', rows, findings };
}
