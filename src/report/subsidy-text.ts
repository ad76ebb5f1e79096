import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { RunResult } from '../rules/compute.js';
import { formatYuan } from '../rules/money.js';
import { escapeTerminal } from './escape.js';
import type { Lang } from './lang.js';

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

/** The short human summary of a subsidy run: per town, then the pools, then the files. */
export function renderSubsidy(run: RunResult, files: string[], lang: Lang, color: boolean): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const style = { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] };
  const table = new Table({
    head: t.head,
    style,
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const x of run.towns) {
    table.push([
      escapeTerminal(x.town),
      x.villages,
      x.cadres,
      x.paid,
      formatYuan(x.shareFen),
      formatYuan(x.rewardFen),
      formatYuan(x.payableFen),
    ]);
  }
  const s = run.totals;
  table.push([
    c.bold(t.total),
    s.villages,
    s.cadres,
    s.paid,
    formatYuan(s.shareFen),
    formatYuan(s.rewardFen),
    c.bold(formatYuan(s.payableFen)),
  ]);
  const pools = new Table({
    head: t.pools,
    style,
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const p of run.pools) {
    pools.push([
      p.scope === 'city' ? t.city : escapeTerminal(p.scope),
      formatYuan(p.poolFen),
      p.points.toFixed(3),
      p.valuePerPoint === null ? '-' : p.valuePerPoint.toFixed(4),
      formatYuan(p.allocatedFen),
      p.remainderFen ? c.yellow(formatYuan(p.remainderFen)) : formatYuan(0),
    ]);
  }
  const lines = [c.bold(t.title(run.asOf, run.provisional)), table.toString(), pools.toString()];
  if (files.length) lines.push(t.files, ...files.map((f) => `  ${escapeTerminal(f)}`));
  return `${lines.join('\n')}\n`;
}
