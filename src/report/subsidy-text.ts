import { Chalk } from 'chalk';
import type { RunResult } from '../rules/compute.js';
import { formatYuan } from '../rules/money.js';
import type { Lang } from './lang.js';
import { fitTable, wrapIndented, wrapText } from './layout.js';

const L = {
  zh: {
    title: (asOf: string, prov: boolean) => `补贴测算${prov ? '（预计）' : ''}，截止 ${asOf}`,
    head: ['镇街', '村数', '干部', '计发', '奖励提取', '奖励补贴', '应发合计'],
    total: '合计',
    pools: ['奖励池', '池额', '总分点', '分值（元/点）', '已分配', '结余'],
    city: '全市',
    files: '已写出：',
  },
  en: {
    title: (asOf: string, prov: boolean) => `Subsidies${prov ? ' (provisional)' : ''} as of ${asOf}`,
    head: ['Town', 'Villages', 'Cadres', 'Paid', 'Pool', 'Rewards', 'Payable'],
    total: 'Total',
    pools: ['Pool', 'Amount', 'Points', 'Per point (yuan)', 'Allocated', 'Remainder'],
    city: 'city',
    files: 'Written:',
  },
};

/** The short human summary of a subsidy run: per town, then the pools, then the files; laid out for `width` columns. */
export function renderSubsidy(
  run: RunResult,
  files: string[],
  lang: Lang,
  color: boolean,
  width = 80,
): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const rows: (string | number)[][] = run.towns.map((x) => [
    x.town,
    x.villages,
    x.cadres,
    x.paid,
    formatYuan(x.shareFen),
    formatYuan(x.rewardFen),
    formatYuan(x.payableFen),
  ]);
  const s = run.totals;
  rows.push([
    t.total,
    s.villages,
    s.cadres,
    s.paid,
    formatYuan(s.shareFen),
    formatYuan(s.rewardFen),
    formatYuan(s.payableFen),
  ]);
  const last = rows.length - 1;
  const table = fitTable({
    head: t.head,
    rows,
    width,
    color,
    aligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    wrap: [true, false, false, false, false, false, false],
    paint: (r, col, x) => (r === last && (col === 0 || col === 6) ? c.bold(x) : x),
  });
  const pools = fitTable({
    head: t.pools,
    rows: run.pools.map((p) => [
      p.scope === 'city' ? t.city : p.scope,
      formatYuan(p.poolFen),
      p.points.toFixed(3),
      p.valuePerPoint === null ? '-' : p.valuePerPoint.toFixed(4),
      formatYuan(p.allocatedFen),
      formatYuan(p.remainderFen),
    ]),
    width,
    color,
    aligns: ['left', 'right', 'right', 'right', 'right', 'right'],
    wrap: [true, false, false, false, false, false],
    paint: (r, col, x) => (col === 5 && run.pools[r]?.remainderFen ? c.yellow(x) : x),
  });
  const lines = [...wrapText(t.title(run.asOf, run.provisional), width).map((l) => c.bold(l)), table, pools];
  if (files.length) lines.push(t.files, ...files.flatMap((f) => wrapIndented(f, width, '', 2)));
  return `${lines.join('\n')}\n`;
}
