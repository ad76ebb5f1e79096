/**
 * 审批花名册-YEAR.xlsx (spec/outputs.md): the internal approval roster with full ID and
 * card numbers — sheets 花名册, 汇总, 计算明细, 践诺奖惩 and 校验.
 */
import { policyRecordRows } from '../../../decide/policy-record.js';
import type { CadreResult, PoolResult, RunResult } from '../../../rules/compute.js';
import { Exact } from '../../../rules/exact.js';
import { formatYuan } from '../../../rules/money.js';
import { joinRemarks } from '../../../rules/remark.js';
import { GRADES, type Policy } from '../../../rules/types.js';
import { zhDate } from '../../xlsx/dates.js';
import { EXCEL_MAX_ROWS } from '../../xlsx/grid.js';
import { fitsPlaces, fixedText, RecentCache, yuanPlain } from '../../xlsx/layout.js';
import { type CellInput, type Column, SAMPLE_ROWS, type XlsxOptions, XlsxWriter } from '../../xlsx/writer.js';
import { type Approval, drawManifest, MANIFEST_SHEET, type Manifest } from '../manifest.js';
import { CREATOR, signatureLabels } from '../style.js';
import {
  type DigestManifest,
  type DigestRow,
  digestManifestOf,
  MANIFEST_DIGEST_FIELDS,
  manifestFieldCode,
  ROW_DIGEST_HEADERS,
  ROW_DIGEST_SHEET,
  RowDigestBook,
} from './digest.js';

/** The page header of 计算明细, whose print area is its title alone. */
export const DETAIL_NOT_PRINTED =
  '计算明细列数较多，不宜打印：请在 Excel 或 WPS 中查看；审批打印用“花名册”表';

export interface OutputMeta {
  manifest: Manifest;
  /** subsidy --key: the preparer's signed line (dept 制表) over the roster digest, once it is known. */
  sign?: (rosterDigest: string) => Approval;
  /** ISO date of the run, for 公示期 and 日期. */
  runDate: string;
  /** The deflate level of the zip (default xlsx-fast's DEFAULT_LEVEL). */
  level?: number;
  /** Runs of more cadre rows get the brief 说明 (default FULL_EXPLAIN_MAX_ROWS; tests lower it). */
  fullExplainMaxRows?: number;
}

export const ROSTER_SHEETS = {
  roster: '花名册',
  summary: '汇总',
  detail: '计算明细',
  deposits: '践诺奖惩',
} as const;

/** spec/outputs.md 花名册, in this order. */
export const ROSTER_HEADERS = [
  '序号',
  '镇街',
  '村代码',
  '村名',
  '户数',
  '补贴标准',
  '职务',
  '姓名',
  '身份证号',
  '任职月数',
  '比例',
  '发放',
  '补贴总额',
  '基本补贴',
  '奖励提取',
  '综合得分',
  '等次',
  '奖励补贴',
  '应发合计',
  '开户行',
  '银行卡号',
  '暂停发放',
  '备注',
] as const;

/**
 * The remark of a row of a role the policy does not subsidize. The rules give such rows no
 * note; the roster says why they are 0, and the roster reader takes an empty 比例 as "not paid".
 */
export const UNPAID_ROLE_REMARK = '非补贴职务，不计发';

const RATIO: Column = { header: '比例', kind: 'decimal', places: 4, numFmt: '0.0###' };
const SCORE: Column = { header: '综合得分', kind: 'decimal', places: 2, numFmt: '0.00' };

const ROSTER_COLUMNS: Column[] = [
  { header: '序号', kind: 'int', align: 'center' },
  { header: '镇街', kind: 'text', maxWidth: 12 },
  { header: '村代码', kind: 'code' },
  { header: '村名', kind: 'text', maxWidth: 14 },
  { header: '户数', kind: 'int' },
  { header: '补贴标准', kind: 'money' },
  { header: '职务', kind: 'text', align: 'center' },
  { header: '姓名', kind: 'text', align: 'center' },
  { header: '身份证号', kind: 'code' },
  { header: '任职月数', kind: 'int', align: 'center' },
  RATIO,
  { header: '发放', kind: 'text', align: 'center' },
  { header: '补贴总额', kind: 'money' },
  { header: '基本补贴', kind: 'money' },
  { header: '奖励提取', kind: 'money' },
  SCORE,
  { header: '等次', kind: 'text', align: 'center' },
  { header: '奖励补贴', kind: 'money' },
  { header: '应发合计', kind: 'money' },
  { header: '开户行', kind: 'text', maxWidth: 12 },
  { header: '银行卡号', kind: 'code' },
  { header: '暂停发放', kind: 'text', maxWidth: 10 },
  { header: '备注', kind: 'text', maxWidth: 16 },
];

export const SUMMARY_TOWN_HEADERS = [
  '镇街',
  '村数',
  '干部数',
  '计发人数',
  '补贴总额',
  '基本补贴',
  '奖励提取',
  '奖励补贴',
  '应发合计',
] as const;
export const SUMMARY_POOL_HEADERS = [
  '奖励池范围',
  '奖励池',
  '积分合计',
  '分值（元/分）',
  '已分配',
  '结余',
  '说明',
] as const;

