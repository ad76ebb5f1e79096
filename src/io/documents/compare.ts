/**
 * 政策测算-YEAR.xlsx (decide.md `compare -o`): sheets 汇总, 按镇街, 按职务, 按人 (one column
 * group per policy and the differences to the baseline), 政策 (each policy's id, title
 * and SHA-256) and 校验. An internal document for 组织部 and 财政局, like the roster: 按人
 * names people by ID number (the key compare matches rows by). Printable, A4 landscape.
 *
 * Column groups are named by a short label, 基准 for the baseline and 方案1, 方案2 … for
 * the others; the 政策 sheet says which policy each label is.
 */
import { type Comparison, type Figures, percentChange } from '../../decide/compare.js';
import { Exact } from '../../rules/exact.js';
import type { IsoDate } from '../../rules/types.js';
import { moneyWidth } from '../xlsx/layout.js';
import { type CellInput, type Column, XlsxWriter } from '../xlsx/writer.js';
import { MANIFEST_SHEET, type Manifest } from './manifest.js';
import { manifestSheetFast } from './roster/writer.js';
import { CREATOR } from './style.js';

export const COMPARE_SHEETS = ['汇总', '按镇街', '按职务', '按人', '政策', MANIFEST_SHEET] as const;

export function compareFileName(year: number): string {
  return `政策测算-${year}.xlsx`;
}

/** 基准, 方案1, 方案2 …: the label of policy i's column group. */
export function policyLabel(i: number): string {
  return i === 0 ? '基准' : `方案${i}`;
}

const PCT_FMT = '+0.00;-0.00;0.00';

function pct(a: number, b: number): CellInput {
  const t = percentChange(a, b);
  return t === null ? '—' : Exact.parse(t.replace('+', ''));
}

/**
 * The columns of one figures group: 计发人数, 补贴总额, 奖励提取, 应发合计, and for a compared
 * policy 差额, 差额%. A money column is as wide as its bold 合计 needs (bold digits are wider
 * than the measured plain ones: LibreOffice printed ### there).
 */
function figureColumns(totals: readonly Figures[]): Column[] {
  const cols: Column[] = [];
  const base = totals[0] as Figures;
  const money = (header: string, fen: number): Column => ({
    header,
    kind: 'money',
    minWidth: moneyWidth(fen) + 2,
  });
  totals.forEach((t, i) => {
    const l = policyLabel(i);
    cols.push(
      { header: `${l}·计发人数`, kind: 'int' },
      money(`${l}·补贴总额`, t.totalFen),
      money(`${l}·奖励提取`, t.poolFen),
      money(`${l}·应发合计`, t.payableFen),
    );
    if (i > 0) {
      cols.push(money(`${l}·差额`, t.payableFen - base.payableFen), {
        header: `${l}·差额%`,
        kind: 'decimal',
        places: 2,
        numFmt: PCT_FMT,
        align: 'right',
      });
    }
  });
  return cols;
}

function figureCells(figures: readonly Figures[]): CellInput[] {
  const base = figures[0] as Figures;
  const out: CellInput[] = [];
  figures.forEach((f, i) => {
    out.push(f.paidCadres, f.totalFen, f.poolFen, f.payableFen);
    if (i > 0) out.push(f.payableFen - base.payableFen, pct(base.payableFen, f.payableFen));
  });
  return out;
}

export interface CompareMeta {
  manifest: Manifest;
  asOf: IsoDate;
  runDate: IsoDate;
}

export async function writeCompareFile(path: string, cmp: Comparison, meta: CompareMeta): Promise<void> {
  await XlsxWriter.writeFile(path, { sheets: COMPARE_SHEETS, date: meta.runDate, creator: CREATOR }, (xw) =>
    fill(xw, cmp, meta),
  );
}

