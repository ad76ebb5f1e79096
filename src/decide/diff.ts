/**
 * `diff` (spec/decide.md): what changed between two rosters and, where the rules make it
 * known, why. Rows are matched by ID + village code + role; every row counts, paid or
 * not. A row whose only change is its reward (and so its payable) moved with the shared
 * pool is a pool-only move: counted and summarised, listed only when asked. Pure: the
 * rosters come in as records.
 */
import { Exact } from '../rules/exact.js';
import type { Finding } from '../rules/findings.js';
import { formatYuan } from '../rules/money.js';
import type { Grade } from '../rules/types.js';
import type { RecordedPolicy } from './policy-record.js';
import { lineKey, type PoolLine, type RosterBook, type RosterLine } from './types.js';

/** A changed field: header of the roster, old and new value (fen for money, decimal text for scores and ratios). */
export interface FieldChange {
  field: string;
  old: string | number;
  new: string | number;
}

/** One rule-known cause of a row's change; rendered as text by the report. */
export type Reason =
  | { kind: 'band'; households: [number, number]; standardFen: [number, number] }
  | { kind: 'households'; households: [number, number]; standardFen: number }
  | { kind: 'standard'; standardFen: [number, number] }
  | { kind: 'months'; months: [number, number] }
  | { kind: 'ratio'; ratio: [string, string] }
  | { kind: 'score'; score: [string, string]; grade: [string, string]; points: [string, string] | null }
  | { kind: 'paid'; paid: [boolean, boolean]; remark: string }
  | { kind: 'pool' };

export interface ChangedRow {
  idNumber: string;
  name: string;
  villageCode: string;
  town: string;
  role: string;
  fields: FieldChange[];
  reasons: Reason[];
  /** Δ 应发合计 in fen. */
  payableDeltaFen: number;
  poolOnly: boolean;
}

export interface Side {
  file: string;
  digest: string;
  approved: boolean;
  signed: boolean;
  /** The 花名册 rows are not what the digest in 校验 covers (edited since subsidy wrote it). */
  edited: boolean;
  /** Approvals recorded for this roster's digest (dept, by). */
  approvals: { dept: string; by: string }[];
  required: string[];
  provisional: boolean;
  asOf: string;
}

export interface Sums {
  cadres: number;
  paid: number;
  totalFen: number;
  baseFen: number;
  shareFen: number;
  rewardFen: number;
  payableFen: number;
}

export interface DiffResult {
  old: Side;
  new: Side;
  /** Whether the old roster's approvals cover the new one (never when a digested field changed). */
  approvalsCover: boolean;
  added: RosterLine[];
  removed: RosterLine[];
  /** Changed rows in the new roster's order, pool-only moves left out. */
  changed: ChangedRow[];
  poolOnly: { count: number; maxFen: number; rows: ChangedRow[] };
  pools: { scope: string; old: PoolLine | null; new: PoolLine | null }[];
  totals: { old: Sums; new: Sums; towns: { town: string; old: Sums; new: Sums }[] };
  findings: Finding[];
}

/** The approvals every roster needs when its policy is not recorded (the default policy's). */
const DEFAULT_REQUIRED = ['组织部', '财政局'];

/** The fields a row is compared on, by roster header, in the roster's order. */
const FIELDS: { field: string; get: (r: RosterLine) => string | number; digested: boolean }[] = [
  { field: '镇街', get: (r) => r.town, digested: true },
  { field: '村名', get: (r) => r.villageName, digested: false },
  { field: '户数', get: (r) => r.households, digested: false },
  { field: '补贴标准', get: (r) => r.standardFen, digested: false },
  { field: '姓名', get: (r) => r.name, digested: true },
  { field: '任职月数', get: (r) => r.months, digested: true },
  { field: '比例', get: (r) => r.ratio, digested: true },
  { field: '发放', get: (r) => (r.paid ? '是' : '否'), digested: true },
  { field: '补贴总额', get: (r) => r.totalFen, digested: false },
  { field: '基本补贴', get: (r) => r.baseFen, digested: true },
  { field: '奖励提取', get: (r) => r.shareFen, digested: false },
  { field: '综合得分', get: (r) => r.score, digested: false },
  { field: '等次', get: (r) => r.grade, digested: false },
  { field: '奖励补贴', get: (r) => r.rewardFen, digested: true },
  { field: '应发合计', get: (r) => r.payableFen, digested: true },
  { field: '开户行', get: (r) => r.bank, digested: true },
  { field: '银行卡号', get: (r) => r.account, digested: true },
  { field: '暂停发放', get: (r) => r.hold, digested: true },
  { field: '备注', get: (r) => r.remark, digested: false },
];