export const DETAIL_HEADERS = [
  '序号',
  '镇街',
  '村名',
  '姓名',
  '职务',
  '户数',
  '档次标准',
  '上浮系数',
  '补贴标准',
  '比例',
  '任职月数',
  '补贴总额',
  '奖励提取',
  '基本补贴',
  '季度考核Q',
  '半年考核H',
  '承诺兑现C',
  '村综合得分',
  '个人加减分',
  '综合得分',
  '等次',
  '积分',
  '理论奖励',
  '尾差调整',
  '奖励补贴',
  '应发合计',
  '说明',
] as const;

export const DEPOSIT_HEADERS = [
  '序号',
  '镇街',
  '村代码',
  '村名',
  '姓名',
  '身份证号',
  '职务',
  '保证金',
  '扣发',
  '退还',
  '处理',
  '未兑现/考核',
  '未兑现事项',
] as const;

/** 审批花名册-2012.xlsx */
export function rosterFileName(year: number): string {
  return `审批花名册-${year}.xlsx`;
}

/** The digest row of one 花名册 row (role: the canonical role; bank, account, hold as in the input). */
function digestRowOf(c: CadreResult): DigestRow {
  return {
    idNumber: c.record.idNumber,
    name: c.record.name,
    villageCode: c.record.villageCode,
    town: c.village.record.town,
    role: c.record.role,
    ratio: c.role ? fixedText(c.ratio, 4) : '',
    months: c.record.months,
    paid: c.paid,
    baseFen: c.baseFen,
    rewardFen: c.rewardFen,
    payableFen: c.payableFen,
    bank: c.record.bank,
    account: c.record.account,
    hold: c.record.hold,
  };
}

/** One digest row per 花名册 row, in order. */
export function rosterDigestRows(run: RunResult): DigestRow[] {
  return run.cadres.map(digestRowOf);
}

/** The title of every roster sheet: city, year, the part, 预计 and the as-of date. */
function rosterTitle(policy: Policy, run: RunResult, part: string): string {
  const base = `${policy.city}${policy.year}年度农村干部补贴审批花名册`;
  const asOf = `截至${zhDate(run.asOf)}`;
  return `${base}${part ? `·${part}` : ''}（${run.provisional ? `预计，${asOf}` : asOf}）`;
}

/** 备注 of a 花名册 row: the rules' note (or why an unpaid role is 0) and the input remark, each said once. */
export function rosterRemark(c: CadreResult): string {
  const own = c.note || (c.unpaidReason === 'unpaid_role' ? UNPAID_ROLE_REMARK : '');
  return joinRemarks(own, c.record.remark);
}

/**
 * Bounds for the columns of a table longer than xlsx-fast measures (SAMPLE_ROWS): values
 * at least as wide as any cell, so a late row never shows ####. Undefined for a city.
 */
interface Widest {
  count: number;
  households: number;
  bandFen: number;
  standardFen: number;
  points: Exact;
  ideal: Exact;
}

function widestOf(run: RunResult): Widest | undefined {
  if (run.cadres.length <= SAMPLE_ROWS) return undefined;
  let households = 0;
  let bandFen = 0;
  let standardFen = 0;
  for (const v of run.villages) {
    households = Math.max(households, v.record.households);
    bandFen = Math.max(bandFen, v.standard.bandFen);
    standardFen = Math.max(standardFen, v.standard.standardFen);
  }
  let points = Exact.ZERO;
  for (const c of run.cadres) if (c.points.gt(points)) points = c.points;
  // The ideal reward is at most the largest pool, in yuan.
  let pool = 0;
  for (const p of run.pools) pool = Math.max(pool, p.allocatableFen);
  return {
    count: run.cadres.length,
    households,
    bandFen,
    standardFen,
    points,
    ideal: Exact.of(pool, 100),
  };
}

/** A column with a `widest` bound when there is one. */
function bound(c: Column, widest: CellInput | undefined): Column {
  return widest === undefined ? c : { ...c, widest };
}

/** Every score shows at most this wide: −100.00 to 100.00 with up to 4 decimals. */
const WIDEST_SCORE = Exact.parse('-99.9999');
const WIDEST_RATIO = Exact.parse('0.8888');

