import type { CadreResult, PoolResult, RunResult, VillageResult } from '../rules/compute.js';
import type { Exact } from '../rules/exact.js';
import { joinRemarks } from '../rules/remark.js';

const d2 = (x: Exact | null) => (x === null ? null : x.toFixed(2));

/** A pool as the --json report gives it (outputs.md): fen integers, decimal strings. */
export function poolJson(p: PoolResult) {
  return {
    scope: p.scope,
    poolFen: p.poolFen,
    points: p.points.toString(),
    valuePerPoint: p.valuePerPoint === null ? null : p.valuePerPoint.toFixed(4),
    allocatedFen: p.allocatedFen,
    remainderFen: p.remainderFen,
  };
}

export function villageJson(v: VillageResult) {
  return {
    code: v.record.code,
    name: v.record.name,
    town: v.record.town,
    households: v.record.households,
    standardFen: v.standard.standardFen,
    score: d2(v.score.score),
    quarterly: d2(v.score.quarterly),
    halfYear: d2(v.score.halfYear),
    commitments: d2(v.score.commitments),
  };
}

/** The roster's 备注: the rules' own note and the input remark, each said once. */
export function remarkOf(c: CadreResult): string {
  return joinRemarks(c.note, c.record.remark);
}

export function cadreJson(c: CadreResult) {
  return {
    idNumber: c.record.idNumber,
    name: c.record.name,
    villageCode: c.record.villageCode,
    town: c.village.record.town,
    role: c.record.role,
    months: c.record.months,
    ratio: c.ratio.toString(),
    paid: c.paid,
    totalFen: c.totalFen,
    shareFen: c.shareFen,
    baseFen: c.baseFen,
    score: d2(c.score),
    grade: c.grade,
    points: c.points.toString(),
    rewardFen: c.rewardFen,
    payableFen: c.payableFen,
    hold: c.record.hold || null,
    sanction: c.deposit?.sanction ?? null,
    depositForfeitFen: c.deposit?.forfeitFen ?? 0,
    remark: remarkOf(c),
  };
}

/** The body of `subsidy --json` (outputs.md), without findings and files. */
export function subsidyJson(run: RunResult) {
  return {
    totals: {
      cadres: run.totals.cadres,
      people: run.totals.people,
      paid: run.totals.paid,
      totalFen: run.totals.totalFen,
      baseFen: run.totals.baseFen,
      shareFen: run.totals.shareFen,
      rewardFen: run.totals.rewardFen,
      payableFen: run.totals.payableFen,
      remainderFen: run.totals.remainderFen,
    },
    pools: run.pools.map(poolJson),
    villages: run.villages.map(villageJson),
    cadres: run.cadres.map(cadreJson),
  };
}