/** Fields that move with the pool alone. */
const POOL_FIELDS = new Set(['奖励补贴', '应发合计']);

function fieldChanges(o: RosterLine, n: RosterLine): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of FIELDS) {
    const a = f.get(o);
    const b = f.get(n);
    if (a !== b) out.push({ field: f.field, old: a, new: b });
  }
  return out;
}

/** points = r × m × f(S) under the recorded policy; null when it cannot be known. */
function pointsOf(r: RosterLine, policy: RecordedPolicy | null): string | null {
  if (!policy || !r.paid || r.score === '' || r.ratio === '') return null;
  const s = Exact.tryParse(r.score);
  const ratio = Exact.tryParse(r.ratio);
  if (!s || !ratio) return null;
  const m = ratio.mul(Exact.of(r.months));
  const rw = policy.reward;
  const f =
    rw.method === 'above_floor'
      ? s.sub(rw.floor).max(Exact.ZERO)
      : rw.method === 'linear'
        ? s
        : (rw.grades[r.grade as Grade] ?? null);
  return f === null ? null : m.mul(f).toString();
}

function reasonsOf(
  o: RosterLine,
  n: RosterLine,
  fields: FieldChange[],
  policy: RecordedPolicy | null,
): Reason[] {
  const changed = new Set(fields.map((f) => f.field));
  const out: Reason[] = [];
  if (changed.has('户数')) {
    out.push(
      changed.has('补贴标准')
        ? {
            kind: 'band',
            households: [o.households, n.households],
            standardFen: [o.standardFen, n.standardFen],
          }
        : { kind: 'households', households: [o.households, n.households], standardFen: n.standardFen },
    );
  } else if (changed.has('补贴标准')) {
    out.push({ kind: 'standard', standardFen: [o.standardFen, n.standardFen] });
  }
  if (changed.has('任职月数')) out.push({ kind: 'months', months: [o.months, n.months] });
  if (changed.has('比例')) out.push({ kind: 'ratio', ratio: [o.ratio, n.ratio] });
  if (changed.has('发放')) out.push({ kind: 'paid', paid: [o.paid, n.paid], remark: n.remark });
  if (changed.has('综合得分') || changed.has('等次')) {
    const po = pointsOf(o, policy);
    const pn = pointsOf(n, policy);
    out.push({
      kind: 'score',
      score: [o.score, n.score],
      grade: [o.grade, n.grade],
      points: po !== null && pn !== null ? [po, pn] : null,
    });
  }
  // The reward moved though nothing of the row's own that sets its points did: the pool did.
  const own = ['综合得分', '等次', '任职月数', '比例', '发放'].some((f) => changed.has(f));
  if (changed.has('奖励补贴') && !own) out.push({ kind: 'pool' });
  return out;
}

function sums(rows: readonly RosterLine[]): Sums {
  const s: Sums = { cadres: 0, paid: 0, totalFen: 0, baseFen: 0, shareFen: 0, rewardFen: 0, payableFen: 0 };
  for (const r of rows) {
    s.cadres++;
    if (r.paid) s.paid++;
    s.totalFen += r.totalFen;
    s.baseFen += r.baseFen;
    s.shareFen += r.shareFen;
    s.rewardFen += r.rewardFen;
    s.payableFen += r.payableFen;
  }
  return s;
}

function side(b: RosterBook): Side {
  const required = b.policy?.approval.required ?? DEFAULT_REQUIRED;
  const edited = b.rowsDigest !== '' && b.rowsDigest !== b.digest;
  const valid = edited ? [] : b.approvals.filter((a) => a.digest === b.digest && a.digest !== '');
  const approved = required.length > 0 && required.every((d) => valid.some((a) => a.dept === d));
  return {
    file: b.file,
    digest: b.digest,
    approved,
    signed: approved && b.signed,
    edited,
    approvals: valid.map((a) => ({ dept: a.dept, by: a.by })),
    required,
    provisional: b.provisional,
    asOf: b.asOf,
  };
}