async function rosterSheet(
  xw: XlsxWriter,
  run: RunResult,
  policy: Policy,
  meta: OutputMeta,
  wide?: Widest,
  book?: RowDigestBook,
): Promise<number> {
  const sb = await xw.sheet(ROSTER_SHEETS.roster);
  sb.title(rosterTitle(policy, run, ''));
  const columns = wide
    ? ROSTER_COLUMNS.map((c) =>
        bound(
          c,
          {
            序号: wide.count,
            户数: wide.households,
            补贴标准: wide.standardFen,
            比例: WIDEST_RATIO,
            综合得分: WIDEST_SCORE,
          }[c.header],
        ),
      )
    : ROSTER_COLUMNS;
  const row = (i: number): CellInput[] => {
    const c = run.cadres[i] as CadreResult;
    const v = c.village.record;
    // the row's digest made while its fields are at hand (行摘要 is written from the book)
    book?.offer(i, c, digestRowOf);
    return [
      i + 1,
      v.town,
      v.code,
      v.name,
      v.households,
      c.village.standard.standardFen,
      c.record.role,
      c.record.name,
      c.record.idNumber,
      c.record.months,
      c.role ? c.ratio : null,
      c.paid ? '是' : '否',
      c.totalFen,
      c.baseFen,
      c.shareFen,
      c.score,
      c.grade ?? '',
      c.rewardFen,
      c.payableFen,
      c.record.bank,
      c.record.account,
      c.record.hold,
      rosterRemark(c),
    ];
  };
  const t = run.totals;
  const total: CellInput[] = ROSTER_COLUMNS.map(() => null);
  total[0] = '合计';
  const at = (h: (typeof ROSTER_HEADERS)[number]) => ROSTER_HEADERS.indexOf(h);
  total[at('补贴总额')] = t.totalFen;
  total[at('基本补贴')] = t.baseFen;
  total[at('奖励提取')] = t.shareFen;
  total[at('奖励补贴')] = t.rewardFen;
  total[at('应发合计')] = t.payableFen;
  const placed = sb.table(columns, { length: run.cadres.length, get: row }, total);
  sb.signature(signatureLabels(meta.manifest.preparedBy, meta.runDate));
  // Printed two A4 landscape pages wide, 序号 to 村名 repeated on each, the halves of the same
  // rows one after the other: one page wide its 22 columns printed at about 5 pt, A3 at
  // under 7 (docs/decisions.md).
  await sb.finish({ freezeColumns: 0, print: { pagesWide: 2, repeatColumns: 4 } });
  return placed.firstDataRow;
}

function scopeName(scope: string): string {
  return scope === 'city' ? '全市' : scope;
}

function poolNote(p: PoolResult): string {
  const parts: string[] = [];
  if (p.points.isZero() && p.poolFen > 0) parts.push('积分合计为0，未分配，奖励池全部列为结余');
  if (p.returnedFen > 0)
    parts.push(`积分为0人员的提取额${formatYuan(p.returnedFen, false)}元按政策退回，列为结余`);
  return parts.join('；');
}

async function summarySheet(xw: XlsxWriter, run: RunResult, policy: Policy, meta: OutputMeta): Promise<void> {
  const sb = await xw.sheet(ROSTER_SHEETS.summary);
  sb.title(rosterTitle(policy, run, '汇总'));
  const money = (header: string): Column => ({ header, kind: 'money' });
  const int = (header: string): Column => ({ header, kind: 'int' });
  const townCols: Column[] = [
    { header: '镇街', kind: 'text', maxWidth: 16 },
    int('村数'),
    int('干部数'),
    int('计发人数'),
    money('补贴总额'),
    money('基本补贴'),
    money('奖励提取'),
    money('奖励补贴'),
    money('应发合计'),
  ];
  const t = run.totals;
  sb.table(
    townCols,
    run.towns.map((x) => [
      x.town,
      x.villages,
      x.cadres,
      x.paid,
      x.totalFen,
      x.baseFen,
      x.shareFen,
      x.rewardFen,
      x.payableFen,
    ]),
    ['合计', t.villages, t.cadres, t.paid, t.totalFen, t.baseFen, t.shareFen, t.rewardFen, t.payableFen],
  );
  sb.blank();
  const poolCols: Column[] = [
    { header: '奖励池范围', kind: 'text', maxWidth: 16 },
    money('奖励池'),
    { header: '积分合计', kind: 'decimal', places: 4, numFmt: '#,##0.00##' },
    { header: '分值（元/分）', kind: 'decimal', places: 4, numFmt: '0.0000', minWidth: 8 },
    money('已分配'),
    money('结余'),
    { header: '说明', kind: 'text', maxWidth: 36 },
  ];
  sb.table(
    poolCols,
    run.pools.map((p) => [
      scopeName(p.scope),
      p.poolFen,
      p.points,
      p.valuePerPoint,
      p.allocatedFen,
      p.remainderFen,
      poolNote(p),
    ]),
  );
  sb.signature(signatureLabels(meta.manifest.preparedBy, meta.runDate));
  await sb.finish();
}

// ---------------------------------------------------------------------------------------
// 计算明细: the whole chain of rules.md, with a 说明 that spells the formula with the numbers.

const y = yuanPlain;

const NUM = new RecentCache<Exact, string>();

/**
 * An exact value in short decimal text: up to 4 places exact, else 4 places with ≈.
 * Remembered among the last few (ratios, weights and village scores recur row after row).
 */
function num(x: Exact): string {
  // exact within 4 places: the shortest decimal text (trailing zeros dropped)
  return NUM.get(x, (k) => (fitsPlaces(k, 4) ? trimZeros(fixedText(k, 4)) : `≈${fixedText(k, 4)}`));
}

const HUNDRED = Exact.of(100);

/**
 * An exact amount of fen as yuan with 4 decimals, rounded half up (the ideal reward of
 * 计算明细): one BigInt division, where x.div(100).toFixed(4) builds and reduces two
 * more rationals.
 */
export function yuan4(fenAmount: Exact): string {
  if (fenAmount.n < 0n) return fenAmount.div(HUNDRED).toFixed(4);
  const den = fenAmount.d;
  const q = (200n * fenAmount.n + den) / (2n * den);
  const digits = q.toString().padStart(5, '0');
  return `${digits.slice(0, -4)}.${digits.slice(-4)}`;
}

/** "129.8500" → "129.85", "12.0000" → "12". */
function trimZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}
const f2 = (x: Exact): string => fixedText(x, 2);

