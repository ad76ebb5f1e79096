import { Chalk } from 'chalk';
import type { Comparison, Figures, Line, Mover } from '../decide/compare.js';
import { percentChange } from '../decide/compare.js';
import { formatYuan } from '../rules/money.js';
import type { Lang } from './lang.js';
import { fitTable, textWidth, wrapIndented, wrapText } from './layout.js';

const L = {
  zh: {
    title: (asOf: string, prov: boolean) => `政策测算${prov ? '（预计）' : ''}，截止 ${asOf}`,
    label: (i: number) => (i === 0 ? '基准' : `方案${i}`),
    totals: ['方案', '计发人数', '补贴总额', '奖励提取', '应发合计', '差额', '差额%'],
    byTown: '按镇街（应发合计；各方案与基准之差）',
    byRole: '按职务（应发合计；各方案与基准之差）',
    town: '镇街',
    role: '职务',
    paid: '计发',
    payable: '应发合计',
    diff: (l: string) => `${l}差额`,
    pct: (l: string) => `${l}%`,
    total: '合计',
    dist: '奖励补贴分布（计发人员）',
    distHead: ['方案', '人数', '最低', 'P10', '中位数', 'P90', '最高', '<500元', '>2000元'],
    gainers: (l: string, k: number) => `${l}：增加最多的 ${k} 人`,
    losers: (l: string, k: number) => `${l}：减少最多的 ${k} 人`,
    moverHead: (l: string) => ['姓名', '镇街', '村名', '职务', '基准', l, '差额'],
    noGainers: (l: string) => `${l}：无人增加`,
    noLosers: (l: string) => `${l}：无人减少`,
    files: '已写出：',
  },
  en: {
    title: (asOf: string, prov: boolean) => `Policy comparison${prov ? ' (provisional)' : ''} as of ${asOf}`,
    label: (i: number) => (i === 0 ? 'base' : `plan ${i}`),
    totals: ['Label', 'Paid', 'Total', 'Pool', 'Payable', 'Difference', 'Diff %'],
    byTown: 'By town (payable; each plan against the baseline)',
    byRole: 'By role (payable; each plan against the baseline)',
    town: 'Town',
    role: 'Role',
    paid: 'Paid',
    payable: 'Payable',
    diff: (l: string) => `${l} diff`,
    pct: (l: string) => `${l} %`,
    total: 'Total',
    dist: 'Reward distribution (paid cadres)',
    distHead: ['Label', 'Count', 'Min', 'P10', 'Median', 'P90', 'Max', '<500', '>2000'],
    gainers: (l: string, k: number) => `${l}: the ${k} who gain most`,
    losers: (l: string, k: number) => `${l}: the ${k} who lose most`,
    moverHead: (l: string) => ['Name', 'Town', 'Village', 'Role', 'base', l, 'Difference'],
    noGainers: (l: string) => `${l}: nobody gains`,
    noLosers: (l: string) => `${l}: nobody loses`,
    files: 'Written:',
  },
};

function signed(fenValue: number): string {
  return fenValue > 0 ? `+${formatYuan(fenValue)}` : formatYuan(fenValue);
}

function pct(a: number, b: number): string {
  return percentChange(a, b) ?? '—';
}

const money = (f: number | null) => (f === null ? '—' : formatYuan(f));

/**
 * The terminal summary of a comparison (decide.md): totals, per town, per role, distribution,
 * movers, laid out for `width` columns like every other table (layout.ts: wrapped, never cut).
 */