async function fill(xw: XlsxWriter, cmp: Comparison, meta: CompareMeta): Promise<void> {
  const n = cmp.policies.length;
  const base = cmp.policies[0] as Comparison['policies'][number];
  const city = base.policy.city;
  const year = base.policy.year;
  const when = `（截至${meta.asOf}${meta.manifest.provisional ? '，预计' : ''}）`;

  // 汇总: totals per policy, then the reward distribution per policy.
  const sum = await xw.sheet('汇总');
  sum.title(`${city}${year}年度农村干部补贴政策测算${when}`);
  const baseTotal = cmp.totals[0] as Figures;
  sum.table(
    [
      { header: '方案', kind: 'text', align: 'center' },
      { header: '政策编号', kind: 'text', maxWidth: 36 },
      { header: '计发人数', kind: 'int' },
      { header: '补贴总额', kind: 'money' },
      { header: '奖励提取', kind: 'money' },
      { header: '应发合计', kind: 'money' },
      { header: '与基准差额', kind: 'money' },
      { header: '差额%', kind: 'decimal', places: 2, numFmt: PCT_FMT, align: 'right' },
    ],
    cmp.policies.map((p, i) => {
      const t = cmp.totals[i] as Figures;
      return [
        policyLabel(i),
        p.policy.id,
        t.paidCadres,
        t.totalFen,
        t.poolFen,
        t.payableFen,
        t.payableFen - baseTotal.payableFen,
        pct(baseTotal.payableFen, t.payableFen),
      ];
    }),
  );
  sum.blank();
  sum.note('奖励补贴分布（计发人员；分位数取最近秩，即某人的实际金额）', { bold: true });
  sum.table(
    [
      { header: '方案', kind: 'text', align: 'center' },
      { header: '计发人数', kind: 'int' },
      { header: '最低', kind: 'money' },
      { header: 'P10', kind: 'money' },
      { header: '中位数', kind: 'money' },
      { header: 'P90', kind: 'money' },
      { header: '最高', kind: 'money' },
      { header: '低于500元', kind: 'int' },
      { header: '高于2000元', kind: 'int' },
    ],
    cmp.distributions.map((d, i) => [
      policyLabel(i),
      d.count,
      d.minFen,
      d.p10Fen,
      d.medianFen,
      d.p90Fen,
      d.maxFen,
      d.under500,
      d.over2000,
    ]),
    undefined,
    { titles: false },
  );
  await sum.finish();

  for (const [name, first, lines] of [
    ['按镇街', '镇街', cmp.towns],
    ['按职务', '职务', cmp.roles],
  ] as const) {
    const sb = await xw.sheet(name);
    sb.title(`${city}${year}年度农村干部补贴政策测算·${name}${when}`);
    sb.table(
      [{ header: first, kind: 'text', maxWidth: 12 }, ...figureColumns(cmp.totals)],
      lines.map((l) => [l.key, ...figureCells(l.figures)]),
      ['合计', ...figureCells(cmp.totals)],
    );
    await sb.finish({ freezeColumns: 1 });
  }

  const people = await xw.sheet('按人');
  people.title(`${city}${year}年度农村干部补贴政策测算·按人${when}`);
  const personCols: Column[] = [
    { header: '序号', kind: 'int', align: 'center' },
    { header: '镇街', kind: 'text', maxWidth: 12 },
    { header: '村代码', kind: 'code' },
    { header: '村名', kind: 'text', maxWidth: 12 },
    { header: '职务', kind: 'text', align: 'center' },
    { header: '姓名', kind: 'text', align: 'center' },
    { header: '身份证号', kind: 'code' },
  ];
  for (let i = 0; i < n; i++) {
    personCols.push({ header: `${policyLabel(i)}·应发合计`, kind: 'money' });
    if (i > 0) personCols.push({ header: `${policyLabel(i)}·差额`, kind: 'money' });
  }
  people.table(personCols, {
    length: cmp.people.length,
    get: (k) => {
      const p = cmp.people[k] as Comparison['people'][number];
      const row: CellInput[] = [k + 1, p.town, p.villageCode, p.villageName, p.role, p.name, p.idNumber];
      const b = p.payableFen[0] ?? 0;
      p.payableFen.forEach((v, i) => {
        row.push(v);
        if (i > 0) row.push((v ?? 0) - b);
      });
      return row;
    },
  });
  await people.finish({ freezeColumns: 7 });

  const pol = await xw.sheet('政策');
  pol.title('参与测算的政策');
  pol.table(
    [
      { header: '方案', kind: 'text', align: 'center' },
      { header: '政策编号', kind: 'text', maxWidth: 40 },
      { header: '政策名称', kind: 'text', maxWidth: 50 },
      { header: '年度', kind: 'int' },
      { header: 'SHA-256', kind: 'code' },
    ],
    cmp.policies.map((p, i) => [policyLabel(i), p.policy.id, p.policy.title, p.policy.year, p.sha256]),
  );
  await pol.finish();

  await manifestSheetFast(xw, meta.manifest);
}