const UPLIFT_LABEL = { weak: '薄弱村', inland: '内陆镇' } as const;

function upliftText(c: CadreResult, policy: Policy): string[] {
  const u = policy.uplift;
  const v = c.village.record;
  const out: string[] = [];
  if (!u) return out;
  if (v.weak && u.weakVillage) out.push(`${num(u.weakVillage)}(${UPLIFT_LABEL.weak})`);
  if (u.inlandTown && u.inlandTowns.includes(v.town))
    out.push(`${num(u.inlandTown)}(${UPLIFT_LABEL.inland})`);
  return out;
}

const VILLAGE_TEXT = new RecentCache<object, string>();

/** The village's score line, the same for every cadre of the village: remembered (bounded), not rebuilt per row. */
function villageScoreText(c: CadreResult, policy: Policy): string {
  return VILLAGE_TEXT.get(c.village, () => villageScoreLine(c, policy));
}

function villageScoreLine(c: CadreResult, policy: Policy): string {
  const s = c.village.score;
  if (s.score === null) return '';
  const w = policy.score.weights;
  const terms: string[] = [];
  let den = Exact.ZERO;
  for (const [x, wt] of [
    [s.quarterly, w.quarterly],
    [s.halfYear, w.halfYear],
    [s.commitments, w.commitments],
  ] as const) {
    if (x === null || wt.isZero()) continue;
    terms.push(`${num(wt)}×${num(x)}`);
    den = den.add(wt);
  }
  const sum = terms.join('+');
  const expr = den.eq(Exact.ONE) ? sum : `(${sum})/${num(den)}`;
  return `村得分=${expr}=${f2(s.score)}`;
}

function pointsText(c: CadreResult, policy: Policy): string {
  if (c.score === null || c.grade === null) return '';
  const head = `积分=${num(c.ratio)}×${c.record.months}`;
  switch (policy.reward.method) {
    case 'above_floor': {
      const f = policy.reward.floor;
      return c.score.ge(f)
        ? `${head}×(${f2(c.score)}−${num(f)})=${num(c.points)}`
        : `${head}×max(0,${f2(c.score)}−${num(f)})=0`;
    }
    case 'linear':
      return `${head}×${f2(c.score)}=${num(c.points)}`;
    case 'grades':
      return `${head}×${num(policy.reward.grades[c.grade])}(${c.grade})=${num(c.points)}`;
  }
}

const UNIT_NAME = { fen: '分', jiao: '角', yuan: '元' } as const;

/** One person in one village (the 一肩挑 rows of a person share it). */
export function personKey(c: CadreResult): string {
  return `${c.record.idNumber}\t${c.record.villageCode}`;
}

/**
 * The roster index of the first paid row of `c`'s person in `c`'s village (the row a
 * 一肩挑 second post points to). A village's rows are next to each other in the roster
 * (town, village, then as listed), so the search covers that stretch around `at`, the
 * index of `c` when known; otherwise, or if the stretch has no such row, the whole roster.
 * (A map of every paid person, built once, took 1.9 s and ~100 MB at 1 M rows for the
 * few 一肩挑 rows that need it.)
 */
function paidRowFor(run: RunResult, c: CadreResult, at?: number): number {
  const rows = run.cadres;
  const same = (o: CadreResult): boolean =>
    o.paid && o.record.idNumber === c.record.idNumber && o.record.villageCode === c.record.villageCode;
  if (at !== undefined && rows[at] === c) {
    let from = at;
    while (from > 0 && (rows[from - 1] as CadreResult).record.villageCode === c.record.villageCode) from--;
    for (let i = from; i < rows.length; i++) {
      const o = rows[i] as CadreResult;
      if (o.record.villageCode !== c.record.villageCode) break;
      if (same(o)) return i;
    }
  }
  return rows.findIndex(same);
}

/**
 * Runs of more than this many cadre rows get the brief 说明 (see `explain`) and keep the
 * formulas once, in the note under 计算明细. A city or a prefecture (a few thousand to a
 * few tens of thousands of rows) keeps the whole chain on every row. At a province's
 * 100,000 rows the whole chain was 40 MB of text restating the row's own columns, about a
 * fifth of the run's time, in a sheet nobody reads or prints row by row
 * (docs/decisions.md "Scale").
 */
export const FULL_EXPLAIN_MAX_ROWS = 50_000;

/**
 * The 说明 of one row: every step from B(v) to the payable with its numbers, one line per
 * step (standard and total; share and base; score and grade; points; reward; payable;
 * hold; deposit); for unpaid rows, why.
 *
 * `brief` (large runs): only what the row's columns and the formulas under the table do
 * not already say: the reward with its pool's figures (or why there is none), a score
 * held to 0–100, the hold and the deposit. Unpaid rows are explained in full either way.
 */