function warning(code: string, file: string, value: string, params: Record<string, string>): Finding {
  return { level: 'warning', code, file, sheet: '校验', row: 0, column: '', header: '', value, params };
}

/** The difference between two rosters (old first). */
export function diffRosters(old: RosterBook, now: RosterBook): DiffResult {
  const findings: Finding[] = [];
  if (old.city !== now.city)
    findings.push(warning('diff_city_differs', now.file, now.city, { old: old.city, new: now.city }));
  if (old.year !== now.year)
    findings.push(
      warning('diff_year_differs', now.file, String(now.year), {
        old: String(old.year),
        new: String(now.year),
      }),
    );

  const before = new Map<string, RosterLine>();
  for (const r of old.rows) before.set(lineKey(r), r);
  const seen = new Set<string>();
  const added: RosterLine[] = [];
  const changed: ChangedRow[] = [];
  const poolRows: ChangedRow[] = [];
  let digestedChange = false;
  let maxFen = 0;
  for (const n of now.rows) {
    const key = lineKey(n);
    const o = before.get(key);
    if (!o || seen.has(key)) {
      added.push(n);
      continue;
    }
    seen.add(key);
    const fields = fieldChanges(o, n);
    if (!fields.length) continue;
    if (fields.some((f) => FIELDS.find((x) => x.field === f.field)?.digested)) digestedChange = true;
    const poolOnly = fields.every((f) => POOL_FIELDS.has(f.field));
    const row: ChangedRow = {
      idNumber: n.idNumber,
      name: n.name,
      villageCode: n.villageCode,
      town: n.town,
      role: n.role,
      fields,
      reasons: poolOnly ? [{ kind: 'pool' }] : reasonsOf(o, n, fields, now.policy),
      payableDeltaFen: n.payableFen - o.payableFen,
      poolOnly,
    };
    if (poolOnly) {
      poolRows.push(row);
      maxFen = Math.max(maxFen, Math.abs(n.rewardFen - o.rewardFen));
    } else {
      changed.push(row);
    }
  }
  const removed = old.rows.filter((r) => !seen.has(lineKey(r)));
  // a row of the old roster matched twice (a duplicate key) is also not covered
  if (added.length || removed.length) digestedChange = true;

  const towns = new Map<string, { old: RosterLine[]; new: RosterLine[] }>();
  const townOf = (t: string) => {
    let x = towns.get(t);
    if (!x) {
      x = { old: [], new: [] };
      towns.set(t, x);
    }
    return x;
  };
  for (const r of now.rows) townOf(r.town).new.push(r);
  for (const r of old.rows) townOf(r.town).old.push(r);

  const poolScopes = [...new Set([...old.pools.map((p) => p.scope), ...now.pools.map((p) => p.scope)])];
  const oldSide = side(old);
  const newSide = side(now);
  return {
    old: oldSide,
    new: newSide,
    approvalsCover:
      oldSide.approved &&
      !oldSide.edited &&
      !newSide.edited &&
      !digestedChange &&
      old.digest !== '' &&
      old.digest === now.digest,
    added,
    removed,
    changed,
    poolOnly: { count: poolRows.length, maxFen, rows: poolRows },
    pools: poolScopes.map((scope) => ({
      scope,
      old: old.pools.find((p) => p.scope === scope) ?? null,
      new: now.pools.find((p) => p.scope === scope) ?? null,
    })),
    totals: {
      old: sums(old.rows),
      new: sums(now.rows),
      towns: [...towns].map(([town, x]) => ({ town, old: sums(x.old), new: sums(x.new) })),
    },
    findings,
  };
}

/** Roster headers whose values are money (fen in JSON, yuan in text). */
export const MONEY_FIELDS = new Set(['补贴标准', '补贴总额', '基本补贴', '奖励提取', '奖励补贴', '应发合计']);

/** A field's value as shown: money in yuan, empty as —. */
export function shownValue(f: string, v: string | number): string {
  if (MONEY_FIELDS.has(f) && typeof v === 'number') return formatYuan(v);
  const t = String(v);
  return t === '' ? '—' : t;
}

