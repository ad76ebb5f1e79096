/**
 * 补贴报告-YEAR.html and 政策测算-YEAR.html (decide.md "Pictures"): one self-contained page,
 * charts drawn by Apache ECharts on the server into inline SVG (its SSR mode: no DOM, no
 * canvas, no script in the page), styles inline, system fonts only — it opens on an
 * office computer without internet and prints on A4.
 *
 * This module pulls in ECharts: commands import it dynamically, only when a report is
 * written (the bundle keeps it in its own chunk), so no other run pays for loading it.
 */
import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { CHART_TOWNS, REFERENCE_YUAN, type ReportData } from '../../decide/report-data.js';
import { formatYuan } from '../../rules/money.js';
import { GRADES, type Grade } from '../../rules/types.js';

echarts.use([
  BarChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
]);

/** The page's width for charts, in CSS pixels: A4 portrait less 2 × 15 mm margins at 96 dpi. */
const WIDTH = 680;
const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", SimHei, sans-serif';
const COLORS = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4'];
const GRADE_COLORS: Record<Grade, string> = {
  优秀: '#3ba272',
  良好: '#5470c6',
  合格: '#fac858',
  不合格: '#ee6666',
};

type Option = Record<string, unknown>;

/** One chart as an SVG string; the chart is disposed (a live one keeps the process running). */
function svg(option: Option, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    // A printed page: no hover states (their CSS was a third of the drawing time), no clicks.
    const series = (option.series as Option[]).map((x) => ({
      silent: true,
      emphasis: { disabled: true },
      ...x,
    }));
    const legend = option.legend ? { selectedMode: false, ...(option.legend as Option) } : undefined;
    chart.setOption({
      animation: false,
      color: COLORS,
      textStyle: { fontFamily: FONT },
      ...option,
      ...(legend ? { legend } : {}),
      series,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const yuan = (fen: number) => fen / 100;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The towns the chart draws: all of them up to CHART_TOWNS, else the largest by the baseline's payable. */
function chartTowns(d: ReportData): ReportData['towns'] {
  if (d.towns.length <= CHART_TOWNS) return d.towns;
  const keep = new Set(
    [...d.towns]
      .sort((a, b) => (b.payableFen[0] ?? 0) - (a.payableFen[0] ?? 0))
      .slice(0, CHART_TOWNS)
      .map((t) => t.town),
  );
  return d.towns.filter((t) => keep.has(t.town));
}

function townChart(d: ReportData): string {
  const towns = chartTowns(d);
  const names = towns.map((t) => `${t.town}（${t.paidCadres}人）`);
  const n = d.policies.length;
  const per = d.kind === 'subsidy' ? 20 : 8 + 9 * n;
  const height = 90 + towns.length * per;
  const series =
    d.kind === 'subsidy'
      ? [
          { name: '基本补贴', type: 'bar', stack: 'pay', data: towns.map((t) => yuan(t.baseFen[0] ?? 0)) },
          { name: '奖励补贴', type: 'bar', stack: 'pay', data: towns.map((t) => yuan(t.rewardFen[0] ?? 0)) },
        ]
      : d.policies.map((p, k) => ({
          name: p.label,
          type: 'bar',
          data: towns.map((t) => yuan(t.payableFen[k] ?? 0)),
        }));
  return svg(
    {
      legend: { top: 0 },
      grid: {
        left: 8,
        right: 24,
        top: 32,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      xAxis: { type: 'value', name: '元', axisLabel: { formatter: '{value}' } },
      // Every town's name: ECharts thins category labels unless interval is 0.
      yAxis: { type: 'category', inverse: true, data: names, axisLabel: { interval: 0, fontSize: 11 } },
      series,
    },
    height,
  );
}

function diffChart(d: ReportData): string {
  const towns = chartTowns(d);
  const n = d.policies.length - 1;
  const height = 90 + towns.length * (8 + 9 * n);
  return svg(
    {
      color: COLORS.slice(1),
      legend: { top: 0 },
      grid: {
        left: 8,
        right: 24,
        top: 32,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      xAxis: { type: 'value', name: '元' },
      yAxis: {
        type: 'category',
        inverse: true,
        data: towns.map((t) => t.town),
        axisLabel: { interval: 0, fontSize: 11 },
      },
      series: d.policies.slice(1).map((p, j) => ({
        name: `${p.label} − ${d.policies[0]?.label}`,
        type: 'bar',
        data: towns.map((t) => yuan((t.payableFen[j + 1] ?? 0) - (t.payableFen[0] ?? 0))),
      })),
    },
    height,
  );
}

function histogramChart(d: ReportData): string {
  const n = d.policies.length;
  const bins = d.bins.length;
  const width = yuan(d.binFen);
  const grid = { left: 56, right: 24, top: 40, bottom: 44 };
  const plot = WIDTH - grid.left - grid.right;
  const barWidth = Math.max(1, Math.floor((plot / bins) * (n === 1 ? 0.9 : 0.9 / n)));
  return svg(
    {
      legend: n > 1 ? { top: 0 } : undefined,
      grid,
      xAxis: {
        type: 'value',
        name: '奖励补贴（元）',
        nameLocation: 'middle',
        nameGap: 26,
        min: 0,
        max: bins * width,
      },
      yAxis: { type: 'value', name: '人数', minInterval: 1 },
      series: d.policies.map((p, k) => ({
        name: p.label,
        type: 'bar',
        barWidth,
        barGap: '0%',
        data: d.bins.map((b) => [yuan(b.loFen) + width / 2, b.counts[k] ?? 0]),
        ...(k === 0
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#333', type: 'dashed' },
                label: { formatter: '{b}' },
                data: REFERENCE_YUAN.map((y) => ({ name: `${y}元`, xAxis: y })),
              },
            }
          : {}),
      })),
    },
    300,
  );
}

/** Aggregated cells by how many cadres they hold: one size of dot per class. */
const COUNT_CLASSES = [
  { upTo: 1, size: 3 },
  { upTo: 9, size: 5 },
  { upTo: 99, size: 8 },
  { upTo: Number.POSITIVE_INFINITY, size: 12 },
] as const;

/**
 * One series per grade (and, aggregated, per class of cell size), each drawn as one path
 * (ECharts' large mode): a path per dot cost 1.3 s for 1,800 dots. Square dots: circles'
 * arcs were two thirds of the rest. Series of one grade share its name, so one legend entry.
 */
function scatterSeries(s: ReportData['scatter']): Option[] {
  const series: Option[] = [];
  for (const g of GRADES) {
    const classes = s.aggregated ? COUNT_CLASSES : [COUNT_CLASSES[0]];
    let from = 0;
    for (const c of classes) {
      const dots = s.byGrade[g].filter((p) => !s.aggregated || (p.count > from && p.count <= c.upTo));
      from = c.upTo;
      series.push({
        name: g,
        type: 'scatter',
        itemStyle: { color: GRADE_COLORS[g], opacity: 0.7 },
        symbol: 'rect',
        symbolSize: c.size,
        // large mode fails on an empty series (ECharts 6.1: LargeSymbolPath reads no points)
        large: dots.length > 0,
        largeThreshold: 0,
        data: dots.map((p) => [p.score, p.rewardYuan]),
      });
    }
  }
  return series;
}

function scatterChart(d: ReportData): string {
  const s = d.scatter;
  return svg(
    {
      legend: { top: 0 },
      grid: { left: 56, right: 24, top: 40, bottom: 44 },
      xAxis: {
        type: 'value',
        name: '综合得分',
        nameLocation: 'middle',
        nameGap: 26,
        min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10),
        max: 100,
      },
      yAxis: { type: 'value', name: '奖励补贴（元）' },
      series: scatterSeries(s),
    },
    340,
  );
}

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[], cls = ''): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${i ? ' class="n"' : ''}>${escapeHtml(String(c))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

function signed(fen: number): string {
  return fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen);
}

const CSS = `
@page { size: A4 portrait; margin: 15mm; }
* { box-sizing: border-box; }
body { font-family: ${FONT}; color: #222; margin: 0 auto; max-width: ${WIDTH + 40}px; padding: 20px; font-size: 14px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 6px; border-bottom: 1px solid #ccc; padding-bottom: 3px; }
p.sub { color: #555; margin: 2px 0; font-size: 13px; }
figure { margin: 8px 0 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 12px; color: #555; margin-top: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 6px 0; }
th, td { border: 1px solid #bbb; padding: 2px 6px; }
th { background: #f0f2f5; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.kpi { display: flex; gap: 10px; flex-wrap: wrap; margin: 8px 0; }
.kpi div { border: 1px solid #ccd; border-radius: 4px; padding: 6px 10px; min-width: 140px; }
.kpi b { display: block; font-size: 17px; }
details summary { cursor: pointer; color: #555; font-size: 12px; }
footer { margin-top: 28px; font-size: 11px; color: #666; word-break: break-all; }
@media print { body { padding: 0; max-width: none; } details { display: none; } h2 { break-after: avoid; page-break-after: avoid; } }
`;

/** The page (decide.md "Pictures"), for one subsidy run or for a comparison. */
export function renderReportHtml(d: ReportData): string {
  const cmp = d.kind === 'compare';
  const title = cmp ? `${d.city}${d.year}年度农村干部补贴政策测算` : `${d.city}${d.year}年度农村干部补贴报告`;
  const prov = d.provisional ? '（预计）' : '';
  const parts: string[] = [];
  parts.push(`<h1>${escapeHtml(title)}${prov}</h1>`);
  parts.push(`<p class="sub">截止 ${escapeHtml(d.asOf)}；金额单位：元</p>`);
  for (const p of d.policies) {
    parts.push(
      `<p class="sub">${cmp ? `${escapeHtml(p.label)}：` : '政策：'}${escapeHtml(p.title)}（${escapeHtml(p.id)}）</p>`,
    );
  }

  // Totals
  parts.push('<h2>合计</h2>');
  if (!cmp) {
    const t = d.totals[0] as ReportData['totals'][number];
    parts.push(
      `<div class="kpi"><div>计发人数<b>${t.paidCadres}</b></div><div>基本补贴<b>${formatYuan(t.baseFen)}</b></div>` +
        `<div>奖励补贴<b>${formatYuan(t.rewardFen)}</b></div><div>应发合计<b>${formatYuan(t.payableFen)}</b></div></div>`,
    );
  } else {
    const base = (d.totals[0] as ReportData['totals'][number]).payableFen;
    parts.push(
      table(
        ['方案', '计发人数', '基本补贴', '奖励补贴', '应发合计', '与基准差额'],
        d.totals.map((t, k) => [
          d.policies[k]?.label ?? '',
          t.paidCadres,
          formatYuan(t.baseFen),
          formatYuan(t.rewardFen),
          formatYuan(t.payableFen),
          k === 0 ? '' : signed(t.payableFen - base),
        ]),
      ),
    );
  }

  // Per town
  const drawn = chartTowns(d).length;
  const note =
    drawn < d.towns.length
      ? `图中为应发合计最多的 ${drawn} 个镇街，全部 ${d.towns.length} 个镇街见下表。`
      : '';
  parts.push(`<h2>各镇街应发补贴${cmp ? '（各方案）' : '（基本补贴 + 奖励补贴）'}</h2>`);
  parts.push(
    `<figure data-chart="towns" data-towns="${drawn}" data-series="${cmp ? d.policies.length : 2}">${townChart(d)}` +
      `<figcaption>括号内为计发人数。${note}</figcaption></figure>`,
  );
  if (cmp) {
    parts.push('<h2>各镇街与基准的差额</h2>');
    parts.push(
      `<figure data-chart="town-diff" data-towns="${drawn}" data-series="${d.policies.length - 1}">${diffChart(d)}</figure>`,
    );
  }
  const townRows = d.towns.map((t) =>
    cmp
      ? [
          t.town,
          t.paidCadres,
          ...t.payableFen.flatMap((f, k) =>
            k === 0 ? [formatYuan(f)] : [formatYuan(f), signed(f - (t.payableFen[0] ?? 0))],
          ),
        ]
      : [
          t.town,
          t.paidCadres,
          formatYuan(t.baseFen[0] ?? 0),
          formatYuan(t.rewardFen[0] ?? 0),
          formatYuan(t.payableFen[0] ?? 0),
        ],
  );
  const townHead = cmp
    ? [
        '镇街',
        '计发人数',
        ...d.policies.flatMap((p, k) =>
          k === 0 ? [`${p.label}应发`] : [`${p.label}应发`, `${p.label}差额`],
        ),
      ]
    : ['镇街', '计发人数', '基本补贴', '奖励补贴', '应发合计'];
  parts.push(
    `<details${drawn < d.towns.length ? ' open' : ''}><summary>各镇街数据</summary>${table(townHead, townRows, 'towns')}</details>`,
  );

  // Histogram
  parts.push('<h2>奖励补贴分布</h2>');
  const w = yuan(d.binFen);
  parts.push(
    `<figure data-chart="histogram" data-bins="${d.bins.length}" data-series="${d.policies.length}" data-paid="${d.paid.join(',')}">${histogramChart(d)}` +
      `<figcaption>每组 ${w} 元；虚线为经验材料中的两个数：500 元、2,000 元。</figcaption></figure>`,
  );
  parts.push(
    `<details><summary>分布数据</summary>${table(
      ['奖励补贴（元）', ...d.policies.map((p) => `${cmp ? p.label : ''}人数`)],
      d.bins.map((b) => [`${yuan(b.loFen)}–${yuan(b.hiFen)}`, ...b.counts]),
      'bins',
    )}</details>`,
  );

  // Scatter
  const s = d.scatter;
  const dots = GRADES.reduce((a, g) => a + s.byGrade[g].length, 0);
  parts.push(`<h2>综合得分与奖励补贴${cmp ? `（${escapeHtml(d.policies[0]?.label ?? '')}）` : ''}</h2>`);
  parts.push(
    `<figure data-chart="scatter" data-dots="${dots}" data-aggregated="${s.aggregated}">${scatterChart(d)}` +
      `<figcaption>${s.aggregated ? '人数较多，按得分（1分）与奖励金额分格汇总：点越大人数越多（1人、2–9人、10–99人、100人以上）。' : '每点为一名计发干部，按等次着色。'}` +
      `${s.valuePerPoint ? `分值 ${s.valuePerPoint} 元/点。` : ''}</figcaption></figure>`,
  );

  // Pools
  parts.push('<h2>奖励池</h2>');
  d.pools.forEach((pools, k) => {
    if (cmp) parts.push(`<p class="sub">${escapeHtml(d.policies[k]?.label ?? '')}</p>`);
    parts.push(
      table(
        ['奖池', '池额', '总分点', '分值（元/点）', '已分配', '结余'],
        pools.map((p) => [
          p.scope === 'city' ? '全市' : p.scope,
          formatYuan(p.poolFen),
          p.points,
          p.valuePerPoint ?? '—',
          formatYuan(p.allocatedFen),
          formatYuan(p.remainderFen),
        ]),
        'pools',
      ),
    );
  });

  const policies = d.policies.map((p) => `${escapeHtml(p.id)} SHA-256 ${escapeHtml(p.sha256)}`).join('<br>');
  parts.push(`<footer>${policies}<br>运行指纹 ${escapeHtml(d.fingerprint)}</footer>`);

  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}${prov}</title>
<style>${CSS}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}