export function explain(
  c: CadreResult,
  run: RunResult,
  policy: Policy,
  idealText?: string,
  /** c's index in run.cadres, when the caller knows it. */
  index?: number,
  brief = false,
): string {
  const v = c.village.record;
  const st = c.village.standard;
  if (!c.paid) {
    const parts: string[] = [];
    if (c.unpaidReason === 'concurrent') {
      const at = paidRowFor(run, c, index);
      const other = run.cadres[at];
      parts.push(
        other
          ? `一肩挑：同一身份证号已在本村按${other.record.role}计发（序号${at + 1}），本行按就高原则不重复计发`
          : '一肩挑，按就高原则不重复计发',
      );
    } else {
      parts.push(`${c.record.role}不在本年度补贴职务之列，不计发补贴`);
    }
    if (c.score !== null) parts.push(`村得分${f2(c.score)}，仅供参考`);
    return parts.join('；');
  }

  const lines: string[] = [];
  if (!brief) {
    const ups = upliftText(c, policy);
    const standard = ups.length
      ? `标准：${v.households}户→${y(st.bandFen)}×${ups.join('×')}=${y(st.standardFen)}`
      : `标准：${v.households}户→${y(st.standardFen)}`;
    const part = `×${num(c.ratio)}×${c.record.months}/12`;
    lines.push(`${standard}；总额=${y(st.standardFen)}${part}=${y(c.totalFen)}`);
    lines.push(
      `提取=${y(policy.reward.shareFen)}${part}=${y(c.shareFen)}；基本=${y(c.totalFen)}−${y(c.shareFen)}=${y(c.baseFen)}`,
    );
  }

  if (c.score === null) {
    lines.push('无考核得分，积分为0，不得奖励');
  } else {
    const score: string[] = [];
    if (!brief) {
      const vs = villageScoreText(c, policy);
      if (vs) score.push(vs);
    }
    const adj = c.record.adjustment;
    const raw = c.village.score.score as Exact;
    if (adj && !adj.isZero()) {
      const clamped = !raw.add(adj).eq(c.score);
      const sign = adj.isNegative() ? '−' : '+';
      const abs = adj.isNegative() ? Exact.ZERO.sub(adj) : adj;
      if (clamped || !brief)
        score.push(`个人=${f2(raw)}${sign}${f2(abs)}=${f2(c.score)}${clamped ? '（限0–100）' : ''}`);
    }
    if (!brief) {
      score.push(`等次：${c.grade}`);
      lines.push(score.join('；'));
      lines.push(pointsText(c, policy));
    } else if (score.length) {
      lines.push(score.join('；'));
    }
    const pool = c.pool ?? run.pools.find((p) => p.scope === c.scope);
    if (pool) {
      const scope = c.scope === 'city' ? '' : `${c.scope}`;
      if (pool.points.isZero()) {
        lines.push(`${scope}奖励池积分合计为0，不分配，全部列为结余`);
      } else if (c.points.isZero()) {
        lines.push(
          policy.reward.forfeit === 'return' ? '积分为0，不得奖励，本人提取额退回结余' : '积分为0，不得奖励',
        );
      } else {
        const ideal = idealText ?? yuan4(c.idealRewardFen);
        const unit = UNIT_NAME[policy.rounding];
        const rounded =
          c.bonusFen > 0
            ? `，舍至${unit}${y(c.floorFen)}，最大余额法+${y(c.bonusFen)}=${y(c.rewardFen)}`
            : `，舍至${unit}${y(c.rewardFen)}`;
        lines.push(
          `${scope}奖励=${y(pool.allocatableFen)}×${num(c.points)}/${num(pool.points)}=${ideal}${rounded}`,
        );
      }
    }
  }
  if (!brief) lines.push(`应发=${y(c.baseFen)}+${y(c.rewardFen)}=${y(c.payableFen)}`);
  if (c.record.hold) lines.push(`暂停发放（${c.record.hold}）：照常计算，不列入银行代发`);
  if (c.deposit) {
    const l = c.village.ledger;
    const d = c.deposit;
    lines.push(
      `未兑现承诺${l.failed + l.overdue}/${l.assessed}项：保证金${y(d.depositFen)}，扣发${y(d.forfeitFen)}，退还${y(d.refundFen)}，${d.sanction}`,
    );
  }
  return lines.join('\n');
}

const SCORE_NAMES = [
  ['quarterly', 'Q'],
  ['halfYear', 'H'],
  ['commitments', 'C'],
] as const;

/**
 * How every column of 计算明细 follows from the ones before it, with the policy's own
 * numbers: the note under the table. With the brief 说明 of a large run it is where the
 * formulas are; with the whole chain on every row it says the same once.
 */
export function methodNote(policy: Policy): string {
  const unit = UNIT_NAME[policy.rounding];
  const r = policy.reward;
  const w = policy.score.weights;
  const parts: string[] = [];
  if (policy.uplift) parts.push('补贴标准＝档次标准×上浮系数');
  parts.push(
    `补贴总额＝补贴标准×比例×任职月数/12，奖励提取＝${y(r.shareFen)}×比例×任职月数/12，均四舍五入到${unit}；基本补贴＝补贴总额−奖励提取`,
  );
  const terms = SCORE_NAMES.filter(([k]) => !w[k].isZero()).map(([k, x]) => `${num(w[k])}×${x}`);
  parts.push(
    `村综合得分＝(${terms.join('＋')})÷所列权数之和（无数据的项不计，其权数也不计），保留两位小数；综合得分＝村综合得分＋个人加减分，限0–100`,
  );
  const g = policy.score.gradeLines;
  parts.push(`等次：优秀≥${num(g.优秀)}，良好≥${num(g.良好)}，合格≥${num(g.合格)}，以下为不合格`);
  const head = '积分＝比例×任职月数×';
  switch (r.method) {
    case 'above_floor':
      parts.push(`${head}max(0，综合得分−${num(r.floor)})`);
      break;
    case 'linear':
      parts.push(`${head}综合得分`);
      break;
    case 'grades':
      parts.push(`${head}等次系数（${GRADES.map((k) => `${k}${num(r.grades[k])}`).join('，')}）`);
      break;
  }
  parts.push(
    `理论奖励＝奖励池可分配额×积分÷奖励池积分合计（每行说明列出其奖励池的这两个数），舍至${unit}，余下的按最大余额法逐${unit}补足（尾差调整）` +
      (r.forfeit === 'return' ? '；积分为0者的奖励提取额不参与分配，列为结余' : ''),
  );
  parts.push('应发合计＝基本补贴＋奖励补贴');
  return `计算方法：${parts.join('；')}。`;
}