/** "户数 198 → 203" */
export function fieldText(c: FieldChange): string {
  return `${c.field} ${shownValue(c.field, c.old)} → ${shownValue(c.field, c.new)}`;
}

/** A row's reasons in Chinese, joined. */
export function reasonTextZh(row: ChangedRow): string {
  return row.reasons.map(reasonZh).join('；');
}

/** Whole yuan without decimals ("1,500"), else two decimals ("1,512.50"). */
export function shortYuan(f: number): string {
  const t = formatYuan(f);
  return t.endsWith('.00') ? t.slice(0, -3) : t;
}

/** A reason in Chinese, as the spec writes it ("户数 198 → 203：档次 1,500 → 1,900"). */
export function reasonZh(r: Reason): string {
  switch (r.kind) {
    case 'band':
      return `户数 ${r.households[0]} → ${r.households[1]}：档次 ${shortYuan(r.standardFen[0])} → ${shortYuan(r.standardFen[1])}`;
    case 'households':
      return `户数 ${r.households[0]} → ${r.households[1]}：档次不变（${shortYuan(r.standardFen)}）`;
    case 'standard':
      return `补贴标准 ${shortYuan(r.standardFen[0])} → ${shortYuan(r.standardFen[1])}（户数未变：政策或上浮变化）`;
    case 'months':
      return `任职月数 ${r.months[0]} → ${r.months[1]}：补贴总额和奖励提取按 ${r.months[1]}/12 计`;
    case 'ratio':
      return `比例 ${r.ratio[0] || '—'} → ${r.ratio[1] || '—'}`;
    case 'score': {
      const parts = [`综合得分 ${r.score[0] || '—'} → ${r.score[1] || '—'}`];
      if (r.grade[0] !== r.grade[1]) parts.push(`等次 ${r.grade[0] || '—'} → ${r.grade[1] || '—'}`);
      const pts = r.points
        ? r.points[0] === r.points[1]
          ? `：积分不变（${r.points[0]}）`
          : `：积分 ${r.points[0]} → ${r.points[1]}`
        : '';
      return parts.join('，') + pts;
    }
    case 'paid':
      return `发放 ${r.paid[0] ? '是' : '否'} → ${r.paid[1] ? '是' : '否'}${r.remark ? `（${r.remark}）` : ''}`;
    case 'pool':
      return '奖励池分配变动（分值变化）';
  }
}

/** The same in English (field names stay the roster's headers). */
export function reasonEn(r: Reason): string {
  switch (r.kind) {
    case 'band':
      return `户数 (households) ${r.households[0]} → ${r.households[1]}: band ${shortYuan(r.standardFen[0])} → ${shortYuan(r.standardFen[1])}`;
    case 'households':
      return `户数 (households) ${r.households[0]} → ${r.households[1]}: same band (${shortYuan(r.standardFen)})`;
    case 'standard':
      return `补贴标准 (standard) ${shortYuan(r.standardFen[0])} → ${shortYuan(r.standardFen[1])} (households unchanged: policy or uplift)`;
    case 'months':
      return `任职月数 (months) ${r.months[0]} → ${r.months[1]}: total and share prorated ${r.months[1]}/12`;
    case 'ratio':
      return `比例 (ratio) ${r.ratio[0] || '—'} → ${r.ratio[1] || '—'}`;
    case 'score': {
      const parts = [`综合得分 (score) ${r.score[0] || '—'} → ${r.score[1] || '—'}`];
      if (r.grade[0] !== r.grade[1]) parts.push(`等次 (grade) ${r.grade[0] || '—'} → ${r.grade[1] || '—'}`);
      const pts = r.points
        ? r.points[0] === r.points[1]
          ? `: points unchanged (${r.points[0]})`
          : `: points ${r.points[0]} → ${r.points[1]}`
        : '';
      return parts.join(', ') + pts;
    }
    case 'paid':
      return `发放 (paid) ${r.paid[0] ? 'yes' : 'no'} → ${r.paid[1] ? 'yes' : 'no'}${r.remark ? ` (${r.remark})` : ''}`;
    case 'pool':
      return 'the shared reward pool moved (value per point)';
  }
}
