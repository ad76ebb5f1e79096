/**
 * What the HTML report (decide.md "Pictures") shows, worked out from a run or a comparison.
 * Pure, and public by construction: towns, grades, scores and amounts only — no name, no ID,
 * no card, no bank, no hold reason ever enters these structures, so the page cannot hold
 * them (and the writer checks the page anyway). Sizes stay bounded whatever the run:
 * histogram bins ≤ MAX_BINS, the scatter aggregated past SCATTER_DOTS paid cadres, and
 * the town chart at most CHART_TOWNS bars per series (every town is in the table).
 */

import type { CadreResult, RunResult } from '../rules/compute.js';
import type { Exact } from '../rules/exact.js';
import { GRADES, type Grade } from '../rules/types.js';
import type { Comparison } from './compare.js';

export const MAX_BINS = 40;
/** One dot per paid cadre up to this many; beyond, one dot per cell of a score × reward grid. */
export const SCATTER_DOTS = 2500;
/** Towns drawn in the per-town chart at most (the largest by payable); the table lists every town. */
export const CHART_TOWNS = 100;
/** The report's two figures (yuan): the lowest reward under 500, the highest near 2,000. */
export const REFERENCE_YUAN = [500, 2000] as const;

/** 补贴报告-2012.html for subsidy, 政策测算-2012.html for compare. */
export function reportFileName(kind: ReportData['kind'], year: number): string {
  return kind === 'subsidy' ? `补贴报告-${year}.html` : `政策测算-${year}.html`;
}

export interface ReportPolicy {
  label: string;
  id: string;
  title: string;
  sha256: string;
}

export interface TownBar {
  town: string;
  paidCadres: number;
  /** One per policy. */
  baseFen: number[];
  rewardFen: number[];
  payableFen: number[];
}

export interface Bin {
  loFen: number;
  hiFen: number;
  /** One per policy. */
  counts: number[];
}

export interface Dot {
  /** Score (0–100) and reward in yuan; `count` cadres at this point (1 when not aggregated). */
  score: number;
  rewardYuan: number;
  count: number;
}

export interface PoolLine {
  scope: string;
  poolFen: number;
  points: string;
  valuePerPoint: string | null;
  allocatedFen: number;
  remainderFen: number;
}

export interface ReportData {
  kind: 'subsidy' | 'compare';
  city: string;
  year: number;
  asOf: string;
  provisional: boolean;
  policies: ReportPolicy[];
  fingerprint: string;
  /** Every town, in 村庄 order. */
  towns: TownBar[];
  /** Paid cadres per policy (the histogram's total). */
  paid: number[];
  bins: Bin[];
  binFen: number;
  /** The baseline's (the only) run: dots by grade; aggregated when there are many. */
  scatter: { aggregated: boolean; byGrade: Record<Grade, Dot[]>; valuePerPoint: string | null };
  /** Pools per policy. */
  pools: PoolLine[][];
  /** Totals per policy. */
  totals: { paidCadres: number; baseFen: number; rewardFen: number; payableFen: number }[];
}

const BIN_STEPS_YUAN = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000];

/** The histogram's bin width in fen: the smallest round step that keeps at most MAX_BINS bins. */
export function binWidthFen(maxFen: number): number {
  for (const y of BIN_STEPS_YUAN) if (Math.ceil((maxFen + 1) / (y * 100)) <= MAX_BINS) return y * 100;
  return Math.ceil((maxFen + 1) / MAX_BINS / 100) * 100;
}

function histogram(runs: readonly RunResult[]): { bins: Bin[]; binFen: number } {
  let max = 0;
  for (const r of runs) for (const c of r.cadres) if (c.paid && c.rewardFen > max) max = c.rewardFen;
  // At least up to the 2,000-yuan line, so both reference lines are on the chart.
  const w = binWidthFen(Math.max(max, REFERENCE_YUAN[1] * 100));
  const n = Math.floor(Math.max(max, REFERENCE_YUAN[1] * 100) / w) + 1;
  const bins: Bin[] = Array.from({ length: n }, (_, i) => ({
    loFen: i * w,
    hiFen: (i + 1) * w,
    counts: runs.map(() => 0),
  }));
  runs.forEach((r, k) => {
    for (const c of r.cadres) {
      if (!c.paid) continue;
      const b = bins[Math.floor(c.rewardFen / w)] as Bin;
      (b.counts[k] as number)++;
    }
  });
  return { bins, binFen: w };
}

