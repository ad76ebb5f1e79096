import type { Comparison } from '../decide/compare.js';

/** The body of `compare --json` (decide.md), without findings and files. */
export function compareJson(cmp: Comparison) {
  return {
    policies: cmp.policies.map((p, i) => {
      const d = cmp.distributions[i] as Comparison['distributions'][number];
      const t = p.run.totals;
      return {
        id: p.policy.id,
        sha256: p.sha256,
        totals: {
          cadres: t.cadres,
          people: t.people,
          paid: t.paid,
          totalFen: t.totalFen,
          baseFen: t.baseFen,
          shareFen: t.shareFen,
          rewardFen: t.rewardFen,
          payableFen: t.payableFen,
          remainderFen: t.remainderFen,
        },
        towns: cmp.towns.map((l) => {
          const f = l.figures[i] as Comparison['totals'][number];
          return {
            town: l.key,
            paidCadres: f.paidCadres,
            totalFen: f.totalFen,
            poolFen: f.poolFen,
            payableFen: f.payableFen,
          };
        }),
        distribution: {
          minFen: d.minFen,
          p10Fen: d.p10Fen,
          medianFen: d.medianFen,
          p90Fen: d.p90Fen,
          maxFen: d.maxFen,
          under500: d.under500,
          over2000: d.over2000,
        },
      };
    }),
    people: cmp.people.map((p) => ({
      idNumber: p.idNumber,
      name: p.name,
      role: p.role,
      villageCode: p.villageCode,
      payableFen: p.payableFen,
    })),
  };
}