/**
 * yuan4 of a paid row's ideal reward, which depends only on its pool and its points:
 * worked out once per points value (equal points are one object in a run; 100,000 rows
 * have some 1,700) instead of a BigInt product and quotient per row. Only the current
 * pool's values are kept: a pool's rows are next to each other (a city's one pool, or a
 * town's), so a province of town pools does not keep a value per row.
 */
class IdealTexts {
  private pool: PoolResult | null = null;
  private readonly texts = new Map<Exact, string>();

  of(c: CadreResult): string {
    if (c.pool !== this.pool) {
      this.pool = c.pool;
      this.texts.clear();
    }
    let t = this.texts.get(c.points);
    if (t === undefined) {
      t = yuan4(c.idealRewardFen);
      this.texts.set(c.points, t);
    }
    return t;
  }
}

async function detailSheet(
  xw: XlsxWriter,
  run: RunResult,
  policy: Policy,
  meta: OutputMeta,
  wide?: Widest,
): Promise<void> {
  const sb = await xw.sheet(ROSTER_SHEETS.detail);
  sb.title(rosterTitle(policy, run, '计算明细'));
  const money = (header: string): Column => ({ header, kind: 'money' });
  const score = (header: string, places = 2): Column => ({
    header,
    kind: 'decimal',
    places,
    numFmt: places === 2 ? '0.00' : '0.00##',
  });
  const cols: Column[] = [
    { header: '序号', kind: 'int', align: 'center' },
    { header: '镇街', kind: 'text', maxWidth: 10 },
    { header: '村名', kind: 'text', maxWidth: 10 },
    { header: '姓名', kind: 'text', align: 'center' },
    { header: '职务', kind: 'text', align: 'center' },
    { header: '户数', kind: 'int' },
    money('档次标准'),
    { header: '上浮系数', kind: 'text', align: 'center', maxWidth: 10 },
    money('补贴标准'),
    RATIO,
    { header: '任职月数', kind: 'int', align: 'center' },
    money('补贴总额'),
    money('奖励提取'),
    money('基本补贴'),
    score('季度考核Q', 4),
    score('半年考核H', 4),
    score('承诺兑现C', 4),
    score('村综合得分'),
    score('个人加减分'),
    score('综合得分'),
    { header: '等次', kind: 'text', align: 'center' },
    { header: '积分', kind: 'decimal', places: 4, numFmt: '0.00##' },
    { header: '理论奖励', kind: 'decimal', places: 4, numFmt: '#,##0.0000' },
    { header: '尾差调整', kind: 'decimal', places: 2, numFmt: '+0.00;-0.00;0.00' },
    money('奖励补贴'),
    money('应发合计'),
    { header: '说明', kind: 'text', maxWidth: 56 },
  ];
  const bounds: Record<string, CellInput> = wide
    ? {
        序号: wide.count,
        户数: wide.households,
        档次标准: wide.bandFen,
        补贴标准: wide.standardFen,
        比例: WIDEST_RATIO,
        季度考核Q: WIDEST_SCORE,
        半年考核H: WIDEST_SCORE,
        承诺兑现C: WIDEST_SCORE,
        村综合得分: WIDEST_SCORE,
        个人加减分: WIDEST_SCORE,
        综合得分: WIDEST_SCORE,
        积分: wide.points,
        理论奖励: wide.ideal,
      }
    : {};
  const brief = run.cadres.length > (meta.fullExplainMaxRows ?? FULL_EXPLAIN_MAX_ROWS);
  const columns = cols.map((c) => bound(c, bounds[c.header]));
  const ideals = new IdealTexts();
  const row = (i: number): CellInput[] => {
    const c = run.cadres[i] as CadreResult;
    const v = c.village.record;
    const s = c.village.score;
    const ups = upliftText(c, policy).join('×');
    const ideal = c.paid ? ideals.of(c) : null;
    return [
      i + 1,
      v.town,
      v.name,
      c.record.name,
      c.record.role,
      v.households,
      c.village.standard.bandFen,
      ups,
      c.village.standard.standardFen,
      c.role ? c.ratio : null,
      c.record.months,
      c.totalFen,
      c.shareFen,
      c.baseFen,
      s.quarterly,
      s.halfYear,
      s.commitments,
      s.score,
      c.record.adjustment,
      c.score,
      c.grade ?? '',
      c.paid ? c.points : null,
      // 4 decimals exactly as explained; as a number, its own toFixed(4) gives the same text back
      ideal === null ? null : Number(ideal),
      // 0 or one rounding unit, in yuan: a number's own toFixed is exact here
      c.paid ? c.bonusFen / 100 : null,
      c.rewardFen,
      c.payableFen,
      explain(c, run, policy, ideal ?? undefined, i, brief),
    ];
  };
  const t = run.totals;
  const total: CellInput[] = cols.map(() => null);
  total[0] = '合计';
  total[11] = t.totalFen;
  total[12] = t.shareFen;
  total[13] = t.baseFen;
  total[24] = t.rewardFen;
  total[25] = t.payableFen;
  sb.table(columns, { length: run.cadres.length, get: row }, total);
  sb.note(methodNote(policy));
  sb.signature(signatureLabels(meta.manifest.preparedBy, meta.runDate));
  // Not for printing: 27 columns of the whole chain are read on screen (docs/decisions.md).
  await sb.finish({ freezeColumns: 5, print: { notPrinted: { pageHeader: DETAIL_NOT_PRINTED } } });
}