function scatterOf(run: RunResult): ReportData['scatter'] {
  const byGrade = Object.fromEntries(GRADES.map((g) => [g, [] as Dot[]])) as Record<Grade, Dot[]>;
  // No copy of a province's rows: a count, then the rows walked again. Scores are a few
  // thousand shared values: each is turned into a number once.
  const numbers = new Map<object, number>();
  const scoreOf = (x: NonNullable<CadreResult['score']>) => {
    let v = numbers.get(x);
    if (v === undefined) {
      v = x.toNumber();
      numbers.set(x, v);
    }
    return v;
  };
  const shown = (c: CadreResult) => c.paid && c.score !== null && c.grade !== null;
  let n = 0;
  let max = 1;
  for (const c of run.cadres) {
    if (!shown(c)) continue;
    n++;
    if (c.rewardFen > max) max = c.rewardFen;
  }
  const aggregated = n > SCATTER_DOTS;
  if (!aggregated) {
    for (const c of run.cadres) {
      if (!shown(c)) continue;
      byGrade[c.grade as Grade].push({
        score: scoreOf(c.score as Exact),
        rewardYuan: c.rewardFen / 100,
        count: 1,
      });
    }
  } else {
    // A grid of 1 point of score × 1/50 of the largest reward: at most 101 × 51 cells a grade.
    const step = Math.max(1, Math.ceil(max / 50));
    const cells = new Map<number, Dot & { grade: Grade }>();
    for (const c of run.cadres) {
      if (!shown(c)) continue;
      const s = Math.round(scoreOf(c.score as Exact));
      const r = Math.round(c.rewardFen / step);
      const k = (GRADES.indexOf(c.grade as Grade) * 101 + s) * 64 + r;
      const cell = cells.get(k);
      if (cell) cell.count++;
      else cells.set(k, { grade: c.grade as Grade, score: s, rewardYuan: (r * step) / 100, count: 1 });
    }
    for (const { grade, ...dot } of cells.values()) byGrade[grade].push(dot);
  }
  const pool = run.pools[0];
  return {
    aggregated,
    byGrade,
    valuePerPoint: run.pools.length === 1 && pool?.valuePerPoint ? pool.valuePerPoint.toFixed(4) : null,
  };
}

function poolsOf(run: RunResult): PoolLine[] {
  return run.pools.map((p) => ({
    scope: p.scope,
    poolFen: p.poolFen,
    points: p.points.toFixed(3),
    valuePerPoint: p.valuePerPoint === null ? null : p.valuePerPoint.toFixed(4),
    allocatedFen: p.allocatedFen,
    remainderFen: p.remainderFen,
  }));
}

function townsOf(runs: readonly RunResult[]): TownBar[] {
  const map = new Map<string, TownBar>();
  const zero = () => runs.map(() => 0);
  runs.forEach((r, k) => {
    for (const t of r.towns) {
      let bar = map.get(t.town);
      if (!bar) {
        bar = { town: t.town, paidCadres: 0, baseFen: zero(), rewardFen: zero(), payableFen: zero() };
        map.set(t.town, bar);
      }
      if (k === 0) bar.paidCadres = t.paid;
      bar.baseFen[k] = t.baseFen;
      bar.rewardFen[k] = t.rewardFen;
      bar.payableFen[k] = t.payableFen;
    }
  });
  return [...map.values()];
}

function totalsOf(r: RunResult): ReportData['totals'][number] {
  return {
    paidCadres: r.totals.paid,
    baseFen: r.totals.baseFen,
    rewardFen: r.totals.rewardFen,
    payableFen: r.totals.payableFen,
  };
}

export interface RunMeta {
  id: string;
  title: string;
  city: string;
  year: number;
  sha256: string;
  fingerprint: string;
}

/** The report of one subsidy run. */
export function subsidyReportData(run: RunResult, meta: RunMeta): ReportData {
  return {
    kind: 'subsidy',
    city: meta.city,
    year: meta.year,
    asOf: run.asOf,
    provisional: run.provisional,
    policies: [{ label: meta.id, id: meta.id, title: meta.title, sha256: meta.sha256 }],
    fingerprint: meta.fingerprint,
    towns: townsOf([run]),
    paid: [run.totals.paid],
    ...histogram([run]),
    scatter: scatterOf(run),
    pools: [poolsOf(run)],
    totals: [totalsOf(run)],
  };
}

/** The report of a comparison: one series per policy; the labels are 基准, 方案1 …. */
export function compareReportData(
  cmp: Comparison,
  fingerprint: string,
  labels: readonly string[],
): ReportData {
  const runs = cmp.policies.map((p) => p.run);
  const base = cmp.policies[0] as Comparison['policies'][number];
  return {
    kind: 'compare',
    city: base.policy.city,
    year: base.policy.year,
    asOf: base.run.asOf,
    provisional: base.run.provisional,
    policies: cmp.policies.map((p, i) => ({
      label: labels[i] ?? p.policy.id,
      id: p.policy.id,
      title: p.policy.title,
      sha256: p.sha256,
    })),
    fingerprint,
    towns: townsOf(runs),
    paid: runs.map((r) => r.totals.paid),
    ...histogram(runs),
    scatter: scatterOf(base.run),
    pools: runs.map(poolsOf),
    totals: runs.map(totalsOf),
  };
}
