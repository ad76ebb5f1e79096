import { Exact } from './exact.js';
import type { Grade, Policy, ScoreRecord } from './types.js';

export interface VillageScore {
  /** Q: mean of the quarterly scores present, exact; null when none. */
  quarterly: Exact | null;
  /** H: mean of the half-year scores present. */
  halfYear: Exact | null;
  /** C: 100 × passed / assessed; null when nothing is assessed. */
  commitments: Exact | null;
  /** Σ w·X / Σ w over the components present, exact. */
  exact: Exact | null;
  /** S_village rounded half up to 2 decimals; null when no component is present. */
  score: Exact | null;
}

function mean(xs: Exact[]): Exact | null {
  if (xs.length === 0) return null;
  return xs.reduce((a, x) => a.add(x), Exact.ZERO).div(Exact.of(xs.length));
}

/** rules.md §4: the commitment component C = 100 × passed / assessed. */
export function commitmentComponent(passed: number, assessed: number): Exact | null {
  return assessed > 0 ? Exact.HUNDRED.mul(Exact.of(passed, assessed)) : null;
}

/**
 * rules.md §4: a village's composite score from its period scores and its commitment
 * counts; weights renormalised over the components present (a weight of 0 counts as absent).
 */
export function villageScore(
  scores: readonly ScoreRecord[],
  commitments: Exact | null,
  policy: Policy,
): VillageScore {
  const quarterly = mean(scores.filter((s) => s.period.startsWith('Q')).map((s) => s.score));
  const halfYear = mean(scores.filter((s) => s.period.startsWith('H')).map((s) => s.score));
  const w = policy.score.weights;
  let num = Exact.ZERO;
  let den = Exact.ZERO;
  for (const [x, wt] of [
    [quarterly, w.quarterly],
    [halfYear, w.halfYear],
    [commitments, w.commitments],
  ] as const) {
    if (x === null || wt.isZero()) continue;
    num = num.add(wt.mul(x));
    den = den.add(wt);
  }
  const exact = den.isZero() ? null : num.div(den);
  return { quarterly, halfYear, commitments, exact, score: exact === null ? null : exact.roundTo(2) };
}

/** rules.md §4: a cadre's score S = clamp(S_village + adjustment, 0, 100). */
export function cadreScore(village: Exact, adjustment: Exact | null): Exact {
  const s = adjustment ? village.add(adjustment) : village;
  return s.max(Exact.ZERO).min(Exact.HUNDRED);
}

/** rules.md §4: 优秀 / 良好 / 合格 by the policy's grade lines, 不合格 below the pass line. */
export function gradeOf(score: Exact, policy: Policy): Grade {
  const g = policy.score.gradeLines;
  if (score.ge(g.优秀)) return '优秀';
  if (score.ge(g.良好)) return '良好';
  if (score.ge(g.合格)) return '合格';
  return '不合格';
}

/** rules.md §5: f(S) by the policy's method (above_floor, linear, grades). */
export function scoreFactor(score: Exact, grade: Grade, policy: Policy): Exact {
  switch (policy.reward.method) {
    case 'above_floor':
      return score.sub(policy.reward.floor).max(Exact.ZERO);
    case 'linear':
      return score;
    case 'grades':
      return policy.reward.grades[grade];
  }
}

/** rules.md §5: points = r × m × f(S), exact. */
export function pointsFor(ratio: Exact, months: number, score: Exact, grade: Grade, policy: Policy): Exact {
  return ratio.mul(Exact.of(months)).mul(scoreFactor(score, grade, policy));
}