const STATUS_TEXT = { failed: '验收不合格', overdue: '逾期未完成' } as const;

async function depositSheet(xw: XlsxWriter, run: RunResult, policy: Policy, meta: OutputMeta): Promise<void> {
  const sb = await xw.sheet(ROSTER_SHEETS.deposits);
  sb.title(rosterTitle(policy, run, '践诺奖惩'));
  const cols: Column[] = [
    { header: '序号', kind: 'int', align: 'center' },
    { header: '镇街', kind: 'text', maxWidth: 12 },
    { header: '村代码', kind: 'code' },
    { header: '村名', kind: 'text', maxWidth: 12 },
    { header: '姓名', kind: 'text', align: 'center' },
    { header: '身份证号', kind: 'code' },
    { header: '职务', kind: 'text', align: 'center' },
    { header: '保证金', kind: 'money' },
    { header: '扣发', kind: 'money' },
    { header: '退还', kind: 'money' },
    { header: '处理', kind: 'text', align: 'center' },
    { header: '未兑现/考核', kind: 'text', align: 'center' },
    { header: '未兑现事项', kind: 'text', maxWidth: 50 },
  ];
  const withDeposit = run.cadres.filter((c) => c.deposit !== null);
  const row = (i: number): CellInput[] => {
    const c = withDeposit[i] as CadreResult;
    const v = c.village.record;
    const l = c.village.ledger;
    const d = c.deposit as NonNullable<CadreResult['deposit']>;
    const items = l.items
      .filter((it) => it.status === 'failed' || it.status === 'overdue')
      .map(
        (it) => `${it.item.itemNo} ${it.item.content}（${STATUS_TEXT[it.status as 'failed' | 'overdue']}）`,
      )
      .join('；');
    return [
      i + 1,
      v.town,
      v.code,
      v.name,
      c.record.name,
      c.record.idNumber,
      c.record.role,
      d.depositFen,
      d.forfeitFen,
      d.refundFen,
      d.sanction,
      `${l.failed + l.overdue}/${l.assessed}`,
      items,
    ];
  };
  const sum = (f: (d: NonNullable<CadreResult['deposit']>) => number): number =>
    withDeposit.reduce((a, c) => a + f(c.deposit as NonNullable<CadreResult['deposit']>), 0);
  const total: CellInput[] | undefined = withDeposit.length
    ? [
        '合计',
        null,
        null,
        null,
        null,
        null,
        null,
        sum((d) => d.depositFen),
        sum((d) => d.forfeitFen),
        sum((d) => d.refundFen),
        null,
        null,
        null,
      ]
    : undefined;
  sb.table(
    withDeposit.length > SAMPLE_ROWS
      ? cols.map((c) => bound(c, c.header === '序号' ? withDeposit.length : undefined))
      : cols,
    { length: withDeposit.length, get: row },
    total,
  );
  if (!withDeposit.length) {
    sb.blank();
    sb.note(
      run.provisional
        ? `截至${zhDate(run.asOf)}尚未到年终，践诺奖惩在年终（12月31日）计算。`
        : '本年度没有未兑现承诺的村，无保证金扣发和处理。',
    );
  }
  sb.signature(signatureLabels(meta.manifest.preparedBy, meta.runDate));
  await sb.finish();
}

/**
 * Rows of an output sheet that are not cadre rows: title, header, 合计, notes and the
 * signature. The most is a provisional notice's town sheet (10); the roster's sheets take 5.
 */
export const OUTPUT_RESERVED_ROWS = 10;

/**
 * The most cadre rows one subsidy run can write: every cadre row is a row of the roster's
 * 花名册 and 计算明细 and of its town's notice sheet, and a sheet holds at most Excel's
 * 1,048,576 rows. Past it Excel and WPS would open the roster without its last rows and
 * its 合计 row, so subsidy refuses such a run (run_too_large) before computing anything.
 */
export const MAX_RUN_CADRE_ROWS = EXCEL_MAX_ROWS - OUTPUT_RESERVED_ROWS;

/** The 校验 sheet through xlsx-fast: the same content as manifest.ts writes with exceljs. */
export async function manifestSheetFast(xw: XlsxWriter, m: Manifest): Promise<void> {
  const sb = await xw.sheet(MANIFEST_SHEET);
  drawManifest(sb, m);
  await sb.finish();
}