export function renderCompare(
  cmp: Comparison,
  files: string[],
  lang: Lang,
  color: boolean,
  width = 80,
): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const n = cmp.policies.length;
  const base = cmp.totals[0] as Figures;
  const first = cmp.policies[0]?.run;
  const bold = (text: string) => wrapText(text, width).map((l) => c.bold(l));
  const out: string[] = [...bold(t.title(first?.asOf ?? '', first?.provisional ?? false))];

  // One line per policy, not a table: a title is long, and a line wraps where a table is cut.
  cmp.policies.forEach((p, i) => {
    const label = t.label(i);
    const lines = wrapIndented(`${p.policy.id}  ${p.policy.title}`, width, label, textWidth(label) + 2);
    lines[0] = c.bold(label) + (lines[0] ?? '').slice(label.length);
    out.push(...lines);
  });

  out.push(
    fitTable({
      head: t.totals,
      rows: cmp.totals.map((f, i) => [
        t.label(i),
        f.paidCadres,
        formatYuan(f.totalFen),
        formatYuan(f.poolFen),
        formatYuan(f.payableFen),
        i === 0 ? '' : signed(f.payableFen - base.payableFen),
        i === 0 ? '' : pct(base.payableFen, f.payableFen),
      ]),
      width,
      color,
      aligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      paint: (_r, col, x) => (col === 4 ? c.bold(x) : x),
    }),
  );

  const lineTable = (title: string, head: string, lines: readonly Line[]) => {
    const h = [head, t.paid, t.payable];
    for (let i = 1; i < n; i++) h.push(t.diff(t.label(i)), t.pct(t.label(i)));
    const row = (key: string, f: readonly Figures[]) => {
      const b = f[0] as Figures;
      const cells: (string | number)[] = [key, b.paidCadres, formatYuan(b.payableFen)];
      for (let i = 1; i < n; i++) {
        const x = f[i] as Figures;
        cells.push(signed(x.payableFen - b.payableFen), pct(b.payableFen, x.payableFen));
      }
      return cells;
    };
    const rows = [...lines.map((l) => row(l.key, l.figures)), row(t.total, cmp.totals)];
    out.push(
      ...bold(title),
      fitTable({
        head: h,
        rows,
        width,
        color,
        aligns: h.map((_, k) => (k === 0 ? 'left' : 'right')),
        wrap: h.map((_, k) => k === 0),
        paint: (r, col, x) => (r === rows.length - 1 && col === 0 ? c.bold(x) : x),
      }),
    );
  };
  lineTable(t.byTown, t.town, cmp.towns);
  lineTable(t.byRole, t.role, cmp.roles);

  out.push(
    ...bold(t.dist),
    fitTable({
      head: t.distHead,
      rows: cmp.distributions.map((d, i) => [
        t.label(i),
        d.count,
        money(d.minFen),
        money(d.p10Fen),
        money(d.medianFen),
        money(d.p90Fen),
        money(d.maxFen),
        d.under500,
        d.over2000,
      ]),
      width,
      color,
      aligns: t.distHead.map((_, k) => (k ? 'right' : 'left')),
    }),
  );

  const movers = (title: string, empty: string, list: readonly Mover[], i: number) => {
    if (!list.length) {
      out.push(...bold(empty));
      return;
    }
    const head = t.moverHead(t.label(i));
    out.push(
      ...bold(title),
      fitTable({
        head,
        rows: list.map((m) => {
          const p = m.person;
          return [
            p.name,
            p.town,
            p.villageName,
            p.role,
            money(p.payableFen[0] ?? null),
            money(p.payableFen[i] ?? null),
            signed(m.deltaFen),
          ];
        }),
        width,
        color,
        aligns: head.map((_, k) => (k >= 4 ? 'right' : 'left')),
        wrap: head.map((_, k) => k < 4),
      }),
    );
  };
  for (const m of cmp.movers) {
    const l = t.label(m.policy);
    movers(t.gainers(l, m.gainers.length), t.noGainers(l), m.gainers, m.policy);
    movers(t.losers(l, m.losers.length), t.noLosers(l), m.losers, m.policy);
  }
  if (files.length) out.push(t.files, ...files.flatMap((f) => wrapIndented(f, width, '', 2)));
  return `${out.join('\n')}\n`;
}