/**
 * The roster workbook's bytes. The manifest's roster digest must be the digest of this
 * run's rows (the command computes it the same way; a difference is a bug and throws).
 */
export async function rosterWorkbookBytes(run: RunResult, policy: Policy, meta: OutputMeta): Promise<Buffer> {
  return XlsxWriter.writeBytes(rosterOptions(meta), async (xw) => {
    await writeRoster(xw, run, policy, meta);
  });
}

/** The roster workbook streamed into the file at `path` (a temporary file the command renames). */
export async function writeRosterFile(
  path: string,
  run: RunResult,
  policy: Policy,
  meta: OutputMeta,
): Promise<string> {
  let digest = '';
  await XlsxWriter.writeFile(path, rosterOptions(meta), async (xw) => {
    digest = await writeRoster(xw, run, policy, meta);
  });
  return digest;
}

function rosterOptions(meta: OutputMeta): XlsxOptions {
  return {
    creator: CREATOR,
    // 行摘要 (hidden) right after 花名册, whose rows it digests: the digests are written
    // and let go before the other sheets (75 MB at a full sheet, the run's peak)
    sheets: [
      ROSTER_SHEETS.roster,
      ROW_DIGEST_SHEET,
      ROSTER_SHEETS.summary,
      ROSTER_SHEETS.detail,
      ROSTER_SHEETS.deposits,
      MANIFEST_SHEET,
    ],
    date: meta.runDate,
    ...(meta.level !== undefined ? { level: meta.level } : {}),
  };
}

/**
 * The hidden sheet 行摘要 (spec/approvals.md): per 花名册 row its Excel row, its digest and
 * its field codes, from the book the 花名册 filled; beside the first rows each digested
 * manifest field's code. Returns the roster digest, made from the book.
 */
async function rowDigestSheet(
  xw: XlsxWriter,
  book: RowDigestBook,
  firstDataRow: number,
  manifest: DigestManifest,
): Promise<string> {
  const sb = await xw.sheet(ROW_DIGEST_SHEET, { hidden: true });
  const n = book.length;
  const m = MANIFEST_DIGEST_FIELDS.length;
  const columns: Column[] = [
    { header: ROW_DIGEST_HEADERS[0], kind: 'int' },
    // base64: tokens, copied as they are (43 and 28 characters a row, a million rows)
    { header: ROW_DIGEST_HEADERS[1], kind: 'token' },
    { header: ROW_DIGEST_HEADERS[2], kind: 'token' },
    { header: ROW_DIGEST_HEADERS[3], kind: 'text' },
    { header: ROW_DIGEST_HEADERS[4], kind: 'token' },
  ];
  const row = (i: number): CellInput[] => {
    const out: CellInput[] =
      i < n ? [firstDataRow + i, book.digest(i), book.fieldCodes(i)] : [null, null, null];
    if (i < m) {
      const [k, label] = MANIFEST_DIGEST_FIELDS[i] as (typeof MANIFEST_DIGEST_FIELDS)[number];
      out.push(label, manifestFieldCode(manifest, k));
    }
    return out;
  };
  // past the manifest's rows, every row is written from the book's bytes (no string per cell)
  const bytes = { from: m, first: (i: number) => firstDataRow + i, tokens: book.tokenColumns() };
  sb.table(columns, { length: Math.max(n, m), get: row, ...(n > m ? { bytes } : {}) });
  await sb.finish();
  return book.rosterDigest(manifest);
}

/**
 * 花名册, its row digests made as its rows are written, then the hidden 行摘要 from them.
 * Returns the roster digest; the digests are let go when it returns.
 */
async function rosterWithDigests(
  xw: XlsxWriter,
  run: RunResult,
  policy: Policy,
  meta: OutputMeta,
  wide: Widest | undefined,
): Promise<string> {
  const book = new RowDigestBook(run.cadres.length);
  const firstDataRow = await rosterSheet(xw, run, policy, meta, wide, book);
  if (!book.complete) throw new Error('writeRoster: the 花名册 did not give every row its digest');
  return rowDigestSheet(xw, book, firstDataRow, digestManifestOf(meta.manifest));
}

/**
 * The roster: 花名册 and the hidden 行摘要 (which makes the roster digest), the other
 * sheets, then 校验 with that digest. Returns the digest; a manifest that names another
 * digest is a bug.
 */
async function writeRoster(
  xw: XlsxWriter,
  run: RunResult,
  policy: Policy,
  meta: OutputMeta,
): Promise<string> {
  const wide = widestOf(run);
  const digest = await rosterWithDigests(xw, run, policy, meta, wide);
  await summarySheet(xw, run, policy, meta);
  await detailSheet(xw, run, policy, meta, wide);
  await depositSheet(xw, run, policy, meta);
  if (meta.manifest.rosterDigest && meta.manifest.rosterDigest !== digest) {
    throw new Error('rosterWorkbookBytes: the manifest roster digest is not the digest of this run');
  }
  const approvals = meta.sign ? [...meta.manifest.approvals, meta.sign(digest)] : meta.manifest.approvals;
  await manifestSheetFast(xw, {
    ...meta.manifest,
    kind: 'roster',
    rosterDigest: digest,
    approvals,
    // what diff and explain (which take no --policy) need of the policy
    policyParams: policyRecordRows(policy),
  });
  return digest;
}
